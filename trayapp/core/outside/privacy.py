"""What of a check may be sent to an outside measurement network, and why not.

A check's target leaves the machine only as the network needs it: for an ``http`` check the
scheme, host, port and path (never a user name, password, query string or fragment); for a
``tcp`` check the host and port; for a ``dns`` check the name and record type. Whether it may
leave at all depends on the service's ``outside`` key:

- ``false``: never;
- ``true``: always, even a target that looks private (a split-horizon name that the world
  also knows);
- ``"auto"``: only a target that is public by these rules. Never an IP address in a private
  (RFC 1918), loopback, link-local, carrier-grade NAT (RFC 6598), unique-local (fc00::/7) or
  other non-public range; never a single-label name, nor one under ``.local``, ``.internal``,
  ``.lan``, ``.home.arpa``, ``.corp``, ``.localhost``, ``.test``, ``.invalid`` or
  ``.example``; never a name that resolves here (through the resolver the checks use) to any
  such address. A name that does not resolve here is public-looking and may be sent: that
  it fails here is what the outside network is asked about.

:func:`decide` gives a :class:`Decision` with the reason in words ("not asked outside:
intranet.corp is a private name"); :func:`failed_check` says which of a service's checks
a failed round asks about.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from trayapp.core.config.running import DnsCheck, HttpCheck, PingCheck, Service, TcpCheck
from trayapp.core.models import CheckResult, Status
from trayapp.core.probes.resolver import ResolveError, Resolver
from trayapp.core.text import redact_url

__all__ = [
    "PRIVATE_SUFFIXES",
    "Decision",
    "OutsideTarget",
    "address_privacy",
    "decide",
    "failed_check",
    "name_privacy",
    "target_of",
]

PRIVATE_SUFFIXES = (
    "local",
    "internal",
    "lan",
    "home.arpa",
    "corp",
    "localhost",
    "test",
    "invalid",
    "example",
)
"""Names under these are never public: mDNS, RFC 6762's and 8375's advice, RFC 2606, habit."""

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


@dataclass(frozen=True, slots=True)
class OutsideTarget:
    """What is sent for one check: nothing more than the measurement needs.

    Attributes:
        kind: The measurement: ``http`` (an http check), ``ping`` (a tcp check, as a TCP
            connect; a ping check, as ICMP echoes) or ``dns`` (a dns check).
        host: The host name (without a trailing dot) or IP address, lower case.
        port: The port: the URL's (or its scheme's default) for http, the check's for tcp;
            None for dns and for a ping check.
        scheme: ``http`` or ``https`` for an http check, else None.
        path: The URL's path (``/`` when it has none) for http, else ``""``.
        method: ``HEAD`` when the check asks HEAD, else ``GET``; ``""`` for ping and dns.
        record: The record type asked for by a dns check (``A`` by default), else ``""``.
    """

    kind: Literal["http", "ping", "dns"]
    host: str
    port: int | None = None
    scheme: str | None = None
    path: str = ""
    method: str = ""
    record: str = ""

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.kind == "http":
            return f"{self.scheme}://{host}:{self.port}{self.path}"
        if self.kind == "ping":
            return self.host if self.port is None else f"{host}:{self.port}"
        return f"{self.host} {self.record}"


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a check's target may be sent outside, and why, in words for a person.

    Attributes:
        allowed: Whether it may be sent.
        reason: Why, e.g. "not asked outside: intranet.corp is a private name" or "asked
            outside: shop.example.org is a public name".
        target: What would be sent (also when it is not allowed, to say what was kept back).
    """

    allowed: bool
    reason: str
    target: OutsideTarget


def target_of(check: HttpCheck | TcpCheck | DnsCheck | PingCheck) -> OutsideTarget:
    """What may be sent for ``check``, stripped of all the measurement does not need.

    Raises:
        ValueError: the check's URL has no host (the config model refuses such a URL).
    """
    if check.type == "http":
        parts = urlsplit(check.url.strip())
        host = parts.hostname
        if not host:
            raise ValueError(f"no host in {check.url!r}")
        scheme = parts.scheme.lower()
        port = parts.port or (443 if scheme == "https" else 80)
        return OutsideTarget(
            kind="http",
            host=host.rstrip(".").lower(),
            port=port,
            scheme=scheme,
            path=parts.path or "/",
            method="HEAD" if check.method == "HEAD" else "GET",
        )
    if check.type == "tcp":
        return OutsideTarget(kind="ping", host=_bare(check.host), port=check.port)
    if check.type == "ping":
        return OutsideTarget(kind="ping", host=_bare(check.host))
    return OutsideTarget(kind="dns", host=_bare(check.name), record=check.record or "A")


def failed_check(
    service: Service, results: Sequence[CheckResult]
) -> HttpCheck | TcpCheck | DnsCheck | PingCheck | None:
    """The check of ``service`` to ask the outside network about: the first that failed
    outright in ``results``; None when none did."""
    failed = [(r.type, r.target) for r in results if r.status is Status.DOWN]
    checks = service.all_checks
    exact = (c for c in checks if (c.type, redact_url(c.target)) in failed)
    of_type = (c for c in checks if c.type in {kind for kind, _ in failed})
    return next(exact, None) or next(of_type, None)


def _bare(host: str) -> str:
    return host.strip().removeprefix("[").removesuffix("]").rstrip(".").lower()


def address_privacy(address: str) -> str | None:
    """Why ``address`` is not public ("a private address"), or None when it is public.

    Raises:
        ValueError: ``address`` is not an IP address.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip in _CGNAT:
        return "a carrier-grade NAT address"
    if ip in _UNIQUE_LOCAL:
        return "a unique-local address"
    if ip.is_unspecified or ip.is_multicast:
        return "not a public address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def name_privacy(host: str) -> str | None:
    """Why the name ``host`` is not public ("a private name"), or None when it may be.

    ``host`` is a name, not an address: see :func:`address_privacy`.
    """
    name = _bare(host)
    if "." not in name:
        return "a single-label name"
    if any(name == suffix or name.endswith("." + suffix) for suffix in PRIVATE_SUFFIXES):
        return "a private name"
    return None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


async def decide(
    check: HttpCheck | TcpCheck | DnsCheck | PingCheck,
    outside: bool | str,
    resolver: Resolver,
    *,
    timeout: float = 5.0,
) -> Decision:
    """Whether ``check``'s target may be sent outside, by the service's ``outside`` key.

    Args:
        check: The check that failed here.
        outside: The service's ``outside``: True, False or ``"auto"``.
        resolver: The resolver the checks use; asked for a name's addresses under ``"auto"``.
        timeout: How long the resolver may take, in seconds.

    Returns:
        The decision and its reason. A name that cannot be resolved here is taken as public.
    """
    target = target_of(check)
    host = target.host
    if outside is False:
        return Decision(False, "not asked outside: the service says outside = false", target)
    if outside is True:
        return Decision(True, "asked outside: the service says outside = true", target)
    if _is_address(host):
        why = address_privacy(host)
        if why is not None:
            return Decision(False, f"not asked outside: {host} is {why}", target)
        return Decision(True, f"asked outside: {host} is a public address", target)
    why = name_privacy(host)
    if why is not None:
        return Decision(False, f"not asked outside: {host} is {why}", target)
    try:
        addresses = await resolver.addresses(host, timeout)
    except ResolveError:
        return Decision(True, f"asked outside: {host} is a public name (not found here)", target)
    for address in addresses:
        try:
            why = address_privacy(address)
        except ValueError:
            continue
        if why is not None:
            return Decision(
                False, f"not asked outside: {host} resolves here to {address}, {why}", target
            )
    return Decision(True, f"asked outside: {host} is a public name", target)
