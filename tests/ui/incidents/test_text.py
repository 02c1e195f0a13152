"""The incidents window's words: statuses, verdicts, the timeline and the clipboard text."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.support.builders import DOWN_AT, at, incident, outside_reading
from trayapp.core.incident import Note, NoteKind
from trayapp.core.models import Cause, Verdict
from trayapp.core.report.texts import local_time_text
from trayapp.ui.incidents.text import (
    causes_text,
    details_text,
    duration_text,
    status_word,
    timeline_text,
    verdict_text,
    verdict_words,
)

NOW = at(14)
OUTAGE = incident(
    7,
    causes=(Cause.TIMEOUT, Cause.HTTP_STATUS),
    error="https://twitter.com/: timeout",
    last_error="https://twitter.com/: http_status: 503",
    flaps=1,
    verdict=Verdict.DOWN_FOR_EVERYONE,
    notes=(
        Note(DOWN_AT, NoteKind.OPENED, "Went down: timeout"),
        Note(DOWN_AT + timedelta(minutes=41), NoteKind.RECOVERED, "Back up after 41 min"),
    ),
)
"""Twitter, down since 11:23 and still open: back up once, then down again."""


def test_an_incident_is_open_recovering_or_resolved() -> None:
    assert status_word(OUTAGE) == "open"
    recovering = replace(OUTAGE, recovered_at=DOWN_AT + timedelta(minutes=41))
    assert status_word(recovering) == "recovering"
    assert status_word(replace(OUTAGE, ended_at=DOWN_AT + timedelta(hours=2))) == "resolved"


def test_verdicts_read_as_words_and_an_unknown_one_as_nothing() -> None:
    assert verdict_words(Verdict.DOWN_FOR_EVERYONE) == "down for everyone"
    assert verdict_words(Verdict.JUST_YOU) == "just you"
    assert verdict_words(None) == ""


def test_causes_keep_the_order_first_seen() -> None:
    assert causes_text((Cause.TIMEOUT, Cause.HTTP_STATUS)) == "timeout, http_status"
    assert causes_text(()) == ""


def test_an_open_incident_lasts_so_far() -> None:
    assert duration_text(OUTAGE, NOW) == "2 h 37 min so far"
    ended = replace(OUTAGE, ended_at=DOWN_AT + timedelta(minutes=41))
    assert duration_text(ended, NOW) == "41 min"


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
    text = details_text(OUTAGE, NOW)
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
    unknown = details_text(replace(OUTAGE, verdict=None, notes=()), NOW)
    assert (
        "Verdict: not known yet: no status page, vantage point or outside measurement has said "
        "anything"
    ) in unknown.splitlines()
    assert "(no notes)" in unknown


ENDED = DOWN_AT + timedelta(hours=2)


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"verdict": Verdict.DOWN_FOR_YOU}, "down for you"),
        (
            {},
            "not known yet: no status page, vantage point or outside measurement has said anything",
        ),
        (
            {"ended_at": ENDED},
            "not known: no status page, vantage point or outside measurement said anything",
        ),
        (
            {"outside": (outside_reading(),)},
            "not known yet: the outside network could not measure it, and no status page or "
            "vantage point has said anything",
        ),
        (
            {"outside": (outside_reading(),), "ended_at": ENDED},
            "not known: the outside network could not measure it, and no status page or "
            "vantage point said anything",
        ),
        (
            {"causes": (Cause.SLOW,)},
            "not known yet: it only degraded, and no status page or vantage point has reported "
            "a problem",
        ),
        (
            {"causes": (Cause.SLOW, Cause.CERT_EXPIRING), "ended_at": ENDED},
            "not known: it only degraded, and no status page or vantage point reported a problem",
        ),
        (
            {"causes": (Cause.SLOW, Cause.TIMEOUT), "ended_at": ENDED},
            "not known: no status page, vantage point or outside measurement said anything",
        ),
    ],
)
def test_a_verdict_not_known_says_why(changes: dict[str, object], said: str) -> None:
    assert verdict_text(replace(OUTAGE, **{"verdict": None, **changes})) == said  # type: ignore[arg-type]
