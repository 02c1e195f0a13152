"""What we see and what the vendor says, together: status, cause and verdict."""

from __future__ import annotations

import pytest

from tests.support.builders import result, vendor_incident, vendor_reading
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.rounds import judge_round
from trayapp.core.vendors.model import VendorLevel, VendorReading
from trayapp.core.verdict import Opinion, combine, opinion

L = VendorLevel
OUTAGE = vendor_incident(latest_update="users may be experiencing issues")


def vendor(level: VendorLevel | None) -> VendorReading | None:
    """The status page at ``level``, listing the outage when it has a problem; None: no page."""
    if level is None:
        return None
    return vendor_reading(level, incidents=(OUTAGE,) if level.is_problem else ())


OK, DOWN, SLOW = result(), result(Cause.TIMEOUT), result(Cause.SLOW)
OFFLINE = result(Cause.OFFLINE)


@pytest.mark.parametrize(
    ("results", "level", "status", "verdict"),
    [
        # A check failed outright: who is affected is the vendor's call.
        ([DOWN], L.MAJOR_OUTAGE, Status.DOWN, Verdict.DOWN_FOR_EVERYONE),
        ([DOWN], L.DEGRADED, Status.DOWN, Verdict.DOWN_FOR_EVERYONE),
        ([DOWN], L.MAINTENANCE, Status.DOWN, Verdict.DOWN_FOR_EVERYONE),
        ([DOWN], L.OPERATIONAL, Status.DOWN, Verdict.DOWN_FOR_YOU),
        ([DOWN], L.UNKNOWN, Status.DOWN, None),
        ([DOWN], None, Status.DOWN, None),
        ([OK, DOWN], L.OPERATIONAL, Status.DEGRADED, Verdict.DOWN_FOR_YOU),
        ([OK, DOWN], L.PARTIAL_OUTAGE, Status.DEGRADED, Verdict.DOWN_FOR_EVERYONE),
        # Everything answers: the vendor's outage degrades it.
        ([OK], L.MAJOR_OUTAGE, Status.DEGRADED, Verdict.VENDOR_REPORTED),
        ([OK], L.DEGRADED, Status.DEGRADED, Verdict.VENDOR_REPORTED),
        ([SLOW], L.PARTIAL_OUTAGE, Status.DEGRADED, Verdict.VENDOR_REPORTED),
        ([OK], L.MAINTENANCE, Status.UP, None),
        ([OK], L.OPERATIONAL, Status.UP, None),
        ([OK], L.UNKNOWN, Status.UP, None),
        ([SLOW], L.OPERATIONAL, Status.DEGRADED, None),
        # The network is down: it is just you, whatever the vendor says.
        ([OFFLINE], L.MAJOR_OUTAGE, Status.UNKNOWN, Verdict.JUST_YOU),
        # No checks at all: the vendor's word alone.
        ([], L.OPERATIONAL, Status.UP, None),
        ([], L.MAINTENANCE, Status.DEGRADED, Verdict.VENDOR_REPORTED),
        ([], L.DEGRADED, Status.DEGRADED, Verdict.VENDOR_REPORTED),
        ([], L.PARTIAL_OUTAGE, Status.DEGRADED, Verdict.VENDOR_REPORTED),
        ([], L.MAJOR_OUTAGE, Status.DOWN, Verdict.VENDOR_REPORTED),
        ([], L.UNKNOWN, Status.UNKNOWN, None),
        ([], None, Status.UNKNOWN, None),
    ],
)
def test_the_table(
    results: list[CheckResult],
    level: VendorLevel | None,
    status: Status,
    verdict: Verdict | None,
) -> None:
    combined = combine(judge_round(results), results, vendor(level), service="Twitter")
    assert (combined.status, combined.verdict) == (status, verdict)


def test_the_vendor_s_outage_is_a_result_with_its_words() -> None:
    combined = combine(Status.UP, [OK], vendor(L.MAJOR_OUTAGE), service="Twitter")
    assert combined.cause is Cause.VENDOR_REPORTED
    said = combined.results[-1]
    assert (said.type, said.target, said.cause) == ("vendor", "Twitter status", combined.cause)
    assert said.detail == "'Investigating: users may be experiencing issues'"


def test_a_failure_of_our_own_stays_the_cause() -> None:
    combined = combine(Status.DOWN, [DOWN], vendor(L.MAJOR_OUTAGE), service="Twitter")
    assert combined.cause is Cause.TIMEOUT
    assert combined.results == (DOWN,)


def test_opinions() -> None:
    assert [opinion(vendor(level)) for level in (None, *L)] == [
        Opinion.NONE,
        Opinion.ALL_WELL,
        Opinion.MAINTENANCE,
        Opinion.NONE,
        Opinion.PROBLEM,
        Opinion.PROBLEM,
        Opinion.PROBLEM,
    ]
