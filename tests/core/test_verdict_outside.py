"""The verdict with the outside network's reading: the table of ``trayapp.core.verdict``."""

from __future__ import annotations

import pytest

from tests.support.builders import T0, outside_reading, result, vendor_reading
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.outside import OutsideReading
from trayapp.core.rounds import judge_round
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors.model import VendorLevel, VendorReading
from trayapp.core.verdict import combine, outside_verdict

SHOP = "https://shop.example.org/"
FAILED, PASSED = [result(Cause.HTTP_STATUS, target=SHOP)], [result(target=SHOP)]
SLOW = [result(Cause.SLOW, target=SHOP)]

MOST_LOAD = outside_reading(
    ("DE", "EU", False),
    ("US", "NA", True),
    ("JP", "AS", True),
    ("BR", "SA", True),
    ("AU", "OC", True),
)
ALL_FAIL = outside_reading(*[(c, k, False) for c, k in (("DE", "EU"), ("US", "NA"), ("JP", "AS"))])
EUROPE_DOWN = outside_reading(
    ("DE", "EU", False), ("FR", "EU", False), ("US", "NA", True), ("JP", "AS", True)
)
NOBODY = outside_reading()


def judged(
    own: list[CheckResult],
    outside: OutsideReading | None,
    reading: VendorReading | None = None,
    remote: tuple[Vantage, ...] = (),
) -> tuple[Status, Verdict | None]:
    combined = combine(
        judge_round(own),
        own,
        reading,
        service="Shop",
        remote=remote,
        remote_at=T0 if remote else None,
        outside=outside,
    )
    return combined.status, combined.verdict


def test_the_readings_speak_the_issue_words() -> None:
    assert MOST_LOAD.summary == "loads from 4 of 5 places: US, JP, BR, AU"
    assert ALL_FAIL.summary == "fails from 3 of 3 places, e.g. Frankfurt: HTTP 503"
    assert EUROPE_DOWN.summary == "down in Europe, up elsewhere"
    assert NOBODY.summary == "no place could measure it"


@pytest.mark.parametrize(
    ("outside", "verdict"),
    [
        (MOST_LOAD, Verdict.DOWN_FOR_YOU),
        (ALL_FAIL, Verdict.DOWN_FOR_EVERYONE),
        (EUROPE_DOWN, Verdict.DOWN_FOR_EVERYONE),
        (NOBODY, None),
        (None, None),
    ],
)
def test_the_table_row_by_row(outside: OutsideReading | None, verdict: Verdict | None) -> None:
    assert outside_verdict(outside) is verdict
    assert judged(FAILED, outside) == (Status.DOWN, verdict)


@pytest.mark.parametrize(
    ("level", "outside", "verdict"),
    [
        # The vendor says all is well, the world cannot load it: down for everyone.
        (VendorLevel.OPERATIONAL, ALL_FAIL, Verdict.DOWN_FOR_EVERYONE),
        # The vendor reports a problem, but it loads from most places: it is down for you.
        (VendorLevel.MAJOR_OUTAGE, MOST_LOAD, Verdict.DOWN_FOR_YOU),
        # No place measured: the vendor's table decides, as before.
        (VendorLevel.MAJOR_OUTAGE, NOBODY, Verdict.DOWN_FOR_EVERYONE),
        (VendorLevel.OPERATIONAL, NOBODY, Verdict.DOWN_FOR_YOU),
    ],
)
def test_the_outside_comes_before_the_vendor(
    level: VendorLevel, outside: OutsideReading, verdict: Verdict
) -> None:
    assert judged(FAILED, outside, vendor_reading(level)) == (Status.DOWN, verdict)


def test_the_users_own_vantage_points_come_first() -> None:
    up_there = (Vantage("prometheus", "eu-west", Status.UP, "probe_success = 1"),)
    assert judged(FAILED, ALL_FAIL, remote=up_there) == (Status.DOWN, Verdict.DOWN_FOR_YOU)
    unknown = (Vantage("prometheus", "eu-west", Status.UNKNOWN, "no value"),)
    assert judged(FAILED, ALL_FAIL, remote=unknown) == (Status.DOWN, Verdict.DOWN_FOR_EVERYONE)


def test_a_round_without_an_outright_failure_is_not_judged_by_it() -> None:
    assert judged(PASSED, ALL_FAIL) == (Status.UP, None)
    assert judged(SLOW, ALL_FAIL) == (Status.DEGRADED, None)
    outage = vendor_reading(VendorLevel.MAJOR_OUTAGE)
    assert judged(PASSED, MOST_LOAD, outage) == (Status.DEGRADED, Verdict.VENDOR_REPORTED)


def test_offline_is_just_you_whatever_the_world_says() -> None:
    assert judged([result(Cause.OFFLINE, target=SHOP)], ALL_FAIL) == (
        Status.UNKNOWN,
        Verdict.JUST_YOU,
    )
