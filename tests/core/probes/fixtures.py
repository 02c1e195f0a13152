"""What the probe tests share: settings, a prober wired to the local servers, timing helpers.

Not a conftest: the test modules import what they use, so this stays one file among
others in ``tests/core``.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from typing import Any

from tests.support.servers import LocalSites, loopback_net
from trayapp.core.config.model import ServiceSettings
from trayapp.core.probes import Prober, ProxyPolicy, ServerResolver

SETTINGS = ServiceSettings(
    interval=60.0,
    timeout=5.0,
    failure_threshold=2,
    success_threshold=2,
    flap_window=1800.0,
    slow_after=3.0,
    cert_expiry=14 * 86_400.0,
)

MARGIN = 1.5
"""Seconds a check may overrun its timeout (CI machines are slow, with 2 cores)."""


def settings(**changes: Any) -> ServiceSettings:
    """:data:`SETTINGS` with ``changes``."""
    return replace(SETTINGS, **changes)


@asynccontextmanager
async def local_prober(sites: LocalSites, **environ: str) -> AsyncIterator[Prober]:
    """A prober that resolves through the local DNS server and trusts the test CA, with the
    proxies of ``environ`` (no desktop settings)."""
    prober = Prober(
        resolver=ServerResolver(sites.dns_server),
        local=loopback_net(sites.dns_server),  # the machine's own is beyond loopback
        ssl_context=sites.client_context,
        proxies=ProxyPolicy(environ=environ),
    )
    async with prober:
        yield prober


@dataclass
class Stopwatch:
    """Wall-clock seconds of a ``with`` block."""

    seconds: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    """Time a ``with`` block (for "ends within its timeout", the only timed assertions)."""
    watch = Stopwatch()
    started = time.monotonic()
    try:
        yield watch
    finally:
        watch.seconds = time.monotonic() - started
