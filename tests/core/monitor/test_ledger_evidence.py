"""The ledger when others already report the service down: its first failure here counts at
once; and a vendor that opens an incident has the service judged now.

Rounds and readings are fed at given moments (no loop, no network); what is checked is what a
user would see: the status, when it changed, the incident and the notification.
"""

from __future__ import annotations

from typing import Any

from tests.support.builders import (
    HOME,
    MOBILE,
    STATUS_PAGE,
    at,
    config,
    outside_reading,
    result,
    vendor_incident,
    vendor_reading,
)
from tests.support.pureloop import PureLoop
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor import Rejudge
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors.model import VendorLevel

QUICK: dict[str, dict[str, Any]] = {
    "notifications": {"coalesce": "1s"},
    "network": {"canaries": []},
    "defaults": {"failure_threshold": 2, "success_threshold": 2, "flap_window": "30m"},
}
TWITTER = {"name": "Twitter", "url": HOME, "status_page": STATUS_PAGE}
PROMETHEUS = {"name": "prometheus", "kind": "prometheus", "url": "http://prometheus.test:9090"}
SHOP = {"name": "Shop", "url": HOME, "remote": [{"source": "prometheus"}]}
ALL_FAIL = (("DE", "EU", False), ("US", "NA", False), ("JP", "AS", False))


def fails(loop: PureLoop, service: str, minute: int, second: int = 0) -> None:
    moment = at(11, minute, second)
    loop.round(service, [result(Cause.HTTP_STATUS, checked_at=moment)], moment)


def passes(loop: PureLoop, service: str, minute: int) -> None:
    loop.round(service, [result(checked_at=at(11, minute))], at(11, minute))


def test_the_vendor_already_reports_an_outage_so_the_first_failure_is_down() -> None:
    loop = PureLoop(config(TWITTER, base=QUICK))
    passes(loop, "Twitter", 20)
    outage = vendor_reading(
        VendorLevel.MAJOR_OUTAGE,
        incidents=(vendor_incident("Twitter is down", id="tw2012"),),
        fetched_at=at(11, 22),
    )
    assert loop.vendor("Twitter", outage, at(11, 22)) is Rejudge.NOW
    fails(loop, "Twitter", 23)
    loop.tick(at(11, 24))
    assert loop.status_changes("Twitter") == [("unknown", "up"), ("up", "down")]
    (opened,) = loop.opened()
    assert (opened.started_at, opened.verdict) == (at(11, 23), Verdict.DOWN_FOR_EVERYONE)
    (notice,) = loop.notifications()
    assert notice.title == "Twitter is down"
    assert notice.body.startswith("Twitter status: 'Investigating: Twitter is down'")


def test_a_vendor_that_says_all_is_well_confirms_nothing() -> None:
    loop = PureLoop(config(TWITTER, base=QUICK))
    passes(loop, "Twitter", 20)
    loop.vendor(
        "Twitter", vendor_reading(VendorLevel.OPERATIONAL, fetched_at=at(11, 22)), at(11, 22)
    )
    fails(loop, "Twitter", 23)
    assert loop.status_changes("Twitter") == [("unknown", "up")]
    fails(loop, "Twitter", 23, 5)  # the round that confirms it
    assert loop.status_changes("Twitter") == [("unknown", "up"), ("up", "down")]


def test_every_vantage_point_sees_it_down_so_the_first_failure_is_down() -> None:
    loop = PureLoop(config(SHOP, sources=[PROMETHEUS], base=QUICK))
    passes(loop, "Shop", 20)
    down = [Vantage("prometheus", "eu", Status.DOWN), Vantage("prometheus", "us", Status.DOWN)]
    assert loop.remote("Shop", down, at(11, 22)) is Rejudge.NOW
    fails(loop, "Shop", 23)
    assert loop.status_changes("Shop") == [("unknown", "up"), ("up", "down")]


def test_a_vantage_point_that_sees_it_up_confirms_nothing() -> None:
    loop = PureLoop(config(SHOP, sources=[PROMETHEUS], base=QUICK))
    passes(loop, "Shop", 20)
    mixed = [Vantage("prometheus", "eu", Status.DOWN), Vantage("prometheus", "us", Status.UP)]
    loop.remote("Shop", mixed, at(11, 22))
    fails(loop, "Shop", 23)
    assert loop.status_changes("Shop") == [("unknown", "up")]


def both(loop: PureLoop, minute: int, *, mobile_fails: bool) -> None:
    """A round of Twitter's web site (failing) and mobile site (failing or not)."""
    moment = at(11, minute)
    web = result(Cause.HTTP_STATUS, checked_at=moment)
    mobile = result(Cause.TIMEOUT if mobile_fails else None, checked_at=moment, target=MOBILE)
    loop.round("Twitter", [web, mobile], moment)


def test_the_outside_world_sees_it_failing_so_the_first_failure_of_all_is_down() -> None:
    twitter = {"name": "Twitter", "url": HOME, "checks": [{"type": "http", "url": MOBILE}]}
    loop = PureLoop(config(twitter, base=QUICK))
    passes(loop, "Twitter", 20)
    both(loop, 21, mobile_fails=False)
    both(loop, 22, mobile_fails=False)  # degraded: the web site fails, the mobile site not
    seen = outside_reading(*ALL_FAIL, at=at(11, 22, 30))
    loop.outside("Twitter", seen, at(11, 22, 30))
    both(loop, 23, mobile_fails=True)
    assert loop.status_changes("Twitter") == [
        ("unknown", "up"),
        ("up", "degraded"),
        ("degraded", "down"),
    ]


def test_an_outside_reading_from_before_the_recovery_confirms_nothing() -> None:
    loop = PureLoop(config({"name": "Twitter", "url": HOME}, base=QUICK))
    passes(loop, "Twitter", 20)
    fails(loop, "Twitter", 21)
    fails(loop, "Twitter", 22)
    loop.outside("Twitter", outside_reading(*ALL_FAIL, at=at(11, 22, 30)), at(11, 22, 30))
    passes(loop, "Twitter", 23)
    passes(loop, "Twitter", 24)  # back up: the incident is recovering, its flap window open
    fails(loop, "Twitter", 25)
    assert loop.status_changes("Twitter")[-1] == ("down", "up")
    fails(loop, "Twitter", 26)
    assert loop.status_changes("Twitter")[-1] == ("up", "down")  # a flap, after two


def test_a_vendor_that_opens_an_incident_has_the_service_judged_now() -> None:
    loop = PureLoop(config(TWITTER, base=QUICK))
    first = vendor_incident("Users may be experiencing issues", VendorLevel.DEGRADED, id="1")
    second = vendor_incident("Timelines are delayed", VendorLevel.DEGRADED, id="2")
    degraded = vendor_reading(VendorLevel.DEGRADED, incidents=(first,), fetched_at=at(11, 20))
    assert loop.vendor("Twitter", degraded, at(11, 20)) is Rejudge.NOW
    # The same word again: the next round at its interval is soon enough.
    assert loop.vendor("Twitter", degraded, at(11, 25)) is Rejudge.AT_INTERVAL
    # Another incident, at the same level: a round now.
    more = vendor_reading(VendorLevel.DEGRADED, incidents=(first, second), fetched_at=at(11, 30))
    assert loop.vendor("Twitter", more, at(11, 30)) is Rejudge.NOW
    # The same incidents, now a major outage: a round now.
    worse = vendor_reading(VendorLevel.MAJOR_OUTAGE, incidents=(first, second))
    assert loop.vendor("Twitter", worse, at(11, 35)) is Rejudge.NOW
    # Better, still a problem: nothing opened.
    better = vendor_reading(VendorLevel.PARTIAL_OUTAGE, incidents=(first, second))
    assert loop.vendor("Twitter", better, at(11, 40)) is Rejudge.AT_INTERVAL
