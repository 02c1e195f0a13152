"""The history file: what it keeps, for how long, and that a crash loses nothing committed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import trayapp.core.store.history
from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.store.history import (
    DB_FILE,
    SCHEMA_VERSION,
    RoundPoint,
    RoundRecord,
    Store,
    StoreError,
    StoreTooNew,
    _migrate,
)
from trayapp.core.vendors.model import VendorIncident, VendorLevel

T0 = datetime(2012, 7, 26, 11, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data") as opened:
        yield opened


def result(
    moment: datetime, elapsed: float = 120.0, cause: Cause | None = None, target: str = "home"
) -> CheckResult:
    return CheckResult(
        type="http", target=target, checked_at=moment, elapsed_ms=elapsed, cause=cause,
        detail="no answer" if cause else "ok",
    )  # fmt: skip


def incident(id_: int, started: datetime, ended: datetime | None = None) -> Incident:
    return Incident(
        id=id_,
        service="Twitter",
        started_at=started,
        ended_at=ended,
        severity=Status.DOWN,
        causes=(Cause.TIMEOUT,),
        first_error="home: timeout",
        last_error="home: timeout",
        notes=(Note(started, NoteKind.OPENED, "Went down: home: timeout"),),
    )


# --- opening -----------------------------------------------------------------------------


def test_a_new_store_is_created_in_the_data_folder_with_the_current_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data" / "nested") as store:
        assert store.path == tmp_path / "data" / "nested" / DB_FILE
        assert store.schema_version == SCHEMA_VERSION
    assert (tmp_path / "data" / "nested" / DB_FILE).is_file()


def test_the_file_is_set_up_for_a_crash(store: Store) -> None:
    # Per-connection settings can only be read on the store's own connection.
    pragmas = {
        name: store._db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "journal_size_limit", "foreign_keys")
    }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "journal_size_limit": 4 * 1024 * 1024,
        "foreign_keys": 1,
    }


def test_a_file_from_a_newer_trayapp_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew, match="newer trayapp") as refused:
        Store(path)
    assert str(path) in str(refused.value)
    assert f"schema {SCHEMA_VERSION + 1}" in str(refused.value)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    path.write_bytes(b"this is not SQLite, it is a grocery list" * 100)
    with pytest.raises(StoreError, match="not a trayapp history database"):
        Store(path)


def test_history_survives_closing_and_opening_again(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.record_round("Twitter", T0, Status.UP, [result(T0)])
        store.save_incidents([incident(store.next_incident_id(), T0)])
    with Store.open(tmp_path) as store:
        assert store.recent_rounds("Twitter", T0) == [RoundPoint(T0, Status.UP, 120)]
        assert [i.id for i in store.incidents()] == [1]
        assert store.next_incident_id() == 2


def test_migrations_run_one_version_at_a_time(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    try:
        _migrate(db, [["CREATE TABLE a (x)"]])
        db.execute("INSERT INTO a VALUES (1)")
        _migrate(db, [["CREATE TABLE a (x)"], ["ALTER TABLE a ADD COLUMN y DEFAULT 2"]])
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("SELECT x, y FROM a").fetchall() == [(1, 2)]
    finally:
        db.close()


def test_a_failed_migration_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    try:
        _migrate(db, [["CREATE TABLE a (x)"]])
        with pytest.raises(sqlite3.OperationalError):
            _migrate(db, [["CREATE TABLE a (x)"], ["CREATE TABLE b (x)", "NOT SQL AT ALL"]])
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert tables == {"a"}
    finally:
        db.close()


# --- results -----------------------------------------------------------------------------


def test_the_last_day_of_a_service_is_one_point_per_round(store: Store) -> None:
    for minute in range(0, 30, 5):
        moment = T0 + timedelta(minutes=minute)
        bad = minute == 10
        store.record_round(
            "Twitter",
            moment,
            Status.DEGRADED if bad else Status.UP,
            [
                result(moment, 100 + minute),
                result(moment, 300, Cause.TIMEOUT if bad else None, target="mobile"),
            ],
        )
    store.record_round("Gmail", T0, Status.DOWN, [result(T0, 5, Cause.REFUSED)])
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
        rounds.append(RoundRecord("Twitter", moment, status, [result(moment, minute, cause)]))
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


def test_recent_results_are_kept_raw(store: Store) -> None:
    store.record_round("Twitter", T0, Status.UP, [result(T0)])
    assert store.prune(T0 + timedelta(days=6, hours=23)).folded == 0
    assert len(store.recent_rounds("Twitter", T0)) == 1


def test_hours_and_ended_incidents_are_forgotten_after_a_year(store: Store) -> None:
    store.record_round("Twitter", T0, Status.UP, [result(T0)])
    store.prune(T0 + timedelta(days=8))
    old = incident(1, T0, T0 + timedelta(hours=1))
    still_open = incident(2, T0)
    recent = incident(3, T0 + timedelta(days=300), T0 + timedelta(days=300, hours=1))
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
        incident(store.next_incident_id(), T0, T0 + timedelta(minutes=105)),
        causes=(Cause.TIMEOUT, Cause.REFUSED, Cause.HTTP_STATUS, Cause.CONTENT),
        last_error="home: HTTP 503",
        flaps=1,
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(
            Note(T0, NoteKind.OPENED, "Went down: home: timeout"),
            Note(T0 + timedelta(minutes=41), NoteKind.RECOVERED, "Back up after 41 min"),
            Note(T0 + timedelta(minutes=52), NoteKind.FLAPPED, "Failed again (flap 1)"),
        ),
    )
    store.save_incidents([saved])
    assert store.incident(saved.id) == saved
    assert store.incidents() == [saved]
    assert store.incident(999) is None


def test_the_vendor_s_incidents_come_back_as_they_were_saved(store: Store) -> None:
    seen = VendorIncident(
        name="Users may be experiencing issues",
        status="investigating",
        impact=VendorLevel.MAJOR_OUTAGE,
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


def test_a_file_of_the_first_schema_is_migrated_and_its_incidents_kept(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        _migrate(db, trayapp.core.store.history._MIGRATIONS[:1])
        db.execute(
            "INSERT INTO incidents (id, service, started_at, severity, causes, first_error,"
            " last_error, flaps) VALUES (1, 'Twitter', ?, 'down', 'timeout', 'x', 'x', 0)",
            (int(T0.timestamp() * 1000),),
        )
    finally:
        db.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 2
        (kept,) = store.incidents()
    assert (kept.service, kept.vendor_incidents) == ("Twitter", ())


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
            incident(1, T0, T0 + timedelta(hours=1)),
            incident(2, T0 + timedelta(days=1)),
            incident(3, T0 + timedelta(days=2), T0 + timedelta(days=2, hours=1)),
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
            store.record_round(name, moment, Status.UP, [result(moment)])
            store.recent_rounds(name, moment)

    threads = [threading.Thread(target=write, args=(f"s{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(store.recent_rounds(f"s{n}", T0)) == 200 for n in range(4))


def test_public_api() -> None:
    assert set(trayapp.core.store.history.__all__) == {
        "DB_FILE",
        "HISTORY_RETENTION",
        "RAW_RETENTION",
        "SCHEMA_VERSION",
        "HourPoint",
        "PruneReport",
        "RoundPoint",
        "RoundRecord",
        "Store",
        "StoreError",
        "StoreTooNew",
    }


# --- kill -9 -------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path

    from trayapp.core.incident import Incident
    from trayapp.core.models import CheckResult, Status
    from trayapp.core.store.history import RoundRecord, Store

    store = Store(Path(sys.argv[1]))
    start = datetime(2012, 7, 26, tzinfo=UTC)
    n = int(sys.argv[2])
    while True:
        at = start + timedelta(seconds=n)
        checks = [CheckResult(type="http", target="home", checked_at=at, elapsed_ms=n % 500)]
        # Big rounds, so that the kill often lands in the middle of a transaction.
        store.record_rounds(RoundRecord(f"s{k}", at, Status.UP, checks) for k in range(50))
        if n % 7 == 0:
            store.save_incidents([Incident(
                id=store.next_incident_id(), service="s0", started_at=at, severity=Status.DOWN,
            )])
        print(n, flush=True)  # after the commit returned: this round is promised
        n += 1
    """
)


def test_kill_9_loses_nothing_committed(
    tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    path = tmp_path / DB_FILE
    promised: list[int] = []
    for target in (40, 137, 260):
        start = promised[-1] + 1 if promised else 0
        child = subprocess.Popen(
            [python, "-c", WRITER, str(path), str(start)],
            env=child_env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        try:
            for line in child.stdout:
                promised.append(int(line))
                if promised[-1] >= target:
                    os.kill(child.pid, signal.SIGKILL)
                    break
            promised += [int(line) for line in child.stdout]  # written before the kill
        finally:
            child.kill()
            child.stdout.close()
            child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL

        with Store(path) as store:
            check = store._db.execute("PRAGMA integrity_check").fetchall()
            assert check == [("ok",)]
            start_at = datetime(2012, 7, 26, tzinfo=UTC)
            kept = {
                int((p.at - start_at).total_seconds())
                for p in store.recent_rounds("s49", start_at, start_at + timedelta(days=1))
            }
            assert set(promised) <= kept
            incidents = {i.started_at for i in store.incidents(limit=10_000)}
            assert {start_at + timedelta(seconds=n) for n in promised if n % 7 == 0} <= incidents
            store.record_round("after", start_at, Status.UP, [])  # and it still takes writes
