"""Rounds in a row: the evidence a service's status changes on.

Each counted round of a service extends four runs at once: ``good`` (up), ``bad`` (not up),
``down`` and ``not_down``, each with its length and the moment it began. What they add up to,
against the thresholds, is the state machine's table (:mod:`~trayapp.core.monitor.state`)::

    worse    down      the down run reached failure_threshold
             degraded  from up or unknown: the bad run reached failure_threshold
    better   up        the good run reached success_threshold (from unknown: at once)
             degraded  from down: the not_down run reached success_threshold

A round whose own status differs from the service's, after it was judged, is *unsettled*: a
failure short of ``failure_threshold``, a recovery short of ``success_threshold``.
:attr:`Runs.unsettled` counts them in a row (0 once the status agrees with the rounds
again), so that the loop confirms them soon rather than an interval later (see
:func:`~trayapp.core.monitor.schedule.confirm_delay`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from trayapp.core.models import Status

__all__ = ["Run", "Runs"]


@dataclass(slots=True)
class Run:
    """How many rounds in a row met a condition, and since when."""

    length: int = 0
    since: datetime | None = None

    def extend(self, holds: bool, at: datetime) -> None:
        """One more round, at ``at``: the run goes on if it ``holds``, else ends."""
        if not holds:
            self.length, self.since = 0, None
        elif self.length == 0:
            self.length, self.since = 1, at
        else:
            self.length += 1

    @property
    def began(self) -> datetime:
        """When the run began.

        Raises:
            ValueError: the run is empty.
        """
        if self.since is None:
            raise ValueError("an empty run has no start")
        return self.since


@dataclass(slots=True)
class Runs:
    """A service's runs of rounds since its evidence was last set aside (offline, a
    maintenance window): a new one starts afresh."""

    good: Run = field(default_factory=Run)
    bad: Run = field(default_factory=Run)
    down: Run = field(default_factory=Run)
    not_down: Run = field(default_factory=Run)
    unsettled: int = 0
    """Counted rounds in a row, the last one included, whose status differs from the
    service's as they left it; 0 when the last one agreed."""

    def count(
        self, status: Status, at: datetime, current: Status, thresholds: tuple[int, int]
    ) -> tuple[Status, datetime] | None:
        """Count a round of ``status`` at ``at``, the service being ``current``.

        Args:
            status: The round's own status: up, degraded or down.
            at: When it ended.
            current: The service's judged status before the round.
            thresholds: ``failure_threshold`` and ``success_threshold`` for this round.

        Returns:
            The status the runs now give the service and when the evidence for it began;
            None when it stays ``current``.
        """
        self.good.extend(status is Status.UP, at)
        self.bad.extend(status is not Status.UP, at)
        self.down.extend(status is Status.DOWN, at)
        self.not_down.extend(status is not Status.DOWN, at)
        verdict = self._verdict(current, *thresholds)
        after = current if verdict is None else verdict[0]
        self.unsettled = 0 if status is after else self.unsettled + 1
        return verdict

    def _verdict(
        self, current: Status, failure_threshold: int, success_threshold: int
    ) -> tuple[Status, datetime] | None:
        if current is Status.UNKNOWN and self.good.length:
            return Status.UP, self.good.began
        if current is not Status.DOWN and self.down.length >= failure_threshold:
            return Status.DOWN, self.down.began
        if current in (Status.UP, Status.UNKNOWN) and self.bad.length >= failure_threshold:
            return Status.DEGRADED, self.bad.began
        failing = current in (Status.DOWN, Status.DEGRADED)
        if failing and self.good.length >= success_threshold:
            return Status.UP, self.good.began
        if current is Status.DOWN and self.not_down.length >= success_threshold:
            return Status.DEGRADED, self.not_down.began
        return None
