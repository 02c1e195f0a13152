"""The month at a glance, read from a real history file filled with known rounds.

The story: at :data:`NOW` (26 August 2012, noon UTC) Twitter's history holds, raw, ten rounds
of the last hours and six of three days ago, and, folded into hours by the week's prune, an
hour of twenty days ago. Every figure below is worked out by hand from them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.builders import incident, result
from tests.support.history import V3_PRUNED_AT, restore_v3_history
from trayapp.core.models import Cause, Status
from trayapp.core.report import Response, Tally, read_history, uptime_text
from trayapp.core.report.history import DAYS, local_days, percentiles
from trayapp.core.store import DB_FILE, ResponseTimes, RoundRecord, Store

NOW = datetime(2012, 8, 26, 12, tzinfo=UTC)
TODAY = datetime(2012, 8, 26, 1, tzinfo=UTC)
"""The first of the rounds of the last hours: 01:00, one every hour."""
THREE_DAYS_AGO = datetime(2012, 8, 23, 10, tzinfo=UTC)
TWENTY_DAYS_AGO = datetime(2012, 8, 6, 11, tzinfo=UTC)

UP, DEGRADED, DOWN, UNKNOWN, PAUSED = (
    Status.UP,
    Status.DEGRADED,
    Status.DOWN,
    Status.UNKNOWN,
    Status.PAUSED,
)
_CAUSE = {DEGRADED: Cause.SLOW, DOWN: Cause.TIMEOUT, UNKNOWN: Cause.OFFLINE}


def rounds(
    service: str, start: datetime, every: timedelta, said: Sequence[tuple[Status, int]]
) -> Iterator[RoundRecord]:
    """A round of ``service`` every ``every`` from ``start``: each status and response time."""
    for n, (status, ms) in enumerate(said):
        moment = start + n * every
        check = result(_CAUSE.get(status), checked_at=moment, elapsed_ms=ms)
        yield RoundRecord(service, moment, status, [check])


TWITTER_TODAY = [
    *((UP, ms) for ms in (100, 200, 300, 400, 500, 600)),
    (DEGRADED, 700),
    (DOWN, 10_000),
    (DOWN, 10_000),
    (UNKNOWN, 5),  # the user's network was down: "just you"
]
TWITTER_THREE_DAYS_AGO = [*((UP, ms) for ms in (800, 900, 1_000, 1_100, 1_200)), (PAUSED, 50)]
TWITTER_TWENTY_DAYS_AGO = [
    (UP, 100),
    (DOWN, 10_000),
    (UP, 100),
    (UP, 100),
    (DOWN, 9_000),
    (UP, 100),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Twitter's history as the module's docstring tells it; Gmail only offline today."""
    with Store(tmp_path / DB_FILE) as opened:
        opened.record_rounds(
            rounds("Twitter", TWENTY_DAYS_AGO, timedelta(minutes=10), TWITTER_TWENTY_DAYS_AGO)
        )
        opened.prune(NOW)  # twenty days ago is folded; what follows stays raw
        opened.record_rounds(
            rounds("Twitter", THREE_DAYS_AGO, timedelta(minutes=10), TWITTER_THREE_DAYS_AGO)
        )
        opened.record_rounds(rounds("Twitter", TODAY, timedelta(hours=1), TWITTER_TODAY))
        opened.record_rounds(
            rounds("Gmail", TODAY, timedelta(hours=1), [(UNKNOWN, 3), (UNKNOWN, 4)])
        )
        opened.save_incidents(
            [
                incident(1, NOW - timedelta(days=40), lasted=timedelta(hours=1)),  # too old
                incident(2, NOW - timedelta(days=35), lasted=timedelta(days=10)),  # ends inside
                incident(3, TWENTY_DAYS_AGO + timedelta(minutes=10), lasted=timedelta(minutes=5)),
                incident(4, TODAY + timedelta(hours=7)),  # still open
                incident(5, TODAY, service="Gmail", lasted=timedelta(minutes=1)),
            ]
        )
        yield opened


def test_uptime_counts_up_and_degraded_of_the_rounds_judged(store: Store) -> None:
    (twitter,) = read_history(store, ["Twitter"], now=NOW, tz=UTC).services
    # 24 h: 6 up, 1 degraded, 2 down; the unknown round counts for neither.
    assert twitter.windows["24h"] == Tally(up=6, degraded=1, down=2, other=1)
    # 7 d: and 5 up three days ago (the paused round counts for neither).
    assert twitter.windows["7d"] == Tally(up=11, degraded=1, down=2, other=2)
    # 30 d: and the hour folded twenty days ago, 4 up and 2 down.
    assert twitter.windows["30d"] == Tally(up=15, degraded=1, down=4, other=2)
    assert twitter.uptime == {"24h": 7 / 9, "7d": 12 / 14, "30d": 16 / 20}


def test_a_window_with_nothing_judged_has_no_uptime(store: Store) -> None:
    gmail, nobody = read_history(store, ["Gmail", "Nobody"], now=NOW, tz=UTC).services
    assert gmail.uptime == {"24h": None, "7d": None, "30d": None}
    assert gmail.windows["24h"].other == 2
    assert gmail.response == Response(None, None, 0, True)
    assert gmail.incidents == 1
    assert nobody.uptime == {"24h": None, "7d": None, "30d": None}
    assert (nobody.incidents, nobody.response.p50) == (0, None)


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        # The answered rounds of today: 100 to 700 ms. p50: the 4th of 7; p95: the 7th.
        (timedelta(hours=24), Response(400, 700, 7, exact=True)),
        # And three days ago: 100 to 1,200 ms. p50: the 6th of 12; p95: the 12th.
        (timedelta(days=7), Response(600, 1_200, 12, exact=True)),
        # And four rounds at 100 ms twenty days ago, folded. p50: the 8th of 16, 400 ms.
        (timedelta(days=30), Response(400, 1_200, 16, exact=False)),
    ],
)
def test_response_percentiles_by_nearest_rank_over_since(
    store: Store, since: timedelta, expected: Response
) -> None:
    (twitter,) = read_history(store, ["Twitter"], now=NOW, since=since, tz=UTC).services
    assert twitter.response == expected


def test_incidents_are_those_open_at_some_moment_of_since(store: Store) -> None:
    def count(since: timedelta) -> int:
        (twitter,) = read_history(store, ["Twitter"], now=NOW, since=since, tz=UTC).services
        return twitter.incidents

    assert (count(timedelta(hours=24)), count(timedelta(days=7)), count(timedelta(days=30))) == (
        1,
        1,
        3,
    )


def test_each_of_the_last_thirty_days_has_its_figures(store: Store) -> None:
    (twitter,) = read_history(store, ["Twitter"], now=NOW, tz=UTC).services
    days = {figures.day: figures for figures in twitter.days}
    assert len(twitter.days) == DAYS
    assert (twitter.days[0].day, twitter.days[-1].day) == (date(2012, 7, 28), date(2012, 8, 26))

    today = days[date(2012, 8, 26)]
    assert today.rounds == Tally(up=6, degraded=1, down=2, other=1)
    assert (today.uptime, today.response, today.incidents) == (7 / 9, Response(400, 700, 7), 1)
    folded = days[date(2012, 8, 6)]
    assert folded.rounds == Tally(up=4, down=2)
    assert folded.incidents == 1
    # Four rounds of 100 ms, read from the hour's histogram: within 2 %.
    assert (folded.response.rounds, folded.response.exact) == (4, False)
    assert abs((folded.response.p50 or 0) - 100) <= 2
    quiet = days[date(2012, 8, 10)]
    assert (quiet.uptime, quiet.rounds.judged, quiet.response.p50) == (None, 0, None)
    # The incident that began 35 days ago and lasted 10 was open on the first five days.
    assert [days[date(2012, 7, d)].incidents for d in range(28, 32)] == [1, 1, 1, 1]
    assert days[date(2012, 8, 2)].incidents == 0


def test_days_are_on_the_local_clock(store: Store) -> None:
    new_york = ZoneInfo("America/New_York")  # four hours behind UTC in August
    (twitter,) = read_history(store, ["Twitter"], now=NOW, tz=new_york).services
    days = {figures.day: figures for figures in twitter.days}
    assert twitter.days[-1].day == date(2012, 8, 26)  # 08:00 there
    # 01:00 to 03:00 UTC was the evening before in New York: 100, 200 and 300 ms, all up.
    assert days[date(2012, 8, 25)].rounds == Tally(up=3)
    assert days[date(2012, 8, 26)].rounds == Tally(up=3, degraded=1, down=2, other=1)


def test_day_bounds_follow_a_change_of_the_clock() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    bounds = local_days(datetime(2012, 10, 29, 12, tzinfo=UTC), 3, berlin)
    # Summer time ended on 28 October 2012: that day had 25 hours.
    hours = [(b - a).total_seconds() / 3600 for a, b in pairwise(m.astimezone(UTC) for m in bounds)]
    assert hours == [24, 25, 24]


def test_an_hour_folded_before_histograms_counts_for_uptime_but_not_percentiles(
    tmp_path: Path,
) -> None:
    with Store(restore_v3_history(tmp_path / DB_FILE)) as store:
        now = V3_PRUNED_AT
        twitter, gmail = read_history(store, ["Twitter", "Gmail"], now=now, tz=UTC).services
    # 26 July, 11:00: 6 rounds, 1 degraded and 1 down; its unknown round was not told from
    # the up ones then, and counts as up: 5 of 6.
    day = {figures.day: figures for figures in twitter.days}[date(2012, 7, 26)]
    assert day.rounds == Tally(up=4, degraded=1, down=1)
    assert day.response == Response()  # no histogram: no percentiles
    # Gmail has nothing but such an hour.
    assert gmail.uptime["30d"] == 1.0
    assert gmail.response == Response()
    # Twitter's 30 days: that hour, 3 up folded at the week's edge, 9 raw up after it, and
    # today's 7 up, 1 down, 1 unknown; response times from the raw rounds only, exactly.
    assert twitter.windows["30d"] == Tally(up=4 + 3 + 9 + 7, degraded=1, down=1 + 1, other=1)
    assert twitter.response == Response(150, 250, 16, exact=True)


def test_percentiles_of_times_and_histograms_are_within_two_percent() -> None:
    times = [150 + (n * 7919) % 400 for n in range(500)]  # 150 to 549 ms, scattered
    exact = percentiles({ms: times.count(ms) for ms in set(times)})
    estimated = percentiles({}, ResponseTimes.of(times[:100]) + ResponseTimes.of(times[100:]))
    half = percentiles(
        {ms: times[:250].count(ms) for ms in set(times[:250])}, ResponseTimes.of(times[250:])
    )
    assert (exact.exact, estimated.exact, half.exact) == (True, False, False)
    for figures in (estimated, half):
        assert figures.rounds == 500
        for found, truth in ((figures.p50, exact.p50), (figures.p95, exact.p95)):
            assert truth is not None
            assert abs((found or 0) - truth) <= 0.02 * truth + 0.5  # rounded to whole ms


@pytest.mark.parametrize(
    ("tally", "said"),
    [
        (Tally(), "-"),
        (Tally(other=5), "-"),
        (Tally(up=10), "100 %"),
        (Tally(up=9_995, down=5), "99.95 %"),
        (Tally(up=99_999, down=1), "99.99 %"),  # never rounded up to 100 %
        (Tally(up=1, degraded=1, down=2), "50.00 %"),
        (Tally(down=3), "0.00 %"),
    ],
)
def test_uptime_in_words(tally: Tally, said: str) -> None:
    assert uptime_text(tally) == said


def test_an_answer_in_no_time_counts_too(tmp_path: Path) -> None:
    with Store(tmp_path / DB_FILE) as store:
        said = [(UP, 0), (UP, 0), (UP, 5)]  # a port on this very machine
        store.record_rounds(rounds("Local", TODAY, timedelta(minutes=1), said))
        (local,) = read_history(store, ["Local"], now=NOW, tz=UTC).services
    assert local.response == Response(0, 5, 3, exact=True)
