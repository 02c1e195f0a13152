"""The incidents window's words: an incident's status, verdict, causes and timeline as text.

Pure functions over :class:`~trayapp.core.incident.Incident`, without Qt, shared by the table,
the details pane and the clipboard. Remote text (errors, timeline notes) passes through as it
is; the widgets that show it are the ones that must keep it plain.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from trayapp.core.incident import Incident, Note, format_length
from trayapp.core.models import Cause, Verdict
from trayapp.core.report import local_time_text

__all__ = [
    "causes_text",
    "details_text",
    "duration_text",
    "status_word",
    "timeline_text",
    "verdict_text",
    "verdict_words",
]


def status_word(incident: Incident) -> str:
    """``open``, ``recovering`` (back up, the flap window still running) or ``resolved``."""
    return incident.stage


def verdict_words(verdict: Verdict | None) -> str:
    """Who is affected, in words (``down for everyone``); empty while not known."""
    return "" if verdict is None else verdict.words


_NOT_KNOWN = {
    # (degraded only, the outside network measured nothing, still open): the whole sentence
    (True, False, True): "not known yet: it only degraded, and no status page or vantage point "
    "has reported a problem",
    (True, False, False): "not known: it only degraded, and no status page or vantage point "
    "reported a problem",
    (False, True, True): "not known yet: the outside network could not measure it, and no "
    "status page or vantage point has said anything",
    (False, True, False): "not known: the outside network could not measure it, and no status "
    "page or vantage point said anything",
    (False, False, True): "not known yet: no status page, vantage point or outside measurement "
    "has said anything",
    (False, False, False): "not known: no status page, vantage point or outside measurement "
    "said anything",
}


def verdict_text(incident: Incident) -> str:
    """Who is affected, in words (``down for everyone``); while not known, why not, from what
    the incident records (see :mod:`trayapp.core.verdict` for what makes a verdict):

    - it only degraded (every cause leaves the service answering): a verdict comes only from
      a status page or a vantage point reporting a problem;
    - the outside network was asked but no place measured anything;
    - otherwise nothing else looked at the service: it has no status page, or its page says
      nothing readable, no vantage point, and the outside network is off or was not asked.

    Open incidents say "not known yet": the next reading may tell.
    """
    if incident.verdict is not None:
        return incident.verdict.words
    degraded = bool(incident.causes) and all(cause.degrades for cause in incident.causes)
    unmeasured = not degraded and bool(incident.outside)
    return _NOT_KNOWN[degraded, unmeasured, incident.is_open]


def causes_text(causes: Iterable[Cause]) -> str:
    """The causes in the order first seen: ``timeout, http_status``."""
    return ", ".join(cause.value for cause in causes)


def duration_text(incident: Incident, now: datetime) -> str:
    """How long it lasted, or has lasted so far: ``1 h 5 min``, ``41 min so far``."""
    length = format_length(incident.duration_s(now))
    return f"{length} so far" if incident.is_open else length


def timeline_text(notes: Iterable[Note]) -> str:
    """The timeline, one note a line: ``2012-07-26 11:23:00  Went down: ...``."""
    # A note is one line whatever a server put in it, so the timeline stays one line a note.
    return "\n".join(
        f"{local_time_text(note.at)}  {' '.join(note.text.splitlines())}" for note in notes
    )


def details_text(incident: Incident, now: datetime) -> str:
    """The details pane as plain text, for the clipboard."""
    ended = "—" if incident.ended_at is None else local_time_text(incident.ended_at)
    lines = [
        f"{incident.service} — incident #{incident.id}",
        f"Severity: {incident.severity.value}",
        f"Status: {status_word(incident)}",
        f"Started: {local_time_text(incident.started_at)}",
        f"Ended: {ended}",
        f"Duration: {duration_text(incident, now)}",
        f"Flaps: {incident.flaps}",
        f"Verdict: {verdict_text(incident)}",
        f"Causes: {causes_text(incident.causes) or '—'}",
        "",
        "Timeline:",
        timeline_text(incident.notes) or "(no notes)",
        "",
        "First error:",
        incident.first_error or "(none)",
        "",
        "Last error:",
        incident.last_error or "(none)",
    ]
    return "\n".join(lines) + "\n"
