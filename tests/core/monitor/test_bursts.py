"""When the policy speaks: the first change of a burst after a short settle, later changes in
the coalescing window as updates of the same notification.

The policy takes each moment as an argument, so these tests pass the moments a clock would;
the last one runs the monitor on a clock that jumps ahead whenever the monitor waits."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.core.monitor.test_alerts import change, policy
from tests.support.builders import DOWN_AT, OFFLINE, at
from tests.support.clocks import FakeClock
from tests.support.fakeweb import FakeWeb
from tests.support.monitors import scenario_service, simulated, simulated_config
from trayapp.core.config.model import Notifications
from trayapp.core.models import Status
from trayapp.core.monitor import Notification, StatusChanged
from trayapp.core.monitor.alerts import AlertPolicy
from trayapp.core.monitor.events import NetworkChanged
from trayapp.core.monitor.state import Transition
from trayapp.core.network import NetworkStatus, NetworkWords

UP, DEGRADED, DOWN, PAUSED = Status.UP, Status.DEGRADED, Status.DOWN, Status.PAUSED
NAMES = ["Twitter", "Google Talk", "Gmail", "iPhone app", "Mobile site"]


def s(seconds: float) -> datetime:
    """``seconds`` after Twitter went down."""
    return DOWN_AT + timedelta(seconds=seconds)


def run_until(alerts: AlertPolicy, end: datetime) -> list[Notification]:
    """Every notification until ``end``, each at the moment :meth:`AlertPolicy.due` names, as
    the monitor loop would flush them."""
    told: list[Notification] = []
    while (due := alerts.due()) is not None and due <= end:
        told += alerts.flush(due)
    return told


class Timeline:
    """A policy heard as time passes: what is due before each change goes out first."""

    def __init__(self, **settings: object) -> None:
        self.alerts = policy(**settings)
        self.told: list[Notification] = []

    def down(self, name: str, seconds: float) -> None:
        self.observe(change(name, UP, DOWN, s(seconds)))

    def observe(self, what: Transition) -> None:
        self.told += run_until(self.alerts, what.at)
        self.alerts.observe(what)

    def until(self, seconds: float) -> list[Notification]:
        """What was told until ``seconds``, and is not taken yet."""
        self.told += run_until(self.alerts, s(seconds))
        told, self.told = self.told, []
        return told


def test_a_lone_change_goes_out_after_the_settle_and_not_at_the_window_s_end() -> None:
    alerts = policy()  # coalesce 15 s, settle 2 s
    assert alerts.due() is None
    alerts.observe(change("Twitter", UP, DOWN, s(0)))
    assert alerts.due() == s(2)
    assert alerts.flush(s(1.9)) == []
    (notice,) = alerts.flush(s(2))
    assert (notice.title, notice.at, notice.replaces) == ("Twitter is down", s(2), None)
    # The window stays open for updates until 15 s; then nothing is left to do.
    assert alerts.due() == s(15)
    assert alerts.flush(s(15)) == []
    assert alerts.due() is None


def test_the_settle_is_a_setting_and_never_longer_than_coalesce() -> None:
    alerts = policy(settle="500ms")
    alerts.observe(change("Twitter", UP, DOWN, s(0)))
    assert alerts.due() == s(0.5)
    short = Timeline(coalesce="1s", settle="2s")
    short.down("Twitter", 0)
    short.down("Gmail", 0.5)
    assert short.alerts.due() == s(1)
    short.down("Yahoo", 1.2)  # the window was no longer than the settle: a new one
    assert [(n.at, n.title, n.replaces) for n in short.until(60)] == [
        (s(1), "2 services down: Twitter, Gmail", None),
        (s(2.2), "Yahoo is down", None),
    ]


def test_five_services_failing_in_the_same_second_make_one_notification() -> None:
    timeline = Timeline()
    for number, name in enumerate(NAMES):
        timeline.down(name, number / 5)
    (notice,) = timeline.until(60)
    assert notice.title == "5 services down: Twitter, Google Talk, Gmail and 2 more"
    assert notice.failing == tuple(NAMES)
    assert (notice.at, notice.replaces) == (s(2), None)


def test_later_changes_in_the_window_update_the_notification() -> None:
    timeline = Timeline()
    timeline.down("Twitter", 0)
    timeline.down("Gmail", 5)
    timeline.down("Google Talk", 6)  # while Gmail's settle runs: in the same update
    first, update = timeline.until(60)
    assert (first.at, first.title) == (s(2), "Twitter is down")
    assert update.at == s(7)
    assert update.title == "3 services down: Twitter, Gmail, Google Talk"
    assert update.body.splitlines()[0] == "Twitter: https://twitter.com/: timeout"
    assert (update.failing, update.kind) == (("Twitter", "Gmail", "Google Talk"), "down")
    assert update.replaces == first.id
    assert update.id != first.id


def test_five_failing_over_ten_seconds_make_one_notification_updated_a_few_times() -> None:
    timeline = Timeline()
    for number, name in enumerate(NAMES):
        timeline.down(name, number * 2.5)
    told = timeline.until(60)
    assert [n.at for n in told] == [s(2), s(4.5), s(7), s(9.5), s(12)]
    # One notification on the screen: each replaces the one before.
    assert [n.replaces for n in told] == [None, *(n.id for n in told[:-1])]
    assert told[1].title == "2 services down: Twitter, Google Talk"
    assert told[-1].title == "5 services down: Twitter, Google Talk, Gmail and 2 more"


def test_the_window_s_end_begins_a_new_notification() -> None:
    timeline = Timeline()
    timeline.down("Twitter", 0)
    timeline.down("Gmail", 14.5)  # inside the window: an update, though it goes out after it
    timeline.down("Yahoo", 20)
    told = timeline.until(60)
    assert [(n.at, n.title) for n in told] == [
        (s(2), "Twitter is down"),
        (s(16.5), "2 services down: Twitter, Gmail"),
        (s(22), "Yahoo is down"),
    ]
    assert [n.replaces for n in told] == [None, told[0].id, None]


def test_a_change_undone_inside_its_settle_tells_nothing() -> None:
    timeline = Timeline()
    timeline.down("Twitter", 0)
    timeline.observe(change("Twitter", DOWN, UP, s(1)))
    assert timeline.until(60) == []
    timeline.down("Twitter", 100)
    timeline.down("Gmail", 105)
    timeline.observe(change("Gmail", DOWN, UP, s(106)))
    # Twitter is told; Gmail's failure, undone before it went out, updates nothing.
    assert [n.title for n in timeline.until(200)] == ["Twitter is down"]


def test_a_service_told_down_and_back_in_the_window_is_updated_to_back_up() -> None:
    timeline = Timeline()
    timeline.down("Twitter", 0)
    timeline.down("Gmail", 0)
    timeline.observe(change("Twitter", DOWN, UP, s(8)))
    first, update = timeline.until(60)
    assert (update.at, update.title, update.replaces) == (s(10), "1 back up, 1 down", first.id)
    assert update.body == "Back up: Twitter (after 8 s)\nDown: Gmail"
    assert update.failing == ("Gmail",)


def test_without_on_recovery_a_service_back_is_left_out_of_the_update() -> None:
    timeline = Timeline(on_recovery=False)
    timeline.down("Twitter", 0)
    timeline.observe(change("Twitter", DOWN, UP, s(4)))
    timeline.down("Gmail", 5)
    assert [n.title for n in timeline.until(60)] == ["Twitter is down", "Gmail is down"]


def test_services_snoozed_or_muted_since_are_left_out_of_the_update() -> None:
    timeline = Timeline()
    for name in ("Twitter", "Gmail", "Yahoo"):
        timeline.down(name, 0)
    (first,) = timeline.until(2)
    assert timeline.alerts.mute_until_back("Twitter")
    timeline.observe(change("Gmail", DOWN, PAUSED, s(3)))  # "Snooze 1 h"
    timeline.down("Google Talk", 5)
    (update,) = timeline.until(60)
    assert first.title == "3 services down: Twitter, Gmail, Yahoo"
    assert update.title == "2 services down: Yahoo, Google Talk"
    assert update.failing == ("Yahoo", "Google Talk")
    assert update.replaces == first.id


def test_a_degraded_service_still_reads_as_down_in_the_update() -> None:
    timeline = Timeline()
    timeline.down("Twitter", 0)
    timeline.observe(change("Twitter", DOWN, DEGRADED, s(3)))
    timeline.down("Gmail", 4)
    assert [n.title for n in timeline.until(60)] == [
        "Twitter is down",
        "2 services down: Twitter, Gmail",
    ]


def test_quiet_hours_beginning_inside_the_window_hide_the_update() -> None:
    alerts = AlertPolicy(
        Notifications.model_validate({"quiet_hours": "22:00-07:00"}),
        local_time=lambda moment: moment.time(),
    )
    alerts.observe(change("Twitter", UP, DOWN, at(21, 59, 50)))
    assert [n.title for n in alerts.flush(at(21, 59, 52))] == ["Twitter is down"]
    alerts.observe(change("Gmail", UP, DOWN, at(21, 59, 59)))
    assert alerts.flush(at(22, 0, 1)) == []
    # Remembered all the same: its recovery in the morning is told.
    morning = at(7, 30) + timedelta(days=1)
    alerts.observe(change("Gmail", DOWN, UP, morning))
    assert [n.title for n in run_until(alerts, morning + timedelta(minutes=1))] == [
        "Gmail is back up"
    ]


SEEN = "Seen from outside: fails from 3 of 3 places, e.g. Frankfurt: HTTP 503"


def test_what_the_outside_finds_after_the_notification_updates_it_in_the_window() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, s(0)))
    (first,) = alerts.flush(s(2))
    alerts.amend("Twitter", SEEN)
    assert alerts.due() == s(2)  # at once
    (update,) = alerts.flush(s(5))
    assert (update.title, update.replaces) == ("Twitter is down", first.id)
    assert update.body.splitlines() == [SEEN, "https://twitter.com/: timeout"]
    alerts.amend("Twitter", SEEN)  # the same words again: nothing to update
    assert run_until(alerts, s(60)) == []
    alerts.amend("Twitter", "Seen from outside: loads from 3 of 3 places")  # window closed
    assert alerts.due() is None


def test_the_network_s_notices_update_their_own_and_not_the_services() -> None:
    alerts = policy()
    online, offline = NetworkStatus.ONLINE, NetworkStatus.OFFLINE
    dns = NetworkWords(NetworkStatus.DNS_FAILURE, "Names don't resolve", "Your DNS server ...")
    alerts.observe(change("Twitter", UP, DOWN, s(0)))
    (services,) = alerts.flush(s(2))
    alerts.observe_network(NetworkChanged(at=s(3), from_=online, to=offline, words=OFFLINE))
    (gone,) = alerts.flush(s(5))
    dns_change = NetworkChanged(at=s(6), from_=offline, to=NetworkStatus.DNS_FAILURE, words=dns)
    alerts.observe_network(dns_change)
    (names,) = alerts.flush(s(8))
    alerts.observe_network(NetworkChanged(at=s(9), from_=NetworkStatus.DNS_FAILURE, to=online))
    (back,) = alerts.flush(s(11))
    assert [(n.title, n.replaces) for n in (services, gone, names, back)] == [
        ("Twitter is down", None),
        ("You're offline", None),
        ("Names don't resolve", gone.id),
        ("Back online", names.id),
    ]


def test_every_notification_has_a_number_of_its_own() -> None:
    timeline = Timeline()
    for minute in range(4):
        timeline.down(f"Service {minute}", minute * 60)
    numbers = [n.id for n in timeline.until(600)]
    assert len(set(numbers)) == 4
    assert numbers == sorted(numbers)


# --- in the monitor, on a clock that jumps ----------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def anyio_backend(clock: FakeClock) -> tuple[str, dict[str, Any]]:
    return "asyncio", {"loop_factory": clock.new_event_loop}


@pytest.mark.anyio
async def test_the_monitor_tells_a_failure_a_settle_after_it_is_judged(clock: FakeClock) -> None:
    web = FakeWeb()
    names = ["twitter", "gtalk", "gmail"]
    config = simulated_config(web, [scenario_service(web, name) for name in names])
    for name in names:
        web.scenarios[name] = "/up"
    async with simulated(web, config, clock) as run:
        for name in names:
            await run.log.wait_for(
                lambda e, name=name: (
                    isinstance(e, StatusChanged) and (e.service, e.to) == (name, UP)
                )
            )
        for name in names:
            web.scenarios[name] = "/reset"
        await run.log.wait_for(
            lambda e: isinstance(e, Notification) and e.title.startswith("3 services down")
        )
    downs = [e for e in run.log.of(StatusChanged) if e.to is DOWN]
    told = run.log.of(Notification)
    assert told[0].at == downs[0].at + timedelta(seconds=2)
    assert [n.replaces for n in told] == [None, *(n.id for n in told[:-1])]
