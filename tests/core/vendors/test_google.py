"""Google Cloud's and Google Workspace's incidents.json."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.vendors.pages import read
from trayapp.core.vendors.google import endpoints
from trayapp.core.vendors.model import Platform, VendorLevel

GO = Platform.GOOGLE
CLOUD = "https://status.cloud.google.com/"
WORKSPACE = "https://www.google.com/appsstatus/dashboard/"


def test_an_incident_without_an_end_is_open_one_with_an_end_is_history() -> None:
    reading = read(GO, "google_cloud.json", url=CLOUD)
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    (incident,) = reading.incidents
    assert incident.name == "Google Compute Engine instances in us-east1 are unreachable"
    assert incident.started_at == datetime(2024, 6, 12, 15, 41, tzinfo=UTC)
    assert incident.latest_update == (
        "**Summary:** Instances unreachable Our engineers are mitigating the issue."
    )
    assert incident.url == "https://status.cloud.google.com/incidents/pWi6TDuVYu8D4dBvMZcm"


def test_a_product_sees_only_its_own_incidents() -> None:
    gce = read(GO, "google_cloud.json", url=CLOUD, component="Google Compute Engine")
    assert gce.level is VendorLevel.MAJOR_OUTAGE
    storage = read(GO, "google_cloud.json", url=CLOUD, component="Cloud Storage")
    assert storage.level is VendorLevel.OPERATIONAL  # its incident has ended
    assert storage.incidents == ()


def test_workspace_products_with_html_in_the_update() -> None:
    gmail = read(GO, "google_workspace.json", url=WORKSPACE, component="gmail")
    assert gmail.level is VendorLevel.PARTIAL_OUTAGE
    (incident,) = gmail.incidents
    assert incident.latest_update == "We're investigating reports of an issue with Gmail."
    assert incident.url == "https://www.google.com/appsstatus/dashboard/incidents/ws0gmail01"
    drive = read(GO, "google_workspace.json", url=WORKSPACE, component="Google Drive")
    assert drive.level is VendorLevel.OPERATIONAL


def test_the_incidents_list_address() -> None:
    assert endpoints(CLOUD) == ("https://status.cloud.google.com/incidents.json",)
    assert endpoints(WORKSPACE) == ("https://www.google.com/appsstatus/dashboard/incidents.json",)
