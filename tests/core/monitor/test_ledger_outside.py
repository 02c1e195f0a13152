"""The ledger with the outside network's readings: the verdict, the incident, the view and
the notification follow them; a reading of a service that is up changes nothing.

Rounds and readings are fed at given moments (no loop, no network)."""

from __future__ import annotations

from typing import Any

from tests.support.builders import HOME, at, config, outside_reading, result
from tests.support.pureloop import PureLoop
from trayapp.core.incident import NoteKind
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor import Rejudge

QUICK: dict[str, dict[str, Any]] = {
    "notifications": {"coalesce": "1s"},
    "network": {"canaries": []},
    "defaults": {"failure_threshold": 1},
}
SHOP = {"name": "Shop", "url": HOME}
ALL_FAIL = (("DE", "EU", False), ("US", "NA", False), ("JP", "AS", False))
MOST_LOAD = (("DE", "EU", False), ("US", "NA", True), ("JP", "AS", True), ("BR", "SA", True))


def down(loop: PureLoop, minute: int) -> None:
    loop.round("Shop", [result(Cause.HTTP_STATUS, checked_at=at(11, minute))], at(11, minute))


def test_a_reading_of_a_service_that_is_up_is_ignored() -> None:
    loop = PureLoop(config(SHOP, base=QUICK))
    loop.round("Shop", [result(checked_at=at(11))], at(11))
    seen = outside_reading(*ALL_FAIL, at=at(11, 1))
    assert loop.outside("Shop", seen, at(11, 1)) is Rejudge.AT_INTERVAL
    assert loop.outside("Gone", seen, at(11, 1)) is Rejudge.AT_INTERVAL
    (view,) = loop.views()
    assert view.outside is None


def test_the_reading_makes_the_verdict_the_notification_and_the_timeline() -> None:
    loop = PureLoop(config(SHOP, base=QUICK))
    down(loop, 23)
    seen = outside_reading(*ALL_FAIL, at=at(11, 23, 5))
    # Inside the notification's window: the failure goes out with what the places found.
    assert loop.outside("Shop", seen, at(11, 23, 5)) is Rejudge.NOW
    loop.tick(at(11, 24))
    (told,) = loop.notifications()
    assert told.title == "Shop is down"
    assert told.body.splitlines()[0] == (
        "Seen from outside: fails from 3 of 3 places, e.g. Frankfurt: HTTP 503"
    )
    down(loop, 25)
    (incident,) = loop.open_incidents()
    assert incident.verdict is Verdict.DOWN_FOR_EVERYONE
    assert incident.outside == (seen,)
    notes = [n.text for n in incident.notes if n.kind is NoteKind.OUTSIDE]
    assert notes == ["Seen from outside: fails from 3 of 3 places, e.g. Frankfurt: HTTP 503"]
    (view,) = loop.views()
    assert view.outside == seen

    # A later reading that says otherwise: a round at once, and the verdict follows.
    later = outside_reading(*MOST_LOAD, at=at(11, 35))
    assert loop.outside("Shop", later, at(11, 35)) is Rejudge.NOW
    down(loop, 36)
    (incident,) = loop.open_incidents()
    assert incident.verdict is Verdict.DOWN_FOR_YOU
    assert incident.outside == (seen, later)  # oldest first
    # The same word again changes no verdict: no round before the interval's.
    again = outside_reading(*MOST_LOAD, at=at(11, 45))
    assert loop.outside("Shop", again, at(11, 45)) is Rejudge.AT_INTERVAL


def test_a_reading_of_a_past_incident_says_nothing_of_the_next() -> None:
    loop = PureLoop(
        config(
            SHOP,
            base={
                **QUICK,
                "defaults": {"failure_threshold": 1, "success_threshold": 1, "flap_window": "1m"},
            },
        )
    )
    down(loop, 0)
    loop.outside("Shop", outside_reading(*MOST_LOAD, at=at(11, 0, 5)), at(11, 0, 5))
    loop.round("Shop", [result(checked_at=at(11, 1))], at(11, 1))
    loop.tick(at(11, 5))  # the flap window closes: resolved
    assert loop.open_incidents() == []
    down(loop, 10)
    (incident,) = loop.open_incidents()
    assert incident.verdict is None
    assert incident.outside == ()
    (view,) = loop.views()
    assert (view.status, view.outside) == (Status.DOWN, None)


def test_among_several_failures_each_line_carries_its_own_words() -> None:
    blog = {"name": "Blog", "url": "https://blog.example.org/"}
    loop = PureLoop(config(SHOP, blog, base=QUICK))
    down(loop, 23)
    failed = result(Cause.REFUSED, checked_at=at(11, 23), target="https://blog.example.org/")
    loop.round("Blog", [failed], at(11, 23))
    loop.outside("Shop", outside_reading(*MOST_LOAD, at=at(11, 23, 5)), at(11, 23, 5))
    loop.tick(at(11, 24))
    (told,) = loop.notifications()
    assert told.title == "2 services down: Shop, Blog"
    shop, blog_line = told.body.splitlines()
    assert shop.startswith("Shop: ")
    assert shop.endswith(" — Seen from outside: loads from 3 of 4 places: US, JP, BR")
    assert "Seen from outside" not in blog_line
