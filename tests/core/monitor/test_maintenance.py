"""Maintenance windows in the monitor's books: the calendar of windows, and what the ledger
does with a failure inside one, across its end, and with the vendor's own scheduled work.

Rounds and readings are fed at given moments (no loop, no network); what is checked is what
a user would see: the status, the incidents, the notifications, the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import trayapp.core.monitor.maintenance
from tests.support.builders import HOME, STATUS_PAGE, at, result, vendor_incident, vendor_reading
from tests.support.pureloop import PureLoop
from trayapp.core.config.model import Config
from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor import IncidentResolved
from trayapp.core.monitor.maintenance import Calendar, MaintenanceSpan, vendor_span
from trayapp.core.vendors.model import VendorLevel

TWITTER = {"name": "Twitter", "url": HOME, "status_page": STATUS_PAGE}
TALK = {"name": "Google Talk", "url": "https://talk.google.com/"}
WORK = {
    "name": "Router firmware",
    "reason": "Ask Sam",
    "start": "2012-07-26T11:10:00Z",
    "end": "2012-07-26T11:30:00Z",
}
FAILED = Cause.TIMEOUT


def configured(
    *windows: Mapping[str, Any], services: tuple[dict[str, Any], ...] = (TWITTER,)
) -> Config:
    return Config.model_validate(
        {
            "notifications": {"coalesce": "1s"},
            "network": {"canaries": []},
            "services": list(services),
            "maintenance": list(windows),
        }
    )


def rounds(loop: PureLoop, service: str, minutes: range, cause: Cause | None = FAILED) -> None:
    """A round of ``service`` at 11:MM for each of ``minutes``, failed by ``cause`` (None: up),
    with the time passing in between as the loop's heartbeat would have it."""
    for minute in minutes:
        moment = at(11, minute)
        loop.tick(moment)
        loop.round(service, [result(cause, checked_at=moment)], moment)
        loop.tick(at(11, minute, 30))


def shown(loop: PureLoop, service: str = "Twitter") -> Status:
    return next(view.status for view in loop.views() if view.name == service)


# --- the calendar ----------------------------------------------------------------------------


def test_the_calendar_says_which_window_holds_a_service_until_when() -> None:
    config = configured(WORK, {"services": ["Twitter"], "every": "day", "window": "11:20-12:00"})
    calendar = Calendar(config.maintenance)
    assert calendar.span("Twitter", at(11, 5)) is None
    assert calendar.due == at(11, 10)
    assert calendar.span("Twitter", at(11, 15)) == MaintenanceSpan(
        at(11, 30), "Router firmware", "Ask Sam"
    )
    # Two windows hold it: until the last one ends.
    assert calendar.span("Twitter", at(11, 25)) == MaintenanceSpan(at(12))
    assert calendar.span("Google Talk", at(11, 25)) == MaintenanceSpan(
        at(11, 30), "Router firmware", "Ask Sam"
    )
    assert calendar.span("Twitter", at(12)) is None


def test_the_calendar_looks_again_only_when_a_window_may_have_changed() -> None:
    calendar = Calendar(configured(WORK).maintenance)
    assert calendar.refresh(at(11, 5))
    assert not calendar.refresh(at(11, 9))
    assert calendar.refresh(at(11, 10))
    assert calendar.due == at(11, 30)
    assert calendar.refresh(at(11, 2))  # time went back: looked at afresh


def test_the_vendor_s_work_in_progress_is_maintenance_until_its_scheduled_end() -> None:
    work = vendor_incident(
        "API database upgrade",
        VendorLevel.MAINTENANCE,
        status="in progress",
        latest_update="Upgrading the API database",
        ends_at=at(12),
    )
    reading = vendor_reading(VendorLevel.MAINTENANCE, incidents=(work,))
    assert vendor_span(reading, at(11)) == MaintenanceSpan(
        at(12), "API database upgrade", "Upgrading the API database", vendor=True
    )
    # Past its scheduled end and still going on: until the page says it is over.
    assert vendor_span(reading, at(12, 5)) == MaintenanceSpan(
        None, "API database upgrade", "Upgrading the API database", vendor=True
    )
    outage = vendor_reading(VendorLevel.MAJOR_OUTAGE, incidents=(work,))
    assert vendor_span(outage, at(11)) is None  # a problem besides the work: not excused
    assert vendor_span(vendor_reading(VendorLevel.OPERATIONAL), at(11)) is None
    assert MaintenanceSpan(at(12), "Work", vendor=True).to_json() == {
        "name": "Work",
        "reason": None,
        "until": "2012-07-26T12:00:00Z",
        "source": "vendor",
    }


# --- the ledger ---------------------------------------------------------------------------------


def test_a_failure_inside_a_window_is_maintenance_without_incident_or_notification() -> None:
    loop = PureLoop(configured(WORK, services=(TWITTER, TALK)))
    rounds(loop, "Twitter", range(0, 2), cause=None)
    rounds(loop, "Twitter", range(10, 20))
    rounds(loop, "Google Talk", range(10, 20), cause=None)
    assert shown(loop) is Status.MAINTENANCE
    assert shown(loop, "Google Talk") is Status.UP  # in the window too, but answering
    assert loop.tray_status is TrayStatus.MAINTENANCE
    assert loop.opened() == []
    assert loop.notifications() == []
    assert loop.status_changes("Twitter") == [("unknown", "up"), ("up", "maintenance")]
    (view,) = [v for v in loop.views() if v.name == "Twitter"]
    assert view.maintenance == MaintenanceSpan(at(11, 30), "Router firmware", "Ask Sam")
    assert (view.cause, view.detail) == (FAILED, "timeout")
    loop.flush()
    kept = [r.status for r in loop.history.rounds_of("Twitter")]
    assert kept == [Status.UP] * 2 + [Status.MAINTENANCE] * 10


def test_a_failure_that_outlasts_the_window_opens_an_incident_counted_from_its_end() -> None:
    loop = PureLoop(configured(WORK))
    rounds(loop, "Twitter", range(0, 2), cause=None)
    rounds(loop, "Twitter", range(10, 30))
    assert loop.take_rejudge() == []
    loop.flush()  # the rounds written: what is due next is the window's end
    assert loop.next_deadline() == at(11, 30)
    loop.tick(at(11, 30))
    assert loop.take_rejudge() == ["Twitter"]  # the loop judges it now
    assert shown(loop) is Status.UP  # nothing counted yet: up, as before the window
    rounds(loop, "Twitter", range(30, 31))
    assert shown(loop) is Status.UP  # one failure after the window: a blip so far
    rounds(loop, "Twitter", range(31, 33))
    assert shown(loop) is Status.DOWN
    (opened,) = loop.opened()
    assert opened.started_at == at(11, 30)  # the window's failures are not the incident's
    assert [n.title for n in loop.notifications()] == ["Twitter is down"]


def test_an_incident_open_when_the_window_begins_stays_open_and_quiet() -> None:
    loop = PureLoop(configured(WORK))
    rounds(loop, "Twitter", range(0, 1), cause=None)
    rounds(loop, "Twitter", range(1, 10))
    assert shown(loop) is Status.DOWN
    assert [n.title for n in loop.notifications()] == ["Twitter is down"]
    rounds(loop, "Twitter", range(10, 30))
    assert shown(loop) is Status.MAINTENANCE
    loop.tick(at(11, 30))
    rounds(loop, "Twitter", range(30, 35))
    assert shown(loop) is Status.DOWN
    assert len(loop.opened()) == 1  # the same outage, still open
    assert [n.title for n in loop.notifications()] == ["Twitter is down"]  # told once
    assert loop.status_changes("Twitter")[-2:] == [("down", "maintenance"), ("maintenance", "down")]


def test_a_service_back_during_the_window_is_told_back_up_and_its_incident_resolves() -> None:
    loop = PureLoop(configured(WORK))
    rounds(loop, "Twitter", range(0, 1), cause=None)
    rounds(loop, "Twitter", range(1, 15))
    rounds(loop, "Twitter", range(15, 30), cause=None)
    assert shown(loop) is Status.UP
    assert [n.title for n in loop.notifications()] == ["Twitter is down", "Twitter is back up"]
    (incident,) = loop.saved.values()
    assert incident.recovered_at == at(11, 15)


def test_a_failure_in_the_flap_window_during_maintenance_is_no_flap() -> None:
    loop = PureLoop(configured(WORK))
    rounds(loop, "Twitter", range(0, 1), cause=None)
    rounds(loop, "Twitter", range(1, 4))
    rounds(loop, "Twitter", range(4, 12), cause=None)  # back at 11:04, flap window 30 min
    rounds(loop, "Twitter", range(12, 30))  # failing inside the window
    loop.tick(at(11, 30))
    rounds(loop, "Twitter", range(30, 40), cause=None)
    loop.tick(at(11, 34, 30))
    (resolved,) = [e for e in loop.events if isinstance(e, IncidentResolved)]
    assert resolved.flaps == 0
    assert resolved.ended_at == at(11, 4)


def test_the_vendor_s_scheduled_work_counts_as_a_window() -> None:
    loop = PureLoop(configured())
    rounds(loop, "Twitter", range(0, 2), cause=None)
    work = vendor_incident(
        "API database upgrade", VendorLevel.MAINTENANCE, status="in progress", ends_at=at(12)
    )
    loop.vendor("Twitter", vendor_reading(VendorLevel.MAINTENANCE, incidents=(work,)), at(11, 5))
    rounds(loop, "Twitter", range(5, 20))
    assert shown(loop) is Status.MAINTENANCE
    (view,) = loop.views()
    assert view.maintenance == MaintenanceSpan(at(12), "API database upgrade", vendor=True)
    assert loop.opened() == []
    # The work is over, the service still fails: judged afresh.
    loop.vendor("Twitter", vendor_reading(VendorLevel.OPERATIONAL), at(11, 20))
    assert shown(loop) is Status.UP
    assert loop.take_rejudge() == ["Twitter"]
    rounds(loop, "Twitter", range(20, 22))
    assert shown(loop) is Status.DOWN
    (opened,) = loop.opened()
    assert opened.started_at == at(11, 20)


def test_a_reload_without_the_window_ends_it() -> None:
    loop = PureLoop(configured(WORK))
    rounds(loop, "Twitter", range(0, 1), cause=None)
    rounds(loop, "Twitter", range(10, 12))
    assert shown(loop) is Status.MAINTENANCE
    loop.reconfigure(configured(), at(11, 12, 10))
    loop.tick(at(11, 12, 20))
    assert shown(loop) is Status.UP
    assert loop.take_rejudge() == ["Twitter"]


def test_public_api() -> None:
    assert set(trayapp.core.monitor.maintenance.__all__) == {
        "Calendar",
        "MaintenanceSpan",
        "vendor_span",
    }
