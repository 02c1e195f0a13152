"""Is it down, or is it just me? The canaries decide.

When a service fails, the ``[network]`` canaries (reference endpoints, http(s) URLs or
``tcp://host:port``) are checked. If every one of them fails too, the user's own network is
``offline``: the services that failed could not be judged, so their failed checks get cause
``offline``, the services are ``unknown`` with verdict ``just_you``, and the tray shows
``offline``. An empty canary list turns the verdict off: the network is always ``online``.

A canary counts as reached when it answered at all, even slowly; only an outright failure
(no connection, no answer) counts against the network.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from trayapp.core.config.model import (
    Config,
    Defaults,
    HttpCheck,
    Network,
    ServiceSettings,
    TcpCheck,
)
from trayapp.core.models import Cause, CheckResult
from trayapp.core.network.status import NetworkStatus
from trayapp.core.rounds import has_failure

if TYPE_CHECKING:
    from trayapp.core.probes import Prober  # importing it costs httpx: only for typing

__all__ = [
    "NetworkReport",
    "blame_network",
    "canary_checks",
    "canary_settings",
    "check_canaries",
    "check_network",
]


@dataclass(frozen=True, slots=True)
class NetworkReport:
    """The network's status and the canary results it was decided from (none: not run)."""

    status: NetworkStatus = NetworkStatus.ONLINE
    canaries: tuple[CheckResult, ...] = ()

    @property
    def offline(self) -> bool:
        """Shorthand for ``status is NetworkStatus.OFFLINE``."""
        return self.status is NetworkStatus.OFFLINE


def canary_checks(network: Network) -> tuple[HttpCheck | TcpCheck, ...]:
    """The canaries of ``[network]`` as checks (the strings were validated with the config)."""
    checks: list[HttpCheck | TcpCheck] = []
    for canary in network.canaries:
        if canary.lower().startswith("tcp://"):
            parts = urlsplit(canary)
            host, port = parts.hostname or "", parts.port or 0
            checks.append(TcpCheck(type="tcp", host=host, port=port))
        else:
            checks.append(HttpCheck(url=canary))
    return tuple(checks)


def canary_settings(defaults: Defaults) -> ServiceSettings:
    """Canaries are checked with ``[defaults]``: they belong to no service."""
    return defaults.settings()


async def check_network(
    canaries: Sequence[HttpCheck | TcpCheck], prober: Prober, settings: ServiceSettings
) -> NetworkReport:
    """Check every canary at once; ``offline`` when there are some and all of them fail."""
    if not canaries:
        return NetworkReport()
    results = await asyncio.gather(*(prober.run(canary, settings) for canary in canaries))
    offline = all(has_failure([result]) for result in results)
    return NetworkReport(NetworkStatus.OFFLINE if offline else NetworkStatus.ONLINE, tuple(results))


async def check_canaries(config: Config, prober: Prober) -> NetworkReport:
    """Check the canaries of ``config`` at once, with its ``[defaults]``."""
    return await check_network(
        canary_checks(config.network), prober, canary_settings(config.defaults)
    )


def blame_network(results: Sequence[CheckResult]) -> list[CheckResult]:
    """``results`` as seen offline: each outright failure becomes cause ``offline``, its
    detail (what was seen) kept."""
    return [replace(r, cause=Cause.OFFLINE) if has_failure([r]) else r for r in results]
