"""Instatus's summary."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.vendors.pages import read
from trayapp.core.vendors.model import Platform, VendorLevel

IN = Platform.INSTATUS


def test_active_incidents_and_maintenance_in_progress() -> None:
    reading = read(IN, "instatus_summary.json", url="https://acme.instatus.com")
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    assert [(i.name, i.status, i.impact) for i in reading.incidents] == [
        ("Dashboard unavailable", "investigating", VendorLevel.MAJOR_OUTAGE),
        ("Search index rebuild", "in progress", VendorLevel.MAINTENANCE),
    ]
    assert reading.incidents[0].started_at == datetime(2024, 5, 1, 9, 12, tzinfo=UTC)
    assert reading.description == "Major outage: Dashboard unavailable and 1 more"


def test_component_groups_and_a_followed_member() -> None:
    reading = read(IN, "instatus_components.json")
    assert reading.level is VendorLevel.DEGRADED  # a member is degraded though the page is UP
    assert read(IN, "instatus_components.json", component="Platform / Uploads").level is (
        VendorLevel.DEGRADED
    )
    assert read(IN, "instatus_components.json", component="Website").level is (
        VendorLevel.OPERATIONAL
    )
