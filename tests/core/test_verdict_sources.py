"""The verdict with remote vantage points: the table of ``trayapp.core.verdict``."""

from __future__ import annotations

import pytest

from tests.support.builders import T0, result, vendor_reading
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.rounds import judge_round
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors.model import VendorLevel, VendorReading
from trayapp.core.verdict import combine

SHOP = "https://shop/"
UP, DEGRADED, DOWN, UNKNOWN = Status.UP, Status.DEGRADED, Status.DOWN, Status.UNKNOWN


def vantages(*statuses: Status) -> tuple[Vantage, ...]:
    return tuple(
        Vantage("prometheus", where, status, f"said {status.value}")
        for where, status in zip(("eu-west", "us-east", "ap-south"), statuses, strict=False)
    )


def judged(
    own: list[CheckResult], remote: tuple[Vantage, ...], reading: VendorReading | None = None
) -> tuple[Status, Verdict | None]:
    combined = combine(judge_round(own), own, reading, service="Shop", remote=remote, remote_at=T0)
    return combined.status, combined.verdict


FAILED, PASSED = [result(Cause.REFUSED, target=SHOP)], [result(target=SHOP)]


@pytest.mark.parametrize(
    ("own", "remote", "expected"),
    [
        (FAILED, (DOWN, UP), (DOWN, Verdict.DOWN_FOR_YOU)),
        (FAILED, (UP,), (DOWN, Verdict.DOWN_FOR_YOU)),
        (FAILED, (DOWN, DOWN), (DOWN, Verdict.DOWN_FOR_EVERYONE)),
        (FAILED, (DOWN, DEGRADED), (DOWN, Verdict.DOWN_FOR_EVERYONE)),
        (FAILED, (UNKNOWN,), (DOWN, None)),  # a source that says nothing: no verdict
        (FAILED, (DOWN, UNKNOWN), (DOWN, Verdict.DOWN_FOR_EVERYONE)),
        (PASSED, (UP, UP), (UP, None)),
        (PASSED, (UP, DOWN), (DEGRADED, Verdict.VENDOR_REPORTED)),
        ([], (DOWN, DOWN), (DOWN, Verdict.DOWN_FOR_EVERYONE)),
        ([], (DOWN, UP), (DEGRADED, None)),
        ([], (DEGRADED,), (DEGRADED, None)),
        ([], (UP, UP), (UP, None)),
        ([], (UNKNOWN,), (UNKNOWN, None)),
    ],
)
def test_the_table(
    own: list[CheckResult], remote: tuple[Status, ...], expected: tuple[Status, Verdict | None]
) -> None:
    assert judged(own, vantages(*remote)) == expected


def test_vantage_points_come_before_the_vendor() -> None:
    outage = vendor_reading(VendorLevel.MAJOR_OUTAGE)
    assert judged(FAILED, vantages(UP), outage) == (DOWN, Verdict.DOWN_FOR_YOU)
    # With nothing from the vantage points, the vendor's word stands.
    assert judged(FAILED, vantages(UNKNOWN), outage) == (DOWN, Verdict.DOWN_FOR_EVERYONE)


def test_an_unreadable_source_leaves_its_cause() -> None:
    lost = Vantage(
        "prometheus", "", UNKNOWN, "cannot read source prometheus: no", cause=Cause.TIMEOUT
    )
    combined = combine(Status.UNKNOWN, [], None, service="x", remote=(lost,), remote_at=T0)
    assert combined.status is UNKNOWN
    assert combined.cause is Cause.TIMEOUT
    (said,) = combined.results
    assert (said.type, said.target, said.detail) == ("remote", "prometheus", lost.detail)


def test_the_failing_vantage_points_say_why() -> None:
    combined = combine(
        Status.UNKNOWN, [], None, service="x", remote=vantages(DOWN, DOWN), remote_at=T0
    )
    assert [(r.target, r.cause) for r in combined.results] == [
        ("prometheus/eu-west", Cause.VENDOR_REPORTED),
        ("prometheus/us-east", Cause.VENDOR_REPORTED),
    ]


def test_remote_needs_its_time() -> None:
    with pytest.raises(ValueError, match="time"):
        combine(Status.UP, PASSED, None, service="x", remote=vantages(UP))


def test_offline_stays_just_you() -> None:
    offline = [result(Cause.OFFLINE, target=SHOP)]
    assert judged(offline, vantages(UP)) == (UNKNOWN, Verdict.JUST_YOU)
