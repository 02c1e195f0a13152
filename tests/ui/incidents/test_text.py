"""The incidents window's words: statuses, verdicts, the timeline and the clipboard text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.report.texts import local_time_text
from trayapp.ui.incidents.text import (
    causes_text,
    details_text,
    duration_text,
    status_word,
    timeline_text,
    verdict_words,
)

DOWN_AT = datetime(2012, 7, 26, 11, 23, tzinfo=UTC)
NOW = datetime(2012, 7, 26, 14, 0, tzinfo=UTC)


def outage(**changes: object) -> Incident:
    fields: dict[str, object] = {
        "id": 7,
        "service": "Twitter",
        "started_at": DOWN_AT,
        "severity": Status.DOWN,
        "causes": (Cause.TIMEOUT, Cause.HTTP_STATUS),
        "first_error": "https://twitter.com/: timeout",
        "last_error": "https://twitter.com/: http_status: 503",
        "flaps": 1,
        "verdict": Verdict.DOWN_FOR_EVERYONE,
        "notes": (
            Note(DOWN_AT, NoteKind.OPENED, "Went down: timeout"),
            Note(DOWN_AT + timedelta(minutes=41), NoteKind.RECOVERED, "Back up after 41 min"),
        ),
    }
    fields.update(changes)
    return Incident(**fields)  # type: ignore[arg-type]


def test_an_incident_is_open_recovering_or_resolved() -> None:
    assert status_word(outage()) == "open"
    assert status_word(outage(recovered_at=DOWN_AT + timedelta(minutes=41))) == "recovering"
    assert status_word(outage(ended_at=DOWN_AT + timedelta(hours=2))) == "resolved"


def test_verdicts_read_as_words_and_an_unknown_one_as_nothing() -> None:
    assert verdict_words(Verdict.DOWN_FOR_EVERYONE) == "down for everyone"
    assert verdict_words(Verdict.JUST_YOU) == "just you"
    assert verdict_words(None) == ""


def test_causes_keep_the_order_first_seen() -> None:
    assert causes_text((Cause.TIMEOUT, Cause.HTTP_STATUS)) == "timeout, http_status"
    assert causes_text(()) == ""


def test_an_open_incident_lasts_so_far() -> None:
    assert duration_text(outage(), NOW) == "2 h 37 min so far"
    assert duration_text(outage(ended_at=DOWN_AT + timedelta(minutes=41)), NOW) == "41 min"


def test_the_timeline_is_one_line_a_note_even_when_a_server_sent_several() -> None:
    notes = (
        Note(DOWN_AT, NoteKind.OPENED, "Went down: line one\nline two"),
        Note(DOWN_AT + timedelta(minutes=5), NoteKind.VERDICT, "Verdict: just you"),
    )
    lines = timeline_text(notes).splitlines()
    assert lines == [
        f"{local_time_text(DOWN_AT)}  Went down: line one line two",
        f"{local_time_text(DOWN_AT + timedelta(minutes=5))}  Verdict: just you",
    ]


def test_the_details_text_holds_every_fact_and_both_errors() -> None:
    text = details_text(outage(), NOW)
    assert text.startswith("Twitter — incident #7\n")
    for line in [
        "Severity: down",
        "Status: open",
        f"Started: {local_time_text(DOWN_AT)}",
        "Ended: —",
        "Duration: 2 h 37 min so far",
        "Flaps: 1",
        "Verdict: down for everyone",
        "Causes: timeout, http_status",
        f"{local_time_text(DOWN_AT)}  Went down: timeout",
        "https://twitter.com/: timeout",
        "https://twitter.com/: http_status: 503",
    ]:
        assert line in text.splitlines()
    unknown = details_text(outage(verdict=None, notes=()), NOW)
    assert "Verdict: not known" in unknown
    assert "(no notes)" in unknown
