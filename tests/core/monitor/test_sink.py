"""The keeper between the ledger and the history: a full disk never stops the monitor."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.builders import DOWN_AT, incident
from tests.support.history import MemoryHistory
from trayapp.core.models import Status
from trayapp.core.monitor.sink import MAX_KEPT_ROUNDS, KeptHistory
from trayapp.core.store import RoundRecord


class Disk(MemoryHistory):
    """A history whose disk can be full: every write fails then, as SQLite's would."""

    path = Path("/data/history.sqlite3")

    def __init__(self) -> None:
        super().__init__()
        self.full = False

    def _check(self) -> None:
        if self.full:
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
            raise error

    def last_incident_id(self) -> int:
        return self._last_id

    def next_incident_id(self) -> int:
        self._check()
        return super().next_incident_id()

    def record_rounds(self, rounds: list[RoundRecord]) -> None:  # type: ignore[override]
        self._check()
        super().record_rounds(rounds)

    def save_incidents(self, incidents: list) -> None:  # type: ignore[override,type-arg]
        self._check()
        super().save_incidents(incidents)


def rounds(count: int, start: int = 0) -> list[RoundRecord]:
    return [RoundRecord(f"s{n}", DOWN_AT, Status.UP, ()) for n in range(start, start + count)]


def keeper() -> tuple[Disk, KeptHistory, list[tuple[str, str]]]:
    disk, told = Disk(), []
    return disk, KeptHistory(disk, notify=lambda title, body: told.append((title, body))), told


def test_what_cannot_be_written_is_kept_and_written_when_it_can() -> None:
    disk, kept, told = keeper()
    kept.record_rounds(rounds(2))
    disk.full = True
    kept.record_rounds(rounds(3, start=2))
    kept.save_incidents([incident(1)])
    kept.record_rounds(rounds(1, start=5))
    assert [r.service for r in disk.rounds] == ["s0", "s1"]
    assert kept.failing == (
        "/data/history.sqlite3: the disk holding the history is full; free some space"
    )
    assert told == [
        (
            "trayapp cannot write its history",
            "/data/history.sqlite3: the disk holding the history is full; free some space. "
            "Monitoring goes on; the newest rounds are kept in memory and written as soon as "
            "it can.",
        )
    ]  # once, however many writes fail
    disk.full = False
    kept.record_rounds(rounds(1, start=6))
    assert [r.service for r in disk.rounds] == [f"s{n}" for n in range(7)]
    assert 1 in disk.incidents
    assert kept.failing is None
    assert told[1] == ("trayapp's history is written again", "What happened meanwhile is kept.")


def test_incident_ids_go_on_and_are_never_given_twice() -> None:
    disk, kept, _ = keeper()
    assert kept.next_incident_id() == 1
    disk.full = True
    assert [kept.next_incident_id(), kept.next_incident_id()] == [2, 3]
    disk.full = False
    kept.record_rounds(rounds(1))
    assert disk.next_incident_id() == 4  # the history's counter moved past the borrowed ids


def test_ids_given_from_memory_start_after_the_histories_last() -> None:
    disk, kept, _ = keeper()
    for _ in range(41):
        disk.next_incident_id()
    disk.full = True
    assert kept.next_incident_id() == 42


def test_memory_is_bounded_and_what_was_let_go_is_said() -> None:
    disk, kept, told = keeper()
    disk.full = True
    kept.record_rounds(rounds(MAX_KEPT_ROUNDS + 500))
    disk.full = False
    kept.record_rounds([])
    assert len(disk.rounds) == MAX_KEPT_ROUNDS
    assert disk.rounds[0].service == "s500"  # the oldest were let go
    assert told[-1][1] == "What happened meanwhile is kept (500 older rounds could not be kept)."


@pytest.mark.parametrize(
    ("over", "said"),
    [
        (0, "What happened meanwhile is kept."),
        (1, "What happened meanwhile is kept (1 older round could not be kept)."),
        (2, "What happened meanwhile is kept (2 older rounds could not be kept)."),
    ],
)
def test_what_was_let_go_is_counted_in_words_that_fit(over: int, said: str) -> None:
    disk, kept, told = keeper()
    disk.full = True
    kept.record_rounds(rounds(MAX_KEPT_ROUNDS + over))
    disk.full = False
    kept.record_rounds([])
    assert told[-1][1] == said
