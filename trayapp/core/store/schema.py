"""The history file's schema: opening it, its migrations, and what refuses to open.

:func:`connect` opens (creating, with its folder) the SQLite file, checks that this trayapp
can use it, and brings its schema up to :data:`SCHEMA_VERSION`;
:class:`~trayapp.core.store.history.Store` keeps the connection and asks it its questions.

Durability. The journal is a write-ahead log with ``synchronous=NORMAL``: a commit has been
written to the log (in the operating system's hands) before it returns, so killing the
process at any moment, ``kill -9`` included, loses nothing committed, and the next open
recovers from the log. Only a power cut or an OS crash can lose the last commits (never the
file); ``FULL`` would close that gap with an fsync per commit, which a monitor's history
does not need and a laptop's disk and battery would pay for every minute.

Schema versions live in ``PRAGMA user_version``: version N is the first N entries of
:data:`MIGRATIONS`. Each migration runs in one transaction with the version bump, so a crash
mid-migration leaves the previous version whole. A file written by a newer trayapp is
refused, never downgraded.

Errors::

    StoreError          the file cannot be used (not a database, not in WAL mode, ...)
     └── StoreTooNew    written by a newer trayapp, whose schema this one doesn't know
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "BUSY_TIMEOUT_S",
    "JOURNAL_SIZE_LIMIT",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "StoreError",
    "StoreTooNew",
    "connect",
    "migrate",
]


JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024
"""Bytes the write-ahead log is cut back to after a checkpoint, so it never stays large."""
BUSY_TIMEOUT_S = 5.0
"""How long to wait for another process (``trayapp watch`` beside the tray) to finish writing."""

# Each entry upgrades the schema by one version; append, never edit a released one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        )""",
        """CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            service_id INTEGER NOT NULL REFERENCES services (id),
            type TEXT NOT NULL,
            target TEXT NOT NULL,
            UNIQUE (service_id, type, target)
        )""",
        # One row per check and round; `at` (ms since the epoch, UTC) is the round's, so the
        # rows of one round share it. Clustered by service and time: a service's last day is
        # one range, and pruning a service's oldest rows is another.
        """CREATE TABLE results (
            service_id INTEGER NOT NULL,
            at INTEGER NOT NULL,
            check_id INTEGER NOT NULL,
            round_status TEXT NOT NULL,
            cause TEXT,
            elapsed_ms INTEGER,
            http_status INTEGER,
            detail TEXT,
            PRIMARY KEY (service_id, at, check_id)
        ) WITHOUT ROWID""",
        # Sums rather than means, so that an hour folded in two prunes merges exactly.
        """CREATE TABLE hourly (
            service_id INTEGER NOT NULL,
            hour INTEGER NOT NULL,
            rounds INTEGER NOT NULL,
            degraded INTEGER NOT NULL,
            down INTEGER NOT NULL,
            timed INTEGER NOT NULL,
            elapsed_sum_ms INTEGER NOT NULL,
            elapsed_max_ms INTEGER,
            PRIMARY KEY (service_id, hour)
        ) WITHOUT ROWID""",
        """CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            service TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            recovered_at INTEGER,
            severity TEXT NOT NULL CHECK (severity IN ('down', 'degraded')),
            causes TEXT NOT NULL,
            first_error TEXT NOT NULL,
            last_error TEXT NOT NULL,
            flaps INTEGER NOT NULL,
            verdict TEXT
        )""",
        "CREATE INDEX incidents_by_start ON incidents (started_at)",
        "CREATE INDEX incidents_open ON incidents (service) WHERE ended_at IS NULL",
        """CREATE TABLE incident_notes (
            incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (incident_id, seq)
        ) WITHOUT ROWID""",
        # Ids are handed out before an incident is first saved (its events carry the id), and
        # from here so that two processes on one data folder never hand out the same one.
        "CREATE TABLE incident_ids (last INTEGER NOT NULL)",
        "INSERT INTO incident_ids VALUES (0)",
    ),
    # 2: the vendor's own incidents seen during an incident, as a JSON list of objects
    # (they change as the vendor updates them, and are only ever read with the incident).
    ("ALTER TABLE incidents ADD COLUMN vendor_incidents TEXT NOT NULL DEFAULT '[]'",),
)
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this trayapp writes: one per entry of :data:`MIGRATIONS`."""


class StoreError(Exception):
    """The history file cannot be used; the message says which file and why."""


class StoreTooNew(StoreError):
    """The history file was written by a newer trayapp."""


def connect(path: Path) -> sqlite3.Connection:
    """Open the history file at ``path``, made ready for the store.

    The file and its folder are created if missing; the connection is in autocommit mode
    (every transaction explicit), usable from any thread, waits :data:`BUSY_TIMEOUT_S` for
    another writer, and its schema is at :data:`SCHEMA_VERSION`.

    Raises:
        StoreTooNew: the file's schema is newer than this trayapp's.
        StoreError: the file is not a usable database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Autocommit mode: every transaction is explicit (BEGIN IMMEDIATE ... COMMIT), so none is
    # ever left open by the sqlite3 module's implicit ones.
    db = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
    )
    try:
        _prepare(db, path)
    except BaseException:
        db.close()
        raise
    return db


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: not a trayapp history database ({error})") from None
    # Checked before anything is written: a newer trayapp's file is left exactly as it was.
    if version > SCHEMA_VERSION:
        raise StoreTooNew(
            f"{path} was written by a newer trayapp (history schema {version}; this one knows "
            f"up to {SCHEMA_VERSION}). Upgrade trayapp, or use another data folder "
            "(--data-dir)."
        )
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"{path}: cannot use a write-ahead log here (journal mode {mode})")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db, MIGRATIONS)


def migrate(db: sqlite3.Connection, migrations: Sequence[Sequence[str]]) -> None:
    """Bring the schema up to ``len(migrations)``, one version per transaction.

    Args:
        db: A connection in autocommit mode.
        migrations: The statements of each version, oldest first (:data:`MIGRATIONS`).

    Raises:
        sqlite3.Error: a statement failed; that version is rolled back, earlier ones stay.
    """
    while (version := int(db.execute("PRAGMA user_version").fetchone()[0])) < len(migrations):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if int(db.execute("PRAGMA user_version").fetchone()[0]) != version:
                db.execute("ROLLBACK")
                continue
            for statement in migrations[version]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
