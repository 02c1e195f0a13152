"""What others say of a service: who already reports it down, and when a vendor's reading
calls for a round now. Each row is a line of the module's table."""

from __future__ import annotations

from datetime import timedelta

import pytest

import trayapp.core.monitor.evidence
from tests.support.builders import DOWN_AT, outside_reading, vendor_incident, vendor_reading
from trayapp.core.models import Status
from trayapp.core.monitor.evidence import others_say_down, vendor_opened
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors.model import VendorLevel, VendorReading

Place = tuple[str, str, bool]
"""Where the outside network measured (country, continent) and whether it loaded."""
ALL_FAIL = (("DE", "EU", False), ("US", "NA", False), ("JP", "AS", False))
MOST_LOAD = (("DE", "EU", False), ("US", "NA", True), ("JP", "AS", True), ("BR", "SA", True))
EUROPE_DOWN = (("DE", "EU", False), ("FR", "EU", False), ("US", "NA", True), ("JP", "AS", True))


def vantage(where: str, status: Status) -> Vantage:
    return Vantage("prometheus", where, status)


OUTAGE = vendor_reading(VendorLevel.MAJOR_OUTAGE)
CALM = vendor_reading(VendorLevel.OPERATIONAL)


@pytest.mark.parametrize(
    ("reading", "remote", "places", "down"),
    [
        (None, (), None, False),
        (CALM, (), None, False),
        (OUTAGE, (), None, True),
        (vendor_reading(VendorLevel.DEGRADED), (), None, True),
        (vendor_reading(VendorLevel.PARTIAL_OUTAGE), (), None, True),
        # Planned work excuses a failure (a maintenance window); it does not confirm one.
        (vendor_reading(VendorLevel.MAINTENANCE), (), None, False),
        (vendor_reading(VendorLevel.UNKNOWN), (), None, False),
        # The vantage points that know something speak first.
        (None, (vantage("eu", Status.DOWN), vantage("us", Status.DEGRADED)), None, True),
        (OUTAGE, (vantage("eu", Status.DOWN), vantage("us", Status.UP)), None, False),
        (None, (vantage("eu", Status.DOWN), vantage("us", Status.UNKNOWN)), None, True),
        # Vantage points that know nothing leave it to the others.
        (OUTAGE, (vantage("eu", Status.UNKNOWN),), None, True),
        (CALM, (vantage("eu", Status.UNKNOWN),), ALL_FAIL, True),
        # Then the outside network, before the vendor.
        (CALM, (), ALL_FAIL, True),
        (None, (), EUROPE_DOWN, True),
        (OUTAGE, (), MOST_LOAD, False),
        (OUTAGE, (), (), True),  # no place measured anything: the vendor's word
    ],
)
def test_who_already_says_the_service_is_down(
    reading: VendorReading | None,
    remote: tuple[Vantage, ...],
    places: tuple[Place, ...] | None,
    down: bool,
) -> None:
    outside = None if places is None else outside_reading(*places, at=DOWN_AT)
    assert others_say_down(reading, remote, outside) is down


def test_an_outside_reading_from_before_the_service_came_back_says_nothing() -> None:
    seen = outside_reading(*ALL_FAIL, at=DOWN_AT)
    back = DOWN_AT + timedelta(minutes=5)
    assert others_say_down(None, (), seen, back_at=back - timedelta(minutes=10))
    assert others_say_down(None, (), seen, back_at=DOWN_AT)
    assert not others_say_down(None, (), seen, back_at=back)
    # The vendor's word still counts then.
    assert others_say_down(OUTAGE, (), seen, back_at=back)


FIRST = vendor_incident("Users may be experiencing issues", VendorLevel.DEGRADED, id="tw1")
SECOND = vendor_incident("Timelines are delayed", VendorLevel.DEGRADED, id="tw2")
WORK = vendor_incident("Database upgrade", VendorLevel.MAINTENANCE, id="tw3")


@pytest.mark.parametrize(
    ("before", "after", "opened"),
    [
        # The first reading opens what it lists.
        (None, CALM, False),
        (None, vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST,)), True),
        # A new incident, whatever the level.
        (CALM, vendor_reading(VendorLevel.OPERATIONAL, incidents=(FIRST,)), True),
        (
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST,)),
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST, SECOND)),
            True,
        ),
        # The same incidents at the same level: nothing new.
        (
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST,)),
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST,)),
            False,
        ),
        # An incident closed: nothing opened.
        (
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST, SECOND)),
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST,)),
            False,
        ),
        # Planned work is not an incident.
        (CALM, vendor_reading(VendorLevel.MAINTENANCE, incidents=(WORK,)), False),
        # A level worse than before, and a problem: an outage.
        (
            vendor_reading(VendorLevel.DEGRADED, incidents=(FIRST,)),
            vendor_reading(VendorLevel.MAJOR_OUTAGE, incidents=(FIRST,)),
            True,
        ),
        (CALM, vendor_reading(VendorLevel.PARTIAL_OUTAGE), True),
        (vendor_reading(VendorLevel.UNKNOWN), vendor_reading(VendorLevel.DEGRADED), True),
        # Better is no news of an outage.
        (OUTAGE, vendor_reading(VendorLevel.PARTIAL_OUTAGE), False),
        # A page that could not be read opens nothing.
        (CALM, vendor_reading(VendorLevel.UNKNOWN, incidents=(FIRST,), parsed=False), False),
    ],
)
def test_when_the_vendor_opens_an_incident(
    before: VendorReading | None, after: VendorReading, opened: bool
) -> None:
    assert vendor_opened(before, after) is opened


def test_public_api() -> None:
    assert set(trayapp.core.monitor.evidence.__all__) == {
        "others_said",
        "others_say_down",
        "vendor_opened",
    }
