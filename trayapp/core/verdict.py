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

Remote vantage points (a service's targets at its ``[[sources]]``, see
:mod:`trayapp.core.sources`) come before the vendor's word: they looked at the service
itself. Vantage points whose source has no value (or cannot be read) are left out; when none
is left, the vendor's table above applies::

    the round                          the vantage points say       status     verdict
    a check failed outright            up, from one at least        the round  down_for_you
    a check failed outright            down or degraded, from all   the round  down_for_everyone
    no check failed outright           down or degraded, from one   degraded   vendor_reported
    no checks at all                   down, from all               down       down_for_everyone
    no checks at all                   a problem from some          degraded   none
    no checks at all                   up, from all                 up         none
    no checks at all                   nothing (unreadable source)  unknown    none, with why

The outside network (a public measurement network asked to load the service's target from a
few places in the world when it failed here, see :mod:`trayapp.core.outside`) speaks next:
it looked at the service itself, at the moment it failed. It is asked only about a round
with a check failed outright, and says nothing of any other; its reading decides the verdict
only (the status stays the round's), and when the user's own vantage points above know
something they decide instead. A reading in which no place measured anything is left out::

    the round                          the outside network says     status     verdict
    a check failed outright            loads from most places       the round  down_for_you
                                       ("loads from 4 of 5 places")
    a check failed outright            fails from all, or most      the round  down_for_everyone
                                       ("fails from 5 of 5 places")
    a check failed outright            down on whole continents,    the round  down_for_everyone
                                       up on the others ("down in
                                       Europe, up elsewhere")
    a check failed outright            no place measured it, or     the vendor's table above
                                       not asked

Maintenance with every check passing changes nothing: the service answers, and planned work
is not a problem. A degraded service from the vendor's word gets a result of its own (type
``vendor``, cause ``vendor_reported``, the vendor's words as its detail), so that its cause,
its incident's first error and its notification say what the vendor said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.outside.reading import Finding, OutsideReading
from trayapp.core.rounds import has_failure
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors.model import VendorLevel, VendorReading

__all__ = [
    "Combined",
    "Opinion",
    "combine",
    "opinion",
    "outside_verdict",
    "remote_result",
    "vendor_result",
]


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


def remote_result(vantage: Vantage, at: datetime) -> CheckResult:
    """A vantage point's word as a result: ``prometheus/eu-west: probe_success = 0``.

    A problem it reports has cause ``vendor_reported`` (a third party's word, as a vendor's);
    a source that cannot be read keeps the cause of that failure (``refused``, ``timeout``).
    """
    cause = vantage.cause or (None if vantage.status is Status.UP else Cause.VENDOR_REPORTED)
    return CheckResult(
        type="remote",
        target=vantage.name,
        checked_at=at,
        elapsed_ms=0.0,
        cause=cause,
        detail=vantage.detail,
    )


def outside_verdict(reading: OutsideReading | None) -> Verdict | None:
    """Who is affected, by the outside network's ``reading`` of a failing service; None when
    it says nothing (no reading, or no place measured anything)."""
    if reading is None:
        return None
    return {
        Finding.LOADS: Verdict.DOWN_FOR_YOU,
        Finding.FAILS: Verdict.DOWN_FOR_EVERYONE,
        Finding.REGIONAL: Verdict.DOWN_FOR_EVERYONE,
        Finding.NOTHING: None,
    }[reading.finding]


def combine(
    round_status: Status,
    results: Sequence[CheckResult],
    reading: VendorReading | None,
    *,
    service: str,
    remote: Sequence[Vantage] = (),
    remote_at: datetime | None = None,
    outside: OutsideReading | None = None,
) -> Combined:
    """``round_status`` (from ``judge_round``) and ``results`` with ``reading``, the
    ``remote`` vantage points, read at ``remote_at``, and the ``outside`` network's reading
    of the service's latest failure (see the module's tables).

    Raises:
        ValueError: ``remote`` without ``remote_at``.
    """
    said = opinion(reading)
    own = tuple(results)
    if any(r.cause is Cause.OFFLINE for r in own):
        return Combined(Status.UNKNOWN, Verdict.JUST_YOU, own)
    if remote:
        if remote_at is None:
            raise ValueError("remote vantage points need the time they were read")
        at = remote_at
        combined = _with_remote(round_status, own, remote, at)
        if combined is not None:
            return combined
        if not own and said is Opinion.NONE:
            # Nothing to go on; the unreadable sources say why.
            lost = tuple(remote_result(v, at) for v in remote if v.cause is not None)
            return Combined(Status.UNKNOWN, None, lost)
    if not own:
        return _vendor_alone(said, reading, service)
    if has_failure(own):
        seen = outside_verdict(outside)
        if seen is not None:
            return Combined(round_status, seen, own)
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


def _with_remote(
    round_status: Status, own: tuple[CheckResult, ...], remote: Sequence[Vantage], at: datetime
) -> Combined | None:
    """The round judged with the vantage points that know something; None when none does."""
    known = [v for v in remote if v.status is not Status.UNKNOWN]
    if not known:
        return None
    failing = [v for v in known if v.status in (Status.DOWN, Status.DEGRADED)]
    failed = tuple(remote_result(v, at) for v in failing)
    if has_failure(own):
        if len(failing) < len(known):
            return Combined(round_status, Verdict.DOWN_FOR_YOU, own)
        return Combined(round_status, Verdict.DOWN_FOR_EVERYONE, own)
    if own:
        if failing:
            return Combined(Status.DEGRADED, Verdict.VENDOR_REPORTED, (*own, *failed))
        return Combined(round_status, None, own)
    if len(failing) == len(known) and all(v.status is Status.DOWN for v in failing):
        return Combined(Status.DOWN, Verdict.DOWN_FOR_EVERYONE, failed)
    if failing:
        return Combined(Status.DEGRADED, None, failed)
    return Combined(Status.UP, None, ())
