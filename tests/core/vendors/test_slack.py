"""Slack's current status."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.vendors.pages import read
from trayapp.core.vendors.model import Platform, VendorLevel
from trayapp.core.vendors.slack import endpoints

SL = Platform.SLACK


def test_an_active_outage_with_its_latest_note_in_plain_text_and_utc() -> None:
    reading = read(SL, "slack_current.json", url="https://slack-status.com")
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    (incident,) = reading.incidents  # the resolved one is not open
    assert incident.name == "Users may have trouble loading Slack"
    assert incident.status == "active"
    assert incident.latest_update == "We're still investigating — details."
    # -08:00 (Pacific standard time): 07:46 there is 15:46 UTC.
    assert incident.started_at == datetime(2024, 2, 26, 15, 46, 33, tzinfo=UTC)
    assert incident.id == "1379"


def test_services_are_followed_and_one_no_incident_names_is_operational() -> None:
    assert read(SL, "slack_current.json", component="messaging").level is (VendorLevel.MAJOR_OUTAGE)
    assert read(SL, "slack_current.json", component="Huddles").level is VendorLevel.OPERATIONAL


def test_ok_is_operational() -> None:
    reading = read(SL, "slack_ok.json")
    assert (reading.level, reading.incidents) == (VendorLevel.OPERATIONAL, ())


def test_the_api_address() -> None:
    assert endpoints("https://slack-status.com/") == (
        "https://slack-status.com/api/v2.0.0/current",
    )
