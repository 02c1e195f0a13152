"""The one model of every status page: levels, readings, following a component."""

from __future__ import annotations

from datetime import UTC, datetime

import trayapp.core.vendors
from trayapp.core.vendors.model import (
    Component,
    VendorIncident,
    VendorLevel,
    VendorReading,
    follow,
    unreadable,
    worst_level,
)

NOW = datetime(2012, 7, 26, 11, 30, tzinfo=UTC)
L = VendorLevel


def reading(**more: object) -> VendorReading:
    values: dict[str, object] = {
        "platform": "statuspage",
        "level": L.MAJOR_OUTAGE,
        "description": "Major System Outage",
        "fetched_at": NOW,
        "page_url": "https://status.twitterstat.us",
    }
    values.update(more)
    return VendorReading(**values)  # type: ignore[arg-type]


def incident(name: str, impact: VendorLevel, **more: object) -> VendorIncident:
    return VendorIncident(name=name, status="investigating", impact=impact, **more)  # type: ignore[arg-type]


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
    old = incident("Old", L.PARTIAL_OUTAGE, updated_at=NOW.replace(hour=9))
    new = incident("New", L.PARTIAL_OUTAGE, updated_at=NOW, latest_update="users may be affected")
    minor = incident("Minor", L.DEGRADED, updated_at=NOW.replace(hour=11, minute=29))
    said = reading(incidents=(old, minor, new))
    assert said.lead() is new
    assert said.headline() == "Investigating: users may be affected"
    assert said.quote("Twitter") == "Twitter status: 'Investigating: users may be affected'"
    assert said.summary() == "major outage: New — 'Investigating: users may be affected'"
    assert new.titled() == "New — Investigating: users may be affected"
    assert old.titled() == "Investigating: Old"  # no words but its title
    assert reading(stale=True).summary() == "major outage: 'Major System Outage' (stale)"


def test_the_json_of_check_is_four_keys_and_incidents_of_seven() -> None:
    listed = incident(
        "Users may be experiencing issues",
        L.MAJOR_OUTAGE,
        started_at=NOW.replace(hour=11, minute=23),
        url="https://stspg.io/tw2012",
        id="abc",
        components=("userstream",),
    )
    assert reading(incidents=(listed,)).to_json() == {
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


def test_an_unreadable_page_is_unknown_and_says_why() -> None:
    said = unreadable("gatus", "https://x.test", NOW, "HTTP 503 <b>Service</b> Unavailable")
    assert (said.level, said.parsed, said.description) == (
        L.UNKNOWN,
        False,
        "HTTP 503 Service Unavailable",
    )
    assert follow(said, "api") is said  # nothing to follow on a page that was not read


def test_following_a_component_that_no_incident_names() -> None:
    page = reading(
        components=(Component("stream", L.OPERATIONAL), Component("userstream", L.DEGRADED)),
        incidents=(
            incident("Userstream slow", L.PARTIAL_OUTAGE, components=("userstream",)),
            incident("Something", L.MAJOR_OUTAGE),  # names no component: listed, not counted
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
    page = reading(incidents=(incident("Everything is down", L.MAJOR_OUTAGE),))
    assert follow(page, "Messaging", complete=False).level is L.MAJOR_OUTAGE
    quiet = reading(level=L.OPERATIONAL, incidents=())
    assert follow(quiet, "Messaging", complete=False).level is L.OPERATIONAL
