"""What the tray shows: views equal when shown alike, and kept until their service changes."""

from __future__ import annotations

from dataclasses import replace

import trayapp.core.monitor.views
from tests.support.builders import HOME, at, config, result
from tests.support.pureloop import PureLoop
from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor import MonitorSnapshot, ServiceView
from trayapp.core.monitor.views import ViewCache
from trayapp.core.network import NetworkStatus

QUICK = {"network": {"canaries": []}, "defaults": {"failure_threshold": 1}}


def view(name: str, status: Status = Status.UP) -> ServiceView:
    return ServiceView(
        name=name,
        status=status,
        since=at(9),
        cause=None,
        detail="",
        last_checked=at(11),
        last_elapsed_ms=12.0,
        paused_until=None,
        url=HOME,
        status_page=None,
        incident_id=None,
    )


def test_views_and_snapshots_alike_but_for_the_time_of_the_last_check_are_equal() -> None:
    first = view("Twitter")
    later = replace(first, last_checked=at(11, 1), last_elapsed_ms=80.0)
    assert later == first
    assert replace(first, status=Status.DOWN) != first
    snapshot = MonitorSnapshot(at(11), TrayStatus.UP, NetworkStatus.ONLINE, (first,))
    assert replace(snapshot, at=at(11, 1), services=(later,)) == snapshot
    assert replace(snapshot, tray_status=TrayStatus.DOWN) != snapshot


def test_a_view_is_made_again_only_after_its_service_was_touched() -> None:
    made: list[str] = []

    def make(name: str) -> ServiceView:
        made.append(name)
        return view(name)

    cache = ViewCache(make)
    shown = cache.views(["a", "b"])
    assert made == ["a", "b"]
    assert cache.views(["a", "b"]) is shown
    cache.touch(["b"])
    again = cache.views(["a", "b"])
    assert made == ["a", "b", "b"]
    assert again[0] is shown[0]
    assert again[1] is not shown[1]
    assert [v.name for v in cache.views(["b", "c"])] == ["b", "c"]
    assert made == ["a", "b", "b", "c"]
    cache.touch_all()
    cache.views(["b", "c"])
    assert made == ["a", "b", "b", "c", "b", "c"]


def test_a_round_that_finds_the_same_leaves_the_ledger_s_views_as_they_were() -> None:
    gmail = {"name": "Gmail", "url": "https://mail.google.com/"}
    loop = PureLoop(config({"name": "Twitter", "url": HOME}, gmail, base=QUICK))
    loop.round("Twitter", [result(checked_at=at(11))], at(11))
    loop.round("Gmail", [result(checked_at=at(11))], at(11))
    before = loop.views()
    loop.round("Twitter", [result(checked_at=at(11, 1), elapsed_ms=80.0)], at(11, 1))
    after = loop.views()
    assert after == before
    assert after[0].last_checked == at(11, 1)  # made again: its round is news for the record
    assert after[1] is before[1]  # Gmail had no round: its view is kept as it was
    loop.round("Twitter", [result(Cause.REFUSED, checked_at=at(11, 2))], at(11, 2))
    failed = loop.views()
    assert failed != after
    assert (failed[0].status, failed[0].cause) == (Status.DOWN, Cause.REFUSED)


def test_public_api() -> None:
    assert set(trayapp.core.monitor.views.__all__) == {
        "MonitorSnapshot",
        "ServiceView",
        "ViewCache",
        "service_links",
        "status_page_of",
    }
