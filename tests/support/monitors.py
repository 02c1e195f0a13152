"""The monitor as the tests run it: against real local servers, or simulated.

- :func:`running`: the monitor as ``trayapp watch`` runs it, against the servers of
  :class:`~tests.support.servers.LocalSites` (or real Prometheus programs), with the system
  clock and intervals of a tenth of a second; its history in a real store.
- :func:`simulated`: the monitor with the intervals a user sets (30 s, a 30-minute flap
  window), against the in-memory :class:`~tests.support.fakeweb.FakeWeb`, on a
  :class:`~tests.support.clocks.FakeClock` that jumps ahead whenever the monitor waits; its
  history in a :class:`~tests.support.history.MemoryHistory`. Half an hour of rounds takes a
  few milliseconds, and each step comes in the same order every time. Its config is
  :func:`simulated_config`'s; :func:`scenario_service` names a service a test turns down and
  up again.

Either way the tests wait for the events a user would see, never for lengths of time.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx

from tests.core.probes.fixtures import local_prober
from tests.support import builders
from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.history import MemoryHistory
from tests.support.servers import LocalSites
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import Config
from trayapp.core.models import Status
from trayapp.core.monitor import Event, Ledger, Monitor, StatusChanged
from trayapp.core.store import Store

__all__ = [
    "EventLog",
    "Running",
    "changed_to",
    "running",
    "scenario_service",
    "simulated",
    "simulated_config",
]

_names = itertools.count()
H = TypeVar("H")


@dataclass
class EventLog:
    """Events as the monitor emits them, and a way to wait for one."""

    events: list[Event] = field(default_factory=list)
    _new: asyncio.Event = field(default_factory=asyncio.Event)

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self._new.set()

    async def wait_for(self, predicate: Callable[[Event], bool], timeout: float = 15.0) -> Any:
        """The first event so far, or to come, that ``predicate`` accepts (``timeout``: real
        seconds, a safety net)."""
        async with asyncio.timeout(timeout):
            seen = 0
            while True:
                for event in self.events[seen:]:
                    if predicate(event):
                        return event
                seen = len(self.events)
                self._new.clear()
                await self._new.wait()

    def of(self, kind: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def changed_to(service: str, status: Status) -> Callable[[Event], bool]:
    """Whether an event is ``service``'s status changing to ``status``: for ``wait_for``."""
    return lambda e: isinstance(e, StatusChanged) and e.service == service and e.to is status


@dataclass
class Running(Generic[H]):
    """A monitor running in a test, its events, and where its history went."""

    monitor: Monitor
    log: EventLog
    store: H
    """The history: a :class:`~trayapp.core.store.Store` or a :class:`MemoryHistory`."""
    changed: asyncio.Event

    async def until(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        """Wait until ``predicate`` holds, looking again whenever the monitor changes."""
        async with asyncio.timeout(timeout):
            while not predicate():
                self.changed.clear()
                await self.changed.wait()


@asynccontextmanager
async def running(
    sites: LocalSites,
    config: Config,
    tmp_path: Path,
    clock: SystemClock | None = None,
    vendor_client: httpx.AsyncClient | None = None,
    data_dir: Path | None = None,
    outside_client: httpx.AsyncClient | None = None,
) -> AsyncIterator[Running[Store]]:
    """The monitor against the local servers, its history in a store in ``data_dir``; the
    outside network asked with ``outside_client`` (a client of the fake Globalping)."""
    clock = clock or SystemClock()
    log = EventLog()
    changed = asyncio.Event()
    store = Store.open(data_dir or tmp_path / f"data{next(_names)}")
    try:
        async with local_prober(sites) as prober:
            ledger = Ledger(config, emit=log, store=store)
            monitor = Monitor(
                config,
                prober=prober,
                ledger=ledger,
                clock=clock,
                store=store,
                rng=random.Random(7),
                heartbeat=0.2,
                on_change=changed.set,
                vendor_client=vendor_client,
                outside_client=outside_client,
            )
            task = asyncio.create_task(monitor.run())
            try:
                yield Running(monitor, log, store, changed)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
    finally:
        store.close()


def simulated_config(
    web: FakeWeb,
    services: Iterable[Mapping[str, Any]],
    *,
    sources: Iterable[Mapping[str, Any]] = (),
    **sections: Mapping[str, Any],
) -> Config:
    """A config of the settings a user might choose, for :func:`simulated`.

    Checks every 30 s with a 10 s timeout, two rounds to go down or up, a 30-minute flap
    window, 15 s to gather a notification, and ``web``'s canary.

    Args:
        web: The sites the monitor watches; its ``/scenario/canary`` is the canary.
        services: The ``[[services]]`` tables, in order.
        sources: The ``[[sources]]`` tables, in order; each is read every minute with a
            10 s timeout unless it says otherwise.
        sections: ``defaults``, ``notifications``, ``network``: each one's keys are laid
            over the same section here (``network={"canaries": [...]}``).
    """
    base: dict[str, dict[str, Any]] = {
        "defaults": {
            "interval": "30s",
            "timeout": "10s",
            "failure_threshold": 2,
            "success_threshold": 2,
            "flap_window": "30m",
        },
        "notifications": {"coalesce": "15s"},
        "network": {"canaries": [web.http("/scenario/canary")]},
    }
    read = [{"interval": "1m", "timeout": "10s", **source} for source in sources]
    return builders.config(*services, sources=read, base=base, **sections)


def scenario_service(web: FakeWeb, name: str, **more: Any) -> dict[str, Any]:
    """The ``[[services]]`` table of ``name``, checked at ``web``'s ``/scenario/<name>``.

    Its one check behaves as ``web.scenarios[name]`` says, so a test turns the service down
    and up again while the monitor watches.

    Args:
        web: The sites.
        name: The service's name, and its scenario's.
        more: Any other key of the table (``interval``, ``status_page``, ...).
    """
    return {"name": name, "url": web.http(f"/scenario/{name}"), **more}


@asynccontextmanager
async def simulated(
    web: FakeWeb,
    config: Config,
    clock: FakeClock,
    history: MemoryHistory | None = None,
    outside_client: httpx.AsyncClient | None = None,
    heartbeat: float = 5.0,
) -> AsyncIterator[Running[MemoryHistory]]:
    """The monitor against ``web`` on ``clock``, its history in ``history`` (a new one by
    default; pass one again to restart on what it kept). Run it on ``clock``'s loop (see
    :mod:`tests.support.clocks`). The outside network is asked with ``outside_client`` (a
    client of the fake Globalping: real sockets, which do not hold the clock back).

    The heartbeat looks at the clock every ``heartbeat`` seconds, more often than the app's
    :data:`~trayapp.core.monitor.loop.HEARTBEAT` by default: while a test waits on a real
    socket the clock jumps from one wait to the next, and on a busy machine a wait of 30 s at
    each jump let the clock run half an hour ahead of the fake Globalping's answer."""
    log = EventLog()
    changed = asyncio.Event()
    history = history if history is not None else MemoryHistory()
    async with web.prober(clock) as prober, web.vendor_client() as client:
        ledger = Ledger(config, emit=log, store=history)
        monitor = Monitor(
            config,
            prober=prober,
            ledger=ledger,
            clock=clock,
            rng=random.Random(7),
            heartbeat=heartbeat,
            on_change=changed.set,
            vendor_client=client,
            outside_client=outside_client,
        )
        task = asyncio.create_task(monitor.run())
        try:
            yield Running(monitor, log, history, changed)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
