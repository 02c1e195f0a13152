"""An incident as a record: a period during which a service was not up.

What the monitor's tracker (:mod:`trayapp.core.monitor.incidents`) makes, the store keeps and
the windows show. Immutable: the tracker replaces an incident as it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from trayapp.core.clock import iso_utc
from trayapp.core.i18n import pgettext
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.speech import IN_ENGLISH, Speech
from trayapp.core.vendors.model import VendorIncident

__all__ = ["Incident", "Note", "NoteKind", "format_length"]


def format_length(seconds: float, say: Speech = IN_ENGLISH) -> str:
    """A length of time as a person says it: ``45 s``, ``41 min``, ``1 h 5 min``, ``2 d 3 h``.

    Args:
        seconds: The length (below 0 counts as 0).
        say: The language: English by default (the history's notes and the JSON's words keep
            it); :data:`~trayapp.core.speech.SHOWN` for people (``1 Std. 5 Min.``).
    """
    whole = max(0, round(seconds))
    if whole < 60:
        # Translators: a length of time; "s" is the SI symbol of seconds.
        return say._("{seconds} s").format(seconds=say.count(whole))
    minutes = round(whole / 60)
    if minutes < 60:
        # Translators: a length of time in minutes, abbreviated.
        return say._("{minutes} min").format(minutes=say.count(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes:
            # Translators: a length of time in hours and minutes, abbreviated.
            text = say._("{hours} h {minutes} min")
            return text.format(hours=say.count(hours), minutes=say.count(minutes))
        # Translators: a length of time in hours, abbreviated.
        return say._("{hours} h").format(hours=say.count(hours))
    days, hours = divmod(hours, 24)
    if hours:
        # Translators: a length of time in days and hours, abbreviated.
        return say._("{days} d {hours} h").format(days=say.count(days), hours=say.count(hours))
    # Translators: a length of time in days, abbreviated.
    return say._("{days} d").format(days=say.count(days))


class NoteKind(StrEnum):
    """What a line of an incident's timeline tells."""

    OPENED = "opened"
    CAUSE = "cause"
    SEVERITY = "severity"
    RECOVERED = "recovered"
    FLAPPED = "flapped"
    RESOLVED = "resolved"
    VERDICT = "verdict"
    VENDOR = "vendor"
    """What the vendor's status page said: a new incident of its own, or a new update."""
    OUTSIDE = "outside"
    """What the outside network found: "Seen from outside: loads from 4 of 5 places: ..."."""


@dataclass(frozen=True, slots=True)
class Note:
    """One line of an incident's timeline, for the incidents window."""

    at: datetime
    kind: NoteKind
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """A period during which a service was not up."""

    id: int
    service: str
    started_at: datetime
    severity: Status
    """The worst status seen: down or degraded."""
    causes: tuple[Cause, ...] = ()
    """Every cause seen, in the order first seen."""
    first_error: str = ""
    last_error: str = ""
    flaps: int = 0
    recovered_at: datetime | None = None
    """Set while the service is back up and the flap window runs; cleared by a flap."""
    ended_at: datetime | None = None
    """Set when resolved: the moment the service last came back."""
    verdict: Verdict | None = None
    notes: tuple[Note, ...] = ()
    vendor_incidents: tuple[VendorIncident, ...] = ()
    """The vendor's own incidents seen open while this one was, as last seen."""
    outside: tuple[OutsideReading, ...] = ()
    """The outside network's readings taken while this one was open, oldest first."""

    @property
    def is_open(self) -> bool:
        """True until resolved (recovering incidents are still open)."""
        return self.ended_at is None

    @property
    def stage(self) -> str:
        """``open``, ``recovering`` (back up, the flap window still running) or ``resolved``."""
        if not self.is_open:
            return "resolved"
        return "open" if self.recovered_at is None else "recovering"

    @property
    def shown_stage(self) -> str:
        """:attr:`stage` for people, in their language: ``recovering`` (``erholt sich``)."""
        if not self.is_open:
            return pgettext("incident stage", "resolved")
        if self.recovered_at is None:
            return pgettext("incident stage", "open")
        # Translators: an incident whose service is back up, watched a while for a relapse.
        return pgettext("incident stage", "recovering")

    @property
    def outage_started_at(self) -> datetime:
        """When the current (or last) outage of this incident began: the start, or the last flap."""
        starts = [n.at for n in self.notes if n.kind in (NoteKind.OPENED, NoteKind.FLAPPED)]
        return max(starts, default=self.started_at)

    def duration_s(self, now: datetime) -> float:
        """Seconds from the start to the end, or to ``now`` while open."""
        end = self.ended_at if self.ended_at is not None else now
        return round((end - self.started_at).total_seconds(), 3)

    def to_record(self, now: datetime) -> dict[str, object]:
        """The object ``trayapp incidents --json`` prints (``now`` measures open ones)."""
        return {
            "id": self.id,
            "service": self.service,
            "status": "open" if self.is_open else "resolved",
            "severity": self.severity.value,
            "started_at": iso_utc(self.started_at),
            "ended_at": None if self.ended_at is None else iso_utc(self.ended_at),
            "duration_s": self.duration_s(now),
            "causes": [cause.value for cause in self.causes],
            "first_error": self.first_error,
            "last_error": self.last_error,
            "flaps": self.flaps,
            "verdict": None if self.verdict is None else self.verdict.value,
            "vendor_incidents": [v.to_json() for v in self.vendor_incidents],
            "outside": [reading.to_json() for reading in self.outside],
        }
