"""The one model of every status page: levels, readings, following a component."""

from __future__ import annotations

import trayapp.core.vendors
from tests.support.builders import DOWN_AT, T0, at, vendor_incident, vendor_reading
from trayapp.core.vendors.model import (
    Component,
    VendorIncident,
    VendorLevel,
    follow,
    unreadable,
    worst_level,
)

L = VendorLevel


def test_levels_are_ordered_with_unknown_between_maintenance_and_problems() -> None:
    ordered = sorted(L, key=lambda level: level.rank)
    assert ordered == [
        L.OPERATIONAL,
        L.MAINTENANCE,
        L.UNKNOWN,
        L.DEGRADED,
        L.PARTIAL_OUTAGE,
        L.MAJOR_OUTAGE,
    ]
    assert worst_level([L.OPERATIONAL, L.UNKNOWN], L.OPERATIONAL) is L.UNKNOWN
    assert worst_level([L.UNKNOWN, L.DEGRADED], L.OPERATIONAL) is L.DEGRADED
    assert worst_level([], L.OPERATIONAL) is L.OPERATIONAL
    assert [level for level in L if level.is_problem] == [
        L.DEGRADED,
        L.PARTIAL_OUTAGE,
        L.MAJOR_OUTAGE,
    ]
    assert L.MAINTENANCE.explains_failure
    assert not L.MAINTENANCE.is_problem
    assert L.PARTIAL_OUTAGE.words == "partial outage"


def test_the_lead_incident_is_the_worst_then_the_latest() -> None:
    old = vendor_incident("Old", L.PARTIAL_OUTAGE, updated_at=at(9, 30))
    new = vendor_incident(
        "New", L.PARTIAL_OUTAGE, updated_at=at(11, 30), latest_update="users may be affected"
    )
    minor = vendor_incident("Minor", L.DEGRADED, updated_at=at(11, 29))
    said = vendor_reading(incidents=(old, minor, new))
    assert said.lead() is new
    assert said.headline() == "Investigating: users may be affected"
    assert said.quote("Twitter") == "Twitter status: 'Investigating: users may be affected'"
    assert said.summary() == "major outage: New — 'Investigating: users may be affected'"
    assert new.titled() == "New — Investigating: users may be affected"
    assert old.titled() == "Investigating: Old"  # no words but its title
    assert vendor_reading(stale=True).summary() == "major outage: 'Major System Outage' (stale)"


def test_the_json_of_check_is_four_keys_and_incidents_of_seven() -> None:
    listed = vendor_incident(
        "Users may be experiencing issues",
        L.MAJOR_OUTAGE,
        started_at=DOWN_AT,
        url="https://stspg.io/tw2012",
        id="abc",
        components=("userstream",),
    )
    assert vendor_reading(incidents=(listed,)).to_json() == {
        "platform": "statuspage",
        "level": "major_outage",
        "description": "Major System Outage",
        "incidents": [
            {
                "name": "Users may be experiencing issues",
                "status": "investigating",
                "impact": "major_outage",
                "started_at": "2012-07-26T11:23:00Z",
                "updated_at": None,
                "latest_update": "",
                "url": "https://stspg.io/tw2012",
            }
        ],
    }
    assert VendorIncident.from_stored(listed.to_stored()) == listed
    assert VendorIncident.from_stored({"name": 3}) is None
    work = vendor_incident("Database upgrade", L.MAINTENANCE, ends_at=DOWN_AT)
    assert VendorIncident.from_stored(work.to_stored()) == work


def test_an_unreadable_page_is_unknown_and_says_why() -> None:
    said = unreadable("gatus", "https://x.test", T0, "HTTP 503 <b>Service</b> Unavailable")
    assert (said.level, said.parsed, said.description) == (
        L.UNKNOWN,
        False,
        "HTTP 503 Service Unavailable",
    )
    assert follow(said, "api") is said  # nothing to follow on a page that was not read


def test_following_a_component_that_no_incident_names() -> None:
    page = vendor_reading(
        components=(Component("stream", L.OPERATIONAL), Component("userstream", L.DEGRADED)),
        incidents=(
            vendor_incident("Userstream slow", L.PARTIAL_OUTAGE, components=("userstream",)),
            vendor_incident("Something", L.MAJOR_OUTAGE),  # names no component: listed, not counted
        ),
    )
    stream = follow(page, "STREAM")
    assert stream.level is L.OPERATIONAL
    assert [i.name for i in stream.incidents] == ["Something"]
    assert stream.description == "stream: operational"
    userstream = follow(page, "userstream")
    assert userstream.level is L.PARTIAL_OUTAGE


def test_the_package_names_its_public_api() -> None:
    assert set(trayapp.core.vendors.__all__) == {
        "Component",
        "PageRef",
        "Platform",
        "ServiceSuggestion",
        "VendorIncident",
        "VendorLevel",
        "VendorReading",
        "suggest_service",
    }


def test_on_a_page_without_a_full_list_an_incident_naming_nothing_counts() -> None:
    page = vendor_reading(incidents=(vendor_incident("Everything is down", L.MAJOR_OUTAGE),))
    assert follow(page, "Messaging", complete=False).level is L.MAJOR_OUTAGE
    quiet = vendor_reading(level=L.OPERATIONAL, incidents=())
    assert follow(quiet, "Messaging", complete=False).level is L.OPERATIONAL
