"""The vendor's page graded: the module's table row by row, then a service's record in words."""

from __future__ import annotations

from datetime import timedelta

import pytest

import trayapp.core.report
import trayapp.core.report.grading
from tests.support.builders import (
    DOWN_AT,
    HOME,
    STATUS_PAGE,
    at,
    config,
    incident,
    result,
    vendor_incident,
    vendor_reading,
)
from tests.support.pureloop import PureLoop
from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, Verdict
from trayapp.core.report.grading import (
    Grade,
    VendorRecord,
    grade_incident,
    grade_service,
    grade_services,
)
from trayapp.core.vendors.model import VendorLevel

OPENED = Note(DOWN_AT, NoteKind.OPENED, "Went down: timeout")
EVERYONE = Note(at(11, 30), NoteKind.VERDICT, "Verdict: down for everyone")
FOR_YOU = Note(at(11, 40), NoteKind.VERDICT, "Verdict: down for you")


def vendor_line(hour: int, minute: int) -> Note:
    """The timeline's line for a vendor incident trayapp read at ``hour:minute``."""
    return Note(at(hour, minute), NoteKind.VENDOR, "Twitter status: Investigating: down")


# --- the table, row by row ------------------------------------------------------------------


def test_an_incident_never_down_for_everyone_is_not_a_confirmed_outage() -> None:
    seen = incident(
        verdict=Verdict.DOWN_FOR_YOU,
        notes=(OPENED, FOR_YOU, vendor_line(11, 50)),
        vendor_incidents=(vendor_incident(),),
    )
    assert grade_incident(seen) == Grade(confirmed=False, acknowledged=False)
    assert grade_incident(incident()) == Grade(confirmed=False, acknowledged=False)


def test_down_for_everyone_without_a_vendor_incident_is_confirmed_not_acknowledged() -> None:
    seen = incident(verdict=Verdict.DOWN_FOR_EVERYONE, notes=(OPENED, EVERYONE))
    assert grade_incident(seen) == Grade(confirmed=True, acknowledged=False)


def test_down_for_everyone_once_is_confirmed_though_the_verdict_moved_on() -> None:
    seen = incident(verdict=Verdict.DOWN_FOR_YOU, notes=(OPENED, EVERYONE, FOR_YOU))
    assert grade_incident(seen).confirmed


def test_the_acknowledgment_is_when_trayapp_first_read_the_vendor_incident() -> None:
    # The page back-dates its incident to 11:00; trayapp first read it at 11:35.
    seen = incident(
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(OPENED, EVERYONE, vendor_line(11, 35), vendor_line(11, 50)),
        vendor_incidents=(vendor_incident(started_at=at(11, 0)),),
    )
    assert grade_incident(seen) == Grade(True, True, at(11, 35), 12 * 60.0)


def test_without_a_vendor_line_the_vendor_s_own_start_is_used() -> None:
    seen = incident(
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(OPENED, EVERYONE),
        vendor_incidents=(
            vendor_incident("later", started_at=at(11, 45)),
            vendor_incident("first", started_at=at(11, 28)),
        ),
    )
    assert grade_incident(seen) == Grade(True, True, at(11, 28), 5 * 60.0)


def test_an_acknowledgment_with_no_time_at_all_has_no_delay() -> None:
    seen = incident(
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(OPENED, EVERYONE),
        vendor_incidents=(vendor_incident(),),
    )
    assert grade_incident(seen) == Grade(confirmed=True, acknowledged=True)


def test_an_acknowledgment_before_trayapp_saw_the_outage_counts_as_no_delay() -> None:
    seen = incident(
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(OPENED,),
        vendor_incidents=(vendor_incident(started_at=at(11, 0)),),
    )
    assert grade_incident(seen) == Grade(True, True, at(11, 0), 0.0)


def test_the_tracker_s_own_lines_grade_an_outage_it_kept() -> None:
    """Through the real ledger: the page says nothing at first, then owns up at 11:35, then
    goes back to all well while the service is still down."""
    loop = PureLoop(config({"name": "Twitter", "url": HOME, "status_page": STATUS_PAGE}))
    fine = vendor_reading(VendorLevel.OPERATIONAL, fetched_at=DOWN_AT)
    loop.vendor("Twitter", fine, DOWN_AT)
    for minute in (23, 24, 30):
        loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, minute))], at(11, minute))
    owned = vendor_reading(incidents=(vendor_incident(),), fetched_at=at(11, 35))
    loop.vendor("Twitter", owned, at(11, 35))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 36))], at(11, 36))
    loop.vendor("Twitter", fine, at(11, 40))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 41))], at(11, 41))
    (kept,) = loop.saved.values()
    assert kept.verdict is Verdict.DOWN_FOR_YOU
    assert grade_incident(kept) == Grade(True, True, at(11, 35), 12 * 60.0)


# --- a service's record ---------------------------------------------------------------------


def outages(acknowledged_after: list[int | None], unconfirmed: int = 0) -> list[Incident]:
    """Twitter's confirmed outages, one a day, acknowledged that many minutes after each
    began (None: never); and ``unconfirmed`` incidents down for you only."""
    made = []
    for day, minutes in enumerate(acknowledged_after):
        start = DOWN_AT + timedelta(days=day)
        notes = [Note(start, NoteKind.OPENED, "Went down: timeout")]
        if minutes is not None:
            notes.append(Note(start + timedelta(minutes=minutes), NoteKind.VENDOR, "said"))
        made.append(
            incident(
                day + 1,
                start,
                lasted=timedelta(hours=1),
                verdict=Verdict.DOWN_FOR_EVERYONE,
                notes=tuple(notes),
                vendor_incidents=(vendor_incident(),) if minutes is not None else (),
            )
        )
    for extra in range(unconfirmed):
        made.append(incident(100 + extra, verdict=Verdict.DOWN_FOR_YOU))
    return made


def test_the_record_counts_and_takes_the_median_delay() -> None:
    found = outages([12, 3, None, 40, 12, 30, 0, None, 5], unconfirmed=2)
    record = grade_service("Twitter", found, "statuspage")
    assert (record.confirmed, record.acknowledged, record.median_delay_s) == (9, 7, 12 * 60.0)
    assert record.words == (
        "Twitter's status page acknowledged 7 of 9 confirmed outages, "
        "a median of 12 min after trayapp saw them"
    )
    assert record.to_json() == {
        "service": "Twitter",
        "platform": "statuspage",
        "confirmed": 9,
        "acknowledged": 7,
        "median_delay_s": 720.0,
        "words": record.words,
    }


@pytest.mark.parametrize(
    ("after", "said"),
    [
        ([], "No confirmed outage of Twitter to grade its status page by"),
        ([None, None], "Twitter's status page acknowledged 0 of 2 confirmed outages"),
        (
            [90],
            "Twitter's status page acknowledged 1 of 1 confirmed outage, "
            "1 h 30 min after trayapp saw it",
        ),
        (
            [0, 0, None],
            "Twitter's status page acknowledged 2 of 3 confirmed outages, "
            "by the time trayapp saw them",
        ),
        (
            [10, 20],
            "Twitter's status page acknowledged 2 of 2 confirmed outages, "
            "a median of 15 min after trayapp saw them",
        ),
    ],
)
def test_the_record_in_words(after: list[int | None], said: str) -> None:
    assert grade_service("Twitter", outages(after)).words == said


def test_every_service_with_an_incident_gets_a_record_of_its_own() -> None:
    found = [*outages([12]), incident(50, service="Gmail"), incident(51, service="bank")]
    records = grade_services(found, {"Twitter": "statuspage"})
    assert [(r.service, r.platform, r.confirmed, r.acknowledged) for r in records] == [
        ("bank", None, 0, 0),
        ("Gmail", None, 0, 0),
        ("Twitter", "statuspage", 1, 1),
    ]
    assert grade_services([]) == []


def test_a_record_with_no_known_delay_has_no_median() -> None:
    assert VendorRecord("Twitter", None, 3, 1).median_delay_s is None


def test_public_api() -> None:
    assert trayapp.core.report.grading.__all__ == [
        "CONFIRMING_NOTE",
        "Grade",
        "VendorRecord",
        "grade_incident",
        "grade_service",
        "grade_services",
    ]
    assert trayapp.core.report.grade_services is grade_services
    assert trayapp.core.report.VendorRecord is VendorRecord
