"""The history file's schema: opening, migrations, and that a crash loses nothing committed."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.builders import T0, outside_reading
from tests.support.filesystems import fill, read_only, tmpfs
from tests.support.history import V3_PRUNED_AT, restore_v3_history
from trayapp.core.models import Status
from trayapp.core.store import ResponseTimes
from trayapp.core.store.history import DB_FILE, Store
from trayapp.core.store.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    StoreTooNew,
    migrate,
)

EDGE = datetime(2012, 8, 3, 10, tzinfo=UTC)
"""The hour of history_v3.sql's that the week's edge cut in two."""

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
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # as every trayapp marks it
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


def test_migrations_run_one_version_at_a_time(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    try:
        migrate(db, [["CREATE TABLE a (x)"]])
        db.execute("INSERT INTO a VALUES (1)")
        migrate(db, [["CREATE TABLE a (x)"], ["ALTER TABLE a ADD COLUMN y DEFAULT 2"]])
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("SELECT x, y FROM a").fetchall() == [(1, 2)]
    finally:
        db.close()


def test_a_failed_migration_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    try:
        migrate(db, [["CREATE TABLE a (x)"]])
        with pytest.raises(sqlite3.OperationalError):
            migrate(db, [["CREATE TABLE a (x)"], ["CREATE TABLE b (x)", "NOT SQL AT ALL"]])
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert tables == {"a"}
    finally:
        db.close()


def test_a_file_of_the_first_schema_is_migrated_and_its_incidents_kept(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        migrate(db, MIGRATIONS[:1])
        db.execute(
            "INSERT INTO incidents (id, service, started_at, severity, causes, first_error,"
            " last_error, flaps) VALUES (1, 'Twitter', ?, 'down', 'timeout', 'x', 'x', 0)",
            (int(T0.timestamp() * 1000),),
        )
    finally:
        db.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        (kept,) = store.incidents()
    assert (kept.service, kept.vendor_incidents) == ("Twitter", ())


def test_a_file_of_the_second_schema_is_migrated_and_its_incidents_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / DB_FILE
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        migrate(db, MIGRATIONS[:2])
        db.execute(
            "INSERT INTO incidents (id, service, started_at, severity, causes, first_error,"
            " last_error, flaps, vendor_incidents) VALUES (1, 'Twitter', ?, 'down', 'timeout',"
            " 'x', 'x', 0, '[]')",
            (int(T0.timestamp() * 1000),),
        )
    finally:
        db.close()
    reading = outside_reading(("DE", "EU", False), ("US", "NA", True), at=T0)
    with Store(path) as store:
        assert store.schema_version == 4
        (kept,) = store.incidents()
        assert (kept.service, kept.outside) == ("Twitter", ())
        store.save_incidents([replace(kept, outside=(reading,))])
    with Store(path) as store:
        (again,) = store.incidents()
    assert again.outside == (reading,)
    assert again.to_record(T0)["outside"] == [reading.to_json()]


def test_a_file_of_the_third_schema_is_migrated_its_old_hours_kept_without_histograms(
    tmp_path: Path,
) -> None:
    path = restore_v3_history(tmp_path / DB_FILE)
    with Store(path) as store:
        assert store.schema_version == 4
        old, edge = store.hourly("Twitter", T0)
        assert (old.hour, old.rounds, old.degraded, old.down) == (T0, 6, 1, 1)
        assert (old.up, old.response_times) == (None, None)
        assert (old.mean_ms, old.max_ms) == (17_600 / 6, 10_000)
        assert (edge.hour, edge.rounds, edge.up, edge.response_times) == (EDGE, 3, None, None)
        assert len(store.recent_rounds("Twitter", EDGE)) == 9 + 9
        assert [i.service for i in store.incidents()] == ["Twitter"]

        # The rest of the hour at the week's edge is folded into its old row: still without
        # histogram (it would stand for half the hour); the next hour gets one.
        store.prune(V3_PRUNED_AT + timedelta(days=1))
        edge, after = store.hourly("Twitter", EDGE)
    assert (edge.rounds, edge.up, edge.response_times) == (6, None, None)
    assert (edge.mean_ms, edge.max_ms) == (125.0, 150)
    assert (after.hour, after.rounds, after.up) == (EDGE + timedelta(hours=1), 6, 6)
    assert after.response_times == ResponseTimes.of([200, 210, 220, 230, 240, 250])


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


# --- what is not trayapp's, or cannot be used ------------------------------------------------


def _foreign(path: Path, *statements: str) -> bytes:
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("statements", "said"),
    [
        (
            ["CREATE TABLE services (id INTEGER, owner TEXT)", "CREATE TABLE users (id INTEGER)"],
            "not a trayapp history database: it holds another program's tables (services, users)",
        ),
        (
            ["PRAGMA application_id = 1234", "CREATE TABLE notes (id INTEGER)"],
            "not a trayapp history database: another program's file",
        ),
        (
            ["PRAGMA user_version = 2", "CREATE TABLE services (id INTEGER)"],
            "not a trayapp history database (schema 2, but no checks, hourly, incident_ids,",
        ),
    ],
)
def test_another_programs_file_is_refused_and_never_written(
    tmp_path: Path, statements: list[str], said: str
) -> None:
    path = tmp_path / DB_FILE
    before = _foreign(path, *statements)
    with pytest.raises(StoreError) as refused:
        Store(path)
    assert said in str(refused.value)
    assert "\n" not in str(refused.value)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_history_missing_a_table_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    with Store(path):
        pass
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE incident_notes")
    db.close()
    with pytest.raises(
        StoreError, match=r"the history file is damaged \(no incident_notes table\)"
    ):
        Store(path)


def test_the_history_is_the_users_alone(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for made in (store.path, Path(f"{store.path}-wal")):
            assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
    (folder / DB_FILE).chmod(0o644)  # as an earlier version left it
    folder.chmod(0o755)
    with Store.open(folder):
        assert stat.S_IMODE((folder / DB_FILE).stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_read_only_folder_is_said(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "fs") as fs:
        read_only(fs)
        with pytest.raises(StoreError) as refused:
            Store(fs / DB_FILE)
    assert str(refused.value) == f"{fs}: cannot create the history there: Read-only file system"


def test_a_read_only_history_is_said(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "fs") as fs:
        with Store(fs / DB_FILE):
            pass
        read_only(fs)
        with pytest.raises(StoreError) as refused:
            Store(fs / DB_FILE)
    assert str(refused.value) == (
        f"{fs / DB_FILE}: the history file is read-only, and trayapp must write to it"
    )


def test_a_full_disk_at_start_is_said(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "fs", size_kib=256) as fs:
        (fs / DB_FILE).touch()  # an empty file: SQLite makes it a database, which needs room
        fill(fs)
        with pytest.raises(StoreError) as refused:
            Store(fs / DB_FILE)
    assert str(refused.value).endswith("the disk holding the history is full; free some space")
