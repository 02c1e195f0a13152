"""History on disk: check results, hourly aggregates and incidents, in one SQLite file.

The file is ``history.sqlite3`` in the data folder. What it keeps, and for how long::

    results     every check of every round, with the round's own status (up, degraded,
                down; unknown while the user's network was down; paused while the service
                was snoozed or paused), for RAW_RETENTION (7 days) ...
    hourly      ... then folded into one row per service and hour (rounds by status, mean
                and max response time, a histogram of the answered rounds' times; see
                :mod:`trayapp.core.store.hours`), kept for HISTORY_RETENTION (a year)
    incidents   with their timeline notes, for a year after they ended (open ones always)

:meth:`Store.prune` does the folding and forgetting; call it about once an hour. How the file
is opened, kept durable and migrated is :mod:`trayapp.core.store.schema`'s; its errors,
which opening a :class:`Store` raises, are re-exported here.

Threads. One :class:`Store` is one connection, guarded by a lock: calls from any one thread
at a time, or from several, are safe. Writes are small and commits don't fsync, so the loop
may call :meth:`Store.record_rounds` and :meth:`Store.save_incidents` directly; run
:meth:`Store.prune` with ``asyncio.to_thread`` (a week's first fold takes seconds). It lets
go of the lock after each service, so that the loop's writes meanwhile wait for one
service's fold, not for the whole prune.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.outside.reading import readings_from_text, readings_to_text
from trayapp.core.store.hours import HOUR_MS, HourPoint, fold, read_hours
from trayapp.core.store.schema import StoreError, StoreTooNew, connect
from trayapp.core.store.times import register
from trayapp.core.vendors.model import VendorIncident

__all__ = [
    "DB_FILE",
    "HISTORY_RETENTION",
    "RAW_RETENTION",
    "HourPoint",
    "PruneReport",
    "RoundPoint",
    "RoundRecord",
    "Store",
    "StoreError",
    "StoreTooNew",
]

DB_FILE = "history.sqlite3"
RAW_RETENTION = timedelta(days=7)
HISTORY_RETENTION = timedelta(days=365)

_NO_CHECK = 0
"""The check id of a round without check results, so the round itself is still kept."""


@dataclass(frozen=True, slots=True)
class RoundRecord:
    """One round of one service, to keep: its status and its checks' results."""

    service: str
    at: datetime
    status: Status
    results: Sequence[CheckResult] = ()


@dataclass(frozen=True, slots=True)
class RoundPoint:
    """A round on the incidents window's chart: when, how it went, its slowest check."""

    at: datetime
    status: Status
    elapsed_ms: int | None


@dataclass(frozen=True, slots=True)
class PruneReport:
    """What :meth:`Store.prune` did."""

    folded: int
    """Raw result rows folded into hourly aggregates and deleted."""
    hours_deleted: int
    incidents_deleted: int


def _ms(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the store keeps aware datetimes only, not {moment!r}")
    return round(moment.timestamp() * 1000)


def _dt(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def _one_round(checks: list[tuple[int, str, int | None]]) -> tuple[int, str, int | None]:
    """A round's rows (one per check) as one: its moment and status, its slowest check's ms."""
    times = [ms for _, _, ms in checks if ms is not None]
    return checks[0][0], min(status for _, status, _ in checks), max(times, default=None)


def _dt_or_none(ms: int | None) -> datetime | None:
    return None if ms is None else _dt(ms)


class Store:
    """The history database. Open with :meth:`open` (a data folder) or a file path.

    Args:
        path: The SQLite file; created, with its folder, if missing.
        raw_retention: How long raw results are kept before they are folded into hours.
        retention: How long hourly aggregates and ended incidents are kept.

    Raises:
        StoreTooNew: The file's schema is newer than this trayapp's.
        StoreError: The file is not a usable database.
    """

    def __init__(
        self,
        path: Path,
        *,
        raw_retention: timedelta = RAW_RETENTION,
        retention: timedelta = HISTORY_RETENTION,
    ):
        self.path = path
        self.raw_retention = raw_retention
        self.retention = retention
        self._lock = threading.Lock()
        self._service_ids: dict[str, int] = {}
        self._check_ids: dict[tuple[int, str, str], int] = {}
        self._db = connect(path)
        register(self._db)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """The store in ``data_dir`` (the file :data:`DB_FILE`)."""
        return cls(data_dir / DB_FILE)

    def close(self) -> None:
        """Close the connection; the write-ahead log is checkpointed and cut back."""
        with self._lock:
            try:
                # Worth doing, not worth failing a shutdown over (another writer may hold
                # the lock for longer than the busy timeout).
                with suppress(sqlite3.OperationalError):
                    self._db.execute("PRAGMA optimize")
            finally:
                self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the file (``PRAGMA user_version``)."""
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                # A commit that failed (a full disk) may have ended the transaction already.
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    # --- results -------------------------------------------------------------------------

    def record_round(
        self, service: str, at: datetime, status: Status, results: Sequence[CheckResult]
    ) -> None:
        """Keep one round of ``service`` (one commit)."""
        self.record_rounds([RoundRecord(service, at, status, results)])

    def record_rounds(self, rounds: Iterable[RoundRecord]) -> None:
        """Keep many rounds in one commit. A round already kept (same service, time and check)
        is replaced."""
        with self._transaction() as db:
            # Made in full first: the ids they need are looked up with statements of their own.
            rows = list(self._result_rows(db, rounds))
            db.executemany(
                "INSERT OR REPLACE INTO results (service_id, at, check_id, round_status, cause,"
                " elapsed_ms, http_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def _result_rows(
        self, db: sqlite3.Connection, rounds: Iterable[RoundRecord]
    ) -> Iterator[tuple[object, ...]]:
        last: tuple[datetime, int] | None = None
        for record in rounds:
            # The rounds of one tick share their moment; converting it once is a fifth faster.
            if last is None or last[0] is not record.at:
                last = (record.at, _ms(record.at))
            service_id, at = self._service_id(db, record.service), last[1]
            status = record.status.value
            if not record.results:
                yield (service_id, at, _NO_CHECK, status, None, None, None, None)
            for result in record.results:
                cause = None if result.cause is None else result.cause.value
                yield (
                    service_id,
                    at,
                    self._check_id(db, service_id, result.type, result.target),
                    status,
                    cause,
                    round(result.elapsed_ms),
                    result.http_status,
                    # Details are kept for failures only: "ok" a million times is waste.
                    result.detail if cause is not None else None,
                )

    def _service_id(self, db: sqlite3.Connection, name: str) -> int:
        known = self._service_ids.get(name)
        if known is None:
            db.execute("INSERT OR IGNORE INTO services (name) VALUES (?)", (name,))
            row = db.execute("SELECT id FROM services WHERE name = ?", (name,)).fetchone()
            known = self._service_ids[name] = int(row[0])
        return known

    def _check_id(self, db: sqlite3.Connection, service_id: int, type_: str, target: str) -> int:
        key = (service_id, type_, target)
        known = self._check_ids.get(key)
        if known is None:
            db.execute(
                "INSERT OR IGNORE INTO checks (service_id, type, target) VALUES (?, ?, ?)", key
            )
            row = db.execute(
                "SELECT id FROM checks WHERE service_id = ? AND type = ? AND target = ?", key
            ).fetchone()
            known = self._check_ids[key] = int(row[0])
        return known

    def recent_rounds(
        self, service: str, since: datetime, until: datetime | None = None
    ) -> list[RoundPoint]:
        """``service``'s rounds from ``since`` (to ``until``), oldest first: the chart of the
        incidents window (``since = now - 24 h``). Raw results only, so at most RAW_RETENTION
        back; further back, use :meth:`hourly`."""
        rows = self.round_rows(service, since, until)
        return [RoundPoint(_dt(at), Status(status), elapsed) for at, status, elapsed in rows]

    def round_rows(
        self, service: str, since: datetime, until: datetime | None = None
    ) -> list[tuple[int, str, int | None]]:
        """:meth:`recent_rounds` as plain rows, for reading weeks of them at once: the
        round's moment (ms since the epoch), its status's value, its slowest check's ms."""
        end = _ms(until) if until is not None else 2**62
        with self._lock:
            rows: list[tuple[int, str, int | None]] = self._db.execute(
                "SELECT r.at, r.round_status, r.elapsed_ms FROM results AS r"
                " JOIN services AS s ON s.id = r.service_id"
                " WHERE s.name = ? AND r.at >= ? AND r.at <= ? ORDER BY r.at",
                (service, _ms(since), end),
            ).fetchall()
        # A row per check: most services have one, and SQLite's GROUP BY would double the time
        # of reading a week. Rounds of several checks are merged here, as the fold merges them.
        if len({row[0] for row in rows}) == len(rows):
            return rows
        return [_one_round(list(checks)) for _, checks in groupby(rows, key=itemgetter(0))]

    def hourly(self, service: str, since: datetime) -> list[HourPoint]:
        """``service``'s folded hours from the one holding ``since`` on, oldest first (raw
        rounds not included)."""
        with self._lock:
            return read_hours(self._db, service, _ms(since))

    def service_names(self) -> list[str]:
        """Every service the history has kept rounds of, by name."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT name FROM services ORDER BY name")]

    # --- incidents -----------------------------------------------------------------------

    def last_incident_id(self) -> int:
        """The last incident id reserved so far; reads only (see :meth:`next_incident_id`)."""
        with self._lock:
            row = self._db.execute("SELECT last FROM incident_ids").fetchone()
        return int(row[0]) if row is not None else 0

    def next_incident_id(self) -> int:
        """Reserve the next incident id (for the monitor's
        :class:`~trayapp.core.monitor.incidents.IncidentTracker`)."""
        with self._transaction() as db:
            row = db.execute("UPDATE incident_ids SET last = last + 1 RETURNING last").fetchone()
        return int(row[0])

    def save_incidents(self, incidents: Iterable[Incident]) -> None:
        """Save incidents as they are now (new or changed), with their notes, in one commit."""
        with self._transaction() as db:
            for incident in incidents:
                db.execute(
                    "INSERT INTO incidents (id, service, started_at, ended_at, recovered_at,"
                    " severity, causes, first_error, last_error, flaps, verdict,"
                    " vendor_incidents, outside) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET service = excluded.service,"
                    " started_at = excluded.started_at, ended_at = excluded.ended_at,"
                    " recovered_at = excluded.recovered_at, severity = excluded.severity,"
                    " causes = excluded.causes, first_error = excluded.first_error,"
                    " last_error = excluded.last_error, flaps = excluded.flaps,"
                    " verdict = excluded.verdict, vendor_incidents = excluded.vendor_incidents,"
                    " outside = excluded.outside",
                    (
                        incident.id,
                        incident.service,
                        _ms(incident.started_at),
                        None if incident.ended_at is None else _ms(incident.ended_at),
                        None if incident.recovered_at is None else _ms(incident.recovered_at),
                        incident.severity.value,
                        ",".join(cause.value for cause in incident.causes),
                        incident.first_error,
                        incident.last_error,
                        incident.flaps,
                        None if incident.verdict is None else incident.verdict.value,
                        json.dumps(
                            [v.to_stored() for v in incident.vendor_incidents],
                            ensure_ascii=False,
                        ),
                        readings_to_text(incident.outside),
                    ),
                )
                # Notes only ever grow at the end, so a note's place is its key.
                db.executemany(
                    "INSERT OR IGNORE INTO incident_notes (incident_id, seq, at, kind, text)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (incident.id, seq, _ms(note.at), note.kind.value, note.text)
                        for seq, note in enumerate(incident.notes)
                    ],
                )

    def incidents(
        self, *, limit: int = 1000, since: datetime | None = None, open_only: bool = False
    ) -> list[Incident]:
        """The latest incidents first, at most ``limit``: those still open or ended since
        ``since`` (all when None), or only the open ones."""
        where, args = ["true"], []
        if open_only:
            where.append("ended_at IS NULL")
        if since is not None:
            where.append("(ended_at IS NULL OR ended_at >= ? OR started_at >= ?)")
            args += [_ms(since), _ms(since)]
        query = (
            f"{_SELECT_INCIDENTS} WHERE {' AND '.join(where)}"
            " ORDER BY started_at DESC, id DESC LIMIT ?"
        )
        with self._lock:
            rows = self._db.execute(query, [*args, limit]).fetchall()
            notes = self._notes([row[0] for row in rows])
        return [_incident(row, notes.get(row[0], ())) for row in rows]

    def open_incidents(self) -> list[Incident]:
        """Every open incident (for the tracker to go on with after a restart)."""
        return self.incidents(limit=2**31, open_only=True)

    def incident(self, incident_id: int) -> Incident | None:
        """One incident with its timeline, if it is still kept."""
        with self._lock:
            row = self._db.execute(f"{_SELECT_INCIDENTS} WHERE id = ?", (incident_id,)).fetchone()
            notes = self._notes([incident_id])
        return None if row is None else _incident(row, notes.get(incident_id, ()))

    def _notes(self, ids: list[int]) -> dict[int, tuple[Note, ...]]:
        found: dict[int, list[Note]] = {}
        # In slices: SQLite limits the number of parameters of one statement.
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for incident_id, at, kind, text in self._db.execute(
                "SELECT incident_id, at, kind, text FROM incident_notes"
                f" WHERE incident_id IN ({marks}) ORDER BY incident_id, seq",
                chunk,
            ):
                found.setdefault(incident_id, []).append(Note(_dt(at), NoteKind(kind), text))
        return {incident_id: tuple(notes) for incident_id, notes in found.items()}

    # --- retention -----------------------------------------------------------------------

    def prune(self, now: datetime) -> PruneReport:
        """Fold raw results older than ``raw_retention`` into hours; forget hours and ended
        incidents older than ``retention``. One commit per service (its fold and its
        forgetting together), then one for the incidents."""
        raw_cutoff = _ms(now - self.raw_retention)
        incident_cutoff = _ms(now - self.retention)
        hour_cutoff = incident_cutoff // HOUR_MS
        folded = hours = 0
        with self._lock:
            service_ids = [row[0] for row in self._db.execute("SELECT id FROM services")]
        for service_id in service_ids:
            with self._transaction() as db:
                fold(db, service_id, raw_cutoff)
                folded += db.execute(
                    "DELETE FROM results WHERE service_id = ? AND at < ?",
                    (service_id, raw_cutoff),
                ).rowcount
                hours += db.execute(
                    "DELETE FROM hourly WHERE service_id = ? AND hour < ?",
                    (service_id, hour_cutoff),
                ).rowcount
        with self._transaction() as db:
            incidents = db.execute(
                "DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < ?",
                (incident_cutoff,),
            ).rowcount
        return PruneReport(folded=folded, hours_deleted=hours, incidents_deleted=incidents)


_SELECT_INCIDENTS = (
    "SELECT id, service, started_at, ended_at, recovered_at, severity, causes, first_error,"
    " last_error, flaps, verdict, vendor_incidents, outside FROM incidents"
)
"""The columns :func:`_incident` reads, in its order."""


def _incident(row: Any, notes: tuple[Note, ...]) -> Incident:
    id_, service, started, ended, recovered, severity, causes, first, last, flaps = row[:10]
    verdict, vendor_incidents, outside = row[10:13]
    return Incident(
        id=id_,
        service=service,
        started_at=_dt(started),
        ended_at=_dt_or_none(ended),
        recovered_at=_dt_or_none(recovered),
        severity=Status(severity),
        causes=tuple(Cause(cause) for cause in causes.split(",") if cause),
        first_error=first,
        last_error=last,
        flaps=flaps,
        verdict=None if verdict is None else Verdict(verdict),
        notes=notes,
        vendor_incidents=_vendor_incidents(vendor_incidents),
        outside=readings_from_text(outside),
    )


def _vendor_incidents(text: object) -> tuple[VendorIncident, ...]:
    """The vendor incidents kept as JSON; a damaged value reads as none, not as an error."""
    try:
        items = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return ()
    found = (VendorIncident.from_stored(i) for i in items if isinstance(i, dict))
    return tuple(v for v in found if v is not None) if isinstance(items, list) else ()
