"""The history for tests: in memory, and a file of an older schema.

The ledger writes rounds and incidents through the sink protocol; the store on disk is one
sink, :class:`MemoryHistory` another. Tests hand it to the ledger as its ``store`` and read
back what the ledger kept, without SQLite and without overriding anything of the ledger's.

:func:`restore_v3_history` writes a history file of schema 3 (before folded hours kept their
histograms), from the dump ``history_v3.sql`` beside this module, whose header says what it
holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from trayapp.core.incident import Incident
from trayapp.core.store import RoundRecord

__all__ = ["V3_PRUNED_AT", "MemoryHistory", "restore_v3_history"]

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
