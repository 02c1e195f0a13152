"""The history in memory: a :class:`~trayapp.core.monitor.HistorySink` for tests.

The ledger writes rounds and incidents through the sink protocol; the store on disk is one
sink, this is another. Tests hand it to the ledger as its ``store`` and read back what the
ledger kept, without SQLite and without overriding anything of the ledger's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from trayapp.core.incident import Incident
from trayapp.core.store import RoundRecord

__all__ = ["MemoryHistory"]


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
