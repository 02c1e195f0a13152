"""The incidents window's words: an incident's status, verdict, causes and timeline as text.

Pure functions over :class:`~trayapp.core.incident.Incident` and the history's figures
(:mod:`trayapp.core.report`), without Qt, shared by the table, the details pane, the strip
(a day's and a service's figures), the chart and the clipboard; every word in the user's language
(:mod:`trayapp.core.i18n`), every number as the locale writes it (:mod:`trayapp.core.formats`).
Made at call time: a change of language shows at the next text made. A status's, a cause's
and a verdict's words are the core's own (:attr:`Status.word
<trayapp.core.models.Status.word>`, :attr:`Cause.shown <trayapp.core.models.Cause.shown>`,
:attr:`Verdict.shown <trayapp.core.models.Verdict.shown>`), as the tray and the command line
say them; in English a cause is its own name (``timeout``, ``http_status``), as the config
and ``--json`` write it.

Times are on the local clock: in English as ``2012-07-26 11:23:05``, sorted as text and as
wide in every row; in other languages the locale's way (``26.07.2012, 11:23:05``). Not
translated: remote text (errors, timeline notes), which passes through as it is; the widgets
that show it are the ones that must keep it plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from trayapp.core.formats import format_date, format_number
from trayapp.core.i18n import ENGLISH, N_, _, language, ngettext
from trayapp.core.incident import Incident, Note, format_length
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.phrases import retell
from trayapp.core.report import DayFigures, ServiceHistory, Tally, local_time_text
from trayapp.core.speech import SHOWN

__all__ = [
    "causes_names",
    "causes_text",
    "cell_name",
    "day_text",
    "day_words",
    "details_text",
    "duration_text",
    "error_text",
    "length_text",
    "milliseconds_text",
    "minute_text",
    "service_text",
    "severity_word",
    "status_word",
    "timeline_text",
    "uptime_words",
    "verdict_text",
    "verdict_words",
    "widest_minute_texts",
]

_DIGIT = re.compile(r"\d")


def length_text(seconds: float) -> str:
    """A length of time as a person says it: ``45 s``, ``41 min``, ``1 h 5 min``, ``2 d 3 h``
    (:func:`~trayapp.core.incident.format_length`, in the user's language)."""
    return format_length(seconds, SHOWN)


def severity_word(status: Status) -> str:
    """A status in a word, as the table and the chart say it: ``down``, ``degraded``."""
    return status.word


def status_word(incident: Incident) -> str:
    """``open``, ``recovering`` (back up, the flap window still running) or ``resolved``."""
    return incident.shown_stage


def verdict_words(verdict: Verdict | None) -> str:
    """Who is affected, in words (``down for everyone``); empty while not known."""
    return "" if verdict is None else verdict.shown


_NOT_KNOWN = {
    # (degraded only, the outside network measured nothing, still open): the whole sentence
    (True, False, True): N_(
        "not known yet: it only degraded, and no status page or vantage point has reported a "
        "problem"
    ),
    (True, False, False): N_(
        "not known: it only degraded, and no status page or vantage point reported a problem"
    ),
    (False, True, True): N_(
        "not known yet: the outside network could not measure it, and no status page or "
        "vantage point has said anything"
    ),
    (False, True, False): N_(
        "not known: the outside network could not measure it, and no status page or vantage "
        "point said anything"
    ),
    (False, False, True): N_(
        "not known yet: no status page, vantage point or outside measurement has said anything"
    ),
    (False, False, False): N_(
        "not known: no status page, vantage point or outside measurement said anything"
    ),
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
        return verdict_words(incident.verdict)
    degraded = bool(incident.causes) and all(cause.degrades for cause in incident.causes)
    unmeasured = not degraded and bool(incident.outside)
    return _(_NOT_KNOWN[degraded, unmeasured, incident.is_open])


def causes_text(causes: Iterable[Cause]) -> str:
    """The causes in the order first seen: ``timeout, http_status`` (German
    ``Zeitüberschreitung, HTTP-Status``)."""
    return ", ".join(cause.shown for cause in causes)


def causes_names(causes: Iterable[Cause]) -> str:
    """The causes' own names, whatever the language: ``timeout http_status`` (what the
    config and ``--json`` write, and so what a user may type in the filter)."""
    return " ".join(cause.value for cause in causes)


def minute_text(moment: datetime) -> str:
    """``moment`` on the local clock, to the minute, as the table shows it: ``2012-07-26
    11:23`` in English, the locale's way otherwise (``26.07.2012, 11:23``): the
    :func:`~trayapp.core.report.local_time_text` of the details, without the seconds."""
    if language().catalogue == ENGLISH:
        # Put together by hand: the table makes one a row, and strftime costs several times
        # as much (see trayapp.ui.incidents.model).
        local = moment.astimezone()
        return f"{local.year:04}-{local.month:02}-{local.day:02} {local.hour:02}:{local.minute:02}"
    return local_time_text(moment, seconds=False)


def widest_minute_texts() -> set[str]:
    """The widest shapes :func:`minute_text` gives, every digit written ``0``: one, in a
    language whose dates are all digits; one a month where the locale names the months."""
    if language().catalogue == ENGLISH:
        return {"0000-00-00 00:00"}
    moments = (datetime(2000, month, 28, 22, 58).astimezone() for month in range(1, 13))
    return {_DIGIT.sub("0", minute_text(moment)) for moment in moments}


def duration_text(incident: Incident, now: datetime) -> str:
    """How long it lasted, or has lasted so far: ``1 h 5 min``, ``41 min so far``."""
    length = length_text(incident.duration_s(now))
    # Translators: how long an incident still open has lasted until now ("41 min so far").
    return _("{length} so far").format(length=length) if incident.is_open else length


def timeline_text(notes: Iterable[Note]) -> str:
    """The timeline, one note a line: ``2012-07-26 11:23:00  Went down: ...``; each note
    (kept in English) in the user's language."""
    # A note is one line whatever a server put in it, so the timeline stays one line a note.
    return "\n".join(
        f"{local_time_text(note.at)}  {' '.join(error_text(note.text).splitlines())}"
        for note in notes
    )


def error_text(text: str) -> str:
    """An error or a note as the history keeps it (English), in the user's language; as it
    is when trayapp did not write it (:func:`trayapp.core.phrases.retell`)."""
    return retell(text)


def milliseconds_text(milliseconds: float) -> str:
    """A response time in whole milliseconds: ``1,412 ms``."""
    # Translators: a response time in milliseconds; "ms" is the SI symbol.
    return _("{milliseconds} ms").format(
        milliseconds=format_number(round(milliseconds), decimals=0)
    )


def uptime_words(tally: Tally) -> str:
    """An uptime: ``99.95 %``, cut (never rounded up) to hundredths, so that ``100 %`` means
    no round down; ``-`` when nothing was judged."""
    if not tally.judged:
        return "-"
    good = tally.up + tally.degraded
    hundredths = good * 10_000 // tally.judged
    number = (
        format_number(100) if good == tally.judged else format_number(hundredths / 100, decimals=2)
    )
    # Translators: a percentage; write it as your language does ("99,95 %", "99.95%").
    return _("{percent} %").format(percent=number)


def details_text(incident: Incident, now: datetime) -> str:
    """The details pane as plain text, for the clipboard."""
    ended = "—" if incident.ended_at is None else local_time_text(incident.ended_at)
    none = _("(none)")
    lines = [
        # Translators: the title of an incident's details: its service and its number.
        _("{service} — incident #{number}").format(service=incident.service, number=incident.id),
        _("Severity: {severity}").format(severity=severity_word(incident.severity)),
        _("Status: {status}").format(status=status_word(incident)),
        _("Started: {time}").format(time=local_time_text(incident.started_at)),
        _("Ended: {time}").format(time=ended),
        _("Duration: {length}").format(length=duration_text(incident, now)),
        _("Flaps: {count}").format(count=format_number(incident.flaps)),
        _("Verdict: {verdict}").format(verdict=verdict_text(incident)),
        _("Causes: {causes}").format(causes=causes_text(incident.causes) or "—"),
        "",
        _("Timeline:"),
        timeline_text(incident.notes) or _("(no notes)"),
        "",
        _("First error:"),
        error_text(incident.first_error) or none,
        "",
        _("Last error:"),
        error_text(incident.last_error) or none,
    ]
    return "\n".join(lines) + "\n"


_WINDOWS = {
    # Translators: the uptime windows of a service: the last 24 hours, 7 days, 30 days.
    "24h": N_("24h"),
    "7d": N_("7d"),
    "30d": N_("30d"),
}


def day_text(service: str, figures: DayFigures) -> str:
    """The day in words, as its tooltip says it."""
    # Translators: a day of a service in the 30 days' strip: "Twitter · Friday, August 3, 2012".
    lines = [_("{service} · {day}").format(service=service, day=day_words(figures))]
    tally = figures.rounds
    if not tally.judged:
        lines.append(_("no rounds judged") if tally.other else _("no rounds"))
    else:
        good = tally.up + tally.degraded
        lines.append(
            ngettext(
                "uptime {uptime}: {good} of {count} judged round up",
                "uptime {uptime}: {good} of {count} judged rounds up",
                tally.judged,
            ).format(
                uptime=uptime_words(tally),
                good=format_number(good),
                count=format_number(tally.judged),
            )
        )
        if tally.degraded or tally.down:
            # Translators: how many of a day's rounds found the service down, or degraded.
            lines.append(
                _("{down} down, {degraded} degraded").format(
                    down=format_number(tally.down), degraded=format_number(tally.degraded)
                )
            )
    if tally.other:
        lines.append(
            ngettext(
                "{count} round not judged (offline or paused)",
                "{count} rounds not judged (offline or paused)",
                tally.other,
            ).format(count=format_number(tally.other))
        )
    response = figures.response
    if response.p50 is not None and response.p95 is not None:
        mark = "" if response.exact else "~"
        # Translators: a day's response times: the median (p50) and the 95th percentile (p95).
        lines.append(
            _("response p50 {median} · p95 {p95}").format(
                median=mark + milliseconds_text(response.p50),
                p95=mark + milliseconds_text(response.p95),
            )
        )
    if figures.incidents:
        lines.append(
            ngettext("{count} incident", "{count} incidents", figures.incidents).format(
                count=format_number(figures.incidents)
            )
        )
    return "\n".join(lines)


def day_words(figures: DayFigures) -> str:
    """The day, in full: ``Friday, August 3, 2012``."""
    return format_date(figures.day, length="full")


def cell_name(service: str, figures: DayFigures) -> str:
    """The day and its uptime, short, as a screen reader says the current cell."""
    if not figures.rounds.judged:
        return _("{service}, {day}: no rounds judged").format(
            service=service, day=day_words(figures)
        )
    return _("{service}, {day}: uptime {uptime}").format(
        service=service, day=day_words(figures), uptime=uptime_words(figures.rounds)
    )


def service_text(service: ServiceHistory) -> str:
    """A service's uptime windows, as the tooltip over its name says them."""
    said = " · ".join(
        # Translators: an uptime window and its uptime: "24h 99.95 %".
        _("{window} {uptime}").format(
            window=_(_WINDOWS[key]) if key in _WINDOWS else key, uptime=uptime_words(tally)
        )
        for key, tally in service.windows.items()
        if tally.judged
    )
    if not said:
        return _("{service}\nno rounds judged").format(service=service.name)
    # Translators: {windows} is "24h 100 % · 7d 99.95 %".
    return _("{service}\nuptime {windows}").format(service=service.name, windows=said)
