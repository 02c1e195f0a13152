"""What we see and what the vendor says, together: a round's status, its cause and its verdict.

Pure: a round's status and results, and the latest reading of the service's status page::

    the round                          the vendor says              status     verdict
    offline (a cause offline)          anything                     unknown    just_you
    a check failed outright            a problem or maintenance     the round  down_for_everyone
    a check failed outright            operational                  the round  down_for_you
    a check failed outright            unknown, or no page          the round  none
    no check failed outright           a problem                    degraded   vendor_reported
                                       (cause vendor_reported)
    no check failed outright           anything else                the round  none
    no checks at all                   operational                  up         none
    no checks at all                   maintenance or degraded,     degraded   vendor_reported
                                       partial outage
    no checks at all                   major outage                 down       vendor_reported
    no checks at all                   unknown, or no page          unknown    none

Maintenance with every check passing changes nothing: the service answers, and planned work
is not a problem. A degraded service from the vendor's word gets a result of its own (type
``vendor``, cause ``vendor_reported``, the vendor's words as its detail), so that its cause,
its incident's first error and its notification say what the vendor said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.rounds import has_failure
from trayapp.core.vendors.model import VendorLevel, VendorReading

__all__ = ["Combined", "Opinion", "combine", "opinion", "vendor_result"]


class Opinion(StrEnum):
    """What a reading says, as far as a verdict cares."""

    NONE = "none"
    """No reading, or one that says nothing (unknown)."""
    ALL_WELL = "all_well"
    MAINTENANCE = "maintenance"
    PROBLEM = "problem"


def opinion(reading: VendorReading | None) -> Opinion:
    """What ``reading`` says, as far as a verdict cares."""
    if reading is None or reading.level is VendorLevel.UNKNOWN:
        return Opinion.NONE
    if reading.level.is_problem:
        return Opinion.PROBLEM
    if reading.level is VendorLevel.MAINTENANCE:
        return Opinion.MAINTENANCE
    return Opinion.ALL_WELL


@dataclass(frozen=True, slots=True)
class Combined:
    """A round judged with the vendor's word."""

    status: Status
    verdict: Verdict | None
    results: tuple[CheckResult, ...]
    """The round's results, and the vendor's own when its word made the status."""

    @property
    def cause(self) -> Cause | None:
        """The gravest cause among the results (outright failures before degrading ones)."""
        causes = [r.cause for r in self.results if r.cause is not None]
        return min(causes, key=lambda c: c.degrades, default=None)


def vendor_result(service: str, reading: VendorReading) -> CheckResult:
    """The vendor's word as a result: ``Twitter status: 'Investigating: ...'`` in failures."""
    return CheckResult(
        type="vendor",
        target=f"{service} status",
        checked_at=reading.fetched_at,
        elapsed_ms=0.0,
        cause=Cause.VENDOR_REPORTED,
        detail=reading.quote(service).removeprefix(f"{service} status: "),
    )


def combine(
    round_status: Status,
    results: Sequence[CheckResult],
    reading: VendorReading | None,
    *,
    service: str,
) -> Combined:
    """``round_status`` (from ``judge_round``) and ``results`` with ``reading`` (see the
    module's table)."""
    said = opinion(reading)
    own = tuple(results)
    if any(r.cause is Cause.OFFLINE for r in own):
        return Combined(Status.UNKNOWN, Verdict.JUST_YOU, own)
    if not own:
        return _vendor_alone(said, reading, service)
    if has_failure(own):
        verdict = {
            Opinion.PROBLEM: Verdict.DOWN_FOR_EVERYONE,
            Opinion.MAINTENANCE: Verdict.DOWN_FOR_EVERYONE,
            Opinion.ALL_WELL: Verdict.DOWN_FOR_YOU,
            Opinion.NONE: None,
        }[said]
        return Combined(round_status, verdict, own)
    if said is Opinion.PROBLEM and reading is not None:
        return Combined(
            Status.DEGRADED, Verdict.VENDOR_REPORTED, (*own, vendor_result(service, reading))
        )
    return Combined(round_status, None, own)


def _vendor_alone(said: Opinion, reading: VendorReading | None, service: str) -> Combined:
    if reading is None or said is Opinion.NONE:
        return Combined(Status.UNKNOWN, None, ())
    if said is Opinion.ALL_WELL:
        return Combined(Status.UP, None, ())
    status = Status.DOWN if reading.level is VendorLevel.MAJOR_OUTAGE else Status.DEGRADED
    return Combined(status, Verdict.VENDOR_REPORTED, (vendor_result(service, reading),))
