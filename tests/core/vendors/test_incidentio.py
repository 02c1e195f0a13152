"""incident.io's widget API."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.vendors.pages import read
from trayapp.core.vendors.incidentio import endpoints
from trayapp.core.vendors.model import Platform, VendorLevel

IO = Platform.INCIDENT_IO


def test_ongoing_incidents_and_maintenance_in_progress_count_scheduled_ones_do_not() -> None:
    reading = read(IO, "incidentio_widget.json")
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    names = [i.name for i in reading.incidents]
    assert names == ["Elevated error rates for ChatGPT", "Database failover"]
    outage = reading.incidents[0]
    assert outage.status == "identified"
    assert outage.latest_update == "We have identified the cause — a fix is rolling out."
    assert outage.updated_at == datetime(2025, 6, 10, 9, 45, 12, 345000, tzinfo=UTC)
    assert outage.url == "https://status.openai.com/incidents/01JXA1B2C3D4E5F6G7H8J9K0LM"
    assert reading.incidents[1].impact is VendorLevel.MAINTENANCE


def test_components_come_from_the_incidents_and_others_are_operational() -> None:
    assert read(IO, "incidentio_widget.json", component="login").level is VendorLevel.MAJOR_OUTAGE
    grouped = read(IO, "incidentio_widget.json", component="API / Files")
    assert grouped.level is VendorLevel.MAINTENANCE
    quiet = read(IO, "incidentio_widget.json", component="Sora")
    assert quiet.level is VendorLevel.OPERATIONAL
    assert quiet.incidents == ()


def test_nothing_ongoing_is_operational() -> None:
    from trayapp.core.vendors.documents import Document

    empty = Document(
        b'{"ongoing_incidents": [], "in_progress_maintenances": [], "scheduled_maintenances": []}',
        {"content-type": "application/json"},
    )
    reading = read(IO, empty)
    assert (reading.level, reading.description) == (
        VendorLevel.OPERATIONAL,
        "All systems operational",
    )


def test_the_widget_api_address() -> None:
    assert endpoints("https://status.openai.com") == ("https://status.openai.com/api/v1/summary",)
