"""Events and incidents in words, for ``trayapp watch`` and ``trayapp incidents``.

The JSON forms belong to the events and incidents themselves; these are the lines a person
reads in a terminal. Names and details came from the config or from servers, so they pass
through :func:`~trayapp.core.text.printable` (no control characters, no escapes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext, pgettext
from trayapp.core.incident import Incident
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
from trayapp.core.report.words import local_time_text
from trayapp.core.text import length_text, printable

__all__ = ["event_line", "incidents_table", "local_time_text"]


def event_line(event: Event) -> str:
    """One line saying what happened, with the local time first."""
    return f"{local_time_text(event.at)}  {_what(event)}"


def _what(event: Event) -> str:
    if isinstance(event, StatusChanged):
        service = printable(event.service)
        was, now = event.from_.word, event.to.word
        if event.cause is None:
            # Translators: a line of "trayapp watch": a service's status changed.
            return _("{service}: {was} -> {now}").format(service=service, was=was, now=now)
        # Translators: a line of "trayapp watch": a service's status changed, and why.
        return _("{service}: {was} -> {now} ({cause})").format(
            service=service, was=was, now=now, cause=event.cause.shown
        )
    if isinstance(event, IncidentOpened):
        why = ", ".join(
            [
                event.severity.word,
                *([event.cause.shown] if event.cause is not None else []),
                *([event.verdict.shown] if event.verdict else []),
            ]
        )
        # Translators: {why} is the incident's severity, its cause and verdict ("down, timeout").
        return _("{service}: incident #{id} opened ({why})").format(
            service=printable(event.service), id=event.id, why=why
        )
    if isinstance(event, IncidentUpdated):
        return _updated(event)
    if isinstance(event, IncidentResolved):
        took = length_text(event.duration_s)
        if event.flaps:
            return ngettext(
                "{service}: incident #{id} resolved after {length}, {count} flap",
                "{service}: incident #{id} resolved after {length}, {count} flaps",
                event.flaps,
            ).format(
                service=printable(event.service),
                id=event.id,
                length=took,
                count=format_number(event.flaps),
            )
        return _("{service}: incident #{id} resolved after {length}").format(
            service=printable(event.service), id=event.id, length=took
        )
    if isinstance(event, NetworkChanged):
        if event.to is NetworkStatus.OFFLINE:
            return _("network: offline - your own connection is down (just you)")
        return _("network: back online")
    if isinstance(event, Notification):
        body = " / ".join(printable(line) for line in event.body.splitlines() if line)
        if body:
            # Translators: a line of "trayapp watch": a notification shown, its title and text.
            return _("notification: {title} - {body}").format(
                title=printable(event.title), body=body
            )
        return _("notification: {title}").format(title=printable(event.title))
    raise TypeError(f"not an event: {event!r}")


def _updated(event: IncidentUpdated) -> str:
    service, number = printable(event.service), event.id
    match event.change:
        case "flap":
            # Translators: an open incident's service failed again; {flaps} counts the times.
            return _("{service}: incident #{id} flapped (flap {flaps})").format(
                service=service, id=number, flaps=format_number(event.flaps)
            )
        case "cause":
            cause = event.cause.shown if event.cause else pgettext("cause", "unknown")
            return _("{service}: incident #{id} new cause {cause}").format(
                service=service, id=number, cause=cause
            )
        case "severity":
            return _("{service}: incident #{id} now {status}").format(
                service=service, id=number, status=event.severity.word
            )
    verdict = event.verdict.shown if event.verdict else pgettext("verdict", "unknown")
    return _("{service}: incident #{id} verdict {verdict}").format(
        service=service, id=number, verdict=verdict
    )


def incidents_table(incidents: Sequence[Incident], now: datetime) -> str:
    """The incidents as a table, as listed (latest first)."""
    if not incidents:
        return _("no incidents")
    rows = [
        (
            pgettext("incidents table heading", "ID"),
            pgettext("incidents table heading", "SERVICE"),
            pgettext("incidents table heading", "STATUS"),
            pgettext("incidents table heading", "SEVERITY"),
            pgettext("incidents table heading", "STARTED"),
            pgettext("incidents table heading", "LASTED"),
            pgettext("incidents table heading", "FLAPS"),
            pgettext("incidents table heading", "CAUSES"),
        )
    ]
    for incident in incidents:
        rows.append(
            (
                str(incident.id),
                printable(incident.service, 30),
                incident.shown_stage,
                incident.severity.word,
                local_time_text(incident.started_at),
                length_text(incident.duration_s(now)),
                format_number(incident.flaps),
                ", ".join(cause.shown for cause in incident.causes) or "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    )
