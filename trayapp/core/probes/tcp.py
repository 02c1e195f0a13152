"""The ``tcp`` check: open a connection and close it, nothing else."""

from __future__ import annotations

import asyncio

from trayapp.core.clock import Clock
from trayapp.core.config.running import TcpCheck
from trayapp.core.models import Timings
from trayapp.core.phrases import checks as words
from trayapp.core.probes.backend import (
    CONNECTION_INFO,
    FAMILY_ADDRESS,
    ConnectionInfo,
    ResolvingBackend,
)
from trayapp.core.probes.causes import PROBE_ERRORS, Phase, Where, classify
from trayapp.core.probes.finding import DEADLINE_GRACE, Finding

__all__ = ["TcpProbe"]


class TcpProbe:
    """Connects through the same backend as HTTP: the same resolver, the same races."""

    def __init__(self, backend: ResolvingBackend, clock: Clock) -> None:
        self._backend = backend
        self._clock = clock

    async def run(self, check: TcpCheck, timeout: float) -> Finding:
        """Connect to ``check.host``:``check.port`` within ``timeout`` seconds, over the
        check's ``ip_version`` only when it has one."""
        started = self._clock.monotonic()
        family = FAMILY_ADDRESS.get(check.ip_version) if check.ip_version is not None else None
        try:
            async with asyncio.timeout(timeout + DEADLINE_GRACE):
                stream = await self._backend.connect_tcp(
                    check.host, check.port, timeout=timeout, local_address=family
                )
                connected = self._clock.monotonic()
                info = stream.get_extra_info(CONNECTION_INFO)
                await stream.aclose()
        except PROBE_ERRORS as error:
            failure = classify(error, Where(check.target, Phase.CONNECT, timeout))
            if failure is None:
                raise
            return Finding(failure.cause, failure.detail)
        dns = info.dns_seconds if isinstance(info, ConnectionInfo) else None
        spent = connected - started - (dns or 0.0)
        timings = Timings(
            dns_ms=None if dns is None else round(dns * 1000, 1),
            connect_ms=round(max(spent, 0.0) * 1000, 1),
        )
        address = info.address if isinstance(info, ConnectionInfo) else check.host
        shown = f"[{address}]" if ":" in address else address
        return Finding(None, words.CONNECTED(target=f"{shown}:{check.port}"), timings=timings)
