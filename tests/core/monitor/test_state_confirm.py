"""Rounds not believed yet: the state machine's part.

Steps as in test_state.py, one character each::

    rounds   +  up       ~  degraded      x  down
    network  O  offline  N  back online
    laptop   S  woke from sleep (the next failure is re-checked)

Each round's judgement says how many rounds in a row are ``unsettled`` (not yet believed by
the thresholds: the loop confirms them after ``retry_after``); the expected string has that
count after each round, ``-`` after a step that is not a round.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core.monitor.test_state import SHOWN, WINDOW, results
from tests.support.builders import T0
from trayapp.core.models import Status
from trayapp.core.monitor.runs import Run, Runs
from trayapp.core.monitor.state import ServiceState

ROUNDS = {"+": Status.UP, "~": Status.DEGRADED, "x": Status.DOWN}


def drive(state: ServiceState, steps: str) -> tuple[str, str]:
    """The status shown and the rounds unsettled after each step."""
    shown, unsettled = [], []
    for minute, step in enumerate(steps):
        at = T0 + timedelta(minutes=minute)
        if step in ROUNDS:
            status = ROUNDS[step]
            judged = state.observe(status, results(status, at), at)
            unsettled.append(str(judged.unsettled))
        else:
            if step == "O":
                state.go_offline(at)
            else:
                {"N": state.go_online, "S": state.distrust}[step]()
            unsettled.append("-")
        shown.append(SHOWN[state.status])
    return "".join(shown), "".join(unsettled)


CASES = [
    # (what a user would notice, failure_threshold, success_threshold, steps, shown, unsettled)
    ("a failure short of the threshold is unsettled", 2, 2, "+xx", "++x", "010"),
    ("each failure short of the threshold counts one more", 4, 2, "+xxxx", "++++x", "01230"),
    ("a recovery short of the threshold is unsettled", 2, 3, "+xx+++", "++xxx+", "010120"),
    ("a blip is unsettled once, then settled by a good round", 2, 2, "+x+", "+++", "010"),
    ("from unknown, failures are unsettled until judged", 3, 2, "xxx", "??x", "120"),
    ("from unknown, a good round is up at once", 2, 2, "+", "+", "0"),
    ("degraded, a down round is unsettled", 2, 2, "+~~xx", "++~~x", "01010"),
    ("down, a degraded round is unsettled", 2, 2, "+xx~~", "++xx~", "01010"),
    ("down, a blip of recovery is unsettled once", 2, 2, "+xx+x+x", "++xxxxx", "0101010"),
    ("degraded and flapping: unsettled for ever", 2, 2, "+~~x+x+", "++~~~~~", "0101234"),
    ("offline: nothing is unsettled, back online afresh", 2, 2, "+xONxxx", "++????x", "01--010"),
]


@pytest.mark.parametrize(
    ("failure_threshold", "success_threshold", "steps", "shown", "unsettled"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rounds_not_yet_believed(
    failure_threshold: int, success_threshold: int, steps: str, shown: str, unsettled: str
) -> None:
    state = ServiceState(
        "Twitter", failure_threshold=failure_threshold, success_threshold=success_threshold
    )
    assert drive(state, steps) == (shown, unsettled)


def test_a_failure_in_a_maintenance_window_is_not_unsettled() -> None:
    state = ServiceState("Twitter")
    state.observe(Status.UP, results(Status.UP, T0), T0)
    state.maintain(WINDOW, T0)
    excused = state.observe(Status.DOWN, results(Status.DOWN, T0), T0)
    assert excused.unsettled == 0
    assert state.status is Status.MAINTENANCE


def test_an_empty_run_has_no_start() -> None:
    assert Runs().good == Run()
    with pytest.raises(ValueError, match="no start"):
        _ = Run().began
