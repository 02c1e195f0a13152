"""The notification policy: what the user is told, merged, worded, and when nothing is."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta, timezone

import pytest

import trayapp.core.monitor.alerts
from tests.support.builders import (
    DOWN_AT,
    OFFLINE,
    ONLINE,
    at,
    config,
    incident,
    result,
)
from tests.support.pureloop import PureLoop
from trayapp.core.config.model import Notifications
from trayapp.core.models import Cause, CheckResult, Status, TrayStatus
from trayapp.core.monitor.alerts import AlertPolicy, system_local_time
from trayapp.core.monitor.events import NetworkChanged, Notification
from trayapp.core.monitor.state import Transition
from trayapp.core.network import NetworkStatus

UP, DEGRADED, DOWN = Status.UP, Status.DEGRADED, Status.DOWN
UNKNOWN, PAUSED = Status.UNKNOWN, Status.PAUSED


def policy(**settings: object) -> AlertPolicy:
    return AlertPolicy(
        Notifications.model_validate(settings), local_time=lambda moment: moment.time()
    )


def change(
    service: str,
    before: Status,
    after: Status,
    at: datetime,
    since: datetime | None = None,
    cause: Cause | None = None,
) -> Transition:
    if cause is None and after in (DOWN, DEGRADED):
        cause = Cause.TIMEOUT
    detail = f"https://{service.lower()}.com/: {cause.value}" if cause else ""
    return Transition(service, before, after, at, since or at, cause, detail)


def told(alerts: AlertPolicy, now: datetime) -> list[tuple[str, str]]:
    return [(n.title, n.body) for n in alerts.flush(now)]


def test_a_change_goes_out_when_the_settle_ends() -> None:
    alerts = policy(coalesce="15s", settle="2s")
    assert alerts.due() is None
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    assert alerts.due() == DOWN_AT + timedelta(seconds=2)
    assert alerts.flush(DOWN_AT + timedelta(seconds=1)) == []
    (notice,) = alerts.flush(DOWN_AT + timedelta(seconds=2))
    assert (notice.title, notice.body, notice.services) == (
        "Twitter is down",
        "https://twitter.com/: timeout",
        ("Twitter",),
    )
    assert notice.at == DOWN_AT + timedelta(seconds=2)
    assert alerts.flush(DOWN_AT + timedelta(minutes=5)) == []
    assert alerts.due() is None


def test_five_services_down_in_the_same_second_make_one_notification() -> None:
    alerts = policy()
    names = ["Twitter", "Google Talk", "Gmail", "iPhone app", "Mobile site"]
    for name in names:
        alerts.observe(change(name, UP, DOWN, DOWN_AT, cause=Cause.REFUSED))
    (notice,) = alerts.flush(DOWN_AT + timedelta(seconds=15))
    assert notice.title == "5 services down: Twitter, Google Talk, Gmail and 2 more"
    assert notice.services == tuple(names)
    assert notice.body.splitlines()[0] == "Twitter: https://twitter.com/: refused"
    assert len(notice.body.splitlines()) == 5


def test_three_services_down_are_named_in_the_title() -> None:
    alerts = policy()
    for name in ("A", "B", "C"):
        alerts.observe(change(name, UP, DOWN, DOWN_AT))
    assert alerts.flush(DOWN_AT + timedelta(seconds=15))[0].title == "3 services down: A, B, C"


def test_changes_of_different_kinds_in_one_window_make_one_notification() -> None:
    alerts = policy(on_degraded=True)
    alerts.observe(change("Gmail", UP, DOWN, DOWN_AT - timedelta(hours=1)))
    alerts.flush(DOWN_AT)
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.observe(change("Google Talk", UP, DOWN, DOWN_AT))
    alerts.observe(change("Mobile", UP, DEGRADED, DOWN_AT + timedelta(seconds=3)))
    alerts.observe(change("Gmail", DOWN, UP, DOWN_AT + timedelta(seconds=5)))
    (notice,) = alerts.flush(DOWN_AT + timedelta(seconds=15))
    assert notice.title == "2 down, 1 degraded, 1 back up"
    assert notice.body == "Down: Twitter, Google Talk\nDegraded: Mobile\nBack up: Gmail (after 1 h)"
    assert set(notice.services) == {"Twitter", "Google Talk", "Mobile", "Gmail"}


def test_a_change_undone_inside_the_window_is_not_told() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.observe(change("Twitter", DOWN, UP, DOWN_AT + timedelta(seconds=5)))
    assert alerts.flush(DOWN_AT + timedelta(seconds=15)) == []


def test_a_recovery_says_how_long_the_outage_was() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT + timedelta(minutes=5), since=DOWN_AT))
    alerts.flush(DOWN_AT + timedelta(minutes=6))
    back = DOWN_AT + timedelta(minutes=41)
    alerts.observe(change("Twitter", DOWN, UP, back + timedelta(minutes=5), since=back))
    assert told(alerts, back + timedelta(minutes=6)) == [
        ("Twitter is back up", "It was down for 41 min.")
    ]


DEGRADED_CASES = [
    # (on_degraded, shown statuses one after another, what the user is told at each)
    (False, [UP, DEGRADED], [[]]),
    (False, [UP, DEGRADED, UP], [[], []]),
    (False, [UP, DOWN, DEGRADED, UP], [["Twitter is down"], [], ["Twitter is back up"]]),
    (True, [UP, DEGRADED], [["Twitter is degraded"]]),
    (True, [UP, DEGRADED, UP], [["Twitter is degraded"], ["Twitter is back to normal"]]),
    (True, [UP, DOWN, DEGRADED], [["Twitter is down"], ["Twitter is degraded"]]),
    (True, [UP, DEGRADED, DOWN], [["Twitter is degraded"], ["Twitter is down"]]),
    (False, [UP, DEGRADED, DOWN], [[], ["Twitter is down"]]),
]


@pytest.mark.parametrize(("on_degraded", "statuses", "titles"), DEGRADED_CASES)
def test_degraded_is_told_only_when_asked_for(
    on_degraded: bool, statuses: list[Status], titles: list[list[str]]
) -> None:
    alerts = policy(on_degraded=on_degraded)
    moment = DOWN_AT
    seen = []
    for before, after in itertools.pairwise(statuses):
        alerts.observe(change("Twitter", before, after, moment))
        moment += timedelta(minutes=5)
        seen.append([n.title for n in alerts.flush(moment)])
    assert seen == titles


def test_back_to_normal_says_how_long_it_was_degraded() -> None:
    alerts = policy(on_degraded=True)
    alerts.observe(change("Twitter", UP, DEGRADED, DOWN_AT))
    alerts.flush(DOWN_AT + timedelta(minutes=1))
    alerts.observe(change("Twitter", DEGRADED, UP, DOWN_AT + timedelta(minutes=12)))
    assert told(alerts, DOWN_AT + timedelta(minutes=13)) == [
        ("Twitter is back to normal", "It was degraded for 12 min.")
    ]


def test_nothing_is_shown_in_quiet_hours_but_the_morning_recovery_knows_the_outage() -> None:
    berlin_summer = timezone(timedelta(hours=2))
    alerts = AlertPolicy(
        Notifications.model_validate({"quiet_hours": "22:00-07:00"}),
        local_time=lambda moment: moment.astimezone(berlin_summer).time(),
    )
    night = at(21, 30)  # 23:30 in Berlin
    alerts.observe(change("Twitter", UP, DOWN, night))
    assert alerts.flush(night + timedelta(minutes=1)) == []
    morning = at(5, 30) + timedelta(days=1)  # 07:30 in Berlin, the next day
    alerts.observe(change("Twitter", DOWN, UP, morning))
    assert told(alerts, morning + timedelta(minutes=1)) == [
        ("Twitter is back up", "It was down for 8 h.")
    ]


def test_a_change_still_waiting_when_quiet_hours_begin_is_not_shown() -> None:
    alerts = AlertPolicy(
        Notifications.model_validate({"quiet_hours": "22:00-07:00", "coalesce": "30s"}),
        local_time=lambda moment: moment.time(),
    )
    alerts.observe(change("Twitter", UP, DOWN, at(21, 59, 45)))
    assert alerts.flush(at(22, 0, 15)) == []


def test_nothing_is_shown_when_notifications_are_off() -> None:
    alerts = policy(enabled=False)
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    assert alerts.flush(DOWN_AT + timedelta(minutes=1)) == []


def test_without_on_recovery_only_failures_are_told() -> None:
    alerts = policy(on_recovery=False)
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.observe(change("Gmail", DOWN, UP, DOWN_AT))
    assert [n.title for n in alerts.flush(DOWN_AT + timedelta(minutes=1))] == ["Twitter is down"]
    alerts.observe(change("Twitter", DOWN, UP, DOWN_AT + timedelta(minutes=2)))
    assert alerts.flush(DOWN_AT + timedelta(minutes=3)) == []


def test_the_first_status_after_start_is_news_only_when_it_is_bad() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UNKNOWN, UP, DOWN_AT))
    alerts.observe(change("Gmail", UNKNOWN, DOWN, DOWN_AT))
    assert [n.title for n in alerts.flush(DOWN_AT + timedelta(minutes=1))] == ["Gmail is down"]


def test_a_snoozed_service_raises_nothing_and_resuming_tells_only_news() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, PAUSED, DOWN_AT))
    assert alerts.flush(DOWN_AT + timedelta(minutes=1)) == []
    # It went down while snoozed: the tray shows paused, nothing is said.
    alerts.observe(change("Twitter", PAUSED, DOWN, DOWN_AT + timedelta(hours=1)))
    assert [n.title for n in alerts.flush(DOWN_AT + timedelta(hours=1, minutes=1))] == [
        "Twitter is down"
    ]
    alerts.observe(change("Twitter", DOWN, PAUSED, DOWN_AT + timedelta(hours=2)))
    alerts.observe(change("Twitter", PAUSED, DOWN, DOWN_AT + timedelta(hours=3)))
    assert alerts.flush(DOWN_AT + timedelta(hours=3, minutes=1)) == []  # still down: not news


def test_snoozing_a_service_before_its_change_goes_out_silences_it() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.observe(change("Twitter", DOWN, PAUSED, DOWN_AT + timedelta(seconds=2)))
    assert alerts.flush(DOWN_AT + timedelta(minutes=1)) == []


def test_the_network_going_down_is_one_notice_instead_of_every_services() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.observe(change("Gmail", UP, DOWN, DOWN_AT))
    alerts.observe_network(
        NetworkChanged(
            at=DOWN_AT, from_=NetworkStatus.ONLINE, to=NetworkStatus.OFFLINE, words=OFFLINE
        )
    )
    alerts.observe(change("Twitter", DOWN, UNKNOWN, DOWN_AT, cause=Cause.OFFLINE))
    alerts.observe(change("Gmail", DOWN, UNKNOWN, DOWN_AT, cause=Cause.OFFLINE))
    (notice,) = alerts.flush(DOWN_AT + timedelta(minutes=1))
    assert (notice.title, notice.services) == ("You're offline", ())
    back = DOWN_AT + timedelta(minutes=10)
    alerts.observe_network(
        NetworkChanged(at=back, from_=NetworkStatus.OFFLINE, to=NetworkStatus.ONLINE)
    )
    assert [n.title for n in alerts.flush(back + timedelta(minutes=1))] == ["Back online"]
    # Judged afresh: Twitter really is down, and the user had not been told.
    alerts.observe(change("Twitter", UNKNOWN, DOWN, back + timedelta(minutes=5)))
    assert [n.title for n in alerts.flush(back + timedelta(minutes=6))] == ["Twitter is down"]


def test_a_network_blip_inside_the_window_is_not_told() -> None:
    alerts = policy()
    online, offline = NetworkStatus.ONLINE, NetworkStatus.OFFLINE
    alerts.observe_network(NetworkChanged(at=DOWN_AT, from_=online, to=offline))
    alerts.observe_network(
        NetworkChanged(at=DOWN_AT + timedelta(seconds=5), from_=offline, to=online)
    )
    assert alerts.flush(DOWN_AT + timedelta(minutes=1)) == []


def test_after_a_restart_a_service_still_down_is_not_announced_again() -> None:
    alerts = policy()
    alerts.recall([incident(started=DOWN_AT)])
    later = DOWN_AT + timedelta(hours=2)
    alerts.observe(change("Twitter", UNKNOWN, DOWN, later))
    assert alerts.flush(later + timedelta(minutes=1)) == []
    alerts.observe(change("Twitter", DOWN, UP, later + timedelta(minutes=30)))
    assert told(alerts, later + timedelta(minutes=31)) == [
        ("Twitter is back up", "It was down for 2 h 30 min.")
    ]


def test_new_settings_apply_to_the_next_notification() -> None:
    alerts = policy()
    alerts.configure(Notifications.model_validate({"enabled": False}))
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    assert alerts.flush(DOWN_AT + timedelta(minutes=1)) == []


def test_the_loop_passes_the_machines_local_time() -> None:
    moment = DOWN_AT
    assert system_local_time(moment) == moment.astimezone().time()
    assert isinstance(system_local_time(moment), time)


def test_public_api() -> None:
    assert set(trayapp.core.monitor.alerts.__all__) == {
        "AlertPolicy",
        "system_local_time",
        "web_link",
    }


# --- in the loop: the canaries decide ------------------------------------------------------


def test_when_the_canaries_fail_nothing_goes_down_and_the_user_hears_of_the_network() -> None:
    sites = {name: f"https://{name}.example/" for name in ("twitter", "gtalk", "gmail")}
    loop = PureLoop(config(*({"name": name, "url": url} for name, url in sites.items())))

    def checked(name: str, cause: Cause | None, moment: datetime) -> list[CheckResult]:
        return [result(cause, checked_at=moment, target=sites[name])]

    for name in loop.board.names:
        loop.round(name, checked(name, None, DOWN_AT), DOWN_AT)
    # Every service fails at once; the canaries fail too, so the failures are the network's.
    failing = DOWN_AT + timedelta(minutes=1)
    loop.network(OFFLINE, at=failing)
    for minute in range(1, 10):
        moment = DOWN_AT + timedelta(minutes=minute)
        for name in loop.board.names:
            loop.round(name, checked(name, Cause.OFFLINE, moment), moment)
    assert loop.board.tray_status is TrayStatus.OFFLINE
    assert loop.opened() == []
    notices = loop.notifications()
    assert [(n.title, n.services) for n in notices] == [("You're offline", ())]
    # The network returns: every service is judged afresh; gmail really is down.
    back = DOWN_AT + timedelta(minutes=10)
    loop.network(ONLINE, at=back)
    for minute, cause in [(10, Cause.REFUSED), (11, Cause.REFUSED), (12, Cause.REFUSED)]:
        moment = DOWN_AT + timedelta(minutes=minute)
        for name in loop.board.names:
            loop.round(name, checked(name, cause if name == "gmail" else None, moment), moment)
    loop.tick(DOWN_AT + timedelta(minutes=13))
    assert loop.board.statuses() == {"twitter": UP, "gtalk": UP, "gmail": DOWN}
    assert [e.service for e in loop.opened()] == ["gmail"]
    assert [n.title for n in loop.notifications()[1:]] == ["Back online", "gmail is down"]
    assert isinstance(loop.notifications()[-1], Notification)


def test_thousands_of_services_down_make_one_notification_of_bounded_length() -> None:
    alerts = policy()
    for number in range(18_820):
        alerts.observe(
            change(f"prometheus/target-{number}", UP, DOWN, DOWN_AT, cause=Cause.REFUSED)
        )
    (notice,) = alerts.flush(DOWN_AT + timedelta(seconds=15))
    lines = notice.body.splitlines()
    assert len(notice.title) <= 120
    assert notice.title.startswith("18820 services down: prometheus/target-0,")
    assert len(notice.body) <= 1000
    assert len(lines) == 11
    assert lines[-1] == "and 18,810 more"


def test_a_long_detail_is_cut_in_a_notification() -> None:
    alerts = policy()
    alerts.observe(
        Transition(
            "Shop", UP, DOWN, DOWN_AT, DOWN_AT, Cause.CONTENT, "x" * 5000 + "\n" + "y" * 5000
        )
    )
    (notice,) = alerts.flush(DOWN_AT + timedelta(seconds=15))
    assert len(notice.body) <= 1000
    assert notice.body.endswith("…")
