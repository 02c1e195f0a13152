"""Gatus's endpoint statuses."""

from __future__ import annotations

import json

import pytest

from tests.core.vendors.pages import JSON, read
from trayapp.core.vendors.documents import Document
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


def statuses(*successes: bool) -> Document:
    """Endpoints named e0, e1… whose latest result passed or not."""
    rows = [
        {
            "name": f"e{n}",
            "group": "",
            "key": f"_e{n}",
            "results": [{"success": ok, "timestamp": "2024-05-01T10:00:00Z"}],
        }
        for n, ok in enumerate(successes)
    ]
    return Document(json.dumps(rows).encode(), {"Content-Type": JSON})


@pytest.mark.parametrize(
    ("successes", "said"),
    [
        ((False,), "1 of 1 endpoint failing: e0"),
        ((False, True), "1 of 2 endpoints failing: e0"),
        ((False, False), "2 of 2 endpoints failing: e0, e1"),
    ],
)
def test_the_failing_endpoints_are_counted_in_words_that_fit(
    successes: tuple[bool, ...], said: str
) -> None:
    assert read(GA, statuses(*successes)).description == said
