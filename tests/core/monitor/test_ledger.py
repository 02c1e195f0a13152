"""The ledger with the vendor's word: statuses, verdicts, incidents and notifications.

Rounds and readings are fed at given moments (no loop, no network); what is checked is what
a user would see: the status, the notification's words, the incident's verdict and timeline.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.support.builders import (
    DOWN_AT,
    HOME,
    STATUS_PAGE,
    at,
    config,
    result,
    vendor_incident,
    vendor_reading,
)
from tests.support.pureloop import PureLoop
from trayapp.core.incident import NoteKind
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor import IncidentOpened, IncidentUpdated, Notification, Rejudge
from trayapp.core.monitor.sink import WRITE_WITHIN
from trayapp.core.vendors.model import VendorIncident, VendorLevel, VendorReading

QUICK: dict[str, dict[str, Any]] = {
    "notifications": {"coalesce": "1s"},
    "network": {"canaries": []},
}
"""What every config here says: a notification goes out a second after its change, and no
canaries."""
TWITTER = {"name": "Twitter", "url": HOME, "status_page": STATUS_PAGE}


def twitter_status(
    level: VendorLevel, when: datetime, update: str = "Users may be experiencing issues"
) -> VendorReading:
    """What Twitter's status page said at ``when``: at a level that is a problem, its one
    incident, "Twitter is down", open since :data:`DOWN_AT`, ``update`` its latest word."""
    incidents: tuple[VendorIncident, ...] = ()
    if level.is_problem:
        outage = vendor_incident(
            "Twitter is down",
            level,
            started_at=DOWN_AT,
            updated_at=when,
            latest_update=update,
            url="https://stspg.io/tw2012",
            id="tw2012",
        )
        incidents = (outage,)
    return vendor_reading(level, incidents=incidents, fetched_at=when)


def test_a_vendor_outage_with_checks_passing_degrades_the_service_with_its_words() -> None:
    loop = PureLoop(config(TWITTER, base=QUICK, notifications={"on_degraded": True}))
    loop.round("Twitter", [result(checked_at=at(11, 23))], at(11, 23))
    outage = twitter_status(VendorLevel.MAJOR_OUTAGE, at(11, 24))
    assert loop.vendor("Twitter", outage, at(11, 24)) is Rejudge.NOW
    loop.round("Twitter", [result(checked_at=at(11, 25))], at(11, 25))
    # The second round in a row: the threshold.
    loop.round("Twitter", [result(checked_at=at(11, 26))], at(11, 26))
    loop.tick(at(11, 27))

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
    loop = PureLoop(config(TWITTER, base=QUICK))
    loop.round("Twitter", [result(checked_at=at(11, 23))], at(11, 23))
    loop.vendor("Twitter", twitter_status(VendorLevel.MAJOR_OUTAGE, at(11, 24)), at(11, 24))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 25))], at(11, 25))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 26))], at(11, 26))
    loop.tick(at(11, 27))

    (notice,) = loop.notifications()
    assert notice.title == "Twitter is down"
    assert notice.body == (
        "Twitter status: 'Investigating: Users may be experiencing issues'\n"
        "https://twitter.com/: timeout"
    )
    (incident,) = loop.saved.values()
    assert incident.verdict is Verdict.DOWN_FOR_EVERYONE
    assert incident.to_record(at(11, 27))["vendor_incidents"] == [
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
    loop = PureLoop(config(TWITTER, base=QUICK))
    loop.vendor("Twitter", twitter_status(VendorLevel.OPERATIONAL, at(11, 23)), at(11, 23))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 24))], at(11, 24))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 25))], at(11, 25))
    (opened,) = loop.opened()
    assert opened.verdict is Verdict.DOWN_FOR_YOU

    # The vendor admits it: the next round says so.
    admitted = twitter_status(VendorLevel.PARTIAL_OUTAGE, at(11, 28))
    assert loop.vendor("Twitter", admitted, at(11, 28)) is Rejudge.NOW
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 29))], at(11, 29))
    changed = [e for e in loop.events if isinstance(e, IncidentUpdated) and e.change == "verdict"]
    assert [e.verdict for e in changed] == [Verdict.DOWN_FOR_EVERYONE]

    # A new word in the same incident is a new line; the same word again is not.
    later = twitter_status(VendorLevel.PARTIAL_OUTAGE, at(11, 32), "A fix is being deployed")
    # The verdict does not change: the next round, at its interval, is soon enough.
    assert loop.vendor("Twitter", later, at(11, 32)) is Rejudge.AT_INTERVAL
    loop.vendor("Twitter", later, at(11, 33))
    (incident,) = loop.saved.values()
    said = [note.text for note in incident.notes if note.kind is NoteKind.VENDOR]
    assert said == [
        "Twitter status: Twitter is down — Investigating: Users may be experiencing issues",
        "Twitter status: Twitter is down — Investigating: A fix is being deployed",
    ]
    (kept,) = incident.vendor_incidents
    assert kept.latest_update == "A fix is being deployed"


def test_a_page_that_cannot_be_read_gives_no_verdict() -> None:
    loop = PureLoop(config(TWITTER, base=QUICK))
    unknown = vendor_reading(
        VendorLevel.UNKNOWN, description="HTTP 503", fetched_at=at(11, 23), parsed=False
    )
    loop.vendor("Twitter", unknown, at(11, 23))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 24))], at(11, 24))
    loop.round("Twitter", [result(Cause.TIMEOUT, checked_at=at(11, 25))], at(11, 25))
    loop.tick(at(11, 26))
    (opened,) = loop.opened()
    assert opened.verdict is None
    (notice,) = loop.notifications()
    assert notice.body == "https://twitter.com/: timeout"


def test_a_service_with_only_a_status_page_takes_the_vendor_s_word() -> None:
    loop = PureLoop(config({"name": "Twitter", "status_page": STATUS_PAGE}, base=QUICK))
    loop.round("Twitter", [], at(11, 23))
    assert loop.views()[0].status is Status.UNKNOWN  # not read yet: nothing to say
    loop.vendor("Twitter", twitter_status(VendorLevel.OPERATIONAL, at(11, 24)), at(11, 24))
    loop.round("Twitter", [], at(11, 25))
    assert loop.views()[0].status is Status.UP
    loop.vendor("Twitter", twitter_status(VendorLevel.MAJOR_OUTAGE, at(11, 26)), at(11, 26))
    loop.round("Twitter", [], at(11, 27))
    loop.round("Twitter", [], at(11, 28))
    loop.tick(at(11, 29))
    (view,) = loop.views()
    assert (view.status, view.cause) == (Status.DOWN, Cause.VENDOR_REPORTED)
    assert [n.title for n in loop.notifications()] == ["Twitter is down"]
    opened = [e for e in loop.events if isinstance(e, IncidentOpened)]
    assert opened[0].verdict is Verdict.VENDOR_REPORTED


def test_a_reading_of_a_page_no_longer_followed_is_forgotten() -> None:
    loop = PureLoop(config(TWITTER, base=QUICK))
    loop.vendor("Twitter", twitter_status(VendorLevel.MAJOR_OUTAGE, at(11, 23)), at(11, 23))
    assert loop.views()[0].vendor
    loop.reconfigure(config({**TWITTER, "status_component": "userstream"}, base=QUICK), at(11, 24))
    assert loop.views()[0].vendor == ""
    assert loop.reading("Twitter") is None
    nobody = loop.vendor("Nobody", twitter_status(VendorLevel.MAJOR_OUTAGE, at(11, 25)), at(11, 25))
    assert nobody is Rejudge.AT_INTERVAL


def test_notifications_of_several_services_carry_each_vendor_s_words() -> None:
    other = {"name": "Google Talk", "url": "https://talk.google.com/"}
    loop = PureLoop(config(TWITTER, other, base=QUICK))
    loop.vendor("Twitter", twitter_status(VendorLevel.MAJOR_OUTAGE, at(11, 23)), at(11, 23))
    failed = {minute: [result(Cause.TIMEOUT, checked_at=at(11, minute))] for minute in (23, 24)}
    loop.round("Google Talk", failed[23], at(11, 23))
    # The vendor already says Twitter is down: its first failure is enough, as Google Talk's
    # second is, and both go down together.
    loop.round("Twitter", failed[24], at(11, 24))
    loop.round("Google Talk", failed[24], at(11, 24))
    loop.tick(at(11, 25))
    (notice,) = [n for n in loop.events if isinstance(n, Notification)]
    assert notice.body.splitlines() == [
        "Twitter: https://twitter.com/: timeout — Twitter status: "
        "'Investigating: Users may be experiencing issues'",
        "Google Talk: https://twitter.com/: timeout",
    ]


def test_the_history_keeps_each_round_as_it_counts_for_uptime() -> None:
    loop = PureLoop(config({"name": "Twitter", "url": HOME}, base=QUICK))
    failed = [result(Cause.TIMEOUT, checked_at=at(11, 23))]
    loop.round("Twitter", failed, at(11, 23))
    loop.round("Twitter", [result(Cause.OFFLINE, checked_at=at(11, 24))], at(11, 24))
    loop.pause("Twitter", at(11, 25), until=at(12))
    loop.round("Twitter", failed, at(11, 30))  # snoozed: kept, counted neither way
    loop.round("Twitter", [result(checked_at=at(12, 1))], at(12, 1))  # the snooze ran out
    loop.flush()
    kept = [(r.at, r.status) for r in loop.history.rounds_of("Twitter")]
    assert kept == [
        (at(11, 23), Status.DOWN),
        (at(11, 24), Status.UNKNOWN),  # the network's failure: "just you"
        (at(11, 30), Status.PAUSED),
        (at(12, 1), Status.UP),
    ]


def test_a_round_kept_is_written_within_seconds_and_the_loop_is_told_when() -> None:
    loop = PureLoop(config({"name": "Twitter", "url": HOME}, base=QUICK))
    loop.round("Twitter", [result(checked_at=at(11, 23))], at(11, 23))
    loop.tick(at(11, 23, 1))  # what else was due (the first status's notice) is done
    assert loop.next_deadline() == at(11, 23) + WRITE_WITHIN
    loop.round("Twitter", [result(checked_at=at(11, 23, 2))], at(11, 23, 2))
    assert loop.next_deadline() == at(11, 23) + WRITE_WITHIN  # the first one waiting says
    loop.flush()
    assert loop.next_deadline() is None
    assert [r.at for r in loop.history.rounds_of("Twitter")] == [at(11, 23), at(11, 23, 2)]
