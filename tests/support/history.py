"""The history for tests: in memory, a file of an older schema, and a month on disk.

The ledger writes rounds and incidents through the sink protocol; the store on disk is one
sink, :class:`MemoryHistory` another. Tests hand it to the ledger as its ``store`` and read
back what the ledger kept, without SQLite and without overriding anything of the ledger's.

:func:`restore_v3_history` writes a history file of schema 3 (before folded hours kept their
histograms), from the dump ``history_v3.sql`` beside this module, whose header says what it
holds.

:func:`record_month` writes a month of known rounds, and the incidents of its outages, into a
data folder through :class:`~trayapp.core.store.Store`, for a trayapp started on it afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from trayapp.core.incident import Incident, Note, NoteKind, format_length
from trayapp.core.models import Cause, CheckResult, Status
from trayapp.core.store import RoundRecord, Store

__all__ = [
    "MONTH_DAYS",
    "V3_PRUNED_AT",
    "MemoryHistory",
    "Outage",
    "record_month",
    "restore_v3_history",
]

V3_PRUNED_AT = datetime(2012, 8, 10, 10, 30, tzinfo=UTC)
"""When the schema-3 history of ``history_v3.sql`` was last pruned."""


def restore_v3_history(path: Path) -> Path:
    """Write the schema-3 history file of ``history_v3.sql`` at ``path``, as trayapp left it
    (a write-ahead log, trayapp's mark, schema 3); returns ``path``."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.executescript((Path(__file__).parent / "history_v3.sql").read_text())
    finally:
        db.close()
    return path


class MemoryHistory:
    """Rounds and incidents kept in memory, as the ledger handed them over.

    Args:
        incidents: Incidents kept before (a restart's open ones); ids go on after theirs.
    """

    def __init__(self, incidents: Iterable[Incident] = ()) -> None:
        self.incidents: dict[int, Incident] = {i.id: i for i in incidents}
        """Every incident as last saved, by id."""
        self.rounds: list[RoundRecord] = []
        """Every round recorded, in the order the ledger wrote them."""
        self.writes = 0
        """How many times rounds were written (the ledger writes them in batches)."""
        self._last_id = max(self.incidents, default=0)

    # --- the sink ----------------------------------------------------------------------------

    def open_incidents(self) -> list[Incident]:
        return [i for i in self.incidents.values() if i.is_open]

    def next_incident_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def record_rounds(self, rounds: Sequence[RoundRecord]) -> None:
        self.rounds.extend(rounds)
        self.writes += 1

    def save_incidents(self, incidents: Sequence[Incident]) -> None:
        self.incidents.update((i.id, i) for i in incidents)

    # --- reading it back ---------------------------------------------------------------------

    def rounds_of(
        self, service: str, since: datetime | None = None, until: datetime | None = None
    ) -> list[RoundRecord]:
        """``service``'s rounds recorded at ``since`` or later (and ``until`` or earlier)."""
        return [
            r
            for r in self.rounds
            if r.service == service
            and (since is None or r.at >= since)
            and (until is None or r.at <= until)
        ]


MONTH_DAYS = 29
"""The days :func:`record_month` fills: the 29 before today, the 30-day strip's but today."""


@dataclass(frozen=True)
class Outage:
    """A service down for ``length`` from ``begins`` (local time), ``days_ago`` days before
    today, every round of it failing with ``error``."""

    service: str
    days_ago: int
    begins: time
    length: timedelta
    error: str
    cause: Cause = Cause.HTTP_STATUS


def record_month(
    data_dir: Path,
    services: Mapping[str, str],
    outages: Sequence[Outage],
    today: date,
    every: timedelta = timedelta(minutes=20),
) -> None:
    """Write :data:`MONTH_DAYS` days of rounds of ``services`` (name: the URL its one http
    check asks) into the history in ``data_dir``: a round every ``every`` of each local day
    before ``today``, up (answered in 90 to 250 ms) but in ``outages``; each outage is also a
    resolved incident. The history is then pruned as trayapp prunes it, so that the days
    older than a week are kept as hours.

    Raises:
        trayapp.core.store.StoreError: The history cannot be opened.
    """
    rounds: list[RoundRecord] = []
    outages_seen: list[tuple[datetime, Outage]] = []
    for days_ago in range(MONTH_DAYS, 0, -1):
        day = today - timedelta(days=days_ago)
        # The machine's own rules that day, as the strip's days are cut.
        midnight = datetime.combine(day, time()).astimezone()
        end = datetime.combine(day + timedelta(days=1), time()).astimezone()
        down = {
            o.service: (datetime.combine(day, o.begins).astimezone(), o)
            for o in outages
            if o.days_ago == days_ago
        }
        moment = midnight
        turn = 0
        while moment < end:
            turn += 1
            for name, url in services.items():
                began, outage = down.get(name, (end, None))
                if outage is not None and began <= moment < began + outage.length:
                    failed = CheckResult(
                        "http", url, moment, 140.0, outage.cause, outage.error, http_status=503
                    )
                    rounds.append(RoundRecord(name, moment, Status.DOWN, (failed,)))
                else:
                    elapsed = 90.0 + (turn * 53 + len(name) * 31) % 160
                    answered = CheckResult("http", url, moment, elapsed, http_status=200)
                    rounds.append(RoundRecord(name, moment, Status.UP, (answered,)))
            moment += every
        outages_seen.extend(down.values())
    with Store.open(data_dir) as store:
        store.record_rounds(rounds)
        # Their ids reserved as the monitor reserves its own, which come after them.
        ids = [store.next_incident_id() for _ in outages_seen]
        store.save_incidents(
            _incident(number, began, outage, every)
            for number, (began, outage) in zip(ids, outages_seen, strict=True)
        )
        store.prune(datetime.combine(today, time()).astimezone())


def _incident(number: int, began: datetime, outage: Outage, every: timedelta) -> Incident:
    """The resolved incident of ``outage``, as the ledger would have kept it."""
    rounds = -(-outage.length // every)  # the rounds that failed, the last one included
    back = began + rounds * every
    length = (back - began).total_seconds()
    settled = timedelta(minutes=30)  # the flap window of trayapp's defaults
    quiet = format_length(settled.total_seconds())
    return Incident(
        id=number,
        service=outage.service,
        started_at=began,
        severity=Status.DOWN,
        causes=(outage.cause,),
        first_error=outage.error,
        last_error=outage.error,
        recovered_at=back,
        ended_at=back,
        notes=(
            Note(began, NoteKind.OPENED, f"Went down: {outage.error}"),
            Note(back, NoteKind.RECOVERED, f"Back up after {format_length(length)}"),
            Note(
                back + settled,
                NoteKind.RESOLVED,
                f"Resolved: up for {quiet} since the last recovery",
            ),
        ),
    )
