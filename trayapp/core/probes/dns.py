"""The ``dns`` check: the name must resolve (A or AAAA by default, or the record asked for)."""

from __future__ import annotations

import asyncio

from trayapp.core.clock import Clock
from trayapp.core.config.model import DnsCheck
from trayapp.core.models import Cause, Timings
from trayapp.core.probes.finding import DEADLINE_GRACE, Finding
from trayapp.core.probes.resolver import ResolveError, Resolver, ResolveTimeout, ServerResolver
from trayapp.core.text import printable

__all__ = ["DnsProbe"]


class DnsProbe:
    """Asks ``resolver``, or the server a check names (found through ``resolver``)."""

    def __init__(self, resolver: Resolver, clock: Clock) -> None:
        self._resolver = resolver
        self._clock = clock

    async def run(self, check: DnsCheck, timeout: float) -> Finding:
        """Resolve ``check.name`` within ``timeout`` seconds."""
        started = self._clock.monotonic()
        try:
            resolver = self._resolver
            if check.server:
                resolver = ServerResolver(check.server, bootstrap=self._resolver)
        except ValueError:
            shown = printable(check.server or "", 60)
            return Finding(Cause.DNS, f"not a DNS server address: '{shown}'")
        try:
            async with asyncio.timeout(timeout + DEADLINE_GRACE):
                if check.record is None:
                    answers = await resolver.addresses(check.name, timeout)
                else:
                    answers = await resolver.records(check.name, check.record, timeout)
        except TimeoutError:
            return Finding(Cause.DNS, str(ResolveTimeout(check.name, timeout)))
        except ResolveError as error:
            return Finding(Cause.DNS, printable(str(error)))
        spent = round((self._clock.monotonic() - started) * 1000, 1)
        return Finding(None, printable(", ".join(answers)), timings=Timings(dns_ms=spent))
