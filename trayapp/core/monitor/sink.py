"""Where the ledger keeps what happened: the few calls it makes on the history.

The :class:`~trayapp.core.monitor.ledger.Ledger` writes rounds and incidents through a
:class:`HistorySink`, nothing more. :class:`~trayapp.core.store.Store` is one as it is (a
protocol needs no inheritance; the engine's typed assignment has mypy check it), and tests
keep the history in memory with one of their own::

    Ledger  ── record_rounds, save_incidents ──►  HistorySink  (the Store: SQLite on disk)
            ◄── open_incidents, next_incident_id ──

Every call may block on the disk: the ledger makes them on the monitor's loop, in batches
(see :meth:`~trayapp.core.monitor.ledger.Ledger.flush`), and once at start in a worker
thread (the engine builds the ledger there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from trayapp.core.incident import Incident
from trayapp.core.store import RoundRecord

__all__ = ["HistorySink"]


class HistorySink(Protocol):
    """What the ledger reads from and writes to the history."""

    def open_incidents(self) -> Sequence[Incident]:
        """Every incident still open, to go on with after a restart."""
        ...

    def next_incident_id(self) -> int:
        """Reserve the id of the next incident: never one given before."""
        ...

    def record_rounds(self, rounds: Sequence[RoundRecord]) -> None:
        """Keep ``rounds``, in one write."""
        ...

    def save_incidents(self, incidents: Sequence[Incident]) -> None:
        """Keep ``incidents`` as they are now (new or changed), in one write."""
        ...
