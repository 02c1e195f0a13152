"""Gatus's endpoint statuses."""

from __future__ import annotations

from tests.core.vendors.pages import read
from trayapp.core.vendors.gatus import endpoints
from trayapp.core.vendors.model import Platform, VendorLevel

GA = Platform.GATUS


def test_each_endpoint_is_a_component_by_its_latest_result() -> None:
    reading = read(GA, "gatus_statuses.json", url="https://status.example.test")
    rows = {c.name: (c.group, c.level) for c in reading.components}
    assert rows == {
        "frontend": ("core", VendorLevel.OPERATIONAL),
        "api": ("core", VendorLevel.MAJOR_OUTAGE),
        "dns": ("infra", VendorLevel.UNKNOWN),
    }
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    assert reading.description == "1 of 3 endpoints failing: api"


def test_following_an_endpoint() -> None:
    assert read(GA, "gatus_statuses.json", component="core / frontend").level is (
        VendorLevel.OPERATIONAL
    )
    assert read(GA, "gatus_statuses.json", component="dns").level is VendorLevel.UNKNOWN


def test_the_api_address() -> None:
    assert endpoints("https://status.example.test/") == (
        "https://status.example.test/api/v1/endpoints/statuses",
    )
