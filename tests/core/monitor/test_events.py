"""The events of ``trayapp watch --json``: one JSON object a line, shaped as DESIGN.md says."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

import trayapp.core.monitor.events
from tests.support.builders import DOWN_AT, at
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor.events import (
    Event,
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
    NetworkChanged,
    NoticeLink,
    Notification,
    StatusChanged,
    iso_utc,
)
from trayapp.core.network import NetworkStatus

AT = at(11, 28)
"""When the events here happen: five minutes after Twitter went down."""


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            StatusChanged(
                at=AT, service="Twitter", from_=Status.UP, to=Status.DOWN, cause=Cause.TIMEOUT
            ),
            {
                "event": "status_changed",
                "at": "2012-07-26T11:28:00Z",
                "service": "Twitter",
                "from": "up",
                "to": "down",
                "cause": "timeout",
            },
        ),
        (
            StatusChanged(at=AT, service="Twitter", from_=Status.DOWN, to=Status.UP),
            {
                "event": "status_changed",
                "at": "2012-07-26T11:28:00Z",
                "service": "Twitter",
                "from": "down",
                "to": "up",
                "cause": None,
            },
        ),
        (
            IncidentOpened(
                at=AT,
                id=7,
                service="Twitter",
                severity=Status.DOWN,
                cause=Cause.TIMEOUT,
                started_at=DOWN_AT,
            ),
            {
                "event": "incident_opened",
                "at": "2012-07-26T11:28:00Z",
                "id": 7,
                "service": "Twitter",
                "severity": "down",
                "cause": "timeout",
                "started_at": "2012-07-26T11:23:00Z",
                "verdict": None,
            },
        ),
        (
            IncidentUpdated(
                at=AT,
                id=7,
                service="Twitter",
                change="flap",
                cause=Cause.REFUSED,
                severity=Status.DOWN,
                flaps=1,
            ),
            {
                "event": "incident_updated",
                "at": "2012-07-26T11:28:00Z",
                "id": 7,
                "service": "Twitter",
                "change": "flap",
                "cause": "refused",
                "severity": "down",
                "flaps": 1,
                "verdict": None,
            },
        ),
        (
            IncidentUpdated(
                at=AT,
                id=7,
                service="Twitter",
                change="verdict",
                cause=Cause.TIMEOUT,
                severity=Status.DOWN,
                flaps=0,
                verdict=Verdict.DOWN_FOR_EVERYONE,
            ),
            {
                "event": "incident_updated",
                "at": "2012-07-26T11:28:00Z",
                "id": 7,
                "service": "Twitter",
                "change": "verdict",
                "cause": "timeout",
                "severity": "down",
                "flaps": 0,
                "verdict": "down_for_everyone",
            },
        ),
        (
            IncidentResolved(
                at=AT + timedelta(hours=2),
                id=7,
                service="Twitter",
                started_at=DOWN_AT,
                ended_at=DOWN_AT + timedelta(minutes=105),
                flaps=1,
            ),
            {
                "event": "incident_resolved",
                "at": "2012-07-26T13:28:00Z",
                "id": 7,
                "service": "Twitter",
                "started_at": "2012-07-26T11:23:00Z",
                "ended_at": "2012-07-26T13:08:00Z",
                "duration_s": 6300.0,
                "flaps": 1,
            },
        ),
        (
            NetworkChanged(at=AT, from_=NetworkStatus.ONLINE, to=NetworkStatus.OFFLINE),
            {
                "event": "network_changed",
                "at": "2012-07-26T11:28:00Z",
                "from": "online",
                "to": "offline",
            },
        ),
        (
            Notification(
                at=AT,
                title="2 services down: Twitter, Google Talk",
                body="Twitter: timeout\nGoogle Talk: refused",
                services=("Twitter", "Google Talk"),
                kind="down",
                failing=("Twitter", "Google Talk"),
                id=7,
                replaces=6,
            ),
            {
                "event": "notification",
                "at": "2012-07-26T11:28:00Z",
                "title": "2 services down: Twitter, Google Talk",
                "body": "Twitter: timeout\nGoogle Talk: refused",
                "services": ["Twitter", "Google Talk"],
                "kind": "down",
                "failing": ["Twitter", "Google Talk"],
                "link": None,
                "actions": ["snooze", "mute"],
                "id": 7,
                "replaces": 6,
            },
        ),
    ],
    ids=lambda value: getattr(value, "event", ""),
)
def test_each_event_prints_the_documented_fields(event: Event, expected: dict[str, object]) -> None:
    line = event.to_json()
    assert "\n" not in line
    assert json.loads(line) == expected


def test_times_are_written_in_utc_whatever_zone_they_were_taken_in() -> None:
    berlin_summer = timezone(timedelta(hours=2))
    moment = datetime(2012, 7, 26, 13, 23, 0, 999_000, tzinfo=berlin_summer)
    assert iso_utc(moment) == "2012-07-26T11:23:00Z"


def test_a_naive_time_is_refused_where_the_event_is_made() -> None:
    with pytest.raises(ValueError, match="naive"):
        StatusChanged(at=datetime(2012, 7, 26), service="x", from_=Status.UP, to=Status.DOWN)


def test_names_are_printed_as_the_user_wrote_them() -> None:
    event = StatusChanged(at=AT, service="Télé ☎", from_=Status.UP, to=Status.DOWN)
    assert "Télé ☎" in event.to_json()


def test_public_api() -> None:
    assert set(trayapp.core.monitor.events.__all__) == {
        "Event",
        "IncidentChange",
        "IncidentOpened",
        "IncidentResolved",
        "IncidentUpdated",
        "NetworkChanged",
        "NoticeAction",
        "NoticeKind",
        "NoticeLink",
        "Notification",
        "StatusChanged",
        "iso_utc",
    }


def test_a_notification_prints_its_link_without_credentials_and_keeps_the_real_one() -> None:
    real = "https://alice:pa55word@status.shop.test/?api_key=k3y&page=2"
    notice = Notification(
        at=AT,
        title="Shop is back up",
        body="It was down for 5 min.",
        services=("Shop",),
        kind="up",
        link=NoticeLink("Open status page", real),
    )
    printed = json.loads(notice.to_json())
    assert printed["link"] == {
        "label": "Open status page",
        "url": "https://***@status.shop.test/?api_key=***&page=2",
    }
    assert "pa55word" not in notice.to_json()
    assert "k3y" not in notice.to_json()
    assert notice.link == NoticeLink("Open status page", real)
    # A recovery offers its page, and neither snooze nor mute: nothing of it is failing.
    assert printed["actions"] == ["open"]


def test_a_failure_offers_snooze_open_and_mute_in_that_order() -> None:
    notice = Notification(
        at=AT,
        title="Twitter is down",
        body="timeout",
        services=("Twitter",),
        kind="down",
        failing=("Twitter",),
        link=NoticeLink("Open status page", "https://status.twitterstat.us/"),
    )
    assert notice.actions == ("snooze", "open", "mute")


def test_a_notification_of_its_own_has_a_new_number_and_replaces_none() -> None:
    first = Notification(at=AT, title="Twitter is down", body="timeout")
    second = Notification(at=AT, title="Gmail is down", body="timeout")
    assert second.id > first.id
    printed = json.loads(second.to_json())
    assert (printed["id"], printed["replaces"]) == (second.id, None)


def test_trayapp_s_own_word_offers_nothing() -> None:
    notice = Notification(at=AT, title="trayapp test notification", body="Notifications work")
    assert (notice.kind, notice.actions) == ("info", ())
