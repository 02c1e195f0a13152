"""The monitor's books: rounds in, statuses, incidents, notifications and history out.

The :class:`Ledger` drives the pure parts in the one order that keeps them consistent, and
writes what is worth keeping to the history (the store, or any other
:class:`~trayapp.core.monitor.sink.HistorySink`). It does no I/O of its own apart from the
history and reads no clock: the monitor loop hands it each round's results and the moment,
and the events it emits (``watch --json``'s) go to the ``emit`` callback::

    round(service, results, at)
      1. snoozes that ran out end            (board.tick)
      2. the round is judged, with the       (verdict.combine, board.observe)
         vendor's latest word; a failure                       -> status_changed
         others already report counts at once (evidence.others_say_down)
      3. it is kept                          (history.record_rounds, a batch at a time)
      4. the incident follows                (incidents.observe) -> incident_*
      5. notifications whose window closed   (alerts.flush)    -> notification

Rounds are written in batches (:meth:`Ledger.flush`), incidents as they change.

Sources (``[[sources]]``) are read on their own interval too; each service that depends on
one gets the vantage points it reports through :meth:`Ledger.remote`, and they join the
vendor's word when the service's next round is judged. Both :meth:`Ledger.vendor` and
:meth:`Ledger.remote` say whether the news can change the service's status or verdict
(:class:`Rejudge`): the loop then runs its round now rather than at its interval; so does a
vendor that opens an incident (:func:`~.evidence.vendor_opened`).

While the network is offline (:meth:`Ledger.network`), no round counts and no incident opens.

A status page's reading judges the service's next round (:meth:`Ledger.vendor`): a vendor's
outage while every check passes makes it degraded (``vendor_reported``); the open incident
keeps the vendor's incidents, a failure's notification its words (:func:`~.evidence.others_said`).

Maintenance windows (:mod:`~.maintenance`) are looked at as time passes and at each page's
reading; services whose window ended are judged at once (:meth:`take_rejudge`).

The outside network's readings of a failing service come through :meth:`Ledger.outside`: the
latest joins the verdict of its next rounds while its incident is open, is kept with the
incident (a line of its timeline), shown in its view, and carried by its notification of the
failure ("Seen from outside: ...") when that still waits to go out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, time
from enum import Enum

from trayapp.core.config.running import Config, Service, group_names
from trayapp.core.i18n import N_, _
from trayapp.core.incident import Incident
from trayapp.core.models import CheckResult, Status, TrayStatus
from trayapp.core.monitor.alerts import AlertPolicy, system_local_time, web_link
from trayapp.core.monitor.events import (
    Event,
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
    NetworkChanged,
    NoticeLink,
    StatusChanged,
)
from trayapp.core.monitor.evidence import others_said, others_say_down, vendor_opened
from trayapp.core.monitor.incidents import IncidentTracker
from trayapp.core.monitor.maintenance import Calendar
from trayapp.core.monitor.sink import HistorySink, Unwritten
from trayapp.core.monitor.state import Judgement, StatusBoard, Transition, settings_by_name
from trayapp.core.monitor.views import (
    MonitorSnapshot,
    ServiceView,
    ViewCache,
    service_links,
    status_page_of,
)
from trayapp.core.network import NetworkStatus, NetworkWords
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.phrases.notes import NO_LONGER_MONITORED
from trayapp.core.rounds import has_failure, judge_round
from trayapp.core.sources.model import Vantage
from trayapp.core.speech import Said, plain
from trayapp.core.store import RoundRecord
from trayapp.core.vendors.model import VendorReading
from trayapp.core.verdict import combine, opinion, outside_verdict

__all__ = ["Ledger", "MonitorSnapshot", "Rejudge", "ServiceView"]
_OF_A_SERVICE = (StatusChanged, IncidentOpened, IncidentUpdated, IncidentResolved)
"""The events that name one service: they say its group."""


class Rejudge(Enum):
    """When a service should next be judged, after news of it (a vendor's reading, what its
    vantage points see)."""

    NOW = "now"
    """The news can change its status or verdict: run its round now."""
    AT_INTERVAL = "at_interval"
    """Nothing it can change: its next round, at its interval, is soon enough."""


class Ledger:
    """Statuses, incidents and notifications of every service, kept round by round.

    Args:
        config: The config in force; :meth:`reconfigure` takes a new one.
        emit: Receives every event, in order.
        store: Keeps rounds and incidents (the :class:`~trayapp.core.store.Store`, or any
            other history); its open incidents are taken up again. None keeps nothing.
        local_time: The local wall-clock time of a moment, for quiet hours.
        open_incidents: Incidents to go on with, instead of the store's.
    """

    def __init__(
        self,
        config: Config,
        *,
        emit: Callable[[Event], None],
        store: HistorySink | None = None,
        local_time: Callable[[datetime], time] = system_local_time,
        open_incidents: Sequence[Incident] | None = None,
    ) -> None:
        self._emit_to = emit
        self._store = store
        if open_incidents is None:
            open_incidents = store.open_incidents() if store is not None else []
        self.board = StatusBoard()
        self.incidents = IncidentTracker(
            next_id=store.next_incident_id if store is not None else None,
            open_incidents=open_incidents,
        )
        self._groups: dict[str, str] = {}
        self.alerts = AlertPolicy(
            config.notifications,
            local_time=local_time,
            links=self._link,
            groups=lambda name: self._groups.get(name, ""),
        )
        self.alerts.recall(open_incidents)
        self._services: dict[str, Service] = {}
        self._last: dict[str, Judgement] = {}
        self._unwritten = Unwritten(store)
        self._since: dict[str, datetime] = {}
        self._readings: dict[str, VendorReading] = {}
        self._remote: dict[str, tuple[tuple[Vantage, ...], datetime]] = {}
        self._outside: dict[str, OutsideReading] = {}
        self._network_words = NetworkWords()
        self._calendar = Calendar()
        self._rejudge: set[str] = set()
        self._links: dict[str, tuple[str | None, str]] = {}  # see service_links()
        self._shown = ViewCache(self._view)
        self._configure(config)

    # --- what happens ----------------------------------------------------------------------

    def round(self, service: str, results: Sequence[CheckResult], at: datetime) -> Judgement:
        """One round of ``service``: judged, kept, its changes announced, its incident kept.

        Raises:
            KeyError: ``service`` is not configured.
        """
        self.tick(at)
        reading = self._readings.get(service)
        remote, remote_at = self._remote.get(service, ((), None))
        outside = self.outside_reading(service)
        combined = combine(
            judge_round(results),
            results,
            reading,
            service=service,
            remote=remote,
            remote_at=remote_at,
            outside=outside,
        )
        incident = self.incidents.open_incident(service)
        back_at = incident.recovered_at if incident is not None else None
        corroborated = has_failure(results) and others_say_down(
            reading, remote, outside, back_at=back_at
        )
        judgement = self.board.observe(
            service,
            combined.status,
            combined.results,
            at,
            combined.verdict,
            corroborated=corroborated,
        )
        self._last[service] = judgement
        self._shown.touch([service])
        if self._store is not None:
            # With the vendor's own result when its word made the status: the history says why.
            # A snoozed or paused service's rounds are kept as paused: its uptime counts them
            # neither way, as the user chose not to hear of it meanwhile.
            paused = self.board[service].status is Status.PAUSED
            status = Status.PAUSED if paused else judgement.round_status
            self._unwritten.add(RoundRecord(service, at, status, judgement.results))
        self._announce(judgement.changes)
        self._emit_all(self.incidents.observe(judgement))
        if reading is not None:
            self.incidents.note_vendor(service, reading, at)
        self._save()
        self._emit_all(self.alerts.flush(at))
        return judgement

    def vendor(self, service: str, reading: VendorReading, at: datetime) -> Rejudge:
        """A new reading of ``service``'s status page, for its next rounds and its incident.

        Returns:
            NOW when what the vendor says changed in a way that can change the service's
            status or verdict, or the vendor opened an incident. An unknown service (removed
            by a reload meanwhile) is ignored.
        """
        if service not in self._services:
            return Rejudge.AT_INTERVAL
        before = self._readings.get(service)
        self._readings[service] = reading
        self._shown.touch([service])
        self._announce(self._maintain(at, only=[service]))
        if self.incidents.note_vendor(service, reading, at):
            self._save()
        news = opinion(before) is not opinion(reading) or vendor_opened(before, reading)
        return Rejudge.NOW if news else Rejudge.AT_INTERVAL

    def remote(self, service: str, vantages: Sequence[Vantage], at: datetime) -> Rejudge:
        """What ``service``'s remote vantage points see now, for its next rounds.

        Returns:
            NOW when it changed in a way that can change the service's status or verdict.
            An unknown service is ignored.
        """
        if service not in self._services:
            return Rejudge.AT_INTERVAL
        before, _read_at = self._remote.get(service, ((), at))
        self._remote[service] = (tuple(vantages), at)
        self._shown.touch([service])
        moved = [(v.name, v.status) for v in before] != [(v.name, v.status) for v in vantages]
        return Rejudge.NOW if moved else Rejudge.AT_INTERVAL

    def outside(self, service: str, reading: OutsideReading, at: datetime) -> Rejudge:
        """The outside network's ``reading`` of ``service``, failing here: for its next rounds
        while its incident is open, kept with the incident, and in its waiting notification.

        Returns:
            NOW when it can change the service's verdict. A service without an open incident
            (back up meanwhile, or removed) is ignored.
        """
        if service not in self._services or self.incidents.open_incident(service) is None:
            return Rejudge.AT_INTERVAL
        before = self.outside_reading(service)
        self._outside[service] = reading
        self._shown.touch([service])
        if self.incidents.note_outside(service, reading, at):
            self._save()
        self.alerts.amend(service, self._said(service))
        moved = outside_verdict(before) is not outside_verdict(reading)
        return Rejudge.NOW if moved else Rejudge.AT_INTERVAL

    def outside_reading(self, service: str) -> OutsideReading | None:
        """The outside network's latest reading of ``service``'s open incident, if any."""
        reading = self._outside.get(service)
        incident = self.incidents.open_incident(service)
        if reading is None or incident is None or reading.measured_at < incident.started_at:
            return None
        return reading

    def reading(self, service: str) -> VendorReading | None:
        """The latest reading of ``service``'s status page, if it was read."""
        return self._readings.get(service)

    def flush(self) -> None:
        """Write the rounds kept since the last flush (the loop calls it when
        :meth:`next_deadline` says)."""
        self._unwritten.flush()

    def network(self, words: NetworkWords, at: datetime) -> NetworkChanged | None:
        """The canaries' verdict, its status in ``words``; the change, if the status changed."""
        self._network_words = words
        change, moved = self.board.network_verdict(words, at)
        self._shown.touch_all()
        if change is not None:
            self._emit(change)
            self.alerts.observe_network(change)
        self._announce(moved)
        self._emit_all(self.alerts.flush(at))
        return change

    def pause(self, service: str, at: datetime, until: datetime | None = None) -> None:
        """Snooze ``service`` until ``until``, or pause it until resumed."""
        moved = self.board.pause(service, at, until)
        self._shown.touch([service])
        self._announce([moved] if moved else [])

    def resume(self, service: str, at: datetime) -> None:
        """End ``service``'s snooze or pause."""
        moved = self.board.resume(service, at)
        self._shown.touch([service])
        self._announce([moved] if moved else [])

    def mute_until_back(self, service: str) -> bool:
        """Tell nothing more of ``service``'s outage but its recovery.

        Returns:
            False when it is not down or degraded: nothing is muted.
        """
        return self.alerts.mute_until_back(service)

    def distrust(self) -> None:
        """After a sleep or a network change: re-check each service's next failure."""
        self.board.distrust()

    def tick(self, now: datetime) -> None:
        """Time passes: maintenance, snoozes and flap windows end, notifications go out."""
        self._announce(self._maintain(now))
        self._announce(self.board.tick(now))
        self._emit_all(self.incidents.tick(now))
        self._save()
        self._emit_all(self.alerts.flush(now))

    def next_deadline(self) -> datetime | None:
        """When :meth:`tick` (or :meth:`flush`) next has something to do, if ever."""
        deadlines = [
            self._calendar.due,
            self.board.next_deadline(),
            self.incidents.next_deadline(),
            self.alerts.due(),
            self._unwritten.due,
        ]
        return min((d for d in deadlines if d is not None), default=None)

    def reconfigure(self, config: Config, at: datetime) -> None:
        """Take a new config: services added, retuned and removed, history kept by name."""
        removed = set(self._services) - {s.name for s in config.services}
        for name in sorted(removed):
            self._emit_all(self.incidents.close(name, at, NO_LONGER_MONITORED()))
            self._last.pop(name, None)
            self._since.pop(name, None)
        self._save()
        self.alerts.configure(config.notifications)
        self._configure(config)

    # --- what is shown ------------------------------------------------------------------------

    @property
    def tray_status(self) -> TrayStatus:
        """``offline``, else the worst status of the services (unknown when there are none)."""
        return self.board.tray_status

    @property
    def network_status(self) -> NetworkStatus:
        """Whether the user's own network works, as last judged."""
        return self.board.network

    @property
    def network_words(self) -> NetworkWords:
        """What is wrong with the network and what to do, as last judged."""
        return self._network_words

    def views(self) -> tuple[ServiceView, ...]:
        """Every service as the tray shows it, in the config's order: each view made again
        only when something of its service changed since the last call."""
        return self._shown.views(self.board.names)

    def _view(self, name: str) -> ServiceView:
        state, service, last = self.board[name], self._services[name], self._last.get(name)
        failing = state.judged in (Status.DOWN, Status.DEGRADED, Status.UNKNOWN) or (
            state.status is Status.MAINTENANCE
        )
        failures = last.failures if last is not None and failing else ()
        incident = self.incidents.open_incident(name)
        url, source = self._links[name]
        return ServiceView(
            name=name,
            status=state.status,
            since=self._since.get(name),
            cause=failures[0].cause if failures else None,
            detail=failures[0].detail if failures else "",
            last_checked=last.at if last is not None else None,
            last_elapsed_ms=max((r.elapsed_ms for r in last.results), default=None)
            if last is not None
            else None,
            paused_until=state.paused_until,
            url=url,
            status_page=service.status_page,
            incident_id=incident.id if incident is not None else None,
            vendor=self._vendor_text(name),
            remote=self._remote.get(name, ((), None))[0],
            source=source,
            outside=self.outside_reading(name),
            maintenance=state.maintenance,
            group=self._groups.get(name, ""),
        )

    def _link(self, name: str) -> NoticeLink | None:
        """What a notification of ``name`` offers to open: its status page, else its site."""
        service = self._services.get(name)
        if service is None:
            return None
        if service.status_page:
            return web_link(N_("Open status page"), service.status_page)
        return web_link(N_("Open site"), service.first_url)

    def _vendor_text(self, name: str) -> str:
        """What the status page of ``name`` says, for people (the tray's view)."""
        reading = self._readings.get(name)
        if reading is None:
            return ""
        # Translators: {service} is a service's name; {reading} what its status page says.
        return _("{service} status: {reading}").format(service=name, reading=reading.summary())

    def open_incidents(self) -> list[Incident]:
        """Every open incident, recovering or not."""
        return self.incidents.open_incidents()

    # --- the steps ----------------------------------------------------------------------------

    def _configure(self, config: Config) -> None:
        settings = settings_by_name(config)
        old, self._services = self._services, {s.name: s for s in config.services}
        self._groups = group_names(config.services)
        # A reading of a page (or component) the service no longer follows says nothing.
        self._readings = {
            name: reading
            for name, reading in self._readings.items()
            if name in self._services
            and name in old
            and status_page_of(old[name]) == status_page_of(self._services[name])
        }
        # Vantage points of targets the service no longer names say nothing of it.
        self._remote = {
            name: remote
            for name, remote in self._remote.items()
            if name in self._services
            and name in old
            and old[name].remote == self._services[name].remote
        }
        self._outside = {n: r for n, r in self._outside.items() if n in self._services}
        self._links = {name: service_links(s) for name, s in self._services.items()}
        self._shown.touch_all()
        self._calendar.configure(config.maintenance, self._services)
        self.board.configure(settings)
        self.incidents.configure(settings)

    def take_rejudge(self) -> list[str]:
        """The services whose maintenance window ended since the last call, to judge now."""
        names, self._rejudge = sorted(self._rejudge), set()
        return names

    def _maintain(self, now: datetime, *, only: Iterable[str] | None = None) -> list[Transition]:
        """Put the services in their maintenance at ``now``; their changes of status."""
        moved = []
        for name, span in self._calendar.changes(now, self._services, self._readings, only=only):
            if span is None:
                self._rejudge.add(name)
            self._shown.touch([name])
            if (change := self.board.maintain(name, span, now)) is not None:
                moved.append(change)
        return moved

    def _announce(self, changes: Iterable[Transition]) -> None:
        for change in changes:
            self._since[change.service] = change.since
            self._shown.touch([change.service])
            self._emit(change.to_event())
            self.alerts.observe(change, self._said_of(change))

    def _said_of(self, change: Transition) -> Said:
        """What others say of a service going down or degraded, for its notification: the
        vendor's words when its page says something, else what its remote vantage points see;
        "" for any other change, or when none says anything."""
        if change.after not in (Status.DOWN, Status.DEGRADED):
            return plain("")
        return self._said(change.service)

    def _said(self, service: str) -> Said:
        """What others say of a failing ``service`` (see :func:`~.evidence.others_said`)."""
        remote, _read_at = self._remote.get(service, ((), None))
        reading, outside = self._readings.get(service), self.outside_reading(service)
        brought = bool(self._links[service][1])
        return others_said(service, reading, remote, outside, brought=brought)

    def _emit(self, event: Event) -> None:
        """Emit ``event``; one of a service in a group says the group."""
        if isinstance(event, _OF_A_SERVICE) and event.service in self._groups:
            event = replace(event, group=self._groups[event.service])
        self._emit_to(event)

    def _emit_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self._emit(event)

    def _save(self) -> None:
        changed = self.incidents.take_changed()
        self._shown.touch(incident.service for incident in changed)
        if changed and self._store is not None:
            self._store.save_incidents(changed)
