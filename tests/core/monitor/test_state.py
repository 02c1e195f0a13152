"""Each service's status, judged round by round: every transition, as a table.

Steps are written one character each; the expected string has the status the tray shows
after each step::

    rounds   +  up       ~  degraded      x  down
    network  O  offline  N  back online
    user     P  pause    R  resume
    laptop   S  woke from sleep (the next failure is re-checked)
    windows  M  a maintenance window begins  E  it ends

    status   +  up   ~  degraded   x  down   ?  unknown   P  paused   m  maintenance
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import trayapp.core.monitor.state
from tests.support.builders import (
    HOME,
    OFFLINE,
    ONLINE,
    T0,
    config,
    result,
)
from trayapp.core.models import Cause, CheckResult, Status, TrayStatus
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.core.monitor.state import (
    ServiceState,
    StatusBoard,
    failures_of,
    settings_by_name,
)
from trayapp.core.network import NetworkStatus

ROUND = {"+": Status.UP, "~": Status.DEGRADED, "x": Status.DOWN}
SHOWN = {
    Status.UP: "+",
    Status.DEGRADED: "~",
    Status.DOWN: "x",
    Status.UNKNOWN: "?",
    Status.PAUSED: "P",
    Status.MAINTENANCE: "m",
}
WINDOW = MaintenanceSpan(T0 + timedelta(hours=2), "Router firmware")


def results(status: Status, at: datetime) -> list[CheckResult]:
    """A round of two checks with the given status (degraded: one fails, one passes)."""
    ok = result(checked_at=at)
    bad = result(
        Cause.TIMEOUT, checked_at=at, type_="tcp", target="api.twitter.com:443",
        elapsed_ms=10_000, detail="no answer within 10 s",
    )  # fmt: skip
    return {Status.UP: [ok, ok], Status.DEGRADED: [ok, bad], Status.DOWN: [bad, bad]}[status]


def drive(state: ServiceState, steps: str, start: datetime = T0) -> str:
    shown = []
    for minute, step in enumerate(steps):
        at = start + timedelta(minutes=minute)
        if step in ROUND:
            state.observe(ROUND[step], results(ROUND[step], at), at)
        elif step == "O":
            state.go_offline(at)
        elif step == "N":
            state.go_online()
        elif step == "P":
            state.pause(at)
        elif step == "R":
            state.resume(at)
        elif step == "S":
            state.distrust()
        elif step == "M":
            state.maintain(WINDOW, at)
        elif step == "E":
            state.maintain(None, at)
        else:
            raise AssertionError(step)
        shown.append(SHOWN[state.status])
    return "".join(shown)


TRANSITIONS = [
    # (what a user would notice, failure_threshold, success_threshold, steps, shown after each)
    ("unknown until the first result", 2, 2, "", ""),
    ("unknown -> up at the first good round", 2, 2, "+", "+"),
    ("unknown: one failure is not yet down", 2, 2, "x", "?"),
    ("unknown -> down after failure_threshold failures", 2, 2, "xx", "?x"),
    ("unknown -> degraded after mixed failures", 2, 2, "~x", "?~"),
    ("unknown -> degraded after degraded rounds", 2, 2, "~~", "?~"),
    ("unknown -> down at once with a threshold of 1", 1, 2, "x", "x"),
    ("up: one failure is a blip", 2, 2, "+x+x+", "+++++"),
    ("up -> down after failure_threshold failures in a row", 2, 2, "+xx", "++x"),
    ("up -> down takes as many rounds as the threshold", 3, 2, "+xxx", "+++x"),
    ("up -> degraded: some checks pass, others fail", 2, 2, "+~~", "++~"),
    ("up -> degraded when degraded and down rounds mix", 2, 2, "+~x", "++~"),
    ("degraded -> down after failure_threshold down rounds", 2, 2, "+~~xx", "++~~x"),
    ("degraded: one down round is not yet down", 2, 2, "+~~x~", "++~~~"),
    ("degraded -> up after success_threshold good rounds", 2, 2, "+~~++", "++~~+"),
    ("degraded: one good round is not yet up", 2, 2, "+~~+~", "++~~~"),
    ("down: one good round is not yet up", 2, 2, "+xx+", "++xx"),
    ("down -> up after success_threshold good rounds", 2, 2, "+xx++", "++xx+"),
    ("down -> up takes as many rounds as the threshold", 2, 3, "+xx+++", "++xxx+"),
    ("down: a failure breaks the run of good rounds", 2, 2, "+xx+x++", "++xxxx+"),
    ("down -> degraded when rounds answer again, partly", 2, 2, "+xx~~", "++xx~"),
    ("down -> degraded -> up", 2, 2, "+xx~++", "++xx~+"),
    ("down -> unknown when the network goes offline", 2, 2, "+xxO", "++x?"),
    ("degraded -> unknown when offline", 2, 2, "+~~O", "++~?"),
    ("up -> unknown when offline", 2, 2, "+O", "+?"),
    ("rounds while offline are not judged", 2, 2, "+Oxx++", "+?????"),
    ("back online: still unknown until judged afresh", 2, 2, "+xxON", "++x??"),
    ("back online: a good round is up at once", 2, 2, "+xxON+", "++x??+"),
    ("back online: first failure is re-checked, then counted", 2, 2, "+ONxxx", "+????x"),
    ("up -> paused, rounds go on underneath", 2, 2, "+Pxx", "+PPP"),
    ("down -> paused", 2, 2, "+xxP", "++xP"),
    ("unknown -> paused -> unknown", 2, 2, "PR", "P?"),
    ("resume shows what the rounds found while paused", 2, 2, "+PxxR", "+PPPx"),
    ("resume shows up when nothing happened", 2, 2, "+PR", "+P+"),
    ("paused stays paused while offline", 2, 2, "+POxxR", "+PPPP?"),
    ("after a sleep, the first failure is held for a re-check", 2, 2, "+Sxx", "++++"),
    ("after a sleep, the re-check's failure counts", 2, 2, "+Sxxx", "++++x"),
    ("after a sleep, a good round ends the distrust", 2, 2, "+S+xx", "++++x"),
    ("down after a sleep stays down while re-checked", 2, 2, "+xxSx+", "++xxxx"),
    ("maintenance: a failure shows maintenance at once", 2, 2, "+Mx", "++m"),
    ("maintenance: a passing service stays up", 2, 2, "+M++", "++++"),
    ("maintenance: failures inside are never counted", 2, 2, "+Mxxxx~~", "++mmmmmm"),
    ("maintenance: back up inside the window is up", 2, 2, "+Mxx+", "++mm+"),
    ("maintenance: unknown before, a failure shows maintenance", 2, 2, "Mx", "?m"),
    ("maintenance: unknown before, a good round is up", 2, 2, "M+", "?+"),
    ("window end: a failure that outlasts it counts from the end", 2, 2, "+MxxExx", "++mm++x"),
    ("window end: failures before and after do not add up", 3, 2, "+xxMxExxx", "++++m+++x"),
    ("window end: nothing happened, nothing shown", 2, 2, "+M+E+", "+++++"),
    ("down when it began: shown as maintenance", 2, 2, "+xxM", "++xm"),
    ("down when it began, still down after: down again", 2, 2, "+xxMxxE", "++xmmmx"),
    ("down when it began, back inside: up", 2, 2, "+xxMx++E", "++xmmm++"),
    ("down when it began: one good round is not yet up", 2, 2, "+xxM+E", "++xmmx"),
    ("degraded when it began: shown as maintenance", 2, 2, "+~~M", "++~m"),
    ("maintenance while paused stays paused", 2, 2, "+PMxxR", "+PPPPm"),
    ("resumed after the window: what the rounds found", 2, 2, "+PMxxEx", "+PPPPPP"),
    ("offline inside a window: unknown", 2, 2, "+MxO", "++m?"),
    ("a held re-check is not needed for an excused failure", 2, 2, "+SMxE", "+++m+"),
    ("distrust outlasts the window: the first failure after is held", 2, 2, "+SMxExxx", "+++m+++x"),
]


@pytest.mark.parametrize(
    ("failure_threshold", "success_threshold", "steps", "shown"),
    [row[1:] for row in TRANSITIONS],
    ids=[row[0] for row in TRANSITIONS],
)
def test_transition(failure_threshold: int, success_threshold: int, steps: str, shown: str) -> None:
    state = ServiceState(
        "Twitter", failure_threshold=failure_threshold, success_threshold=success_threshold
    )
    assert drive(state, steps) == shown
    if not steps:
        assert state.status is Status.UNKNOWN


def test_the_change_says_when_the_trouble_began_and_why() -> None:
    state = ServiceState("Twitter")
    state.observe(Status.UP, results(Status.UP, T0), T0)
    first, second = T0 + timedelta(minutes=5), T0 + timedelta(minutes=10)
    assert state.observe(Status.DOWN, results(Status.DOWN, first), first).changes == ()
    judgement = state.observe(Status.DOWN, results(Status.DOWN, second), second)
    (change,) = judgement.changes
    assert (change.before, change.after, change.at, change.since) == (
        Status.UP,
        Status.DOWN,
        second,
        first,
    )
    assert change.cause is Cause.TIMEOUT
    assert change.detail == "api.twitter.com:443: no answer within 10 s"
    event = change.to_event()
    assert (event.service, event.from_, event.to, event.cause) == (
        "Twitter",
        Status.UP,
        Status.DOWN,
        Cause.TIMEOUT,
    )


def test_recovery_is_dated_from_the_first_good_round() -> None:
    state = ServiceState("Twitter")
    drive(state, "+xx")
    back = T0 + timedelta(minutes=3)
    state.observe(Status.UP, [], back)
    (change,) = state.observe(Status.UP, [], back + timedelta(minutes=1)).changes
    assert (change.after, change.since, change.cause) == (Status.UP, back, None)


def test_going_offline_says_so_as_the_cause() -> None:
    state = ServiceState("Twitter")
    drive(state, "+")
    change = state.go_offline(T0 + timedelta(minutes=1))
    assert change is not None
    assert (change.before, change.after, change.cause) == (Status.UP, Status.UNKNOWN, Cause.OFFLINE)
    assert state.go_offline(T0 + timedelta(minutes=2)) is None  # already unknown: no change


def test_a_held_failure_asks_for_a_recheck_and_is_not_counted() -> None:
    state = ServiceState("Twitter", failure_threshold=1)
    drive(state, "+")
    state.distrust()
    at = T0 + timedelta(minutes=1)
    held = state.observe(Status.DOWN, results(Status.DOWN, at), at)
    assert (held.recheck, held.counted, held.status, held.changes) == (True, False, Status.UP, ())
    again = state.observe(Status.DOWN, results(Status.DOWN, at), at + timedelta(seconds=5))
    assert (again.recheck, again.counted, again.status) == (False, True, Status.DOWN)


def test_rounds_while_offline_are_neither_counted_nor_rechecked() -> None:
    state = ServiceState("Twitter")
    state.go_offline(T0)
    judgement = state.observe(Status.DOWN, results(Status.DOWN, T0), T0)
    assert (judgement.counted, judgement.recheck, judgement.status) == (
        False,
        False,
        Status.UNKNOWN,
    )


def test_a_snooze_ends_by_itself_and_shows_what_was_found() -> None:
    state = ServiceState("Twitter")
    drive(state, "+")
    until = T0 + timedelta(hours=1)
    assert state.pause(T0, until) is not None
    assert state.expire(until - timedelta(seconds=1)) is None
    drive(state, "xx", start=T0 + timedelta(minutes=10))
    assert state.status is Status.PAUSED
    assert state.judged is Status.DOWN
    change = state.expire(until)
    assert change is not None
    assert (change.before, change.after, change.cause) == (
        Status.PAUSED,
        Status.DOWN,
        Cause.TIMEOUT,
    )
    assert change.since == T0 + timedelta(minutes=10)  # down since the first failed round
    assert state.paused_until is None


def test_a_round_after_the_snooze_ran_out_reports_the_resume_first() -> None:
    state = ServiceState("Twitter")
    drive(state, "+")
    state.pause(T0, T0 + timedelta(minutes=30))
    at = T0 + timedelta(hours=1)
    changes = state.observe(Status.UP, [], at).changes
    assert [(c.before, c.after) for c in changes] == [(Status.PAUSED, Status.UP)]


def test_snoozing_again_extends_without_a_second_change() -> None:
    state = ServiceState("Twitter")
    assert state.pause(T0, T0 + timedelta(hours=1)) is not None
    assert state.pause(T0, T0 + timedelta(hours=4)) is None
    assert state.paused_until == T0 + timedelta(hours=4)
    assert state.resume(T0) is not None
    assert state.resume(T0) is None


def test_new_thresholds_apply_to_the_next_round() -> None:
    state = ServiceState("Twitter", failure_threshold=3)
    assert drive(state, "+xx") == "+++"
    state.retune(failure_threshold=2, success_threshold=2)
    assert drive(state, "x", start=T0 + timedelta(minutes=3)) == "x"
    with pytest.raises(ValueError, match="at least 1"):
        state.retune(failure_threshold=0, success_threshold=1)


def test_an_unknown_round_is_no_evidence() -> None:
    state = ServiceState("Twitter", failure_threshold=1)
    drive(state, "+")
    state.distrust()
    judgement = state.observe(Status.UNKNOWN, [], T0 + timedelta(minutes=1))
    assert (judgement.counted, judgement.recheck, judgement.status) == (False, False, Status.UP)
    # ... and it does not use up the re-check a sleep asked for.
    assert state.observe(Status.DOWN, [], T0 + timedelta(minutes=2)).recheck


def test_no_round_is_paused() -> None:
    with pytest.raises(ValueError, match="not paused"):
        ServiceState("Twitter").observe(Status.PAUSED, [], T0)


def test_failures_put_the_grave_before_the_degrading() -> None:
    slow = result(Cause.SLOW, target="a", elapsed_ms=5000, detail="5 s")
    refused = result(Cause.REFUSED, type_="tcp", target="b", elapsed_ms=1)
    assert [f.cause for f in failures_of([slow, refused])] == [Cause.REFUSED, Cause.SLOW]
    assert str(failures_of([refused])[0]) == "b: refused"


# --- the board: all services, the network, the tray -------------------------------------


def board_of(*names: str) -> StatusBoard:
    board = StatusBoard()
    board.configure(settings_by_name(config(*({"name": name, "url": HOME} for name in names))))
    return board


def test_the_tray_shows_the_worst_service() -> None:
    board = board_of("Twitter", "Google Talk")
    assert board.tray_status is TrayStatus.UNKNOWN
    board.observe("Twitter", Status.UP, [], T0)
    board.observe("Google Talk", Status.UP, [], T0)
    assert board.tray_status is TrayStatus.UP
    for minute in (1, 2):
        board.observe("Google Talk", Status.DOWN, [], T0 + timedelta(minutes=minute))
    assert board.tray_status is TrayStatus.DOWN
    board.pause("Google Talk", T0)
    assert board.tray_status is TrayStatus.UP


def test_when_the_canaries_fail_the_tray_is_offline_and_services_unknown() -> None:
    board = board_of("Twitter", "Google Talk", "Snoozed")
    for name in board.names:
        board.observe(name, Status.UP, [], T0)
    board.pause("Snoozed", T0)
    change, moved = board.network_verdict(OFFLINE, at=T0)
    assert change is not None
    assert (change.from_, change.to) == (NetworkStatus.ONLINE, NetworkStatus.OFFLINE)
    assert [(m.service, m.after, m.cause) for m in moved] == [
        ("Twitter", Status.UNKNOWN, Cause.OFFLINE),
        ("Google Talk", Status.UNKNOWN, Cause.OFFLINE),
    ]
    assert board.tray_status is TrayStatus.OFFLINE
    assert board.network_verdict(OFFLINE, at=T0) == (None, [])
    # Rounds that fail meanwhile take nothing down.
    for minute in (1, 2, 3):
        board.observe("Twitter", Status.DOWN, [], T0 + timedelta(minutes=minute))
    assert board.statuses() == {
        "Twitter": Status.UNKNOWN,
        "Google Talk": Status.UNKNOWN,
        "Snoozed": Status.PAUSED,
    }


def test_when_the_network_returns_services_are_judged_afresh() -> None:
    board = board_of("Twitter")
    board.observe("Twitter", Status.UP, [], T0)
    board.network_verdict(OFFLINE, at=T0)
    change, moved = board.network_verdict(ONLINE, at=T0 + timedelta(minutes=5))
    assert change is not None
    assert change.to is NetworkStatus.ONLINE
    assert moved == []
    assert board.tray_status is TrayStatus.UNKNOWN
    held = board.observe("Twitter", Status.DOWN, [], T0 + timedelta(minutes=6))
    assert held.recheck  # the network just changed: re-check before believing
    board.observe("Twitter", Status.UP, [], T0 + timedelta(minutes=7))
    assert board.tray_status is TrayStatus.UP


def test_after_a_sleep_every_service_rechecks_its_next_failure() -> None:
    board = board_of("Twitter", "Google Talk")
    for name in board.names:
        board.observe(name, Status.UP, [], T0)
    board.distrust()
    later = T0 + timedelta(hours=8)
    assert all(board.observe(name, Status.DOWN, [], later).recheck for name in board.names)


def test_reconfiguring_keeps_history_by_name() -> None:
    board = board_of("Twitter", "Google Talk")
    board.observe("Twitter", Status.UP, [], T0)
    changed = config(
        {"name": "Twitter", "url": HOME},
        {"name": "iPhone app", "url": "https://api.twitter.com/"},
        defaults={"failure_threshold": 1},
    )
    board.configure(settings_by_name(changed))
    assert board.statuses() == {"Twitter": Status.UP, "iPhone app": Status.UNKNOWN}
    assert board.names == ["Twitter", "iPhone app"]
    board.observe("Twitter", Status.DOWN, [], T0 + timedelta(minutes=1))
    assert board["Twitter"].status is Status.DOWN  # the new threshold of 1
    with pytest.raises(KeyError):
        board.observe("Google Talk", Status.UP, [], T0)


def test_a_service_added_while_offline_waits_for_the_network() -> None:
    board = board_of("Twitter")
    board.network_verdict(OFFLINE, at=T0)
    added = config({"name": "Twitter", "url": HOME}, {"name": "New", "url": "https://x.com/"})
    board.configure(settings_by_name(added))
    assert not board.observe("New", Status.UP, [], T0).counted


def test_snoozes_end_on_tick() -> None:
    board = board_of("Twitter", "Google Talk")
    board.pause("Twitter", T0, until=T0 + timedelta(hours=1))
    board.pause("Google Talk", T0, until=T0 + timedelta(hours=4))
    assert board.next_deadline() == T0 + timedelta(hours=1)
    assert board.tick(T0 + timedelta(minutes=59)) == []
    (ended,) = board.tick(T0 + timedelta(hours=1))
    assert (ended.service, ended.before, ended.after) == ("Twitter", Status.PAUSED, Status.UNKNOWN)
    assert board.next_deadline() == T0 + timedelta(hours=4)
    assert board.resume("Google Talk", T0) is not None
    assert board.next_deadline() is None


# --- properties ----------------------------------------------------------------------------


@given(
    rounds=st.text(alphabet="+~x", max_size=40),
    failure_threshold=st.integers(1, 4),
    success_threshold=st.integers(1, 4),
)
def test_the_status_always_agrees_with_the_last_rounds(
    rounds: str, failure_threshold: int, success_threshold: int
) -> None:
    state = ServiceState(
        "Twitter", failure_threshold=failure_threshold, success_threshold=success_threshold
    )
    drive(state, rounds)
    last_failed = rounds[-failure_threshold:]
    last_good = rounds[-success_threshold:]
    if len(rounds) >= failure_threshold and set(last_failed) == {"x"}:
        assert state.status is Status.DOWN
    elif len(rounds) >= failure_threshold and "+" not in last_failed:
        assert state.status in (Status.DEGRADED, Status.DOWN)
    if len(rounds) >= success_threshold and set(last_good) == {"+"}:
        assert state.status is Status.UP
    if rounds.endswith("+"):
        assert state.status is not Status.UNKNOWN
    if "+" not in rounds and len(rounds) < failure_threshold:
        assert state.status is Status.UNKNOWN


@given(rounds=st.text(alphabet="+~x", max_size=30), failure_threshold=st.integers(1, 4))
def test_inside_a_window_an_up_service_is_never_down(rounds: str, failure_threshold: int) -> None:
    state = ServiceState("Twitter", failure_threshold=failure_threshold)
    shown = drive(state, "+M" + rounds)
    assert set(shown) <= {"+", "m"}
    assert shown.endswith("m") == rounds.endswith(("~", "x"))


def test_a_failure_in_maintenance_is_kept_as_maintenance_and_says_why() -> None:
    state = ServiceState("Twitter")
    state.observe(Status.UP, results(Status.UP, T0), T0)
    entered = state.maintain(WINDOW, T0 + timedelta(minutes=1))
    assert entered is None  # up inside the window: nothing to show
    at = T0 + timedelta(minutes=2)
    judgement = state.observe(Status.DOWN, results(Status.DOWN, at), at)
    assert judgement.round_status is Status.MAINTENANCE
    assert not judgement.counted
    assert judgement.status is Status.UP  # judged underneath: nothing counted
    (change,) = judgement.changes
    assert (change.before, change.after, change.cause) == (
        Status.UP,
        Status.MAINTENANCE,
        Cause.TIMEOUT,
    )
    assert state.maintenance == WINDOW
    left = state.maintain(None, at + timedelta(minutes=1))
    assert left is not None
    assert (left.before, left.after) == (Status.MAINTENANCE, Status.UP)
    assert state.maintenance is None


def test_down_before_the_window_is_down_since_then_after_it() -> None:
    state = ServiceState("Twitter")
    for minute, status in enumerate([Status.UP, Status.DOWN, Status.DOWN]):
        at = T0 + timedelta(minutes=minute)
        state.observe(status, results(status, at), at)
    entered = state.maintain(WINDOW, T0 + timedelta(minutes=5))
    assert entered is not None
    assert (entered.before, entered.after) == (Status.DOWN, Status.MAINTENANCE)
    left = state.maintain(None, T0 + timedelta(minutes=30))
    assert left is not None
    assert (left.after, left.since) == (Status.DOWN, T0 + timedelta(minutes=1))


def test_public_api() -> None:
    assert set(trayapp.core.monitor.state.__all__) == {
        "Failure",
        "Judgement",
        "ServiceState",
        "StatusBoard",
        "Transition",
        "failures_of",
        "settings_by_name",
    }
