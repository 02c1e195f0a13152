"""The monitor loop: every service checked on its own interval, the results kept in the books.

The data goes one way::

    config ──► EffectiveConfig ──► Monitor ──► rounds, readings ──► Ledger ──► events, history
                  ▲                                  │
                  └────── readings of sources ───────┘

The monitor watches the *effective* config (:mod:`trayapp.core.sources.effective`): the
user's with the services the sources bring. It never rewrites a config: a reload and a
reading that brings or drops services both hand it a new effective config, applied the same
way (the ledger reconfigured, tasks started and stopped). Every task waits through the clock
(:mod:`trayapp.core.monitor.schedule`), never on the event loop's own time.

One task per service runs its rounds: the next is due an interval (with a little jitter)
after the end of the last, or ``retry_after`` after the start of the last when that one is
not believed yet (a failure short of ``failure_threshold``, a recovery short of
``success_threshold``, a failure held after a sleep: see
:func:`~trayapp.core.monitor.schedule.confirm_delay`). A failed round asks the canaries
first, through the :class:`~trayapp.core.monitor.lookout.Lookout` (one look at a time, shared
by every service failing in the same moment), so that the ledger can tell "just you" from a
service failing; the lookout also asks them on its own interval and on the operating
system's hint (:meth:`Monitor.network_hint`). While the network is not online no round is
judged; when it is back, every service is checked at once.

A heartbeat keeps time: snoozes and windows end, notices go out, sleep is seen, the store pruned.
It wakes when the next of these is due, and at the latest every :data:`HEARTBEAT` seconds for
a clock that was set: an idle tray wakes twice a minute, not a dozen times.

A service with a status page has a second task that reads the page on its own interval
(:mod:`~trayapp.core.monitor.pages`); when what the vendor says changes, or it opens an
incident, the service gets a round at once.

Each source (``[[sources]]``) has a task reading it on its interval (see
:mod:`trayapp.core.sources`): the reading goes to the effective config first, then the
services that name its targets in ``remote`` get its vantage points, and a round at once when
what they say changed. A service with neither checks nor a status page has no task: its
sources' readings are its rounds.

Commands (check now, snooze, pause, resume, mute until back, reload) are plain methods for the
loop's own thread (``call_soon_threadsafe``); cancelling :meth:`Monitor.run` leaves no task.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import httpx

from trayapp.core.clock import Clock
from trayapp.core.config.running import Check, Config, Service, ServiceSettings, Source
from trayapp.core.models import CheckResult, Status
from trayapp.core.monitor.ledger import Ledger, MonitorSnapshot, Rejudge
from trayapp.core.monitor.lookout import Lookout
from trayapp.core.monitor.outside import OutsideWatch
from trayapp.core.monitor.pages import StatusPages, page_settings
from trayapp.core.monitor.schedule import (
    TIMER_SLACK,
    Schedule,
    SleepDetector,
    confirm_delay,
    nap,
    next_round,
    round_slack,
)
from trayapp.core.monitor.sink import WRITE_ERRORS
from trayapp.core.monitor.state import Judgement
from trayapp.core.network import NetworkHint, blame_network
from trayapp.core.probes import Prober
from trayapp.core.rounds import has_failure, run_checks
from trayapp.core.sources.effective import EffectiveConfig
from trayapp.core.sources.model import SourceReading
from trayapp.core.sources.services import has_rounds, source_settings
from trayapp.core.store import Store

__all__ = ["Monitor", "MonitorSnapshot"]

log = logging.getLogger(__name__)

HEARTBEAT = 30.0
"""Longest wait between two looks at the clock: everything the heartbeat does at a known
time wakes it then; this bounds how late it sees a clock that was set."""
SLEPT_AFTER = 30.0
"""A sleep of the machine longer than this (see :class:`SleepDetector`) is taken as one."""
PRUNE_EVERY = timedelta(hours=1)


class Monitor:
    """Runs every service's rounds and keeps the books.

    Args:
        config: The user's services and settings; :meth:`reload` takes a new one. The
            monitor watches it with the services its sources bring.
        prober: Runs the checks.
        ledger: Judges rounds, keeps incidents, emits events.
        clock: Wall-clock and monotonic time, and every wait of the monitor's tasks.
        store: Pruned hourly, when given (the ledger writes to it).
        rng: For the jitter; tests pass a seeded one.
        heartbeat: Longest wait, in seconds, between two looks at the clock.
        on_change: Called after anything that may change :meth:`snapshot` (a round, a
            command, a tick), on the loop's thread.
        vendor_client: Reads the services' status pages (see
            :func:`~trayapp.core.vendors.poller.vendor_client`); None reads none.
        outside_client: Asks the outside network (``[outside]``); None asks nothing.
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
        on_change: Callable[[], None] | None = None,
        vendor_client: httpx.AsyncClient | None = None,
        outside_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._sources = EffectiveConfig(config)
        self._config = config
        """The effective config, as last applied."""
        self._by_name = {s.name: s for s in config.services}
        self._plans: dict[str, tuple[ServiceSettings, tuple[Check, ...]]] = {}
        """Each service's settings and checks, made at its first round under a config."""
        self._prober = prober
        self._ledger = ledger
        self._clock = clock
        self._store = store
        self._rng = rng or random.Random()
        self._on_change = on_change or (lambda: None)
        self._rounds = Schedule(clock)
        """The rounds of the services that have their own, by name."""
        self._pages = StatusPages(
            client=vendor_client,
            ledger=ledger,
            clock=clock,
            on_rejudge=self._rounds.wake,
            on_change=self._changed,
        )
        self._readings = Schedule(clock)
        """The readings of the sources, by name in lower case."""
        self._heartbeat_wakeup = asyncio.Event()
        self._heartbeat_at: datetime | None = None
        self._lookout = Lookout(
            config,
            prober=prober,
            ledger=ledger,
            clock=clock,
            on_back=self._rounds.wake_all,
            on_change=self._changed,
        )
        self._outside = OutsideWatch(
            config,
            client=outside_client,
            ledger=ledger,
            resolver=prober.resolver,
            clock=clock,
            on_rejudge=self._rounds.wake,
            secret=prober.secret,
        )
        self._heartbeat_s = heartbeat
        self._sleep = SleepDetector(SLEPT_AFTER)
        self._last_prune: datetime | None = None
        self._snapshot: MonitorSnapshot | None = None

    # --- running ----------------------------------------------------------------------------

    async def run(self) -> None:
        """Check every service until cancelled."""
        try:
            recalled = self._sources.recall(i.service for i in self._ledger.open_incidents())
            if recalled is not None:
                self._take_config(recalled)
            self._start_services(self._config.services, first=True)
            self._lookout.start()
            for source in self._sources.user.sources:
                self._start_source(source)
            await self._heartbeat()
        finally:
            tasks = [
                *self._rounds.cancel_all(),
                *self._pages.cancel_all(),
                *self._readings.cancel_all(),
            ]
            stopping = (self._lookout.stop(), self._outside.stop())
            await asyncio.gather(*stopping, *tasks, return_exceptions=True)
            self._ledger.flush()

    def _start_services(self, services: list[Service], *, first: bool = False) -> None:
        for service in services:
            self._pages.start(service, self._config)
            self._start_rounds(service, first=first)

    def _start_rounds(self, service: Service, *, first: bool = False) -> None:
        if not has_rounds(service):
            return  # judged at each reading of its sources
        # The first rounds spread over a second, not over the interval: the user wants to see
        # every service's status soon after start.
        delay = self._rng.uniform(0, 1.0) if first else 0.0
        name = service.name
        self._rounds.start(name, self._service_loop(name, delay), f"service {name}")

    # --- sources ---------------------------------------------------------------------------

    def _start_source(self, source: Source) -> None:
        key = source.name.casefold()
        self._readings.start(key, self._source_loop(source), f"source {source.name}")

    def _stop_source(self, key: str) -> None:
        self._readings.stop(key)
        self._sources.forget(key)

    async def _source_loop(self, source: Source) -> None:
        """Read ``source`` on its interval (or when woken) until cancelled."""
        from trayapp.core.sources.poller import SourcePoller  # its readers: with a source only

        settings = source_settings(self._config.defaults, source)
        poller = SourcePoller(source, self._prober, settings, self._clock)
        key, delay = source.name.casefold(), 0.0
        while True:
            await self._readings.wait(key, delay)
            delay = settings.interval
            try:
                reading = await poller.poll()
            except Exception:
                # The poller turns everything a source can do into a reading; getting here
                # is a bug in trayapp, logged in full. The source is read again at its interval.
                log.exception("reading source %s failed unexpectedly", source.name)
            else:
                self._take_reading(source, reading)

    def _take_reading(self, source: Source, reading: SourceReading) -> None:
        """A new reading of ``source``: the services it brings applied, vantage points handed
        on, and the services that have no rounds of their own judged."""
        if (effective := self._sources.take(source, reading)) is not None:
            self._apply(effective)
        key = source.name.casefold()
        now = self._clock.now()
        for service in self._config.services:
            if not any(r.source.casefold() == key for r in service.remote):
                continue
            rejudge = self._ledger.remote(service.name, self._sources.vantages(service), now)
            if not has_rounds(service):
                self._ledger.round(service.name, [], now)
            elif rejudge is Rejudge.NOW:
                self._rounds.wake(service.name)  # judge it now, with what the vantages see
        self._changed()

    # --- the effective config --------------------------------------------------------------

    def _take_config(self, config: Config) -> None:
        """Make ``config`` (an effective config) the one the monitor and its ledger watch."""
        self._config = config
        self._lookout.config = self._outside.config = config
        self._by_name = {s.name: s for s in config.services}
        self._plans = {}
        self._ledger.reconfigure(config, self._clock.now())

    def _apply(self, config: Config) -> None:
        """Watch ``config`` (an effective config) from now on: the services' tasks started,
        stopped and restarted as their settings changed, and a round now for each service
        whose checks or timing changed."""
        old, old_config = self._by_name, self._config
        self._take_config(config)
        for name in old.keys() - self._by_name.keys():
            self._rounds.stop(name)
            self._pages.stop(name)
        # Services that gained or lost their own rounds (checks, a status page) start or stop.
        for service in config.services:
            if service.name in old and has_rounds(service) != has_rounds(old[service.name]):
                self._rounds.stop(service.name)
                self._start_rounds(service)
        self._start_services([s for s in config.services if s.name not in old])
        # A status page read differently (another page, component, interval) starts afresh.
        for service in config.services:
            before = old.get(service.name)
            if before is not None and page_settings(before, old_config) != page_settings(
                service, config
            ):
                self._pages.start(service, config)
        for service in config.services:
            if service.name in old and (
                old[service.name] != service or old_config.defaults != config.defaults
            ):
                self._rounds.wake(service.name)

    # --- rounds ------------------------------------------------------------------------------

    async def _service_loop(self, name: str, delay: float) -> None:
        slack = TIMER_SLACK
        beat: float | None = None  # when its first round began: its rounds keep to it
        while True:
            await self._rounds.wait(name, delay, slack=slack)
            service = self._by_name.get(name)
            if service is None:
                return
            plan = self._plans.get(name)
            if plan is None:
                plan = self._plans[name] = (self._config.settings_for(service), service.all_checks)
            settings = plan[0]
            began = self._clock.monotonic()
            beat = began if beat is None else beat
            judgement = await self._round(service, *plan)
            if judgement.recheck or judgement.unsettled:
                # Counted from the start of the round not believed yet: a check that took
                # its whole timeout is tried again as soon as it has ended.
                tries = max(1, judgement.unsettled)
                confirm = confirm_delay(settings.retry_after, settings.interval, tries)
                delay = max(0.0, confirm - (self._clock.monotonic() - began))
                slack = min(TIMER_SLACK, settings.interval / 4)
            else:
                now = self._clock.monotonic()
                delay = next_round(beat, settings.interval, began, now, self._rng)
                slack = round_slack(settings.interval)

    async def _round(
        self, service: Service, settings: ServiceSettings, checks: tuple[Check, ...]
    ) -> Judgement:
        """One round of ``service``'s ``checks``, judged (it says whether to re-check soon)."""
        began = self._clock.monotonic()
        results: list[CheckResult] = await run_checks(checks, settings, self._prober)
        # The machine may have slept while the checks ran, or just before: asked here too, a
        # round that ends before the heartbeat looks is not counted as if nothing happened.
        self._notice_sleep(self._clock.now())
        if has_failure(results):
            if not (await self._lookout.survey(began)).online:
                results = blame_network(results)
        elif results and not self._ledger.network_status.online:
            # A service answers while the network is not online. That proves nothing (behind
            # a portal every service does), but it may be back: the canaries decide, soon,
            # and every service is checked again when they say it is.
            self._lookout.wake()
        judgement = self._ledger.round(service.name, results, self._clock.now())
        if has_failure(results):
            self._outside.consider(service, results)  # once the incident is open
        self._changed()
        return judgement

    # --- time --------------------------------------------------------------------------------

    async def _heartbeat(self) -> None:
        while True:
            now = self._clock.now()
            deadline = self._ledger.next_deadline()
            wait = self._heartbeat_s
            if deadline is not None:
                wait = max(0.0, min(wait, (deadline - now).total_seconds()))
            self._heartbeat_at = now + timedelta(seconds=wait)
            self._sleep.expect(self._clock.monotonic() + wait)
            await nap(self._clock, self._heartbeat_wakeup, wait)
            self._heartbeat_wakeup.clear()
            now = self._clock.now()
            self._notice_sleep(now)
            # Busy from here on (the store may take its time): no promise of the next look.
            self._sleep.expect(None)
            self._ledger.tick(now)
            self._rounds.wake(*self._ledger.take_rejudge())  # out of maintenance: judge afresh
            self._ledger.flush()
            self._changed(poke=False)
            await self._prune(now)

    def _notice_sleep(self, now: datetime) -> None:
        """After a sleep of the machine, every service's next failure is checked again."""
        if self._sleep.tick(self._clock.monotonic(), now) is not None:
            log.info("the machine slept: checking every service again")
            self._ledger.distrust()
            self._rounds.wake_all()

    async def _prune(self, now: datetime) -> None:
        if self._store is None:
            return
        if self._last_prune is not None and now - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = now
        try:
            report = await asyncio.to_thread(self._store.prune, now)
        except WRITE_ERRORS as error:
            # A full disk: the history keeps what it has, and pruning is tried again later.
            log.warning("cannot prune the history now: %s", error)
            return
        log.debug("pruned the history: %s", report)

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
        """Run a round of ``name`` (or of every service) now, and read its sources again.

        Raises:
            KeyError: no service is called ``name``.
        """
        if name is None:
            self._rounds.wake_all()
            self._readings.wake_all()
            return
        service = self._by_name[self._known(name)]
        for key in (r.source.casefold() for r in service.remote):
            self._readings.wake(key)
        self._rounds.wake(service.name)

    def network_hint(self, hint: NetworkHint) -> None:
        """Take the operating system's word on the network (see :class:`NetworkHint`).

        The canaries are asked at once and every failing service is checked again; after a
        change of network, the next failure of each service is re-checked before it counts.
        """
        if hint.changed:
            self._ledger.distrust()
        self._lookout.wake(urgent=True)
        failing = (Status.DOWN, Status.DEGRADED, Status.UNKNOWN)
        for view in self._ledger.views():
            if (hint.changed or view.status in failing) and view.name in self._rounds:
                self._rounds.wake(view.name)

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

    def mute_until_back(self, name: str) -> None:
        """Tell nothing more of ``name``'s outage but its recovery (when it has one)."""
        self._ledger.mute_until_back(self._known(name))

    def reload(self, config: Config) -> None:
        """Take a new config without a restart: services added, changed and removed.

        A service keeps its status and history under the same name. Changes to
        ``[network] dns_server`` and ``concurrency`` take effect at the next start.
        """
        old_sources = {s.name.casefold(): s for s in self._sources.user.sources}
        sources = {s.name.casefold(): s for s in config.sources}
        # A source changed is read afresh.
        for key, previous in old_sources.items():
            if sources.get(key) != previous or self._config.defaults != config.defaults:
                self._stop_source(key)
        self._apply(self._sources.reload(config))
        for key, wanted in sources.items():
            if key not in self._readings:
                self._start_source(wanted)
        now = self._clock.now()
        for service in self._config.services:  # vantage points of the targets they name now
            if service.remote:
                self._ledger.remote(service.name, self._sources.vantages(service), now)
        self._changed()

    def _known(self, name: str) -> str:
        service = self._config.service(name)
        if service is None:
            raise KeyError(name)
        return service.name

    # --- what is shown ---------------------------------------------------------------------------

    def snapshot(self) -> MonitorSnapshot:
        """The tray's view of every service, now."""
        views, last = self._ledger.views(), self._snapshot
        network, words = self._ledger.network_status, self._ledger.network_words
        if last is not None and (last.services, last.network, last.network_words) == (
            views,
            network,
            words,
        ):
            # Views alike: no status moved, nor the tray's with them.
            return replace(last, at=self._clock.now(), services=views)
        self._snapshot = MonitorSnapshot(
            at=self._clock.now(),
            tray_status=self._ledger.tray_status,
            network=network,
            services=views,
            network_words=words,
        )
        return self._snapshot
