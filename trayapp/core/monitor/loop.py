"""The monitor loop: every service checked on its own interval, the results kept in the books.

One asyncio task per service runs its rounds: the next round is due an interval (with a
little jitter, so that services configured alike do not fire in step) after the end of the
last. A failed round asks the canaries first (one canary run at a time, shared by every
service failing in the same moment), so that the ledger can tell "just you" from a service
failing. A heartbeat task keeps time: it ends snoozes, closes flap windows, sends coalesced
notifications when they are due, notices a sleep of the machine, and prunes the store.

A service with a status page has a second task that reads the page on its own interval
(``status_page_interval``, five minutes by default; see
:class:`~trayapp.core.vendors.poller.StatusPagePoller`) and hands each reading to the
ledger; when what the vendor says changes, the service gets a round at once, so that its
status and verdict follow the vendor's word without waiting for its next interval.

Each source (``[[sources]]``) has a task of its own too, reading it on its interval (see
:mod:`trayapp.core.sources`). Its targets that no service names become services of their
own (``source/target``), added to the config the ledger sees and judged at each reading;
the services that name its targets in ``remote`` get the vantage points, and a round at once
when what they say changed. A service with neither checks nor a status page has no task: its
sources' readings are its rounds.

Commands (:meth:`Monitor.check_now`, :meth:`snooze`, :meth:`pause`, :meth:`resume`,
:meth:`reload`) are plain methods: call them on the loop's own thread (the runtime does so
with ``call_soon_threadsafe``). Cancelling :meth:`Monitor.run` stops every task; nothing is
left running.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from trayapp.core.clock import Clock
from trayapp.core.config.model import Config, Service, ServiceSettings, Source
from trayapp.core.models import CheckResult, TrayStatus
from trayapp.core.monitor.ledger import Ledger, ServiceView
from trayapp.core.monitor.state import SleepDetector
from trayapp.core.network import (
    NetworkReport,
    NetworkStatus,
    blame_network,
    check_canaries,
)
from trayapp.core.probes import Prober
from trayapp.core.rounds import has_failure, run_round
from trayapp.core.sources.model import SourceReading, Vantage, target_key
from trayapp.core.sources.poller import SourcePoller
from trayapp.core.sources.services import (
    brought,
    claimed_targets,
    derived_service,
    has_rounds,
    source_service,
    source_settings,
    vantages,
)
from trayapp.core.store.history import Store
from trayapp.core.vendors.model import PageRef
from trayapp.core.vendors.poller import StatusPagePoller

__all__ = ["Monitor", "MonitorSnapshot"]

log = logging.getLogger(__name__)

TIMER_SLACK = 0.25
"""Seconds: rounds fall due on a grid this fine (or a quarter of the interval, if finer), so
that the loop wakes once for several."""
JITTER = 0.05
"""Each interval is stretched or shortened by up to this fraction."""
RECHECK_AFTER = 5.0
"""Seconds before a failure held in doubt (after a sleep) is checked again."""
HEARTBEAT = 5.0
"""Longest wait between two looks at the clock."""
SLEPT_AFTER = 30.0
"""A gap between heartbeats longer than this means the machine slept."""
PRUNE_EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class MonitorSnapshot:
    """What the tray shows, at one moment: safe to hand to another thread."""

    at: datetime
    tray_status: TrayStatus
    network: NetworkStatus
    services: tuple[ServiceView, ...]


class Monitor:
    """Runs every service's rounds and keeps the books.

    Args:
        config: The services and settings; :meth:`reload` takes a new one.
        prober: Runs the checks.
        ledger: Judges rounds, keeps incidents, emits events.
        clock: Wall-clock and monotonic time.
        store: Pruned hourly, when given (the ledger writes to it).
        rng: For the jitter; tests pass a seeded one.
        heartbeat: Longest wait, in seconds, between two looks at the clock.
        recheck_after: Seconds before a failure held in doubt is checked again.
        on_change: Called after anything that may change :meth:`snapshot` (a round, a
            command, a tick), on the loop's thread.
        vendor_client: Reads the services' status pages (see
            :func:`~trayapp.core.vendors.poller.vendor_client`); None reads none.
    """

    def __init__(
        self,
        config: Config,
        *,
        prober: Prober,
        ledger: Ledger,
        clock: Clock,
        store: Store | None = None,
        rng: random.Random | None = None,
        heartbeat: float = HEARTBEAT,
        recheck_after: float = RECHECK_AFTER,
        on_change: Callable[[], None] | None = None,
        vendor_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._user_config = config
        self._config = config
        """The user's config with the services the sources brought (see :meth:`_derive`)."""
        self._by_name = {s.name: s for s in config.services}
        self._derived: dict[str, Service] = {}
        self._source_tasks: dict[str, asyncio.Task[None]] = {}
        self._source_wakeups: dict[str, asyncio.Event] = {}
        self._source_readings: dict[str, SourceReading] = {}
        self._prober = prober
        self._ledger = ledger
        self._clock = clock
        self._store = store
        self._rng = rng or random.Random()
        self._on_change = on_change or (lambda: None)
        self._wakeups: dict[str, asyncio.Event] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._vendor_client = vendor_client
        self._pages: dict[str, asyncio.Task[None]] = {}
        self._heartbeat_wakeup = asyncio.Event()
        self._heartbeat_at: datetime | None = None
        self._canaries: asyncio.Task[NetworkReport] | None = None
        self._canaries_at = 0.0
        self._heartbeat_s = heartbeat
        self._recheck_after = recheck_after
        # Several missed heartbeats in a row, and never less than half a minute.
        self._sleep = SleepDetector(max(SLEPT_AFTER, 6 * heartbeat))
        self._last_prune: datetime | None = None

    # --- running ----------------------------------------------------------------------------

    async def run(self) -> None:
        """Check every service until cancelled."""
        try:
            self._recall_derived()
            self._start_services(self._config.services, first=True)
            for source in self._user_config.sources:
                self._start_source(source)
            await self._heartbeat()
        finally:
            tasks = [
                *self._tasks.values(),
                *self._pages.values(),
                *self._source_tasks.values(),
                *([self._canaries] if self._canaries else []),
            ]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._tasks.clear()
            self._pages.clear()
            self._source_tasks.clear()
            self._ledger.flush()

    def _start_services(self, services: list[Service], *, first: bool = False) -> None:
        for service in services:
            self._start_page(service)
            self._start_rounds(service, first=first)

    def _start_rounds(self, service: Service, *, first: bool = False) -> None:
        if not has_rounds(service):
            return  # judged at each reading of its sources
        self._wakeups[service.name] = asyncio.Event()
        # The first rounds spread over a second, not over the interval: the user wants to see
        # every service's status soon after start.
        delay = self._rng.uniform(0, 1.0) if first else 0.0
        self._tasks[service.name] = asyncio.create_task(
            self._service_loop(service.name, delay), name=f"service {service.name}"
        )

    def _stop_service(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None:
            task.cancel()
        self._wakeups.pop(name, None)

    def _start_page(self, service: Service) -> None:
        if self._vendor_client is None or service.status_page is None:
            return
        self._pages[service.name] = asyncio.create_task(
            self._page_loop(service), name=f"status page of {service.name}"
        )

    def _stop_page(self, name: str) -> None:
        task = self._pages.pop(name, None)
        if task is not None:
            task.cancel()

    async def _page_loop(self, service: Service) -> None:
        """Read ``service``'s status page on its interval until cancelled."""
        assert self._vendor_client is not None
        assert service.status_page is not None
        settings = self._config.settings_for(service)
        poller = StatusPagePoller(
            PageRef(service.status_page, service.status_component),
            self._vendor_client,
            clock=self._clock,
            interval=settings.status_page_interval,
            timeout=settings.timeout,
        )
        while True:
            try:
                reading = await poller.poll()
            except Exception:
                # The poller turns everything a page can do into a reading; getting here is
                # a bug in trayapp, logged in full. The page is tried again at its interval.
                log.exception("reading the status page of %s failed unexpectedly", service.name)
            else:
                if self._ledger.vendor(service.name, reading, self._clock.now()):
                    wakeup = self._wakeups.get(service.name)
                    if wakeup is not None:
                        wakeup.set()  # judge the service now, with the vendor's new word
                self._changed()
            await asyncio.sleep(poller.next_delay())

    # --- sources ---------------------------------------------------------------------------

    def _start_source(self, source: Source) -> None:
        key = source.name.casefold()
        self._source_wakeups[key] = asyncio.Event()
        self._source_tasks[key] = asyncio.create_task(
            self._source_loop(source), name=f"source {source.name}"
        )

    def _stop_source(self, key: str) -> None:
        task = self._source_tasks.pop(key, None)
        if task is not None:
            task.cancel()
        self._source_wakeups.pop(key, None)
        self._source_readings.pop(key, None)

    async def _source_loop(self, source: Source) -> None:
        """Read ``source`` on its interval (or when woken) until cancelled."""
        settings = source_settings(self._config.defaults, source)
        interval = settings.interval
        poller = SourcePoller(source, self._prober, settings, self._clock)
        wakeup = self._source_wakeups[source.name.casefold()]
        while True:
            wakeup.clear()
            try:
                reading = await poller.poll()
            except Exception:
                # The poller turns everything a source can do into a reading; getting here
                # is a bug in trayapp, logged in full. The source is read again at its interval.
                log.exception("reading source %s failed unexpectedly", source.name)
            else:
                self._take_reading(source, reading)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval):
                    await wakeup.wait()

    def _take_reading(self, source: Source, reading: SourceReading) -> None:
        """A new reading of ``source``: services derived, vantage points handed on, and the
        services that have no rounds of their own judged."""
        key = source.name.casefold()
        self._source_readings[key] = reading
        if source.services and reading.ok:
            self._derive(source, reading)
        now = self._clock.now()
        for service in self._config.services:
            if not any(r.source.casefold() == key for r in service.remote):
                continue
            changed = self._ledger.remote(service.name, self._vantages(service), now)
            if not has_rounds(service):
                self._ledger.round(service.name, [], now)
            elif changed and (wakeup := self._wakeups.get(service.name)) is not None:
                wakeup.set()  # judge the service now, with what the vantage points see
        self._changed()

    def _vantages(self, service: Service) -> tuple[Vantage, ...]:
        return vantages(service, self._source_readings)

    def _derive(self, source: Source, reading: SourceReading) -> None:
        """Make a service of each target of ``reading`` that no service of the user names.

        Targets the source no longer reports are dropped (their incidents close); an
        Alertmanager's are kept, for an alert that is gone means the target is well again.
        """
        key = source.name.casefold()
        claimed = claimed_targets(self._user_config.services, source)
        mine = {
            name: service
            for name, service in self._derived.items()
            if service.remote[0].source.casefold() == key
            and (reading.alerts_only or reading.knows(_target(service)))
            and target_key(_target(service)) not in claimed
        }
        itself, *targets = brought(source, reading, self._user_config.services)
        mine = {itself.name: itself, **mine}
        for service in targets:
            mine.setdefault(service.name, service)
        others = {n: s for n, s in self._derived.items() if s.remote[0].source.casefold() != key}
        derived = {**others, **mine}
        if list(derived) != list(self._derived):
            self._derived = derived
            self._apply_config()

    def _recall_derived(self) -> None:
        """Each source's own service (unknown until it is read), and the services a source
        brought before a restart while their incidents are open: judged again at the first
        reading, so that they close when all is well."""
        sources = {s.name.casefold(): s for s in self._user_config.sources if s.services}
        for source in sources.values():
            itself = source_service(source)
            self._derived[itself.name] = itself
        for incident in self._ledger.open_incidents():
            prefix, slash, target = incident.service.partition("/")
            brought_by = sources.get(prefix.casefold())
            if slash and target and brought_by and incident.service not in self._by_name:
                self._derived[incident.service] = derived_service(brought_by, target)
        if self._derived:
            self._apply_config()

    def _apply_config(self) -> None:
        """Hand the ledger the user's config with the derived services after its own."""
        mine = self._user_names()
        derived = [s for s in self._derived.values() if s.name not in mine]
        services = [*self._user_config.services, *derived]
        self._config = self._user_config.model_copy(update={"services": services})
        self._by_name = {s.name: s for s in services}
        self._ledger.reconfigure(self._config, self._clock.now())

    def _user_names(self) -> set[str]:
        return {s.name for s in self._user_config.services}

    async def _service_loop(self, name: str, delay: float) -> None:
        wakeup = self._wakeups[name]
        loop = asyncio.get_running_loop()
        slack = TIMER_SLACK
        while True:
            # Rounds fall due on a grid: the loop wakes once for all the rounds of a slot
            # instead of once for each, which costs a laptop less power and a thousand
            # services a good part of their CPU time.
            due = math.ceil((loop.time() + delay) / slack) * slack
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout_at(due):
                    await wakeup.wait()
            wakeup.clear()
            service = self._by_name.get(name)
            if service is None:
                return
            settings = self._config.settings_for(service)
            recheck = await self._round(service, settings)
            delay = (
                min(self._recheck_after, settings.interval)
                if recheck
                else settings.interval * self._rng.uniform(1 - JITTER, 1 + JITTER)
            )
            slack = min(TIMER_SLACK, settings.interval / 4)

    async def _round(self, service: Service, settings: ServiceSettings) -> bool:
        """One round of ``service``; whether it must be re-checked soon."""
        began = self._clock.monotonic()
        results: list[CheckResult] = await run_round(service, settings, self._prober)
        # The machine may have slept while the checks ran, or just before: asked here too, a
        # round that ends before the heartbeat looks is not counted as if nothing happened.
        self._notice_sleep(self._clock.now())
        if has_failure(results):
            online = await self._network_online(began)
            if self._ledger.network(online, self._clock.now()) and online:
                self._check_all_soon()  # the network is back: judge every service afresh
            if not online:
                results = blame_network(results)
        elif results and self._ledger.network_status is NetworkStatus.OFFLINE:
            # A service answered: the network works, whatever the canaries said a moment ago.
            # (A service with only a status page has no checks: it answered nothing.)
            self._ledger.network(True, self._clock.now())
            self._check_all_soon(but=service.name)
        judgement = self._ledger.round(service.name, results, self._clock.now())
        self._changed()
        return judgement.recheck

    async def _network_online(self, began: float) -> bool:
        """The canaries' verdict on a round that began at ``began`` (monotonic seconds).

        A canary run is shared by every round it can speak for: those that began before it
        started, so that it saw the network as they did (services failing together ask once).
        A round that began later gets a run of its own: an older verdict, offline or online,
        may be out of date already, and reusing it made the network flip back and forth.
        """
        if self._canaries is None or self._canaries_at < began:
            self._canaries_at = self._clock.monotonic()
            self._canaries = asyncio.create_task(check_canaries(self._config, self._prober))
        report = await asyncio.shield(self._canaries)
        return not report.offline

    async def _heartbeat(self) -> None:
        while True:
            now = self._clock.now()
            deadline = self._ledger.next_deadline()
            wait = self._heartbeat_s
            if deadline is not None:
                wait = max(0.0, min(wait, (deadline - now).total_seconds()))
            self._heartbeat_at = now + timedelta(seconds=wait)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._heartbeat_wakeup.wait()
            self._heartbeat_wakeup.clear()
            now = self._clock.now()
            self._notice_sleep(now)
            self._ledger.tick(now)
            self._ledger.flush()
            self._changed(poke=False)
            await self._prune(now)

    def _notice_sleep(self, now: datetime) -> None:
        """After a sleep of the machine, every service's next failure is checked again."""
        if self._sleep.tick(self._clock.monotonic(), now) is not None:
            log.info("the machine slept: checking every service again")
            self._ledger.distrust()
            self._check_all_soon()

    async def _prune(self, now: datetime) -> None:
        if self._store is None:
            return
        if self._last_prune is not None and now - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = now
        report = await asyncio.to_thread(self._store.prune, now)
        log.debug("pruned the history: %s", report)

    def _check_all_soon(self, but: str | None = None) -> None:
        for name, wakeup in self._wakeups.items():
            if name != but:
                wakeup.set()

    def _changed(self, *, poke: bool = True) -> None:
        if poke:
            # A round may have opened a coalesce window that closes before the heartbeat
            # would next look: wake it early then, and only then.
            deadline = self._ledger.next_deadline()
            planned = self._heartbeat_at
            if deadline is not None and (planned is None or deadline < planned):
                self._heartbeat_wakeup.set()
        self._on_change()

    # --- commands ------------------------------------------------------------------------------

    def check_now(self, name: str | None = None) -> None:
        """Run a round of ``name`` (or of every service) now.

        Raises:
            KeyError: no service is called ``name``.
        """
        if name is None:
            self._check_all_soon()
            wakeups = list(self._source_wakeups.values())
        else:
            service = self._by_name[self._known(name)]
            wakeups = [
                self._source_wakeups[key]
                for key in (r.source.casefold() for r in service.remote)
                if key in self._source_wakeups
            ]
            if service.name in self._wakeups:
                wakeups.append(self._wakeups[service.name])
        for wakeup in wakeups:
            wakeup.set()

    def snooze(self, name: str, until: datetime) -> None:
        """Show ``name`` as paused and raise nothing about it until ``until``."""
        self._ledger.pause(self._known(name), self._clock.now(), until)
        self._changed()

    def pause(self, name: str) -> None:
        """Pause ``name`` until :meth:`resume`: still checked and kept, never notified."""
        self._ledger.pause(self._known(name), self._clock.now())
        self._changed()

    def resume(self, name: str) -> None:
        """End ``name``'s snooze or pause."""
        self._ledger.resume(self._known(name), self._clock.now())
        self._changed()

    def reload(self, config: Config) -> None:
        """Take a new config without a restart: services added, changed and removed.

        A service keeps its status and history under the same name. Changes to
        ``[network] dns_server`` and ``concurrency`` take effect at the next start.
        """
        old = {s.name: s for s in self._config.services}
        old_config = self._config
        old_defaults = self._config.defaults
        old_sources = {s.name.casefold(): s for s in self._user_config.sources}
        sources = {s.name.casefold(): s for s in config.sources}
        self._user_config = config
        # A source changed is read afresh; the services it brought go with a source removed,
        # with one that no longer brings any, and with a target a service of the user now names.
        for key, previous in old_sources.items():
            if sources.get(key) != previous or old_defaults != config.defaults:
                self._stop_source(key)
        bringing = {key for key, source in sources.items() if source.services}
        mine = self._user_names()
        self._derived = {
            name: service
            for name, service in self._derived.items()
            if service.remote[0].source.casefold() in bringing and name not in mine
        }
        for source in config.sources:
            if source.services:
                itself = source_service(source)
                self._derived.setdefault(itself.name, itself)
        self._apply_config()
        config = self._config
        for name in old.keys() - self._by_name.keys():
            self._stop_service(name)
            self._stop_page(name)
        # Services that gained or lost their own rounds (checks, a status page) start or stop.
        for service in config.services:
            if service.name in old and has_rounds(service) != has_rounds(old[service.name]):
                self._stop_service(service.name)
                self._start_rounds(service)
        self._start_services([s for s in config.services if s.name not in old])
        for key, wanted in sources.items():
            if key not in self._source_tasks:
                self._start_source(wanted)
        # A status page read differently (another page, component, interval) starts afresh.
        for service in config.services:
            before = old.get(service.name)
            if before is not None and _page_settings(before, old_config) != _page_settings(
                service, config
            ):
                self._stop_page(service.name)
                self._start_page(service)
        # A service whose checks or timing changed is checked now under its new settings.
        for service in config.services:
            if (
                service.name in old
                and (old[service.name] != service or old_defaults != config.defaults)
                and (wakeup := self._wakeups.get(service.name)) is not None
            ):
                wakeup.set()
        for service in config.services:  # vantage points of the targets they name now
            if service.remote:
                self._ledger.remote(service.name, self._vantages(service), self._clock.now())
        self._changed()

    def _known(self, name: str) -> str:
        service = self._config.service(name)
        if service is None:
            raise KeyError(name)
        return service.name

    # --- what is shown ---------------------------------------------------------------------------

    def snapshot(self) -> MonitorSnapshot:
        """The tray's view of every service, now."""
        return MonitorSnapshot(
            at=self._clock.now(),
            tray_status=self._ledger.tray_status,
            network=self._ledger.network_status,
            services=self._ledger.views(),
        )


def _target(service: Service) -> str:
    return service.remote_target(service.remote[0])


def _page_settings(service: Service, config: Config) -> tuple[object, ...]:
    """What reading ``service``'s status page depends on."""
    settings = config.settings_for(service)
    return (
        service.status_page,
        service.status_component,
        settings.status_page_interval,
        settings.timeout,
    )
