"""Where the ledger keeps what happened: the few calls it makes on the history.

The :class:`~trayapp.core.monitor.ledger.Ledger` writes rounds and incidents through a
:class:`HistorySink`, nothing more. :class:`~trayapp.core.store.Store` is one as it is (a
protocol needs no inheritance; the engine's typed assignment has mypy check it), and tests
keep the history in memory with one of their own::

    Ledger  ── record_rounds, save_incidents ──►  HistorySink  (the Store: SQLite on disk)
            ◄── open_incidents, next_incident_id ──

:class:`KeptHistory` stands between the ledger and the store, so that a full disk or a
history that became read-only never stops the monitor.

Every call may block on the disk: the ledger makes them on the monitor's loop, in batches
(see :meth:`~trayapp.core.monitor.ledger.Ledger.flush`), and once at start in a worker
thread (the engine builds the ledger there).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from trayapp.core.incident import Incident
from trayapp.core.speech import Said, Speech, both
from trayapp.core.store import RoundRecord, StoreError, explain
from trayapp.core.text import plural

__all__ = [
    "MAX_KEPT_ROUNDS",
    "ROUNDS_PER_WRITE",
    "WRITE_ERRORS",
    "WRITE_WITHIN",
    "HistorySink",
    "KeepableHistory",
    "KeptHistory",
    "Unwritten",
]

log = logging.getLogger(__name__)


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


class KeepableHistory(HistorySink, Protocol):
    """A history that can also say, without writing, the last incident id it gave."""

    @property
    def path(self) -> Path:
        """The file, for messages."""
        ...

    def last_incident_id(self) -> int:
        """The last incident id reserved so far (read only)."""
        ...


WRITE_ERRORS = (sqlite3.Error, OSError, StoreError)
"""What a write to the history raises when it cannot be done now."""

MAX_KEPT_ROUNDS = 20_000
"""Rounds kept in memory while the history cannot be written; older ones are let go."""

ROUNDS_PER_WRITE = 200
"""Rounds kept in memory before they are written, at most (the loop flushes sooner)."""
WRITE_WITHIN = timedelta(seconds=5)
"""How long a round kept waits to be written, at most: the rounds of a few seconds go in one
write, and a crash loses no more than those."""


class Unwritten:
    """The ledger's rounds not written yet: written :data:`ROUNDS_PER_WRITE` at a time at
    most, and due :data:`WRITE_WITHIN` after the first of them."""

    def __init__(self, history: HistorySink | None) -> None:
        self._history = history
        self._rounds: list[RoundRecord] = []
        self.due: datetime | None = None
        """When the rounds waiting are to be written; None when none waits."""

    def add(self, kept: RoundRecord) -> None:
        """Keep ``kept``, to be written by :attr:`due` (at once when the batch is full)."""
        if not self._rounds:
            self.due = kept.at + WRITE_WITHIN
        self._rounds.append(kept)
        if len(self._rounds) >= ROUNDS_PER_WRITE:
            self.flush()

    def flush(self) -> None:
        """Write the rounds waiting, if any."""
        rounds, self._rounds, self.due = self._rounds, [], None
        if rounds and self._history is not None:
            self._history.record_rounds(rounds)


class KeptHistory:
    """A history sink that never stops the monitor: what cannot be written is kept and retried.

    When a write fails (the disk is full, the file became read-only, an I/O error), the rounds
    and incidents are kept in memory, the newest :data:`MAX_KEPT_ROUNDS` rounds and every
    incident, and written with the next write that works. Incident ids go on from the last one
    reserved, and the history's counter is moved past them once it can be written, so no id
    is given twice. The user is told once, in words, when writing fails, and once when it
    works again (``notify``, with a title and a body).

    Args:
        inner: The history (the SQLite store).
        notify: Receives ``(title, body)`` for the user, in their language; and a third
            argument, ``(title, body)`` in English for the JSON, only when they differ.
    """

    def __init__(self, inner: KeepableHistory, notify: Callable[..., None]) -> None:
        self._inner = inner
        self._notify = notify
        self._rounds: deque[RoundRecord] = deque(maxlen=MAX_KEPT_ROUNDS)
        self._dropped = 0
        self._incidents: dict[int, Incident] = {}
        self._last_id: int | None = None
        self._failing: str | None = None
        """Why the last write failed, while it does; None while writing works."""

    @property
    def failing(self) -> str | None:
        """Why the history cannot be written now, in words; None when it can."""
        return self._failing

    def open_incidents(self) -> Sequence[Incident]:
        """Every incident still open (read at start; a failure to read is the engine's)."""
        return self._inner.open_incidents()

    def next_incident_id(self) -> int:
        """The next incident id: reserved in the history, or given from memory meanwhile."""
        if self._failing is None:
            try:
                self._last_id = self._inner.next_incident_id()
                return self._last_id
            except WRITE_ERRORS as error:
                self._failed(error)
        if self._last_id is None:
            self._last_id = self._inner.last_incident_id()
        self._last_id += 1
        return self._last_id

    def record_rounds(self, rounds: Sequence[RoundRecord]) -> None:
        """Keep ``rounds``: written now with any kept before, or kept for the next try."""
        free = MAX_KEPT_ROUNDS - len(self._rounds)
        self._dropped += max(0, len(rounds) - free)
        self._rounds.extend(rounds)
        self._write()

    def save_incidents(self, incidents: Sequence[Incident]) -> None:
        """Keep ``incidents``: written now with any kept before, or kept for the next try."""
        for incident in incidents:
            self._incidents[incident.id] = incident
        self._write()

    def _write(self) -> None:
        try:
            if self._failing is not None and self._last_id is not None:
                while self._inner.next_incident_id() < self._last_id:
                    pass  # past the ids given from memory: none is given twice
            if self._incidents:
                self._inner.save_incidents(list(self._incidents.values()))
                self._incidents.clear()
            if self._rounds:
                self._inner.record_rounds(list(self._rounds))
                self._rounds.clear()
        except WRITE_ERRORS as error:
            self._failed(error)
            return
        if self._failing is not None:
            self._failing = None
            dropped, self._dropped = self._dropped, 0
            lost = f" ({plural(dropped, 'older round')} could not be kept)" if dropped else ""
            log.warning("the history is written again%s", lost)
            self._tell(
                both(lambda say: say._("trayapp's history is written again")),
                both(lambda say: _kept_again(say, dropped)),
            )

    def _failed(self, error: BaseException) -> None:
        why = explain(error, self._inner.path) if isinstance(error, sqlite3.Error) else str(error)
        if self._failing is None:
            log.warning("cannot write the history: %s", why)
            self._tell(
                both(lambda say: say._("trayapp cannot write its history")),
                # Translators: {why} is the error, a sentence without its full stop.
                both(
                    lambda say: say._(
                        "{why}. Monitoring goes on; the newest rounds are kept in memory and "
                        "written as soon as it can."
                    ).format(why=why)
                ),
            )
        self._failing = why

    def _tell(self, title: Said, body: Said) -> None:
        if (title.english, body.english) == (title.shown, body.shown):
            self._notify(title.shown, body.shown)
        else:
            self._notify(title.shown, body.shown, (title.english, body.english))


def _kept_again(say: Speech, dropped: int) -> str:
    """The body of the notice that the history is written again."""
    if not dropped:
        return say._("What happened meanwhile is kept.")
    # Translators: rounds are rounds of checks, which could not be written to the history.
    return say.ngettext(
        "What happened meanwhile is kept ({count} older round could not be kept).",
        "What happened meanwhile is kept ({count} older rounds could not be kept).",
        dropped,
    ).format(count=say.number(dropped))
