"""The month at a glance: each service's uptime, response times and incidents, from the history.

``trayapp history`` prints these figures and the incidents window's 30-day strip draws
them; both read them from here, so that they say the same. The definitions:

Uptime, over a window ending now (24 h, 7 d, 30 d): the rounds judged up or degraded, as a
fraction of the rounds judged up, degraded or down. A degraded service still answers, as
status pages count it. Rounds that judged nothing count for neither: ``unknown`` (the user's
own network was down, "just you"; or nothing could be checked) and ``paused`` (snoozed or
paused by the user), and so will any status that is not a judgement of the service. None
when no round in the window was judged.

Response time: a round's is its slowest check's, and only answered rounds (up or degraded)
count, as on the incidents window's chart: a failed round's time is its timeout. p50 and p95
by nearest rank: the p-th percentile is the smallest time that at least p % of the rounds
took at most (of 100, 200, 300 and 400 ms, p50 is 200 ms). Exact from raw results (the last
7 days); folded hours give theirs as histograms, and a percentile that needs them is within
:data:`~trayapp.core.store.RELATIVE_ERROR` (2 %) of the exact one, and half a millisecond
for the rounding to whole ones, and says so (``exact``). None when no answered round has a
time.

Incidents: the service's incidents open at some moment of the window: begun before its end,
and not ended (recovered for good) before its start.

Where the rounds come from: raw results by their moment; folded hours by their beginning (an
hour counts in a window, or a day, when it begins in it). An hour folded before the history's
schema 4 did not tell unknown and paused rounds from up ones: they count as up there; and it
kept no histogram, so it counts for no percentile.

The windows: uptime's are fixed (24 h, 7 d and 30 d before now); response times and
incidents are over the last ``since`` (30 days unless asked otherwise). The days: the last
:data:`DAYS` days on the local clock, today (so far) the last; a day's figures are the same
figures over that day.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

from trayapp.core.clock import iso_utc
from trayapp.core.formats import format_number
from trayapp.core.i18n import _
from trayapp.core.incident import Incident
from trayapp.core.models import Status
from trayapp.core.store import HourPoint, ResponseTimes

__all__ = [
    "DAYS",
    "PERCENTILES",
    "SINCE",
    "WINDOWS",
    "DayFigures",
    "HistoryReport",
    "HistorySource",
    "Response",
    "RoundRow",
    "ServiceHistory",
    "Tally",
    "hour_counts",
    "local_days",
    "percentiles",
    "read_history",
    "service_history",
    "uptime_text",
]

WINDOWS: Mapping[str, timedelta] = {
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}
"""The uptime windows, by their JSON key."""
SINCE = timedelta(days=30)
"""How far back response times and incidents look unless asked otherwise."""
DAYS = 30
"""How many local days the strip shows, today the last."""
PERCENTILES = (50, 95)


@dataclass(frozen=True, slots=True)
class Tally:
    """Rounds counted by what they judged."""

    up: int = 0
    degraded: int = 0
    down: int = 0
    other: int = 0
    """Rounds that judged nothing: unknown (the network was down), paused."""

    @property
    def judged(self) -> int:
        """The rounds judged up, degraded or down."""
        return self.up + self.degraded + self.down

    @property
    def uptime(self) -> float | None:
        """Up and degraded rounds as a fraction of the judged ones; None with none judged."""
        return (self.up + self.degraded) / self.judged if self.judged else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.up + other.up,
            self.degraded + other.degraded,
            self.down + other.down,
            self.other + other.other,
        )

    def to_json(self) -> dict[str, int]:
        """``{"up", "degraded", "down", "other"}``."""
        return {"up": self.up, "degraded": self.degraded, "down": self.down, "other": self.other}


@dataclass(frozen=True, slots=True)
class Response:
    """Response time percentiles, in whole milliseconds, of the answered rounds."""

    p50: int | None = None
    p95: int | None = None
    rounds: int = 0
    """The answered rounds they were read from."""
    exact: bool = True
    """False when folded hours' histograms were used: then within 2 % of the exact values."""

    def to_json(self) -> dict[str, Any]:
        """``{"p50", "p95", "rounds", "exact"}``."""
        return {"p50": self.p50, "p95": self.p95, "rounds": self.rounds, "exact": self.exact}


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One local day of a service."""

    day: date
    rounds: Tally
    response: Response
    incidents: int
    """Incidents open at some moment of the day."""

    @property
    def uptime(self) -> float | None:
        """The day's uptime; None when no round was judged."""
        return self.rounds.uptime

    def to_json(self) -> dict[str, Any]:
        """``{"date", "uptime", "rounds", "response_ms", "incidents"}``."""
        return {
            "date": self.day.isoformat(),
            "uptime": self.uptime,
            "rounds": self.rounds.to_json(),
            "response_ms": self.response.to_json(),
            "incidents": self.incidents,
        }


@dataclass(frozen=True, slots=True)
class ServiceHistory:
    """A service's figures: uptime per window, response times and incidents over ``since``,
    and its last :data:`DAYS` days."""

    name: str
    windows: Mapping[str, Tally]
    """The rounds of each uptime window, by its key in :data:`WINDOWS`."""
    response: Response
    incidents: int
    days: tuple[DayFigures, ...] = ()
    group: str = ""
    """The group it is in, as the group's first service spells it; "" for none (or a service
    no longer configured)."""

    @property
    def uptime(self) -> dict[str, float | None]:
        """Each window's uptime, by its key."""
        return {key: tally.uptime for key, tally in self.windows.items()}

    def to_json(self) -> dict[str, Any]:
        """``{"name", "group", "uptime", "response_ms", "incidents", "rounds", "daily"}``."""
        return {
            "name": self.name,
            "group": self.group or None,
            "uptime": self.uptime,
            "response_ms": self.response.to_json(),
            "incidents": self.incidents,
            "rounds": {key: tally.to_json() for key, tally in self.windows.items()},
            "daily": [day.to_json() for day in self.days],
        }


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """Every service's figures, read at ``at``; response times and incidents from ``since``."""

    at: datetime
    since: datetime
    services: tuple[ServiceHistory, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """``{"at", "since", "services": [...]}`` (``trayapp history --json``)."""
        return {
            "at": iso_utc(self.at),
            "since": iso_utc(self.since),
            "services": [service.to_json() for service in self.services],
        }


def uptime_text(tally: Tally) -> str:
    """An uptime for people: ``99.95 %``, cut (never rounded up) to hundredths, so that
    ``100 %`` means no round down; ``-`` when nothing was judged."""
    if not tally.judged:
        return "-"
    good = tally.up + tally.degraded
    if good == tally.judged:
        shown = format_number(100)
    else:
        shown = format_number(good * 10_000 // tally.judged / 100, decimals=2)
    # Translators: an uptime, a percentage; {value} is a number ("99.95").
    return _("{value} %").format(value=shown)


# --- reading -------------------------------------------------------------------------------


class HistorySource(Protocol):
    """What the figures are read from: the store (:class:`~trayapp.core.store.Store`)."""

    def round_rows(
        self, service: str, since: datetime, until: datetime | None = None
    ) -> list[RoundRow]: ...

    def hourly(self, service: str, since: datetime) -> list[HourPoint]: ...

    def incidents(
        self, *, limit: int = 1000, since: datetime | None = None, open_only: bool = False
    ) -> list[Incident]: ...


def read_history(
    store: HistorySource | None,
    names: Iterable[str],
    *,
    now: datetime,
    since: timedelta = SINCE,
    tz: tzinfo | None = None,
) -> HistoryReport:
    """The figures of the services ``names``, in that order, as the history has them at
    ``now`` (``store`` None: there is no history yet); response times and incidents over
    the last ``since``; days on ``tz``'s clock (None: this machine's)."""
    days = local_days(now, DAYS, tz)
    earliest = min(now - max(WINDOWS.values()), now - since, days[0])
    incidents: dict[str, list[Incident]] = {}
    for incident in [] if store is None else store.incidents(limit=2**31, since=earliest):
        incidents.setdefault(incident.service, []).append(incident)
    return HistoryReport(
        at=now,
        since=now - since,
        services=tuple(
            service_history(
                name,
                [] if store is None else store.round_rows(name, earliest, now),
                [] if store is None else store.hourly(name, earliest),
                incidents.get(name, ()),
                now=now,
                since=now - since,
                days=days,
            )
            for name in names
        ),
    )


def local_days(now: datetime, count: int, tz: tzinfo | None = None) -> list[datetime]:
    """The midnights that bound the last ``count`` days on ``tz``'s clock (None: this
    machine's), today the last: ``count + 1`` moments, the last one tomorrow's midnight."""
    today = now.astimezone(tz).date()
    first = today - timedelta(days=count - 1)
    return [_midnight(first + timedelta(days=n), tz) for n in range(count + 1)]


def _midnight(day: date, tz: tzinfo | None) -> datetime:
    if tz is None:
        return datetime.combine(day, time()).astimezone()  # the machine's rules that day
    return datetime.combine(day, time(), tzinfo=tz)


# --- the figures ---------------------------------------------------------------------------

_UP, _DEGRADED, _DOWN, _OTHER = range(4)
_KINDS = {Status.UP.value: _UP, Status.DEGRADED.value: _DEGRADED, Status.DOWN.value: _DOWN}

RoundRow = tuple[int, str, int | None]
"""A raw round as :meth:`~trayapp.core.store.Store.round_rows` gives it: its moment (ms since
the epoch), its status's value, its slowest check's time (ms)."""


class _Pieces:
    """Raw rounds up to a moment, cut at every moment a window or a day begins or ends, each
    piece counted once: a week of rounds a minute of a hundred services is a million, and
    each round is looked at once, at C's pace (Counter), not once per window and day."""

    def __init__(self, rounds: Sequence[RoundRow], until: int, cuts: Iterable[int]) -> None:
        rows = sorted(rounds, key=_moment)
        rows = rows[: bisect.bisect_right(rows, until, key=_moment)]
        moments = [at for at, _, _ in rows]
        statuses = [status for _, status, _ in rows]
        # Only answered rounds (up or degraded) have a response time that counts.
        times = [ms if _KINDS.get(status, _OTHER) <= _DEGRADED else None for _, status, ms in rows]
        self.cuts = sorted(set(cuts))
        places = [bisect.bisect_left(moments, cut) for cut in self.cuts] + [len(rows)]
        self.pieces = [
            (
                Counter(statuses[start:stop]),
                Counter(ms for ms in times[start:stop] if ms is not None),
            )
            for start, stop in itertools.pairwise(places)
        ]

    def add(self, to: _Gathered, start: int, stop: int | None = None) -> None:
        """Add the rounds from ``start`` to before ``stop`` (None: all after) to ``to``; both
        must be cuts."""
        first = bisect.bisect_left(self.cuts, start)
        last = len(self.cuts) if stop is None else bisect.bisect_left(self.cuts, stop)
        for statuses, times in self.pieces[first:last]:
            for status, count in statuses.items():
                to.counts[_KINDS.get(status, _OTHER)] += count
            to.exact.update(times)


class _Gathered:
    """Rounds and response times of one window or day, gathered."""

    __slots__ = ("binned", "counts", "exact")

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]
        self.exact: Counter[float] = Counter()
        self.binned: dict[int, int] = {}
        """Folded hours' response times: rounds by bucket."""

    def count(self, counts: Sequence[int]) -> None:
        for kind, count in enumerate(counts):
            self.counts[kind] += count

    def time(self, buckets: Iterable[tuple[int, int]]) -> None:
        binned = self.binned
        for bucket, count in buckets:
            binned[bucket] = binned.get(bucket, 0) + count

    def tally(self) -> Tally:
        return Tally(*self.counts)

    def response(self) -> Response:
        binned = ResponseTimes(tuple(sorted(self.binned.items()))) if self.binned else None
        return percentiles(self.exact, binned)


def percentiles(exact: Mapping[float, int], histogram: ResponseTimes | None = None) -> Response:
    """p50 and p95 by nearest rank of the times ``exact`` (time → how many rounds took it)
    and those ``histogram`` holds (each bucket's at its value)."""
    weighted = sorted([*exact.items(), *(histogram.values() if histogram else ())])
    if not weighted:
        return Response()
    seen = list(itertools.accumulate(count for _, count in weighted))
    total = seen[-1]
    # The p-th percentile is the first time by which ceil(p * total / 100) rounds are seen.
    ranks = [max(1, -(-p * total // 100)) for p in PERCENTILES]
    p50, p95 = (round(weighted[bisect.bisect_left(seen, rank)][0]) for rank in ranks)
    return Response(p50, p95, total, exact=not (histogram and histogram.counts))


def hour_counts(hour: HourPoint) -> tuple[int, int, int, int]:
    """An hour's rounds as (up, degraded, down, other); before schema 4, every round neither
    degraded nor down counts as up."""
    up = hour.up if hour.up is not None else hour.rounds - hour.degraded - hour.down
    return up, hour.degraded, hour.down, hour.rounds - up - hour.degraded - hour.down


def service_history(
    name: str,
    rounds: Sequence[RoundRow],
    hours: Sequence[HourPoint],
    incidents: Sequence[Incident],
    *,
    now: datetime,
    since: datetime,
    days: Sequence[datetime],
) -> ServiceHistory:
    """One service's figures (see the module's docstring).

    Args:
        name: The service.
        rounds: Its raw rounds (as :meth:`~trayapp.core.store.Store.round_rows` gives
            them), in any order; those after ``now`` are left out.
        hours: Its folded hours, in any order.
        incidents: Its incidents (others' are left out).
        now: When the windows end.
        since: Where response times and incidents begin.
        days: The bounds of the days, from :func:`local_days`.
    """
    # In milliseconds, as the store keeps time.
    now_ms, since_ms = _ms(now), _ms(since)
    starts = {key: now_ms - _ms_of(length) for key, length in WINDOWS.items()}
    bounds = [_ms(moment) for moment in days]
    raw = _Pieces(rounds, now_ms, [*starts.values(), since_ms, *bounds])
    windows = {key: _Gathered() for key in WINDOWS}
    for key, start in starts.items():
        raw.add(windows[key], start)
    overall = _Gathered()
    raw.add(overall, since_ms)
    daily = [_Gathered() for _ in days[:-1]]
    for n, day in enumerate(daily):
        raw.add(day, bounds[n], bounds[n + 1])
    for hour in hours:
        at = _ms(hour.hour)
        if at > now_ms:
            continue
        hour_tally = hour_counts(hour)
        for key, start in starts.items():
            if at >= start:
                windows[key].count(hour_tally)
        times = hour.response_times.counts if hour.response_times is not None else ()
        day_of = bisect.bisect_right(bounds, at) - 1 if bounds[0] <= at < bounds[-1] else None
        if day_of is not None:
            daily[day_of].count(hour_tally)
            daily[day_of].time(times)
        if at >= since_ms:
            overall.count(hour_tally)
            if day_of is None or bounds[day_of] < since_ms:
                overall.time(times)  # the others come a day at a time, below
    for n, day in enumerate(daily):
        if bounds[n] >= since_ms:
            overall.time(day.binned.items())
    own = [i for i in incidents if i.service == name]
    return ServiceHistory(
        name=name,
        windows={key: gathered.tally() for key, gathered in windows.items()},
        response=overall.response(),
        incidents=_open_within(own, since, now),
        days=tuple(
            DayFigures(
                day=start.date(),
                rounds=gathered.tally(),
                response=gathered.response(),
                incidents=_open_within(own, start, end),
            )
            for start, end, gathered in zip(days[:-1], days[1:], daily, strict=True)
        ),
    )


def _moment(row: RoundRow) -> int:
    return row[0]


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def _ms_of(length: timedelta) -> int:
    return round(length.total_seconds() * 1000)


def _open_within(incidents: Sequence[Incident], start: datetime, end: datetime) -> int:
    """How many of ``incidents`` were open at some moment from ``start`` to ``end``."""
    return sum(
        1 for i in incidents if i.started_at < end and (i.ended_at is None or i.ended_at >= start)
    )
