"""What the canaries' answers say of the network, and how it is told: pure, no I/O.

Each canary's answer is a :class:`Sighting`: the expected answer, someone else's answer, no
address for its name, a failure at the proxy, or nothing at all. The network's status comes
from them, in this order::

    a web canary got its expected answer                          online
    (no web canary: a dns one did; neither: a tcp one connected)  online
    a web canary got someone else's answer                        captive_portal
    a dns canary got other addresses, and none the expected ones  captive_portal
    a web canary failed at its proxy                              proxy_failure
    a web canary's name did not resolve, a dns canary answered    dns_failure
    a dns canary answered (addresses work), no web canary did     limited
    anything else                                                 offline

Clues gathered when the network is not online (what the system's DNS servers say when asked
directly, whether the default gateway answers) only shape the words: they never change the
status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from trayapp.core.config.canaries import Canary, DnsCanary, HttpCanary
from trayapp.core.models import CheckResult
from trayapp.core.network.status import NetworkStatus, NetworkWords

__all__ = ["GatewayClue", "ResolverClue", "Seen", "Sighting", "diagnose"]


class Seen(StrEnum):
    """What a canary's answer was, as far as the network's status cares."""

    EXPECTED = "expected"
    """Its expected answer: the way to it works."""
    OTHER = "other"
    """Someone else's answer: a sign-in page, a redirect, a certificate for another name,
    addresses it should not give."""
    NO_NAME = "no_name"
    """The system resolver gave no address for its host."""
    PROXY = "proxy"
    """The proxy it goes through failed it."""
    NOTHING = "nothing"
    """No answer: refused, reset, timed out, unreachable."""


@dataclass(frozen=True, slots=True)
class Sighting:
    """One canary's answer, judged (``result`` is how it is shown, ``ok`` when expected)."""

    canary: Canary
    seen: Seen
    result: CheckResult
    portal: str | None = None
    """Where a redirect in its place led: a captive portal's sign-in page."""
    proxy: str | None = None
    """The proxy it went through (credentials masked); None: direct."""
    proxy_source: str | None = None
    """Where that proxy was chosen: ``the environment``, ``GNOME's proxy settings``..."""


@dataclass(frozen=True, slots=True)
class ResolverClue:
    """What one of the system's DNS servers said when asked directly.

    ``outcome``: ``answered``, ``nxdomain``, ``error`` (SERVFAIL, REFUSED...), ``silent`` or
    ``unreachable``; ``detail`` says it in words.
    """

    server: str
    outcome: str
    detail: str


@dataclass(frozen=True, slots=True)
class GatewayClue:
    """Whether the default gateway answered a ping.

    ``address`` None: there is no default route. ``answered`` None: it could not be asked
    (``detail`` says why).
    """

    address: str | None
    answered: bool | None
    detail: str = ""


def diagnose(
    sightings: Sequence[Sighting],
    *,
    resolvers: Sequence[ResolverClue] = (),
    gateway: GatewayClue | None = None,
) -> NetworkWords:
    """The network's status from ``sightings`` (see the module's table), told in words with
    the clues. No sightings: ``online`` (no canaries, no verdict)."""
    status = _status(sightings)
    if status is NetworkStatus.ONLINE:
        return NetworkWords()
    web = [s for s in sightings if isinstance(s.canary, HttpCanary)]
    if status is NetworkStatus.CAPTIVE_PORTAL:
        return _portal(sightings)
    if status is NetworkStatus.PROXY_FAILURE:
        failed = next(s for s in web if s.seen is Seen.PROXY)
        chosen = f" (the proxy set by {failed.proxy_source})" if failed.proxy_source else ""
        return NetworkWords(
            status,
            "Your proxy isn't working",
            f"{_sentence(failed.result.detail, chosen)} Check your proxy settings, or ask "
            "whoever runs the proxy. It's just you: services can't be checked until the proxy "
            "works.",
        )
    if status is NetworkStatus.DNS_FAILURE:
        return NetworkWords(
            status,
            "Names don't resolve",
            f"{_resolver_words(resolvers)}, but the internet answers by address. Reconnect, or "
            "choose another DNS server. It's just you: services can't be checked until names "
            "resolve.",
        )
    if status is NetworkStatus.LIMITED:
        return NetworkWords(
            status,
            "Your connection is limited",
            "Addresses answer, but no web canary gets through: a firewall or a filter may be in "
            "the way. It's just you: services can't be checked until it does.",
        )
    return NetworkWords(status, "You're offline", _offline_words(gateway, resolvers))


def _status(sightings: Sequence[Sighting]) -> NetworkStatus:
    if not sightings:
        return NetworkStatus.ONLINE
    web = [s.seen for s in sightings if isinstance(s.canary, HttpCanary)]
    dns = [s.seen for s in sightings if isinstance(s.canary, DnsCanary)]
    tcp = [s.seen for s in sightings if not isinstance(s.canary, HttpCanary | DnsCanary)]
    proof = web or dns or tcp
    if Seen.EXPECTED in proof:
        return NetworkStatus.ONLINE
    if Seen.OTHER in web or (Seen.OTHER in dns and Seen.EXPECTED not in dns):
        return NetworkStatus.CAPTIVE_PORTAL
    if Seen.PROXY in web:
        return NetworkStatus.PROXY_FAILURE
    addresses_answer = Seen.EXPECTED in dns
    if addresses_answer and Seen.NO_NAME in web:
        return NetworkStatus.DNS_FAILURE
    if addresses_answer:
        return NetworkStatus.LIMITED
    return NetworkStatus.OFFLINE


def _portal(sightings: Sequence[Sighting]) -> NetworkWords:
    status = NetworkStatus.CAPTIVE_PORTAL
    title = "A captive portal is in the way"
    web = [
        (s.canary, s)
        for s in sightings
        if isinstance(s.canary, HttpCanary) and s.seen is Seen.OTHER
    ]
    portal = next((s.portal for _, s in web if s.portal), None)
    if portal is None and web and web[0][0].url.startswith("http://"):
        portal = web[0][0].url  # a portal shows its page in place of the canary's
    if portal is not None:
        body = f"Open {portal} to sign in (or accept the network's terms)."
    elif web:
        body = (
            f"Someone else answers in place of {web[0][0].url}: "
            f"{_clause(web[0][1].result.detail)}. Sign in to the network, or check its settings."
        )
    else:
        hijacked = next(s for s in sightings if s.seen is Seen.OTHER)
        server = hijacked.canary.server if isinstance(hijacked.canary, DnsCanary) else ""
        body = (
            f"Another DNS server answers in place of {server}: {_clause(hijacked.result.detail)}."
            " Sign in to the network, or check its settings."
        )
    return NetworkWords(
        status,
        title,
        f"{body} It's just you: services can't be checked until you're through.",
        portal,
    )


def _resolver_words(resolvers: Sequence[ResolverClue]) -> str:
    """How the system's DNS servers fail, as the start of a sentence."""
    failing = [r for r in resolvers if r.outcome != "answered"]
    if not failing:
        return "Names don't resolve through your system's resolver"
    first = failing[0]
    named = (
        f"your DNS server {first.server}"
        if len(failing) == 1
        else f"your DNS servers ({', '.join(r.server for r in failing)})"
    )
    verb = {
        "silent": "isn't answering" if len(failing) == 1 else "aren't answering",
        "unreachable": "can't be reached",
        "nxdomain": "says the names don't exist"
        if len(failing) == 1
        else "say the names don't exist",
        "error": f"fails every lookup ({first.detail})"
        if len(failing) == 1
        else "fail every lookup",
    }.get(first.outcome, f"fails: {first.detail}")
    return f"{named[0].upper()}{named[1:]} {verb}"


def _offline_words(gateway: GatewayClue | None, resolvers: Sequence[ResolverClue]) -> str:
    end = "It's just you: services can't be checked until you're back online."
    if gateway is None:
        return f"Nothing on the internet answers. {end}"
    if gateway.address is None:
        return f"There is no network connection: check Wi-Fi or the cable. {end}"
    router = f"your router ({gateway.address})"
    if gateway.answered is None:
        return (
            f"Nothing on the internet answers, and {router} could not be asked "
            f"({_clause(gateway.detail)}). {end}"
        )
    if not gateway.answered:
        return (
            f"You're connected, but {router} doesn't answer: check Wi-Fi or the cable, or "
            f"restart the router. {end}"
        )
    dns = ""
    if any(r.outcome != "answered" for r in resolvers):
        dns = f" {_resolver_words(resolvers)}."
    return f"{router[0].upper()}{router[1:]} answers, but nothing beyond it does.{dns} {end}"


def _clause(detail: str) -> str:
    """``detail`` as a clause inside a sentence: no full stop of its own."""
    return detail.strip().rstrip(".") or "no detail"


def _sentence(detail: str, more: str = "") -> str:
    """``detail`` (then ``more``) as a sentence: capitalised, with its full stop."""
    text = _clause(detail)
    return f"{text[0].upper()}{text[1:]}{more}."
