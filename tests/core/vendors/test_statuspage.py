"""Atlassian Statuspage's summary (and incident.io's Statuspage-compatible one)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.core.vendors.pages import read
from trayapp.core.vendors.model import Platform, VendorLevel
from trayapp.core.vendors.statuspage import endpoints

SP = Platform.STATUSPAGE


def test_an_open_incident_with_its_latest_update_as_plain_text_in_utc() -> None:
    reading = read(SP, "statuspage_twitter.json")
    assert reading.parsed
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    assert reading.description == "Major System Outage"
    incident = next(i for i in reading.incidents if i.id == "inc0twitter26")
    assert incident.name == "Users may be experiencing issues"
    assert incident.status == "investigating"
    assert incident.impact is VendorLevel.MAJOR_OUTAGE
    # The page writes Pacific time (-07:00): 08:23 there is 15:23 UTC.
    assert incident.started_at == datetime(2012, 7, 26, 15, 23, tzinfo=UTC)
    assert incident.updated_at == datetime(2012, 7, 26, 16, 40, 12, 118000, tzinfo=UTC)
    assert incident.latest_update == (
        "Users may be experiencing issues accessing Twitter & its apps. We're on it."
    )
    assert incident.url == "https://stspg.io/tw2012"
    assert set(incident.components) == {"stream", "userstream"}
    assert reading.headline() == (
        "Investigating: Users may be experiencing issues accessing Twitter & its apps. We're on it."
    )


def test_maintenance_in_progress_is_listed_and_scheduled_maintenance_is_not() -> None:
    reading = read(SP, "statuspage_twitter.json")
    names = {i.name: i for i in reading.incidents}
    assert names["API database upgrade"].impact is VendorLevel.MAINTENANCE
    assert names["API database upgrade"].status == "in progress"
    assert "Next week's work" not in names


def test_maintenance_in_progress_ends_when_it_is_scheduled_until() -> None:
    api = read(SP, "statuspage_twitter.json", component="API")
    assert api.in_maintenance
    work = api.maintenance()
    assert work is not None
    assert work.name == "API database upgrade"
    assert work.ends_at == datetime(2012, 7, 26, 19, tzinfo=UTC)  # 12:00 Pacific
    # The whole page reports an outage besides: not merely maintenance.
    assert not read(SP, "statuspage_twitter.json").in_maintenance


def test_groups_are_components_but_only_their_members_count_for_the_page() -> None:
    reading = read(SP, "statuspage_twitter.json")
    rows = {c.name: c for c in reading.components}
    assert rows["Twitter"].is_group
    assert rows["userstream"].group == "Twitter"
    assert rows["userstream"].level is VendorLevel.MAJOR_OUTAGE
    assert rows["API"].group is None
    assert rows["API"].level is VendorLevel.MAINTENANCE


def test_a_followed_component_gets_its_own_level_and_the_incidents_that_touch_it() -> None:
    stream = read(SP, "statuspage_twitter.json", component="stream")
    assert stream.component == "stream"
    assert stream.level is VendorLevel.MAJOR_OUTAGE  # its own partial outage, a critical incident
    api = read(SP, "statuspage_twitter.json", component="api")  # any case
    assert api.level is VendorLevel.MAINTENANCE
    assert [i.name for i in api.incidents] == ["API database upgrade"]
    grouped = read(SP, "statuspage_twitter.json", component="Twitter / userstream")
    assert grouped.component == "userstream"


def test_a_component_the_page_does_not_list_is_unknown_not_operational() -> None:
    reading = read(SP, "statuspage_all_well.json", component="firehose")
    assert reading.level is VendorLevel.UNKNOWN
    assert "firehose" in reading.description


def test_an_indicator_of_none_does_not_hide_an_open_incident() -> None:
    reading = read(SP, "statuspage_indicator_none.json")
    assert reading.level is VendorLevel.DEGRADED
    # The page's own words would say all is well: the description is made instead.
    assert reading.description == "Degraded: Incident with Actions"
    assert reading.headline() == (
        "Identified: We are investigating reports of degraded performance for Actions"
    )


def test_all_well_is_operational() -> None:
    reading = read(SP, "statuspage_all_well.json")
    assert reading.level is VendorLevel.OPERATIONAL
    assert reading.description == "All Systems Operational"
    assert reading.incidents == ()


def test_a_value_it_does_not_know_makes_the_page_unknown_never_operational() -> None:
    reading = read(SP, "statuspage_unknown_values.json")
    assert reading.parsed
    assert reading.level is VendorLevel.UNKNOWN
    assert {c.name: c.level for c in reading.components}["Queue"] is VendorLevel.UNKNOWN


def test_incident_io_s_compatible_api_has_null_incidents_and_no_time_zone() -> None:
    reading = read(SP, "incidentio_compatible.json")
    assert reading.parsed
    assert reading.incidents == ()
    assert reading.level is VendorLevel.PARTIAL_OUTAGE
    assert reading.description == "Partial System Outage"
    assert read(SP, "incidentio_compatible.json", component="API").level is VendorLevel.DEGRADED


def test_the_summary_is_found_from_the_page_or_any_api_address() -> None:
    summary = "https://status.twitterstat.us/api/v2/summary.json"
    assert endpoints("https://status.twitterstat.us") == (summary,)
    assert endpoints("https://status.twitterstat.us/") == (summary,)
    assert endpoints(summary) == (summary,)
    assert endpoints("https://status.twitterstat.us/api/v2/status.json") == (summary,)
