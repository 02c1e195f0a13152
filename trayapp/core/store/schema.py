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

What is trayapp's. A new file is marked with :data:`APPLICATION_ID` (SQLite's header field
for this). A file is taken as trayapp's when it carries that mark, or carries none and holds
every table its schema version says it should (files made before the mark); an empty file
is made trayapp's. Anything else is another program's, and is never written to: every check
runs before the first write.

Errors, each with its own one-line message naming the file (SQLite's result codes decide,
never its wording)::

    StoreError          the file cannot be used:
     │                  not SQLite, another program's, damaged (tables missing, or
     │                  malformed), read-only, on a full disk, in a folder trayapp cannot
     │                  write to, failing to read or write (I/O)
     └── StoreTooNew    written by a newer trayapp, whose schema this one doesn't know

The history is the user's alone: its folder 0700, the file (and so the write-ahead log and
shared memory that SQLite makes beside it with the file's mode) 0600.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from trayapp.core.i18n import _
from trayapp.core.paths import FILE_MODE, private_file, private_folder

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_S",
    "JOURNAL_SIZE_LIMIT",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "StoreError",
    "StoreTooNew",
    "connect",
    "explain",
    "migrate",
    "tables_of",
]


APPLICATION_ID = 0x54524159
"""``PRAGMA application_id`` of trayapp's history files ("TRAY")."""
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
    # 3: the outside network's readings taken during an incident, as a JSON list of objects
    # (``incidents --json``'s ``outside``), oldest first; only ever read with the incident.
    ("ALTER TABLE incidents ADD COLUMN outside TEXT NOT NULL DEFAULT '[]'",),
    # 4: what uptime and percentiles need of a folded hour: its rounds judged up (before,
    # unknown and paused rounds were not told from them), and its answered rounds' response
    # times as a histogram (trayapp.core.store.times). Both NULL in an hour folded before.
    (
        "ALTER TABLE hourly ADD COLUMN up INTEGER",
        "ALTER TABLE hourly ADD COLUMN response_times BLOB",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this trayapp writes: one per entry of :data:`MIGRATIONS`."""


class StoreError(Exception):
    """The history file cannot be used; the message says which file and why."""


class StoreTooNew(StoreError):
    """The history file was written by a newer trayapp."""


def connect(path: Path) -> sqlite3.Connection:
    """Open the history file at ``path``, made ready for the store.

    The file and its folder are created if missing, the user's alone; the connection is in
    autocommit mode (every transaction explicit), usable from any thread, waits
    :data:`BUSY_TIMEOUT_S` for another writer, and its schema is at :data:`SCHEMA_VERSION`.

    Raises:
        StoreTooNew: the file's schema is newer than this trayapp's.
        StoreError: the file cannot be used; the message says why, in one line.
    """
    _make(path)
    try:
        # Autocommit mode: every transaction is explicit (BEGIN IMMEDIATE ... COMMIT), so none
        # is ever left open by the sqlite3 module's implicit ones.
        db = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
        )
    except sqlite3.Error as error:
        raise StoreError(explain(error, path)) from None
    try:
        _prepare(db, path)
    except sqlite3.Error as error:
        db.close()
        raise StoreError(explain(error, path)) from None
    except BaseException:
        db.close()
        raise
    return db


def _make(path: Path) -> None:
    """Make the folder (0700) and an empty file (0600) where there is none; close both."""
    try:
        private_folder(path.parent)
    except OSError as error:
        # Translators: {reason} is the system's, e.g. "Permission denied".
        said = _("{path}: cannot make the history's folder: {reason}")
        raise StoreError(said.format(path=path.parent, reason=error.strerror or error)) from None
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        if _read_only(path):
            raise StoreError(
                _("{path}: the history file is read-only, and trayapp must write to it").format(
                    path=path
                )
            ) from None
        for made in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            # A read-only place says so when it is written to, in SQLite's terms.
            with contextlib.suppress(OSError):
                private_file(made)
    except OSError as error:
        said = _("{path}: cannot create the history there: {reason}")
        raise StoreError(said.format(path=path.parent, reason=error.strerror or error)) from None


def _read_only(path: Path) -> bool:
    """Whether ``path`` cannot be written: its filesystem is read-only, or its mode says so."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is not None and statvfs(path).f_flag & os.ST_RDONLY:
        return True
    return not os.access(path, os.W_OK)


def explain(error: sqlite3.Error, path: Path) -> str:
    """What went wrong with the history file ``path``, in one line, by SQLite's result code."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    match code:
        case sqlite3.SQLITE_NOTADB:
            said = _(
                "{path}: not a trayapp history database: the file is not SQLite; move it away, "
                "or use another data folder (--data-dir)"
            )
        case sqlite3.SQLITE_CORRUPT:
            said = _(
                "{path}: the history file is damaged (malformed); move it away to start a new one"
            )
        case sqlite3.SQLITE_READONLY:
            said = _("{path}: the history file is read-only, and trayapp must write to it")
        case sqlite3.SQLITE_FULL:
            said = _("{path}: the disk holding the history is full; free some space")
        case sqlite3.SQLITE_CANTOPEN:
            said = _("{path}: the history file cannot be opened (is its folder writable?)")
        case sqlite3.SQLITE_PERM:
            said = _("{path}: trayapp may not write to the history file")
        case sqlite3.SQLITE_IOERR:
            said = _("{path}: the history file cannot be read or written (an I/O error)")
        case sqlite3.SQLITE_BUSY:
            said = _("{path}: another program holds the history file locked")
        case _code:
            # Translators: {error} is the name of SQLite's error, as OperationalError.
            said = _("{path}: the history file cannot be used ({error})")
    return said.format(path=path, error=type(error).__name__)


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    # Read only, until the file is known to be trayapp's: another program's is never written.
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    application = int(db.execute("PRAGMA application_id").fetchone()[0])
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if application not in (0, APPLICATION_ID):
        raise StoreError(
            _("{path}: not a trayapp history database: another program's file").format(path=path)
        )
    ours = application == APPLICATION_ID
    if version == 0 and tables and not ours:
        shown = ", ".join(sorted(tables)[:5])
        # Translators: {tables} are the names of the tables the file holds.
        said = _(
            "{path}: not a trayapp history database: it holds another program's tables "
            "({tables}); trayapp leaves it alone: move it away, or use --data-dir"
        )
        raise StoreError(said.format(path=path, tables=shown))
    # Checked before anything is written: a newer trayapp's file is left exactly as it was.
    if version > SCHEMA_VERSION and (ours or tables_of(SCHEMA_VERSION) <= tables):
        said = _(
            "{path} was written by a newer trayapp (history schema {version}; this one knows "
            "up to {known}). Upgrade trayapp, or use another data folder (--data-dir)."
        )
        raise StoreTooNew(said.format(path=path, version=version, known=SCHEMA_VERSION))
    missing = tables_of(min(version, SCHEMA_VERSION)) - tables
    if missing and not ours:
        # Translators: {tables} are the names of the tables missing.
        said = _(
            "{path}: not a trayapp history database (schema {version}, but no {tables} "
            "table); move it away, or use --data-dir"
        )
        raise StoreError(said.format(path=path, version=version, tables=", ".join(sorted(missing))))
    if missing:
        said = _(
            "{path}: the history file is damaged (no {tables} table); "
            "move it away to start a new one"
        )
        raise StoreError(said.format(path=path, tables=", ".join(sorted(missing))))
    if not ours:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        said = _("{path}: cannot use a write-ahead log here (journal mode {mode})")
        raise StoreError(said.format(path=path, mode=mode))
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db, MIGRATIONS)


_CREATED = re.compile(r"CREATE TABLE (\w+)")


def tables_of(version: int) -> set[str]:
    """The tables a history file of schema ``version`` holds."""
    return {
        name
        for statements in MIGRATIONS[:version]
        for statement in statements
        for name in _CREATED.findall(statement)
    }


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
