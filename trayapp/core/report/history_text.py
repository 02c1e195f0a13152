"""``trayapp history``: which services, read from the history file, printed as JSON or a table.

Which services: those named (in the order named, any case), each either configured or kept
in the history (a service since removed from the config, a source's target); with no names,
every configured service, in the config's order, then every other service the history has
rounds or incidents of within the windows reported (30 days, or ``since`` if longer), by
name.

The history file is opened only when it exists: asking for figures never makes one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from trayapp.core.formats import format_number
from trayapp.core.i18n import _, pgettext
from trayapp.core.report.history import (
    SINCE,
    WINDOWS,
    HistoryReport,
    Response,
    ServiceHistory,
    read_history,
    uptime_text,
)
from trayapp.core.store import DB_FILE, RELATIVE_ERROR, Store
from trayapp.core.text import length_text, printable

__all__ = [
    "UnknownService",
    "history_output",
    "history_table",
    "pick_services",
    "services_report",
]


class UnknownService(LookupError):
    """A name given is neither configured nor kept in the history; the message says which."""


def pick_services(
    configured: Sequence[str], kept: Sequence[str], wanted: Sequence[str]
) -> list[str]:
    """The services to report: ``wanted`` (any case) as configured or kept, else every
    configured one then every kept one (left out later when it has no rounds).

    Raises:
        UnknownService: a name of ``wanted`` is neither configured nor kept.
    """
    known: dict[str, str] = {}
    for name in [*kept, *configured]:  # a configured name's spelling wins
        known[name.strip().casefold()] = name
    if not wanted:
        ours = {name.strip().casefold() for name in configured}
        return [*configured, *(name for name in kept if name.strip().casefold() not in ours)]
    unknown = [name for name in wanted if name.strip().casefold() not in known]
    if unknown:
        missing = ", ".join(repr(name) for name in unknown)
        # Translators: said where a list of the services would be, when there are none.
        listed = ", ".join(repr(name) for name in configured) or _("none")
        raise UnknownService(
            # Translators: {names} are the names asked for, {known} those configured.
            _("no service named {names} in the config or the history (services: {known})").format(
                names=missing, known=listed
            )
        )
    return list(dict.fromkeys(known[name.strip().casefold()] for name in wanted))


def services_report(
    store: Store | None,
    configured: Sequence[str],
    wanted: Sequence[str] = (),
    *,
    now: datetime,
    since: timedelta = SINCE,
    tz: tzinfo | None = None,
    groups: Mapping[str, str] | None = None,
) -> HistoryReport:
    """The figures of the services chosen as the module's docstring says.

    Args:
        store: The history; None when there is none yet.
        configured: The configured services' names, in the config's order.
        wanted: The names asked for (none: every service).
        now: When the windows end.
        since: How far back response times and incidents look.
        tz: The clock of the days (None: this machine's).
        groups: The group of each configured service in one, by its name
            (:func:`~trayapp.core.config.group_names`).

    Raises:
        UnknownService: a name of ``wanted`` is neither configured nor kept.
    """
    kept = [] if store is None else store.service_names()
    names = pick_services(configured, kept, wanted)
    report = read_history(store, names, now=now, since=since, tz=tz)
    grouped = [replace(s, group=(groups or {}).get(s.name, "")) for s in report.services]
    ours = set(configured)
    chosen = [s for s in grouped if wanted or s.name in ours or _measured(s)]
    return HistoryReport(report.at, report.since, tuple(chosen))


def history_output(
    data_dir: Path,
    configured: Sequence[str],
    wanted: Sequence[str],
    *,
    now: datetime,
    since: timedelta = SINCE,
    as_json: bool = False,
    tz: tzinfo | None = None,
    groups: Mapping[str, str] | None = None,
) -> str:
    """What ``trayapp history`` prints: :func:`services_report` of the history file in
    ``data_dir`` (read if there is one, never made), as JSON (``as_json``) or a table.

    Raises:
        UnknownService: a name of ``wanted`` is neither configured nor kept.
        StoreError: the history file cannot be used.
    """
    path = data_dir / DB_FILE
    if path.exists():
        with Store(path) as store:
            report = services_report(
                store, configured, wanted, now=now, since=since, tz=tz, groups=groups
            )
    else:
        report = services_report(
            None, configured, wanted, now=now, since=since, tz=tz, groups=groups
        )
    if as_json:
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False)
    return history_table(report)


def _measured(service: ServiceHistory) -> bool:
    """Whether the service had any round or incident in its windows or days."""
    return (
        service.incidents > 0
        or service.response.rounds > 0
        or any(t.judged or t.other for t in service.windows.values())
        or any(day.rounds.judged or day.rounds.other for day in service.days)
    )


def history_table(report: HistoryReport) -> str:
    """The figures as a table for people; a last line says over what they were read."""
    if not report.services:
        return _("no services")
    rows: list[tuple[str, ...]] = [
        (
            pgettext("history table heading", "SERVICE"),
            # Translators: the uptime over the last 24 hours, 7 days, 30 days.
            pgettext("history table heading", "24 H"),
            pgettext("history table heading", "7 D"),
            pgettext("history table heading", "30 D"),
            # Translators: the median response time (the 50th percentile), and the 95th.
            pgettext("history table heading", "P50"),
            pgettext("history table heading", "P95"),
            pgettext("history table heading", "INCIDENTS"),
        )
    ]
    for service in report.services:
        rows.append(
            (
                printable(service.name, 40),
                *(uptime_text(service.windows[key]) for key in WINDOWS),
                *_times(service.response),
                format_number(service.incidents),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    span = length_text((report.at - report.since).total_seconds())
    if all(s.response.exact for s in report.services):
        # Translators: the last line of "trayapp history"; {span} is a length ("30 d").
        note = _("response times (answered rounds) and incidents: the last {span}")
    else:
        # Translators: as above; "~" marks the times estimated, {error} is a number.
        note = _(
            "response times (answered rounds) and incidents: the last {span}; "
            "~ estimated from hourly histograms, within {error} %"
        )
    note = note.format(span=span, error=format_number(RELATIVE_ERROR * 100))
    return "\n".join([*lines, note])


def _times(response: Response) -> tuple[str, str]:
    mark = "" if response.exact else "~"
    p50, p95 = (
        "-" if ms is None else _("{milliseconds} ms").format(milliseconds=mark + format_number(ms))
        for ms in (response.p50, response.p95)
    )
    return p50, p95
