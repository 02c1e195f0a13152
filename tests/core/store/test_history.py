"""The history: what it keeps of rounds and incidents, for how long, and from any thread."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import trayapp.core.store
import trayapp.core.store.history
from tests.support.builders import HOME, MOBILE, T0, incident, result, vendor_incident
from trayapp.core.incident import Note, NoteKind
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.store import ResponseTimes
from trayapp.core.store.history import RoundPoint, RoundRecord, Store

# --- results -----------------------------------------------------------------------------


def test_history_survives_closing_and_opening_again(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_round("Twitter", T0, Status.UP, [result()])
        store.save_incidents([incident(store.next_incident_id(), T0)])
    with Store.open(tmp_path) as store:
        assert store.recent_rounds("Twitter", T0) == [RoundPoint(T0, Status.UP, 120)]
        assert [i.id for i in store.incidents()] == [1]
        assert store.next_incident_id() == 2


def test_the_last_day_of_a_service_is_one_point_per_round(store: Store) -> None:
    for minute in range(0, 30, 5):
        moment = T0 + timedelta(minutes=minute)
        bad = minute == 10
        store.record_round(
            "Twitter",
            moment,
            Status.DEGRADED if bad else Status.UP,
            [
                result(checked_at=moment, elapsed_ms=100 + minute),
                result(
                    Cause.TIMEOUT if bad else None,
                    checked_at=moment,
                    elapsed_ms=300,
                    target=MOBILE,
                ),
            ],
        )
    store.record_round("Gmail", T0, Status.DOWN, [result(Cause.REFUSED, elapsed_ms=5)])
    points = store.recent_rounds(
        "Twitter", T0 + timedelta(minutes=5), until=T0 + timedelta(minutes=15)
    )
    assert points == [
        RoundPoint(T0 + timedelta(minutes=5), Status.UP, 300),
        RoundPoint(T0 + timedelta(minutes=10), Status.DEGRADED, 300),
        RoundPoint(T0 + timedelta(minutes=15), Status.UP, 300),
    ]
    assert store.recent_rounds("Nobody", T0) == []


def test_a_round_without_checks_is_still_kept(store: Store) -> None:
    store.record_rounds([RoundRecord("Status page only", T0, Status.UNKNOWN)])
    assert store.recent_rounds("Status page only", T0) == [RoundPoint(T0, Status.UNKNOWN, None)]


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="aware"):
        store.record_round("Twitter", datetime(2012, 7, 26), Status.UP, [])


def test_old_results_are_folded_into_hours(store: Store) -> None:
    rounds = []
    for minute in range(0, 120, 10):  # two hours, a round every ten minutes
        moment = T0 + timedelta(minutes=minute)
        status = Status.DOWN if minute in (10, 20) else Status.UP
        status = Status.DEGRADED if minute == 70 else status
        cause = Cause.TIMEOUT if status is Status.DOWN else None
        checks = [result(cause, checked_at=moment, elapsed_ms=minute)]
        rounds.append(RoundRecord("Twitter", moment, status, checks))
    store.record_rounds(rounds)
    # Fold the first hour and a half: the second hour is folded in two prunes.
    report = store.prune(T0 + timedelta(days=7, minutes=90))
    assert report.folded == 9
    store.prune(T0 + timedelta(days=8))
    assert store.recent_rounds("Twitter", T0) == []
    first, second = store.hourly("Twitter", T0)
    assert (first.hour, first.rounds, first.down, first.degraded) == (T0, 6, 2, 0)
    assert (first.mean_ms, first.max_ms) == (25.0, 50)
    assert (second.hour, second.rounds, second.down, second.degraded) == (
        T0 + timedelta(hours=1),
        6,
        0,
        1,
    )
    assert (second.mean_ms, second.max_ms) == (85.0, 110)


def test_a_folded_hour_keeps_its_judged_rounds_and_the_answered_ones_times(store: Store) -> None:
    rounds = [
        (Status.UP, 100, None),
        (Status.DOWN, 10_000, Cause.TIMEOUT),
        (Status.UP, 200, None),
        (Status.UNKNOWN, 5, Cause.OFFLINE),  # the user's network was down
        (Status.DEGRADED, 4_000, Cause.SLOW),
        (Status.PAUSED, 300, None),  # snoozed
    ]
    store.record_rounds(
        RoundRecord(
            "Twitter",
            moment := T0 + timedelta(minutes=10 * n),
            status,
            [result(cause, checked_at=moment, elapsed_ms=ms)],
        )
        for n, (status, ms, cause) in enumerate(rounds)
    )
    store.prune(T0 + timedelta(days=8))
    (hour,) = store.hourly("Twitter", T0)
    assert (hour.rounds, hour.up, hour.degraded, hour.down) == (6, 2, 1, 1)
    assert hour.response_times == ResponseTimes.of([100, 200, 4_000])


def test_an_hour_folded_in_two_prunes_is_the_hour_folded_at_once(tmp_path: Path) -> None:
    def twitter_hour(store: Store) -> None:
        store.record_rounds(
            RoundRecord(
                "Twitter",
                moment := T0 + timedelta(minutes=5 * n),
                Status.DOWN if n == 7 else Status.UP,
                [result(Cause.REFUSED if n == 7 else None, checked_at=moment, elapsed_ms=n)],
            )
            for n in range(12)
        )

    with Store.open(tmp_path / "twice") as twice, Store.open(tmp_path / "once") as once:
        twitter_hour(twice)
        twitter_hour(once)
        twice.prune(T0 + timedelta(days=7, minutes=22))  # the week's edge inside the hour
        twice.prune(T0 + timedelta(days=8))
        once.prune(T0 + timedelta(days=8))
        assert twice.hourly("Twitter", T0) == once.hourly("Twitter", T0)
        (hour,) = once.hourly("Twitter", T0)
    assert (hour.rounds, hour.up, hour.down) == (12, 11, 1)
    assert hour.response_times == ResponseTimes.of([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11])


def test_the_services_kept_are_named(store: Store) -> None:
    assert store.service_names() == []
    store.record_rounds(
        [RoundRecord("Twitter", T0, Status.UP), RoundRecord("Gmail", T0, Status.UP)]
    )
    assert store.service_names() == ["Gmail", "Twitter"]


def test_recent_results_are_kept_raw(store: Store) -> None:
    store.record_round("Twitter", T0, Status.UP, [result()])
    assert store.prune(T0 + timedelta(days=6, hours=23)).folded == 0
    assert len(store.recent_rounds("Twitter", T0)) == 1


def test_hours_and_ended_incidents_are_forgotten_after_a_year(store: Store) -> None:
    store.record_round("Twitter", T0, Status.UP, [result()])
    store.prune(T0 + timedelta(days=8))
    old = incident(1, T0, lasted=timedelta(hours=1))
    still_open = incident(2, T0)
    recent = incident(3, T0 + timedelta(days=300), lasted=timedelta(hours=1))
    store.save_incidents([old, still_open, recent])
    report = store.prune(T0 + timedelta(days=366))
    assert (report.hours_deleted, report.incidents_deleted) == (1, 1)
    assert store.hourly("Twitter", T0) == []
    assert sorted(i.id for i in store.incidents()) == [2, 3]
    orphans = store._db.execute(
        "SELECT count(*) FROM incident_notes WHERE incident_id = 1"
    ).fetchone()[0]
    assert orphans == 0  # the notes went with their incident


# --- incidents ---------------------------------------------------------------------------


def test_an_incident_comes_back_as_it_was_saved(store: Store) -> None:
    saved = replace(
        incident(store.next_incident_id(), T0, lasted=timedelta(minutes=105)),
        causes=(Cause.TIMEOUT, Cause.REFUSED, Cause.HTTP_STATUS, Cause.CONTENT),
        last_error=f"{HOME}: HTTP 503",
        flaps=1,
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(
            Note(T0, NoteKind.OPENED, f"Went down: {HOME}: timeout"),
            Note(T0 + timedelta(minutes=41), NoteKind.RECOVERED, "Back up after 41 min"),
            Note(T0 + timedelta(minutes=52), NoteKind.FLAPPED, "Failed again (flap 1)"),
        ),
    )
    store.save_incidents([saved])
    assert store.incident(saved.id) == saved
    assert store.incidents() == [saved]
    assert store.incident(999) is None


def test_the_vendor_s_incidents_come_back_as_they_were_saved(store: Store) -> None:
    seen = vendor_incident(
        started_at=T0 + timedelta(minutes=23),
        updated_at=T0 + timedelta(minutes=40),
        latest_update="We're on it.",
        url="https://stspg.io/tw2012",
        components=("userstream",),
        id="inc0twitter26",
    )
    saved = replace(
        incident(store.next_incident_id(), T0),
        vendor_incidents=(seen,),
        notes=(Note(T0, NoteKind.VENDOR, "Twitter status: Investigating: We're on it."),),
    )
    store.save_incidents([saved])
    assert store.incident(saved.id) == saved
    updated = replace(saved, vendor_incidents=(replace(seen, status="identified"),))
    store.save_incidents([updated])
    assert store.incidents() == [updated]


def test_saving_again_updates_the_incident_and_adds_new_notes(store: Store) -> None:
    first = incident(store.next_incident_id(), T0)
    store.save_incidents([first])
    recovered = T0 + timedelta(minutes=10)
    later = replace(
        first,
        recovered_at=recovered,
        notes=(*first.notes, Note(recovered, NoteKind.RECOVERED, "Back up")),
    )
    store.save_incidents([later])
    assert store.incident(first.id) == later
    assert store.open_incidents() == [later]


def test_incidents_are_listed_latest_first_with_filters(store: Store) -> None:
    store.save_incidents(
        [
            incident(1, T0, lasted=timedelta(hours=1)),
            incident(2, T0 + timedelta(days=1)),
            incident(3, T0 + timedelta(days=2), lasted=timedelta(hours=1)),
        ]
    )
    assert [i.id for i in store.incidents()] == [3, 2, 1]
    assert [i.id for i in store.incidents(limit=2)] == [3, 2]
    assert [i.id for i in store.incidents(open_only=True)] == [2]
    assert [i.id for i in store.incidents(since=T0 + timedelta(days=1, hours=12))] == [3, 2]


def test_incident_ids_are_never_handed_out_twice(tmp_path: Path) -> None:
    with Store.open(tmp_path) as one, Store.open(tmp_path) as other:
        ids = [one.next_incident_id(), other.next_incident_id(), one.next_incident_id()]
    assert ids == [1, 2, 3]


def test_one_store_can_be_used_from_several_threads(store: Store) -> None:
    def write(name: str) -> None:
        for second in range(200):
            moment = T0 + timedelta(seconds=second)
            store.record_round(name, moment, Status.UP, [result(checked_at=moment)])
            store.recent_rounds(name, moment)

    threads = [threading.Thread(target=write, args=(f"s{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(store.recent_rounds(f"s{n}", T0)) == 200 for n in range(4))


def test_public_api() -> None:
    assert set(trayapp.core.store.__all__) == {
        "DB_FILE",
        "HISTORY_RETENTION",
        "RAW_RETENTION",
        "RELATIVE_ERROR",
        "SCHEMA_VERSION",
        "HourPoint",
        "PruneReport",
        "ResponseTimes",
        "RoundPoint",
        "RoundRecord",
        "Store",
        "StoreError",
        "StoreTooNew",
        "explain",
    }
    # The errors opening a Store raises come with it.
    assert set(trayapp.core.store.history.__all__) == set(trayapp.core.store.__all__) - {
        "RELATIVE_ERROR",
        "ResponseTimes",
        "SCHEMA_VERSION",
        "explain",
    }
