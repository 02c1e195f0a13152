"""What a round did to a service: its :class:`Judgement`, the failures in it, and the
:class:`Transition` of the service's shown status it caused.

Immutable values, made by the state machine (:mod:`trayapp.core.monitor.state`, which
re-exports them) and read by the incidents, the notification policy and the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.monitor.events import StatusChanged
from trayapp.core.phrases.checks import SUBJECT

__all__ = ["Failure", "Judgement", "Transition", "failures_of"]


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed check of a round: why, what it said, and what it looked at."""

    cause: Cause
    detail: str
    target: str

    def __str__(self) -> str:
        said = self.detail or self.cause.value
        return SUBJECT(subject=self.target, detail=said) if self.target else said


def failures_of(results: Iterable[CheckResult]) -> tuple[Failure, ...]:
    """The failed checks of a round, those that take a service down before those that degrade."""
    failed = [Failure(r.cause, r.detail, r.target) for r in results if r.cause is not None]
    # A timeout says more about the service than "slow" does; sorted() keeps check order else.
    return tuple(sorted(failed, key=lambda f: f.cause.degrades))


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of a service's status as the tray shows it (``paused`` included)."""

    service: str
    before: Status
    after: Status
    at: datetime
    """When the change was decided."""
    since: datetime
    """When the evidence for it began: the first round of the run that crossed the threshold."""
    cause: Cause | None = None
    detail: str = ""

    def to_event(self) -> StatusChanged:
        """The ``status_changed`` event for this change."""
        return StatusChanged(
            at=self.at, service=self.service, from_=self.before, to=self.after, cause=self.cause
        )


@dataclass(frozen=True, slots=True)
class Judgement:
    """What one round did to a service."""

    service: str
    at: datetime
    round_status: Status
    """The round's own status, as ``judge_round`` gave it (unknown: not evidence), or
    ``maintenance`` for a failed round a maintenance window excused (not counted either)."""
    status: Status
    """The service's judged status after the round: up, degraded, down or unknown, never
    paused (a paused service is still judged, for its history)."""
    results: tuple[CheckResult, ...]
    counted: bool
    """False when the round was not taken as evidence: offline, unknown, or held for a re-check."""
    recheck: bool = False
    """The round failed right after a sleep or network change: run it again before believing it."""
    changes: tuple[Transition, ...] = ()
    """Changes of the shown status (a snooze that ended, then the round's own), in order."""
    verdict: Verdict | None = None
    """Who is affected, when the round failed and that is known (the vendor's word, or the
    network's), as the round was judged with them (see :func:`trayapp.core.verdict.combine`)."""
    unsettled: int = 0
    """Counted rounds in a row, this one the last, that disagree with the service's status
    without having changed it yet (failures short of ``failure_threshold``, good rounds short
    of ``success_threshold``); 0 when the status stands, or the round was not counted. The
    loop runs the next round after ``retry_after``, to confirm them."""
    corroborated: bool = False
    """The round failed, was counted, and others already said the service was down (its
    vendor, its remote vantage points, the outside network): it counted on its own."""

    @property
    def failures(self) -> tuple[Failure, ...]:
        """The round's failed checks, the gravest first."""
        return failures_of(self.results)
