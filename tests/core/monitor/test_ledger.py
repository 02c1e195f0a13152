"""The ledger with the vendor's word: statuses, verdicts, incidents and notifications.

Rounds and readings are fed at given moments (no loop, no network); what is checked is what
a user would see: the status, the notification's words, the incident's verdict and timeline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.pureloop import PureLoop
from trayapp.core.config.model import Config
from trayapp.core.incident import NoteKind
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.monitor import IncidentOpened, IncidentUpdated, Notification, Rejudge
from trayapp.core.vendors.model import VendorIncident, VendorLevel, VendorReading

T0 = datetime(2012, 7, 26, 11, 23, tzinfo=UTC)
PAGE = "https://status.twitterstat.us"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def config(*services: dict[str, Any], **notifications: Any) -> Config:
    return Config.model_validate(
        {
            "notifications": {"coalesce": "1s", **notifications},
            "network": {"canaries": []},
            "services": list(services),
        }
    )


TWITTER = {"name": "Twitter", "url": "https://twitter.com/", "status_page": PAGE}


def ok(when: datetime) -> list[CheckResult]:
    return [CheckResult("http", "https://twitter.com/", when, 80.0, None, "HTTP 200 OK")]


def timeout(when: datetime) -> list[CheckResult]:
    return [CheckResult("http", "https://twitter.com/", when, 10_000.0, Cause.TIMEOUT, "timeout")]


def vendor(level: VendorLevel, when: datetime, update: str = "") -> VendorReading:
    incidents = ()
    if level.is_problem:
        said = update or "Users may be experiencing issues"
        incidents = (
            VendorIncident(
                name="Twitter is down",
                status="investigating",
                impact=level,
                started_at=at(0),
                updated_at=when,
                latest_update=said,
                url="https://stspg.io/tw2012",
                id="tw2012",
            ),
        )
    return VendorReading(
        platform="statuspage",
        level=level,
        description="Major System Outage" if level.is_problem else "All Systems Operational",
        fetched_at=when,
        page_url=PAGE,
        incidents=incidents,
    )


def test_a_vendor_outage_with_checks_passing_degrades_the_service_with_its_words() -> None:
    loop = PureLoop(config(TWITTER, on_degraded=True))
    loop.round("Twitter", ok(at(0)), at(0))
    assert loop.vendor("Twitter", vendor(VendorLevel.MAJOR_OUTAGE, at(1)), at(1)) is Rejudge.NOW
    loop.round("Twitter", ok(at(2)), at(2))
    loop.round("Twitter", ok(at(3)), at(3))  # the second round in a row: the threshold
    loop.tick(at(4))

    (view,) = loop.views()
    assert (view.status, view.cause) == (Status.DEGRADED, Cause.VENDOR_REPORTED)
    assert view.detail == "'Investigating: Users may be experiencing issues'"
    assert view.vendor == (
        "Twitter status: major outage: Twitter is down — "
        "'Investigating: Users may be experiencing issues'"
    )
    (opened,) = loop.opened()
    assert (opened.cause, opened.verdict) == (Cause.VENDOR_REPORTED, Verdict.VENDOR_REPORTED)
    (notice,) = loop.notifications()
    assert notice.title == "Twitter is degraded"
    assert notice.body == "Twitter status: 'Investigating: Users may be experiencing issues'"


def test_down_with_the_vendor_agreeing_is_down_for_everyone_in_its_words() -> None:
    loop = PureLoop(config(TWITTER))
    loop.round("Twitter", ok(at(0)), at(0))
    loop.vendor("Twitter", vendor(VendorLevel.MAJOR_OUTAGE, at(1)), at(1))
    loop.round("Twitter", timeout(at(2)), at(2))
    loop.round("Twitter", timeout(at(3)), at(3))
    loop.tick(at(4))

    (notice,) = loop.notifications()
    assert notice.title == "Twitter is down"
    assert notice.body == (
        "Twitter status: 'Investigating: Users may be experiencing issues'\n"
        "https://twitter.com/: timeout"
    )
    (incident,) = loop.saved.values()
    assert incident.verdict is Verdict.DOWN_FOR_EVERYONE
    assert incident.to_record(at(4))["vendor_incidents"] == [
        {
            "name": "Twitter is down",
            "status": "investigating",
            "impact": "major_outage",
            "started_at": "2012-07-26T11:23:00Z",
            "updated_at": "2012-07-26T11:24:00Z",
            "latest_update": "Users may be experiencing issues",
            "url": "https://stspg.io/tw2012",
        }
    ]
    kinds = [(note.kind, note.text) for note in incident.notes]
    assert (NoteKind.VERDICT, "Verdict: down for everyone") in kinds
    assert (
        NoteKind.VENDOR,
        "Twitter status: Twitter is down — Investigating: Users may be experiencing issues",
    ) in kinds


def test_the_verdict_follows_the_vendor_and_each_update_is_in_the_timeline() -> None:
    loop = PureLoop(config(TWITTER))
    loop.vendor("Twitter", vendor(VendorLevel.OPERATIONAL, at(0)), at(0))
    loop.round("Twitter", timeout(at(1)), at(1))
    loop.round("Twitter", timeout(at(2)), at(2))
    (opened,) = loop.opened()
    assert opened.verdict is Verdict.DOWN_FOR_YOU

    # The vendor admits it: the next round says so.
    assert loop.vendor("Twitter", vendor(VendorLevel.PARTIAL_OUTAGE, at(5)), at(5)) is Rejudge.NOW
    loop.round("Twitter", timeout(at(6)), at(6))
    changed = [e for e in loop.events if isinstance(e, IncidentUpdated) and e.change == "verdict"]
    assert [e.verdict for e in changed] == [Verdict.DOWN_FOR_EVERYONE]

    # A new word in the same incident is a new line; the same word again is not.
    later = vendor(VendorLevel.PARTIAL_OUTAGE, at(9), "A fix is being deployed")
    # The verdict does not change: the next round, at its interval, is soon enough.
    assert loop.vendor("Twitter", later, at(9)) is Rejudge.AT_INTERVAL
    loop.vendor("Twitter", later, at(10))
    (incident,) = loop.saved.values()
    said = [note.text for note in incident.notes if note.kind is NoteKind.VENDOR]
    assert said == [
        "Twitter status: Twitter is down — Investigating: Users may be experiencing issues",
        "Twitter status: Twitter is down — Investigating: A fix is being deployed",
    ]
    (kept,) = incident.vendor_incidents
    assert kept.latest_update == "A fix is being deployed"


def test_a_page_that_cannot_be_read_gives_no_verdict() -> None:
    loop = PureLoop(config(TWITTER))
    unknown = VendorReading(
        "statuspage", VendorLevel.UNKNOWN, "HTTP 503", at(0), PAGE, parsed=False
    )
    loop.vendor("Twitter", unknown, at(0))
    loop.round("Twitter", timeout(at(1)), at(1))
    loop.round("Twitter", timeout(at(2)), at(2))
    loop.tick(at(3))
    (opened,) = loop.opened()
    assert opened.verdict is None
    (notice,) = loop.notifications()
    assert notice.body == "https://twitter.com/: timeout"


def test_a_service_with_only_a_status_page_takes_the_vendor_s_word() -> None:
    loop = PureLoop(config({"name": "Twitter", "status_page": PAGE}))
    loop.round("Twitter", [], at(0))
    assert loop.views()[0].status is Status.UNKNOWN  # not read yet: nothing to say
    loop.vendor("Twitter", vendor(VendorLevel.OPERATIONAL, at(1)), at(1))
    loop.round("Twitter", [], at(2))
    assert loop.views()[0].status is Status.UP
    loop.vendor("Twitter", vendor(VendorLevel.MAJOR_OUTAGE, at(3)), at(3))
    loop.round("Twitter", [], at(4))
    loop.round("Twitter", [], at(5))
    loop.tick(at(6))
    (view,) = loop.views()
    assert (view.status, view.cause) == (Status.DOWN, Cause.VENDOR_REPORTED)
    assert [n.title for n in loop.notifications()] == ["Twitter is down"]
    opened = [e for e in loop.events if isinstance(e, IncidentOpened)]
    assert opened[0].verdict is Verdict.VENDOR_REPORTED


def test_a_reading_of_a_page_no_longer_followed_is_forgotten() -> None:
    loop = PureLoop(config(TWITTER))
    loop.vendor("Twitter", vendor(VendorLevel.MAJOR_OUTAGE, at(0)), at(0))
    assert loop.views()[0].vendor
    loop.reconfigure(config({**TWITTER, "status_component": "userstream"}), at(1))
    assert loop.views()[0].vendor == ""
    assert loop.reading("Twitter") is None
    nobody = loop.vendor("Nobody", vendor(VendorLevel.MAJOR_OUTAGE, at(2)), at(2))
    assert nobody is Rejudge.AT_INTERVAL


def test_notifications_of_several_services_carry_each_vendor_s_words() -> None:
    other = {"name": "Google Talk", "url": "https://talk.google.com/"}
    loop = PureLoop(config(TWITTER, other))
    loop.vendor("Twitter", vendor(VendorLevel.MAJOR_OUTAGE, at(0)), at(0))
    for minute in (1, 2):
        loop.round("Twitter", timeout(at(minute)), at(minute))
        loop.round("Google Talk", timeout(at(minute)), at(minute))
    loop.tick(at(3))
    (notice,) = [n for n in loop.events if isinstance(n, Notification)]
    assert notice.body.splitlines() == [
        "Twitter: https://twitter.com/: timeout — Twitter status: "
        "'Investigating: Users may be experiencing issues'",
        "Google Talk: https://twitter.com/: timeout",
    ]
