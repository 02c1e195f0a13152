"""Uptime Kuma's status page and heartbeats."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.vendors.pages import read
from trayapp.core.vendors.model import Platform, VendorLevel
from trayapp.core.vendors.uptime_kuma import endpoints

UK = Platform.UPTIME_KUMA
PAGE = "https://kuma.example.test/status/main"


def test_monitors_by_their_latest_heartbeat_and_the_pinned_incident() -> None:
    reading = read(UK, "uptime_kuma_page.json", "uptime_kuma_heartbeat.json", url=PAGE)
    rows = {(c.group, c.name): c.level for c in reading.components}
    assert rows == {
        ("Services", "Nextcloud"): VendorLevel.OPERATIONAL,
        ("Services", "NAS"): VendorLevel.MAJOR_OUTAGE,
        ("Network", "Router"): VendorLevel.OPERATIONAL,
        ("Network", "Printer"): VendorLevel.MAINTENANCE,
    }
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    (incident,) = reading.incidents
    assert incident.name == "NAS offline"
    assert incident.latest_update == "The NAS lost power & is rebooting."
    # No zone on the page: Uptime Kuma writes UTC.
    assert incident.updated_at == datetime(2024, 5, 1, 10, 2, 30, tzinfo=UTC)


def test_a_followed_monitor() -> None:
    nextcloud = read(
        UK, "uptime_kuma_page.json", "uptime_kuma_heartbeat.json", url=PAGE, component="nextcloud"
    )
    assert nextcloud.level is VendorLevel.OPERATIONAL


def test_the_addresses_come_from_the_slug() -> None:
    assert endpoints(PAGE) == (
        "https://kuma.example.test/api/status-page/main",
        "https://kuma.example.test/api/status-page/heartbeat/main",
    )
    assert endpoints("https://kuma.example.test/") == ()
