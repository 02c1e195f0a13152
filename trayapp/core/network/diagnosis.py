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

The words are said twice (:mod:`trayapp.core.speech`): in the user's language for people, and
in English for ``watch --json``. The canaries' details inside them are the checks' own, as
``check --json`` has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from trayapp.core.config.canaries import Canary, DnsCanary, HttpCanary
from trayapp.core.models import CheckResult
from trayapp.core.network.status import NetworkStatus, NetworkWords
from trayapp.core.phrases import readings as sources
from trayapp.core.phrases import retell
from trayapp.core.speech import Speech, both

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
    the clues, in the user's language (and in English, for the JSON). No sightings:
    ``online`` (no canaries, no verdict)."""
    status = _status(sightings)
    if status is NetworkStatus.ONLINE:
        return NetworkWords()
    portal = _portal_page(sightings) if status is NetworkStatus.CAPTIVE_PORTAL else None
    title = both(lambda say: _title(say, status))
    body = both(lambda say: _body(say, status, sightings, resolvers, gateway, portal))
    same = (title.english, body.english) == (title.shown, body.shown)
    english = None if same else (title.english, body.english)
    return NetworkWords(status, title.shown, body.shown, portal, english)


def _title(say: Speech, status: NetworkStatus) -> str:
    # The titles are phrases: a service's detail quotes them ("you're offline: it's just you").
    if status is NetworkStatus.CAPTIVE_PORTAL:
        return sources.TITLE_PORTAL.said(say)
    if status is NetworkStatus.PROXY_FAILURE:
        return sources.TITLE_PROXY.said(say)
    if status is NetworkStatus.DNS_FAILURE:
        return sources.TITLE_DNS.said(say)
    if status is NetworkStatus.LIMITED:
        return sources.TITLE_LIMITED.said(say)
    return sources.TITLE_OFFLINE.said(say)


def _body(
    say: Speech,
    status: NetworkStatus,
    sightings: Sequence[Sighting],
    resolvers: Sequence[ResolverClue],
    gateway: GatewayClue | None,
    portal: str | None,
) -> str:
    if status is NetworkStatus.CAPTIVE_PORTAL:
        return _portal_words(say, sightings, portal)
    if status is NetworkStatus.PROXY_FAILURE:
        web = [s for s in sightings if isinstance(s.canary, HttpCanary)]
        failed = next(s for s in web if s.seen is Seen.PROXY)
        detail = _sentence(say, failed.result.detail)
        if failed.proxy_source:
            # Translators: {detail} is what the proxy did ("the proxy 10.0.0.1:3128
            # answered HTTP 502"); {source} where it was set ("the environment").
            problem = say._("{detail} (the proxy set by {source}).")
            problem = problem.format(detail=detail, source=retell(failed.proxy_source, say))
        else:
            problem = f"{detail}."
        return say._(
            "{problem} Check your proxy settings, or ask whoever runs the proxy. It's just "
            "you: services can't be checked until the proxy works."
        ).format(problem=problem)
    if status is NetworkStatus.DNS_FAILURE:
        # Translators: {problem} is how the DNS servers fail, a clause ("Your DNS server
        # 10.0.0.1 isn't answering").
        return say._(
            "{problem}, but the internet answers by address. Reconnect, or choose another DNS "
            "server. It's just you: services can't be checked until names resolve."
        ).format(problem=_resolver_words(say, resolvers))
    if status is NetworkStatus.LIMITED:
        return say._(
            "Addresses answer, but no web canary gets through: a firewall or a filter may be in "
            "the way. It's just you: services can't be checked until it does."
        )
    return _offline_words(say, gateway, resolvers)


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


def _portal_page(sightings: Sequence[Sighting]) -> str | None:
    """The captive portal's sign-in page: where a canary was redirected, else an http
    canary's own address (a portal shows its page in place of the canary's)."""
    web = [s for s in sightings if isinstance(s.canary, HttpCanary) and s.seen is Seen.OTHER]
    portal = next((s.portal for s in web if s.portal), None)
    first = web[0].canary if web else None
    if portal is None and isinstance(first, HttpCanary) and first.url.startswith("http://"):
        portal = first.url
    return portal


def _portal_words(say: Speech, sightings: Sequence[Sighting], portal: str | None) -> str:
    web = [
        (s.canary, s)
        for s in sightings
        if isinstance(s.canary, HttpCanary) and s.seen is Seen.OTHER
    ]
    if portal is not None:
        return say._(
            "Open {portal} to sign in (or accept the network's terms). It's just you: "
            "services can't be checked until you're through."
        ).format(portal=portal)
    if web:
        # Translators: {url} is a canary's address; {detail} what answered in its place.
        return say._(
            "Someone else answers in place of {url}: {detail}. Sign in to the network, or "
            "check its settings. It's just you: services can't be checked until you're "
            "through."
        ).format(url=web[0][0].url, detail=_clause(say, web[0][1].result.detail))
    hijacked = next(s for s in sightings if s.seen is Seen.OTHER)
    server = hijacked.canary.server if isinstance(hijacked.canary, DnsCanary) else ""
    # Translators: {server} is a public DNS server's address; {detail} what answered.
    return say._(
        "Another DNS server answers in place of {server}: {detail}. Sign in to the network, "
        "or check its settings. It's just you: services can't be checked until you're "
        "through."
    ).format(server=server, detail=_clause(say, hijacked.result.detail))


def _resolver_words(say: Speech, resolvers: Sequence[ResolverClue]) -> str:
    """How the system's DNS servers fail, as a clause that starts a sentence."""
    failing = [r for r in resolvers if r.outcome != "answered"]
    if not failing:
        return say._("Names don't resolve through your system's resolver")
    first, count = failing[0], len(failing)
    # One server is named bare, several are listed in parentheses.
    servers = first.server if count == 1 else ", ".join(r.server for r in failing)
    if first.outcome == "silent":
        text = say.ngettext(
            "Your DNS server {servers} isn't answering",
            "Your DNS servers ({servers}) aren't answering",
            count,
        )
    elif first.outcome == "unreachable":
        text = say.ngettext(
            "Your DNS server {servers} can't be reached",
            "Your DNS servers ({servers}) can't be reached",
            count,
        )
    elif first.outcome == "nxdomain":
        text = say.ngettext(
            "Your DNS server {servers} says the names don't exist",
            "Your DNS servers ({servers}) say the names don't exist",
            count,
        )
    elif first.outcome == "error":
        # Translators: {detail} is the server's error (SERVFAIL); the plural names none.
        text = say.ngettext(
            "Your DNS server {servers} fails every lookup ({detail})",
            "Your DNS servers ({servers}) fail every lookup",
            count,
        )
    else:
        text = say.ngettext(
            "Your DNS server {servers} fails: {detail}",
            "Your DNS servers ({servers}) fails: {detail}",
            count,
        )
    return text.format(servers=servers, detail=retell(first.detail, say))


def _offline_words(
    say: Speech, gateway: GatewayClue | None, resolvers: Sequence[ResolverClue]
) -> str:
    if gateway is None:
        return say._(
            "Nothing on the internet answers. It's just you: services can't be checked until "
            "you're back online."
        )
    if gateway.address is None:
        return say._(
            "There is no network connection: check Wi-Fi or the cable. It's just you: "
            "services can't be checked until you're back online."
        )
    if gateway.answered is None:
        # Translators: {router} is the default gateway's address; {detail} why it could
        # not be pinged.
        return say._(
            "Nothing on the internet answers, and your router ({router}) could not be asked "
            "({detail}). It's just you: services can't be checked until you're back online."
        ).format(router=gateway.address, detail=_clause(say, gateway.detail))
    if not gateway.answered:
        return say._(
            "You're connected, but your router ({router}) doesn't answer: check Wi-Fi or the "
            "cable, or restart the router. It's just you: services can't be checked until "
            "you're back online."
        ).format(router=gateway.address)
    if any(r.outcome != "answered" for r in resolvers):
        # Translators: {problem} is how the DNS servers fail ("Your DNS server 10.0.0.1
        # isn't answering").
        return say._(
            "Your router ({router}) answers, but nothing beyond it does. {problem}. It's just "
            "you: services can't be checked until you're back online."
        ).format(router=gateway.address, problem=_resolver_words(say, resolvers))
    return say._(
        "Your router ({router}) answers, but nothing beyond it does. It's just you: services "
        "can't be checked until you're back online."
    ).format(router=gateway.address)


def _clause(say: Speech, detail: str) -> str:
    """``detail`` (English, as a check wrote it) as a clause inside a sentence in ``say``'s
    language: no full stop of its own."""
    return retell(detail.strip().rstrip("."), say) or say._("no detail")


def _sentence(say: Speech, detail: str) -> str:
    """``detail`` as the start of a sentence: capitalised, without its full stop."""
    text = _clause(say, detail)
    return f"{text[0].upper()}{text[1:]}"
