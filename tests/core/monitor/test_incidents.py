"""Incidents: opened when a service leaves up, one per outage however much it flaps."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import trayapp.core.monitor.incidents
from tests.support.builders import (
    DOWN_AT,
    HOME,
    MOBILE,
    OFFLINE,
    ONLINE,
    T0,
    at,
    config,
    incident,
    result,
)
from tests.support.pureloop import PureLoop
from trayapp.core.incident import NoteKind, format_length
from trayapp.core.models import Cause, CheckResult, Status, Verdict
from trayapp.core.monitor.events import IncidentResolved, IncidentUpdated
from trayapp.core.monitor.incidents import IncidentTracker

TWITTER = {
    "name": "Twitter",
    "checks": [{"type": "http", "url": HOME}, {"type": "http", "url": MOBILE}],
}
"""Twitter as watched here: its home page and its mobile site."""


def twitter_round(cause: Cause | None = None, moment: datetime = T0) -> list[CheckResult]:
    """A round of both of Twitter's checks at ``moment``: passed, or failed with ``cause``."""
    return [result(cause, checked_at=moment), result(cause, checked_at=moment, target=MOBILE)]


def outage_2012() -> list[tuple[datetime, list[CheckResult]]]:
    """Twitter on 26 July 2012, checked every five minutes: the home page and the mobile site.

    Down at 11:23 (timeouts, then refused connections), back briefly at 12:04, down again at
    12:15, server errors and a "Twitter is currently down" page at 12:58, back at 13:08.
    """
    rounds = []
    moment = at(11, 13)
    while moment <= at(13, 50):
        if at(11, 23) <= moment < at(12, 4):
            cause = Cause.TIMEOUT if moment < at(11, 40) else Cause.REFUSED
            results = twitter_round(cause, moment)
        elif at(12, 15) <= moment < at(12, 58):
            results = twitter_round(Cause.TIMEOUT, moment)
        elif at(12, 58) <= moment < at(13, 8):
            results = [
                result(
                    Cause.HTTP_STATUS,
                    checked_at=moment,
                    detail="HTTP 503 Service Unavailable",
                    http_status=503,
                ),
                result(
                    Cause.CONTENT,
                    checked_at=moment,
                    target=MOBILE,
                    detail="Twitter is currently down",
                ),
            ]
        else:
            results = twitter_round(moment=moment)
        rounds.append((moment, results))
        # The log's own moments: 12:04, 12:15 and 12:58 are where things changed.
        nxt = moment + timedelta(minutes=5)
        for turn in (at(12, 4), at(12, 15), at(12, 58), at(13, 8)):
            if moment < turn < nxt:
                nxt = turn
        moment = nxt
    return rounds


def play(loop: PureLoop, rounds: list[tuple[datetime, list[CheckResult]]]) -> None:
    for moment, results in rounds:
        loop.round("Twitter", results, moment)


def test_the_2012_outage_is_one_incident_with_one_flap() -> None:
    loop = PureLoop(config(TWITTER))
    play(loop, outage_2012())
    loop.tick(at(13, 50))

    assert len(loop.opened()) == 1
    flaps = [e for e in loop.events if isinstance(e, IncidentUpdated) and e.change == "flap"]
    assert [(e.at, e.flaps) for e in flaps] == [(at(12, 20), 1)]
    (incident,) = loop.saved.values()
    assert incident.to_record(at(14, 0)) == {
        "id": incident.id,
        "service": "Twitter",
        "status": "resolved",
        "severity": "down",
        "started_at": "2012-07-26T11:23:00Z",
        "ended_at": "2012-07-26T13:08:00Z",
        "duration_s": 6300.0,
        "causes": ["timeout", "refused", "http_status", "content"],
        "first_error": "https://twitter.com/: timeout",
        "last_error": "https://twitter.com/: HTTP 503 Service Unavailable",
        "flaps": 1,
        "verdict": None,
        "vendor_incidents": [],
        "outside": [],
    }
    assert [(n.at, n.kind) for n in incident.notes] == [
        (at(11, 23), NoteKind.OPENED),
        (at(11, 43), NoteKind.CAUSE),
        (at(12, 4), NoteKind.RECOVERED),
        (at(12, 15), NoteKind.FLAPPED),
        (at(12, 58), NoteKind.CAUSE),
        (at(12, 58), NoteKind.CAUSE),
        (at(13, 8), NoteKind.RECOVERED),
        (at(13, 38), NoteKind.RESOLVED),
    ]
    assert incident.notes[2].text == "Back up after 41 min"


def test_the_recovery_is_announced_at_once_but_the_incident_waits_for_the_window() -> None:
    loop = PureLoop(config(TWITTER))
    play(loop, [r for r in outage_2012() if r[0] <= at(12, 9)])
    assert loop.status_changes("Twitter")[-1] == ("down", "up")
    incident = loop.incidents.open_incident("Twitter")
    assert incident is not None
    assert incident.recovered_at == at(12, 4)
    assert loop.incidents.next_deadline() == at(12, 34)


def test_the_incident_resolves_when_the_window_closes_not_before() -> None:
    loop = PureLoop(config(TWITTER))
    play(loop, outage_2012())  # the last round is 13:48; the window closes at 13:38
    resolved = [e for e in loop.events if isinstance(e, IncidentResolved)]
    assert [(e.at, e.ended_at, e.duration_s) for e in resolved] == [(at(13, 38), at(13, 8), 6300.0)]


def test_a_failure_after_the_window_is_a_new_incident() -> None:
    loop = PureLoop(config({**TWITTER, "flap_window": "10m"}))
    down = twitter_round(Cause.TIMEOUT)
    up = twitter_round()
    for minute, results in enumerate([up, down, down, up, up, up, up, down, down]):
        loop.round("Twitter", results, at(11, 0) + timedelta(minutes=5 * minute))
    first, second = sorted(loop.saved.values(), key=lambda i: i.started_at)
    assert (first.ended_at, first.flaps) == (at(11, 15), 0)
    assert (second.started_at, second.is_open) == (at(11, 35), True)
    assert len(loop.opened()) == 2


def test_a_failure_begun_inside_the_window_is_a_flap_though_confirmed_after_it() -> None:
    loop = PureLoop(config({**TWITTER, "flap_window": "30m"}))
    down = twitter_round(Cause.TIMEOUT)
    up = twitter_round()
    loop.round("Twitter", up, at(11, 0))
    loop.round("Twitter", down, at(11, 5))
    loop.round("Twitter", down, at(11, 10))
    loop.round("Twitter", up, at(11, 15))
    loop.round("Twitter", up, at(11, 20))  # recovered at 11:15; the window closes at 11:45
    loop.round("Twitter", down, at(11, 44))
    loop.tick(at(11, 46))  # the window has closed, but a failure began inside it
    assert loop.incidents.open_incident("Twitter") is not None
    assert loop.incidents.next_deadline() is None  # the next round settles it, not the clock
    loop.round("Twitter", down, at(11, 49))
    (incident,) = loop.saved.values()
    assert (incident.flaps, incident.is_open) == (1, True)


def test_a_single_failed_round_inside_the_window_is_no_flap() -> None:
    loop = PureLoop(config({**TWITTER, "flap_window": "30m"}))
    down = twitter_round(Cause.TIMEOUT)
    up = twitter_round()
    for moment, results in [
        (at(11, 0), up), (at(11, 5), down), (at(11, 10), down), (at(11, 15), up),
        (at(11, 20), up), (at(11, 25), down), (at(11, 30), up), (at(11, 45), up),
    ]:  # fmt: skip
        loop.round("Twitter", results, moment)
    (incident,) = loop.saved.values()
    assert (incident.flaps, incident.ended_at, incident.causes) == (0, at(11, 15), (Cause.TIMEOUT,))


def test_degraded_then_down_makes_the_incident_worse_and_never_better() -> None:
    loop = PureLoop(config(TWITTER))
    half = [result(), result(Cause.REFUSED, target=MOBILE)]
    down = twitter_round(Cause.REFUSED)
    for minute, results in enumerate([half, half, down, down, half, half]):
        loop.round("Twitter", results, at(11, 0) + timedelta(minutes=minute))
    opened = loop.opened()
    assert [(e.severity, e.cause) for e in opened] == [(Status.DEGRADED, Cause.REFUSED)]
    updates = [(e.change, e.severity) for e in loop.events if isinstance(e, IncidentUpdated)]
    assert updates == [("severity", Status.DOWN)]
    (incident,) = loop.saved.values()
    assert incident.severity is Status.DOWN
    assert loop.board["Twitter"].status is Status.DEGRADED


def test_while_offline_no_incident_opens() -> None:
    loop = PureLoop(config(TWITTER))
    loop.round("Twitter", twitter_round(), at(11, 0))
    loop.network(OFFLINE, at=at(11, 5))
    blamed = twitter_round(Cause.OFFLINE)
    for minute in range(5, 60, 5):
        loop.round("Twitter", blamed, at(11, minute))
    assert loop.opened() == []
    assert loop.status_changes("Twitter") == [("unknown", "up"), ("up", "unknown")]


def test_an_outage_that_outlasts_the_network_is_one_incident() -> None:
    loop = PureLoop(config(TWITTER))
    down = twitter_round(Cause.TIMEOUT)
    up = twitter_round()
    blamed = twitter_round(Cause.OFFLINE)
    loop.round("Twitter", up, at(11, 0))
    loop.round("Twitter", down, at(11, 5))
    loop.round("Twitter", down, at(11, 10))
    loop.network(OFFLINE, at=at(11, 12))
    loop.round("Twitter", blamed, at(11, 15))
    loop.network(ONLINE, at=at(11, 20))
    loop.round("Twitter", down, at(11, 20))  # held for a re-check: the network just changed
    loop.round("Twitter", down, at(11, 21))
    loop.round("Twitter", down, at(11, 25))
    assert loop.status_changes("Twitter")[-1] == ("unknown", "down")
    loop.round("Twitter", up, at(11, 30))
    loop.round("Twitter", up, at(11, 35))
    (incident,) = loop.saved.values()
    assert (incident.flaps, incident.recovered_at) == (0, at(11, 30))
    assert len(loop.opened()) == 1


def test_a_held_failure_adds_no_cause() -> None:
    loop = PureLoop(config(TWITTER))
    down = twitter_round(Cause.TIMEOUT)
    loop.round("Twitter", twitter_round(), at(11, 0))
    loop.round("Twitter", down, at(11, 5))
    loop.round("Twitter", down, at(11, 10))
    loop.board.distrust()
    tls = twitter_round(Cause.TLS)
    assert loop.round("Twitter", tls, at(11, 15)).recheck
    (incident,) = loop.saved.values()
    assert incident.causes == (Cause.TIMEOUT,)


def test_after_a_restart_the_open_incident_goes_on() -> None:
    left_open = incident(41, DOWN_AT)
    loop = PureLoop(config(TWITTER), open_incidents=[left_open])
    down = twitter_round(Cause.REFUSED)
    loop.round("Twitter", down, at(12, 0))
    loop.round("Twitter", down, at(12, 5))
    loop.round("Twitter", twitter_round(), at(12, 10))
    loop.round("Twitter", twitter_round(), at(12, 15))
    loop.tick(at(12, 16))
    assert loop.opened() == []
    # The user was told it was down before the restart: only the recovery is news.
    assert [(n.title, n.body) for n in loop.notifications()] == [
        ("Twitter is back up", "It was down for 47 min.")
    ]
    kept = loop.saved[41]
    assert (kept.causes, kept.recovered_at) == ((Cause.TIMEOUT, Cause.REFUSED), at(12, 10))
    loop.tick(at(12, 40))
    assert loop.saved[41].ended_at == at(12, 10)


def test_a_recovering_incident_whose_window_closed_while_stopped_resolves_at_once() -> None:
    recovering = incident(3, at(9, 0), recovered_at=at(9, 30))
    tracker = IncidentTracker(open_incidents=[recovering])
    (event,) = tracker.tick(at(12, 0))
    assert isinstance(event, IncidentResolved)
    assert (event.id, event.ended_at) == (3, at(9, 30))
    assert tracker.open_incidents() == []


def test_ids_come_from_the_given_source() -> None:
    ids = iter([100, 101])
    tracker = IncidentTracker(next_id=lambda: next(ids))
    loop = PureLoop(config(TWITTER))
    loop.incidents = tracker
    down = twitter_round(Cause.TIMEOUT)
    loop.round("Twitter", down, at(11, 0))
    loop.round("Twitter", down, at(11, 1))
    assert [e.id for e in loop.opened()] == [100]


def test_the_verdict_is_kept_with_a_note() -> None:
    loop = PureLoop(config(TWITTER))
    down = twitter_round(Cause.TIMEOUT)
    loop.round("Twitter", down, at(11, 0))
    loop.round("Twitter", down, at(11, 1))
    loop.incidents.note_verdict("Twitter", Verdict.DOWN_FOR_EVERYONE, at(11, 2))
    loop.incidents.note_verdict("Twitter", Verdict.DOWN_FOR_EVERYONE, at(11, 3))
    loop.incidents.note_verdict("Nobody", Verdict.DOWN_FOR_YOU, at(11, 3))
    (incident,) = loop.incidents.take_changed()
    assert incident.verdict is Verdict.DOWN_FOR_EVERYONE
    assert [n.text for n in incident.notes if n.kind is NoteKind.VERDICT] == [
        "Verdict: down for everyone"
    ]
    assert incident.to_record(at(12, 0))["verdict"] == "down_for_everyone"


def test_an_incident_of_a_service_no_longer_watched_can_be_closed() -> None:
    loop = PureLoop(config(TWITTER))
    down = twitter_round(Cause.TIMEOUT)
    loop.round("Twitter", down, at(11, 0))
    loop.round("Twitter", down, at(11, 1))
    (event,) = loop.incidents.close("Twitter", at(11, 30), "No longer monitored")
    assert isinstance(event, IncidentResolved)
    assert event.ended_at == at(11, 30)
    assert loop.incidents.close("Twitter", at(11, 31), "again") == []
    (incident,) = loop.incidents.take_changed()
    assert (incident.is_open, incident.notes[-1].text) == (False, "No longer monitored")


def test_an_open_incident_measures_itself_until_now() -> None:
    record = incident(started=at(11, 0), severity=Status.DEGRADED).to_record(at(11, 30))
    assert (record["status"], record["ended_at"], record["duration_s"]) == ("open", None, 1800.0)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0, "0 s"), (45, "45 s"), (60, "1 min"), (2460, "41 min"), (3600, "1 h"), (3900, "1 h 5 min"),
     (86_400, "1 d"), (183_600, "2 d 3 h")],
)  # fmt: skip
def test_lengths_are_said_as_people_say_them(seconds: float, said: str) -> None:
    assert format_length(seconds) == said


def test_public_api() -> None:
    assert set(trayapp.core.monitor.incidents.__all__) == {
        "DEFAULT_FLAP_WINDOW",
        "MAX_OUTSIDE_READINGS",
        "MAX_VENDOR_INCIDENTS",
        "Incident",
        "IncidentTracker",
        "Note",
        "NoteKind",
        "format_length",
    }


# --- properties ----------------------------------------------------------------------------

ROUNDS = st.tuples(
    st.sampled_from(["Twitter", "Google Talk"]), st.sampled_from("+x+x~o"), st.integers(1, 4)
)
"""A run of 1 to 4 rounds of one service, all alike, so that outages, recoveries and flaps
come often (up and down twice as often as degraded and offline)."""
STEP = st.one_of(
    ROUNDS, ROUNDS, ROUNDS, st.sampled_from(["offline", "online", "sleep", "pause", "resume"])
)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(st.tuples(STEP, st.integers(1, 15)), min_size=15, max_size=40))
def test_any_history_keeps_incidents_whole(steps: list[tuple[object, int]]) -> None:
    watched = config(
        {"name": "Twitter", "url": HOME},
        {"name": "Google Talk", "url": "https://talk.google.com/"},
        defaults={"flap_window": "30m"},
    )
    loop = PureLoop(watched)
    moment = at(8, 0)
    for step, minutes in steps:
        if isinstance(step, tuple):
            name, kind, repeat = step
            cause = {"+": None, "~": Cause.SLOW, "x": Cause.TIMEOUT, "o": Cause.OFFLINE}[kind]
            for _ in range(repeat):
                moment += timedelta(minutes=minutes)
                loop.round(name, [result(cause, checked_at=moment)], moment)
        else:
            moment += timedelta(minutes=minutes)
            if step in ("offline", "online"):
                loop.network(ONLINE if step == "online" else OFFLINE, at=moment)
            elif step == "sleep":
                loop.board.distrust()
            elif step == "pause":
                loop.pause("Twitter", moment)
            else:
                loop.resume("Twitter", moment)
        for name in loop.board.names:
            if loop.board[name].judged in (Status.DOWN, Status.DEGRADED):
                incident = loop.incidents.open_incident(name)
                assert incident is not None
                assert incident.recovered_at is None
    loop.tick(moment + timedelta(hours=1))

    incidents = list(loop.saved.values())
    assert len(incidents) == len(loop.opened())
    for name in ("Twitter", "Google Talk"):
        mine = sorted((i for i in incidents if i.service == name), key=lambda i: i.started_at)
        assert sum(i.is_open for i in mine) <= 1
        for earlier, later in itertools.pairwise(mine):
            # A failure within the flap window of a recovery belongs to the same incident.
            assert earlier.ended_at is not None
            assert later.started_at >= earlier.ended_at + timedelta(minutes=30)
        for incident in mine:
            end = incident.ended_at or moment
            assert incident.started_at <= end
            flapped = [n for n in incident.notes if n.kind is NoteKind.FLAPPED]
            assert len(flapped) == incident.flaps
            assert all(incident.started_at < n.at <= end for n in flapped)
            assert incident.causes
            assert len(set(incident.causes)) == len(incident.causes)
