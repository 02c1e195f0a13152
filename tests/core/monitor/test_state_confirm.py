"""Rounds not believed yet, and failures others already report: the state machine's part.

Steps as in test_state.py, one character each, plus the rounds others already say are down
(the vendor, the vantage points, the outside world)::

    rounds   +  up       ~  degraded      x  down
             C  degraded, corroborated    X  down, corroborated
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

ROUNDS = {
    "+": (Status.UP, False),
    "~": (Status.DEGRADED, False),
    "x": (Status.DOWN, False),
    "C": (Status.DEGRADED, True),
    "X": (Status.DOWN, True),
}


def drive(state: ServiceState, steps: str) -> tuple[str, str]:
    """The status shown and the rounds unsettled after each step."""
    shown, unsettled = [], []
    for minute, step in enumerate(steps):
        at = T0 + timedelta(minutes=minute)
        if step in ROUNDS:
            status, corroborated = ROUNDS[step]
            judged = state.observe(status, results(status, at), at, corroborated=corroborated)
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
    ("others say it is down: one failure is enough", 3, 2, "+X", "+x", "00"),
    ("others say so from the start: down at once", 3, 2, "X", "x", "0"),
    ("others say it is down, partly failing: degraded at once", 3, 2, "+C", "+~", "00"),
    ("degraded, others say it is down: down at once", 2, 2, "+~~X", "++~x", "0100"),
    ("a failure of before adds to a corroborated one", 3, 2, "+xX", "++x", "010"),
    ("others' word does not hasten a recovery", 3, 2, "+X+", "+xx", "001"),
    ("after a sleep, a corroborated failure is re-checked too", 3, 2, "+SXX", "+++x", "0-00"),
    ("offline: nothing is unsettled, back online afresh", 2, 2, "+xONxxx", "++????x", "01--010"),
]


@pytest.mark.parametrize(
    ("failure_threshold", "success_threshold", "steps", "shown", "unsettled"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rounds_not_yet_believed_and_failures_others_report(
    failure_threshold: int, success_threshold: int, steps: str, shown: str, unsettled: str
) -> None:
    state = ServiceState(
        "Twitter", failure_threshold=failure_threshold, success_threshold=success_threshold
    )
    assert drive(state, steps) == (shown, unsettled)


def test_the_judgement_says_when_others_made_a_failure_count_at_once() -> None:
    state = ServiceState("Twitter", failure_threshold=2)
    up = state.observe(Status.UP, results(Status.UP, T0), T0, corroborated=True)
    assert not up.corroborated  # nothing failed: nothing to corroborate
    later = T0 + timedelta(minutes=1)
    down = state.observe(Status.DOWN, results(Status.DOWN, later), later, corroborated=True)
    assert down.corroborated
    (change,) = down.changes
    assert (change.before, change.after, change.since) == (Status.UP, Status.DOWN, later)


def test_a_failure_in_a_maintenance_window_is_neither_unsettled_nor_corroborated() -> None:
    state = ServiceState("Twitter")
    state.observe(Status.UP, results(Status.UP, T0), T0)
    state.maintain(WINDOW, T0)
    excused = state.observe(Status.DOWN, results(Status.DOWN, T0), T0, corroborated=True)
    assert (excused.unsettled, excused.corroborated) == (0, False)
    assert state.status is Status.MAINTENANCE


def test_an_empty_run_has_no_start() -> None:
    assert Runs().good == Run()
    with pytest.raises(ValueError, match="no start"):
        _ = Run().began
