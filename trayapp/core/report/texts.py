"""Events and incidents in words, for ``trayapp watch`` and ``trayapp incidents``.

The JSON forms belong to the events and incidents themselves; these are the lines a person
reads in a terminal. Names and details came from the config or from servers, so they pass
through :func:`~trayapp.core.text.printable` (no control characters, no escapes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from trayapp.core.incident import Incident, format_length
from trayapp.core.monitor.events import (
    Event,
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
    NetworkChanged,
    Notification,
    StatusChanged,
)
from trayapp.core.network import NetworkStatus
from trayapp.core.text import plural, printable

__all__ = ["event_line", "incidents_table", "local_time_text"]


def local_time_text(moment: datetime) -> str:
    """``moment`` on this machine's clock: ``2012-07-26 11:23:05``."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def event_line(event: Event) -> str:
    """One line saying what happened, with the local time first."""
    return f"{local_time_text(event.at)}  {_what(event)}"


def _what(event: Event) -> str:
    if isinstance(event, StatusChanged):
        cause = f" ({event.cause.value})" if event.cause is not None else ""
        return f"{printable(event.service)}: {event.from_.value} -> {event.to.value}{cause}"
    if isinstance(event, IncidentOpened):
        cause = f", {event.cause.value}" if event.cause is not None else ""
        verdict = f", {event.verdict.words}" if event.verdict else ""
        return (
            f"{printable(event.service)}: incident #{event.id} opened "
            f"({event.severity.value}{cause}{verdict})"
        )
    if isinstance(event, IncidentUpdated):
        said = {
            "flap": f"flapped (flap {event.flaps})",
            "cause": f"new cause {event.cause.value if event.cause else 'unknown'}",
            "severity": f"now {event.severity.value}",
            "verdict": f"verdict {event.verdict.words if event.verdict else 'unknown'}",
        }[event.change]
        return f"{printable(event.service)}: incident #{event.id} {said}"
    if isinstance(event, IncidentResolved):
        flaps = f", {plural(event.flaps, 'flap')}" if event.flaps else ""
        return (
            f"{printable(event.service)}: incident #{event.id} resolved after "
            f"{format_length(event.duration_s)}{flaps}"
        )
    if isinstance(event, NetworkChanged):
        if event.to is NetworkStatus.OFFLINE:
            return "network: offline - your own connection is down (just you)"
        return "network: back online"
    if isinstance(event, Notification):
        body = " / ".join(printable(line) for line in event.body.splitlines() if line)
        return f"notification: {printable(event.title)}" + (f" - {body}" if body else "")
    raise TypeError(f"not an event: {event!r}")


def incidents_table(incidents: Sequence[Incident], now: datetime) -> str:
    """The incidents as a table, as listed (latest first)."""
    if not incidents:
        return "no incidents"
    rows = [("ID", "SERVICE", "STATUS", "SEVERITY", "STARTED", "LASTED", "FLAPS", "CAUSES")]
    for incident in incidents:
        rows.append(
            (
                str(incident.id),
                printable(incident.service, 30),
                incident.stage,
                incident.severity.value,
                local_time_text(incident.started_at),
                format_length(incident.duration_s(now)),
                str(incident.flaps),
                ", ".join(cause.value for cause in incident.causes) or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    )
