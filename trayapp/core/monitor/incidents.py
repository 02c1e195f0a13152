"""Incidents: the periods during which a service was not up, with their causes and flaps.

An incident's life, driven by the :class:`~trayapp.core.monitor.state.Judgement` of every round::

    opened      the service's status leaves up; started_at is the first failed round of
                the run that took it down, first_error that round's failure
    updated     a cause not seen before (causes keep the order they were first seen),
                a worse severity (degraded -> down), or a flap
    recovering  the service is up again (recovered_at: the first good round); the recovery
                is announced at once, but the incident stays open for ``flap_window``
    flap        a failure that began inside the window: the same incident goes on
    resolved    the window closed with the service up; ended_at is the last recovery

Who is affected (the verdict: down for everyone, down for you, vendor reported) comes with
each failed round's judgement, from the vendor's status page; a new one is noted and
announced. While an incident is open, the vendor's own open incidents are kept with it
(``vendor_incidents``), and each new one, or new word in one, is a line of its timeline; so
is each reading of the outside network (``outside``, oldest first).

Unknown (offline, or the first rounds of a start) neither ends nor opens an incident: a
service that was down and comes back down after the network returns is the same incident.
Neither does a failure inside a maintenance window: an incident open when the window begins
stays open (recovering and resolving as ever when the service comes back), and one that
recovered may resolve meanwhile, its flap window closing without a flap.

Incidents are immutable snapshots; the tracker replaces them as they change and hands the
changed ones to the store through :meth:`IncidentTracker.take_changed`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from trayapp.core.config.running import Defaults, ServiceSettings
from trayapp.core.incident import Incident, Note, NoteKind, format_length
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor.events import (
    Event,
    IncidentChange,
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
)
from trayapp.core.monitor.state import Failure, Judgement
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.phrases import notes as timeline
from trayapp.core.vendors.model import VendorReading

__all__ = [
    "DEFAULT_FLAP_WINDOW",
    "MAX_OUTSIDE_READINGS",
    "MAX_VENDOR_INCIDENTS",
    "Incident",
    "IncidentTracker",
    "Note",
    "NoteKind",
    "format_length",
]

DEFAULT_FLAP_WINDOW: float = Defaults().flap_window
MAX_VENDOR_INCIDENTS = 20
"""Vendor incidents kept with one incident, at most: a busy status page cannot grow it."""
MAX_OUTSIDE_READINGS = 50
"""Outside readings kept with one incident, at most (eight hours at the default interval)."""
_FAILING = (Status.DOWN, Status.DEGRADED)


@dataclass(slots=True)
class _Trail:
    """A service's recent rounds, as far as incidents care: the failures not yet confirmed."""

    bad_since: datetime | None = None
    first: Failure | None = None
    last: Failure | None = None
    causes: dict[Cause, None] = field(default_factory=dict)
    good_since: datetime | None = None

    def extend(self, judgement: Judgement) -> None:
        if judgement.round_status is Status.UP:
            self.bad_since, self.first, self.last = None, None, None
            self.causes.clear()
            self.good_since = self.good_since or judgement.at
            return
        self.good_since = None
        if self.bad_since is None:
            self.bad_since = judgement.at
        failures = judgement.failures
        for failure in failures:
            self.first = self.first or failure
            self.causes.setdefault(failure.cause)
        self.last = failures[0] if failures else self.last

    def forget_failures(self) -> None:
        """The failures were written into an incident; keep only when the run began."""
        self.first, self.last = None, None
        self.causes.clear()


class IncidentTracker:
    """Opens, updates and resolves each service's incident, one round at a time.

    Args:
        next_id: Gives each new incident its id; the loop passes the store's
            :meth:`~trayapp.core.store.history.Store.next_incident_id`. Counts from 1 by default.
        open_incidents: Incidents left open by the last run (from the store), to go on with.
    """

    def __init__(
        self,
        *,
        next_id: Callable[[], int] | None = None,
        open_incidents: Iterable[Incident] = (),
    ):
        self._next_id = next_id or itertools.count(1).__next__
        self._open: dict[str, Incident] = {i.service: i for i in open_incidents if i.is_open}
        self._trails: dict[str, _Trail] = {}
        self._windows: dict[str, float] = {}
        self._changed: dict[int, Incident] = {}

    def configure(self, settings: Mapping[str, ServiceSettings]) -> None:
        """Take each service's ``flap_window`` (unknown services get the default)."""
        self._windows = {name: chosen.flap_window for name, chosen in settings.items()}

    def open_incident(self, service: str) -> Incident | None:
        """``service``'s open incident, recovering or not."""
        return self._open.get(service)

    def open_incidents(self) -> list[Incident]:
        """Every open incident."""
        return list(self._open.values())

    def take_changed(self) -> list[Incident]:
        """The incidents changed since the last call, as they are now: what to save."""
        changed, self._changed = list(self._changed.values()), {}
        return changed

    def next_deadline(self) -> datetime | None:
        """When the earliest flap window closes, for the loop to call :meth:`tick`.

        A window that closed while a failure was in progress is not counted: the service's
        next round settles it (a flap or the end), so the loop has no reason to wake for it.
        """
        return min(
            (
                self._deadline(incident)
                for incident in self._open.values()
                if incident.recovered_at is not None and not self._waiting(incident)
            ),
            default=None,
        )

    def observe(self, judgement: Judgement) -> list[Event]:
        """Take one round's judgement; the incident events it caused, in order."""
        if not judgement.counted:
            if judgement.round_status is Status.MAINTENANCE:
                # A failure a maintenance window excused ends the run the trail gathers: one
                # that outlasts the window begins after it.
                self._trails.pop(judgement.service, None)
            return self.tick(judgement.at)
        service, at = judgement.service, judgement.at
        trail = self._trails.setdefault(service, _Trail())
        trail.extend(judgement)
        events: list[Event] = []
        incident = self._open.get(service)
        if judgement.status in _FAILING:
            if incident is not None and incident.recovered_at is not None:
                assert trail.bad_since is not None  # the service failed again
                if trail.bad_since >= self._deadline(incident):
                    events += self._resolve(incident, at)
                    incident = None
                else:
                    incident = self._flap(incident, trail, at, events)
            if incident is None:
                self._start(judgement, trail, events)
            else:
                self._follow(incident, judgement, trail, events)
        elif judgement.status is Status.UP and incident and incident.recovered_at is None:
            recovered = trail.good_since or at
            outage = format_length((recovered - incident.outage_started_at).total_seconds())
            note = Note(recovered, NoteKind.RECOVERED, timeline.BACK_UP(length=outage))
            self._save(replace(incident, recovered_at=recovered, notes=(*incident.notes, note)))
        return events + self.tick(at)

    def tick(self, now: datetime) -> list[Event]:
        """Resolve the incidents whose flap window closed by ``now`` with the service up."""
        events: list[Event] = []
        for incident in list(self._open.values()):
            if incident.recovered_at is None or now < self._deadline(incident):
                continue
            if not self._waiting(incident):
                events += self._resolve(incident, now)
        return events

    def note_verdict(self, service: str, verdict: Verdict, at: datetime) -> None:
        """Record who is affected by ``service``'s open incident, when that is known or changes."""
        incident = self._open.get(service)
        if incident is None or incident.verdict is verdict:
            return
        text = _verdict_text(verdict)
        self._save(
            replace(
                incident,
                verdict=verdict,
                notes=(*incident.notes, Note(at, NoteKind.VERDICT, text)),
            )
        )

    def note_vendor(self, service: str, reading: VendorReading, at: datetime) -> bool:
        """Keep the open incidents ``reading`` lists with ``service``'s open incident, if any;
        whether anything new was noted."""
        incident = self._open.get(service)
        if incident is None or not reading.parsed or not reading.incidents:
            return False
        kept = list(incident.vendor_incidents)
        notes = list(incident.notes)
        for seen in reading.incidents:
            index = next((i for i, v in enumerate(kept) if v.key == seen.key), None)
            if index is None and len(kept) >= MAX_VENDOR_INCIDENTS:
                continue
            before = kept[index] if index is not None else None
            if before == seen:
                continue
            if index is None:
                kept.append(seen)
            else:
                kept[index] = seen
            if before is None or (before.status, before.latest_update) != (
                seen.status,
                seen.latest_update,
            ):
                said = timeline.VENDOR_SAYS(service=service, update=seen.titled())
                notes.append(Note(at, NoteKind.VENDOR, said))
        if kept == list(incident.vendor_incidents):
            return False
        self._save(replace(incident, vendor_incidents=tuple(kept), notes=tuple(notes)))
        return True

    def note_outside(self, service: str, reading: OutsideReading, at: datetime) -> bool:
        """Keep ``reading`` with ``service``'s open incident, and a line of its timeline;
        whether there was one to keep it with. At most :data:`MAX_OUTSIDE_READINGS` are
        kept: the first, and the latest."""
        incident = self._open.get(service)
        if incident is None:
            return False
        kept = (*incident.outside, reading)
        if len(kept) > MAX_OUTSIDE_READINGS:
            kept = (kept[0], *kept[len(kept) - MAX_OUTSIDE_READINGS + 1 :])
        note = Note(at, NoteKind.OUTSIDE, timeline.SEEN_FROM_OUTSIDE(summary=reading.summary))
        self._save(replace(incident, outside=kept, notes=(*incident.notes, note)))
        return True

    def close(self, service: str, at: datetime, reason: str) -> list[Event]:
        """End ``service``'s open incident now, e.g. because it is no longer monitored."""
        incident = self._open.get(service)
        if incident is None:
            return []
        self._trails.pop(service, None)
        ended = incident.recovered_at or at
        note = Note(at, NoteKind.RESOLVED, reason)
        return self._finish(incident, ended, at, note)

    # --- the steps -----------------------------------------------------------------------

    def _waiting(self, incident: Incident) -> bool:
        """Whether a failure that began inside the flap window may still become a flap."""
        trail = self._trails.get(incident.service)
        pending = None if trail is None else trail.bad_since
        return pending is not None and pending < self._deadline(incident)

    def _deadline(self, incident: Incident) -> datetime:
        assert incident.recovered_at is not None
        window = self._windows.get(incident.service, DEFAULT_FLAP_WINDOW)
        return incident.recovered_at + timedelta(seconds=window)

    def _save(self, incident: Incident) -> Incident:
        if incident.is_open:
            self._open[incident.service] = incident
        else:
            self._open.pop(incident.service, None)
        self._changed[incident.id] = incident
        return incident

    def _start(self, judgement: Judgement, trail: _Trail, events: list[Event]) -> None:
        started = trail.bad_since or judgement.at
        first = str(trail.first) if trail.first else judgement.status.value
        opened = timeline.WENT_DOWN if judgement.status is Status.DOWN else timeline.DEGRADED
        notes = [Note(started, NoteKind.OPENED, opened(failure=first))]
        if judgement.verdict is not None:
            notes.append(Note(judgement.at, NoteKind.VERDICT, _verdict_text(judgement.verdict)))
        incident = self._save(
            Incident(
                id=self._next_id(),
                service=judgement.service,
                started_at=started,
                severity=judgement.status,
                causes=tuple(trail.causes),
                first_error=first,
                last_error=str(trail.last) if trail.last else first,
                verdict=judgement.verdict,
                notes=tuple(notes),
            )
        )
        trail.forget_failures()
        events.append(
            IncidentOpened(
                at=judgement.at,
                id=incident.id,
                service=incident.service,
                severity=incident.severity,
                cause=next(iter(incident.causes), None),
                started_at=started,
                verdict=incident.verdict,
            )
        )

    def _flap(
        self, incident: Incident, trail: _Trail, at: datetime, events: list[Event]
    ) -> Incident:
        assert trail.bad_since is not None
        flaps = incident.flaps + 1
        if trail.first:
            said = timeline.FAILED_AGAIN_WITH(flaps=flaps, failure=trail.first)
        else:
            said = timeline.FAILED_AGAIN(flaps=flaps)
        note = Note(trail.bad_since, NoteKind.FLAPPED, said)
        incident = self._save(
            replace(incident, flaps=flaps, recovered_at=None, notes=(*incident.notes, note))
        )
        events.append(
            IncidentUpdated(
                at=at,
                id=incident.id,
                service=incident.service,
                change="flap",
                cause=trail.first.cause if trail.first else None,
                severity=incident.severity,
                flaps=flaps,
                verdict=incident.verdict,
            )
        )
        return incident

    def _follow(
        self, incident: Incident, judgement: Judgement, trail: _Trail, events: list[Event]
    ) -> None:
        """Add what this round (and the unconfirmed rounds before it) showed."""
        if judgement.round_status is Status.UP and not trail.causes:
            return
        at, notes, causes = judgement.at, list(incident.notes), list(incident.causes)
        failures = judgement.failures
        changes: list[tuple[IncidentChange, Cause | None]] = []
        for cause in dict.fromkeys([*trail.causes, *(f.cause for f in failures)]):
            if cause not in causes:
                causes.append(cause)
                detail = next((f for f in failures if f.cause is cause), None)
                said = timeline.NEW_CAUSE(failure=detail or cause.value)
                notes.append(Note(at, NoteKind.CAUSE, said))
                changes.append(("cause", cause))
        severity = incident.severity
        if judgement.status.severity > severity.severity:
            notes.append(Note(at, NoteKind.SEVERITY, timeline.NOW(status=judgement.status.value)))
            severity = judgement.status
            changes.append(("severity", failures[0].cause if failures else None))
        verdict = incident.verdict
        if judgement.verdict is not None and judgement.verdict is not verdict:
            verdict = judgement.verdict
            notes.append(Note(at, NoteKind.VERDICT, _verdict_text(verdict)))
            changes.append(("verdict", failures[0].cause if failures else None))
        last = failures[0] if failures else trail.last
        incident = self._save(
            replace(
                incident,
                causes=tuple(causes),
                severity=severity,
                last_error=str(last) if last else incident.last_error,
                verdict=verdict,
                notes=tuple(notes),
            )
        )
        trail.forget_failures()
        for change, reason in changes:
            events.append(
                IncidentUpdated(
                    at=at,
                    id=incident.id,
                    service=incident.service,
                    change=change,
                    cause=reason,
                    severity=incident.severity,
                    flaps=incident.flaps,
                    verdict=incident.verdict,
                )
            )

    def _resolve(self, incident: Incident, at: datetime) -> list[Event]:
        assert incident.recovered_at is not None
        window = self._windows.get(incident.service, DEFAULT_FLAP_WINDOW)
        text = timeline.RESOLVED(length=format_length(window))
        return self._finish(incident, incident.recovered_at, at, Note(at, NoteKind.RESOLVED, text))

    def _finish(self, incident: Incident, ended: datetime, at: datetime, note: Note) -> list[Event]:
        incident = self._save(
            replace(incident, ended_at=ended, recovered_at=None, notes=(*incident.notes, note))
        )
        return [
            IncidentResolved(
                at=at,
                id=incident.id,
                service=incident.service,
                started_at=incident.started_at,
                ended_at=ended,
                flaps=incident.flaps,
            )
        ]


def _verdict_text(verdict: Verdict) -> str:
    return timeline.VERDICT(verdict=verdict.words)
