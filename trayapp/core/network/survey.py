"""The canaries asked, and the user's own network judged from their answers.

Every canary of ``[network]`` is asked at once (see :mod:`trayapp.core.config.canaries`):
a web canary with one request (no redirect followed: a redirect in its place is a portal's),
a dns canary with one query straight to its server, a tcp canary with a connect. Each answer
becomes a :class:`~trayapp.core.network.diagnosis.Sighting`, and
:func:`~trayapp.core.network.diagnosis.diagnose` gives the status. When it is not
``online``, clues are gathered for the words: the system's DNS servers asked directly, and
the default gateway pinged. An empty canary list turns the verdict off: always ``online``.

When the network is not online, the services' failures are the user's: :func:`blame_network`
gives each failed check cause ``offline``, its detail (what was seen) kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from trayapp.core.config.basics import StatusRanges
from trayapp.core.config.canaries import Canary, DnsCanary, HttpCanary, TcpCanary, parse_canary
from trayapp.core.config.running import Config, HttpCheck, Network, ServiceSettings, TcpCheck
from trayapp.core.models import Cause, CheckResult
from trayapp.core.network.diagnosis import GatewayClue, ResolverClue, Seen, Sighting, diagnose
from trayapp.core.network.status import NetworkStatus, NetworkWords
from trayapp.core.phrases import checks
from trayapp.core.phrases import readings as sources
from trayapp.core.rounds import has_failure

if TYPE_CHECKING:
    from trayapp.core.probes import Prober  # importing it costs httpx: only for typing
    from trayapp.core.probes.localnet import ResolverAnswer

__all__ = [
    "NetworkReport",
    "blame_network",
    "canaries_of",
    "canary_settings",
    "check_canaries",
    "check_network",
]

ANY_STATUS = StatusRanges(((100, 599),))
"""A canary's request takes any answer: the canary judges it against its own expectation."""
MAX_RESOLVERS = 3
"""DNS servers asked directly at most, when names do not resolve."""
GATEWAY_TIMEOUT = 2.0
"""Seconds the default gateway may take to answer a ping: it is one hop away."""
CANARY_TIMEOUT = 5.0
"""Seconds a canary may take at most: the network's verdict must not wait on a slow one."""


@dataclass(frozen=True, slots=True)
class NetworkReport:
    """The network's status, its words, and the canary results it was decided from (none:
    not run)."""

    status: NetworkStatus = NetworkStatus.ONLINE
    canaries: tuple[CheckResult, ...] = ()
    words: NetworkWords = field(default_factory=NetworkWords)

    @property
    def online(self) -> bool:
        """Whether services can be judged."""
        return self.status.online


def canaries_of(network: Network) -> tuple[Canary, ...]:
    """The canaries of ``[network]`` (their lines were validated with the config)."""
    return tuple(parse_canary(text) for text in network.canaries)


def canary_settings(config: Config) -> ServiceSettings:
    """Canaries are checked with ``[defaults]`` (they belong to no service), within
    :data:`CANARY_TIMEOUT`."""
    settings = config.defaults.settings()
    return replace(settings, timeout=min(settings.timeout, CANARY_TIMEOUT))


async def check_network(
    canaries: Sequence[Canary],
    prober: Prober,
    settings: ServiceSettings,
    *,
    dns_server: str = "",
) -> NetworkReport:
    """Ask every canary at once and judge the network from their answers; when it is not
    online, gather the clues that word it (``dns_server``: the one the checks use, "" for the
    system's)."""
    if not canaries:
        return NetworkReport()
    sightings = await asyncio.gather(*(_look(canary, prober, settings) for canary in canaries))
    words = diagnose(sightings)
    if not words.status.online:
        resolvers, gateway = await asyncio.gather(
            _ask_resolvers(sightings, prober, dns_server, settings.timeout),
            _ask_gateway(words.status, prober, settings.timeout),
        )
        words = diagnose(sightings, resolvers=resolvers, gateway=gateway)
    return NetworkReport(words.status, tuple(s.result for s in sightings), words)


async def check_canaries(config: Config, prober: Prober) -> NetworkReport:
    """Ask the canaries of ``config`` at once, with its ``[defaults]``."""
    return await check_network(
        canaries_of(config.network),
        prober,
        canary_settings(config),
        dns_server=config.network.dns_server,
    )


async def _ask_resolvers(
    sightings: Sequence[Sighting], prober: Prober, dns_server: str, timeout: float
) -> list[ResolverClue]:
    """When a web canary's name did not resolve: what the DNS servers that should have
    resolved it (``dns_server``, else the system's) say when asked directly."""
    from trayapp.core.probes.localnet import ask_resolver

    unnamed = [
        s.canary.host
        for s in sightings
        if isinstance(s.canary, HttpCanary) and s.seen is Seen.NO_NAME and s.canary.host
    ]
    if not unnamed:
        return []
    servers = [dns_server] if dns_server else await asyncio.to_thread(prober.local.dns_servers)
    answers = await asyncio.gather(
        *(_ask(ask_resolver, server, unnamed[0], timeout) for server in servers[:MAX_RESOLVERS])
    )
    return [answer for answer in answers if answer is not None]


async def _ask(
    ask: Callable[[str, str, float], Awaitable[ResolverAnswer]],
    server: str,
    name: str,
    timeout: float,
) -> ResolverClue | None:
    try:
        answer = await ask(server, name, timeout)
    except ValueError:  # a server written as a name: nothing to ask directly
        return None
    return ResolverClue(answer.server, answer.outcome.value, answer.rcode or answer.detail)


async def _ask_gateway(status: NetworkStatus, prober: Prober, timeout: float) -> GatewayClue | None:
    """When nothing answers: whether the default gateway does (None: not asked)."""
    if status is not NetworkStatus.OFFLINE:
        return None
    from trayapp.core.probes.icmp import ping

    gateways = await asyncio.to_thread(prober.local.gateways)
    if not gateways:
        return GatewayClue(None, None)
    echo = await ping(gateways[0].address, min(timeout, GATEWAY_TIMEOUT))
    return GatewayClue(echo.address, echo.ok if echo.asked else None, echo.detail)


def blame_network(results: Sequence[CheckResult]) -> list[CheckResult]:
    """``results`` as seen while the network is not online: each outright failure becomes
    cause ``offline``, its detail (what was seen) kept."""
    return [replace(r, cause=Cause.OFFLINE) if has_failure([r]) else r for r in results]


async def _look(canary: Canary, prober: Prober, settings: ServiceSettings) -> Sighting:
    if isinstance(canary, HttpCanary):
        return await _look_web(canary, prober, settings)
    if isinstance(canary, DnsCanary):
        return await _look_dns(canary, prober, settings)
    return await _look_tcp(canary, prober, settings)


_NOTHING = (Cause.REFUSED, Cause.RESET, Cause.TIMEOUT, Cause.PROTOCOL)


async def _look_web(canary: HttpCanary, prober: Prober, settings: ServiceSettings) -> Sighting:
    check = HttpCheck(url=canary.url, expect_status=ANY_STATUS, follow_redirects=False)
    route = await prober.route(canary.url)
    proxy = route.proxy
    fetched = await prober.fetch(check, settings)
    result = fetched.result
    status = result.http_status
    if result.cause is Cause.DNS:
        seen = Seen.PROXY if proxy else Seen.NO_NAME
    elif proxy and (result.cause in _NOTHING or status in (407, 502, 503, 504)):
        seen = Seen.PROXY
    elif result.cause in _NOTHING:
        seen = Seen.NOTHING
    elif status is not None and result.cause in (None, Cause.SLOW, Cause.CERT_EXPIRING):
        body = fetched.body.decode("utf-8", "replace") if fetched.body is not None else None
        seen = Seen.EXPECTED if canary.expects(status, body) else Seen.OTHER
    else:
        seen = Seen.OTHER  # TLS for another name, a body too large, garbled: not the canary
    if seen is Seen.PROXY and proxy:
        result = replace(result, detail=_at_proxy(proxy, result.detail))
    if seen is Seen.EXPECTED:
        result = replace(result, cause=None)
    elif seen is Seen.OTHER and result.cause in (None, Cause.SLOW, Cause.CERT_EXPIRING):
        cause = Cause.HTTP_STATUS if status != canary.status else Cause.CONTENT
        detail = sources.NOT_EXPECTED(detail=result.detail, expected=canary.expected)
        if fetched.location:
            detail = sources.REDIRECTED_TO(detail=detail, location=fetched.location)
        result = replace(result, cause=cause, detail=detail)
    return Sighting(
        canary,
        seen,
        result,
        portal=fetched.location,
        proxy=proxy,
        proxy_source=route.source if proxy else None,
    )


def _at_proxy(proxy: str, detail: str) -> str:
    """``detail`` of a failure at ``proxy``, saying so when it does not already."""
    where = proxy.split("://", 1)[-1].rsplit("@", 1)[-1].rstrip("/")
    if where in detail:
        return detail
    if detail.startswith("HTTP "):
        return checks.PROXY_ANSWERED(proxy=where, said=detail)
    return sources.AT_PROXY(proxy=where, detail=detail)


async def _look_dns(canary: DnsCanary, prober: Prober, settings: ServiceSettings) -> Sighting:
    from trayapp.core.probes.localnet import ResolverOutcome, ask_resolver

    began_at, began = prober.clock.now(), prober.clock.monotonic()
    cause: Cause | None
    try:
        answer = await ask_resolver(canary.server, canary.name, settings.timeout)
    except ValueError as error:  # a server written as a name: no server to ask directly
        seen, cause, detail = Seen.NOTHING, Cause.DNS, str(error)
    else:
        given = ", ".join(answer.addresses)
        if answer.outcome is not ResolverOutcome.ANSWERED or not answer.addresses:
            seen, cause, detail = Seen.NOTHING, Cause.DNS, answer.detail
        elif not canary.expect or canary.expect & set(answer.addresses):
            seen, cause, detail = Seen.EXPECTED, None, given
        else:
            expected = ", ".join(sorted(canary.expect))
            seen, cause, detail = Seen.OTHER, Cause.CONTENT, f"{given}, not {expected}"
    elapsed = round((prober.clock.monotonic() - began) * 1000, 1)
    result = CheckResult(
        type="dns",
        target=f"{canary.name} @{canary.server}",
        checked_at=began_at,
        elapsed_ms=elapsed,
        cause=cause,
        detail=detail,
    )
    return Sighting(canary, seen, result)


async def _look_tcp(canary: TcpCanary, prober: Prober, settings: ServiceSettings) -> Sighting:
    result = await prober.run(TcpCheck(type="tcp", host=canary.host, port=canary.port), settings)
    return Sighting(canary, Seen.NOTHING if has_failure([result]) else Seen.EXPECTED, result)
