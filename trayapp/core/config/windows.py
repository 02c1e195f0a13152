"""Windows of time: one from a start to an end, or one that comes back on given days.

Pure arithmetic on aware datetimes, with no clock of its own: every question takes the
moment it is about. A maintenance window (:mod:`trayapp.core.config.maintenance`) is one of
these::

    Once(start, end)                      from start (included) to end (excluded)
    Daily(days, start, end, zone)         on each of ``days``, from the wall-clock time
                                          ``start`` to ``end`` in ``zone`` (None: this
                                          machine's local time); an end at or before the
                                          start is on the next day (``"23:00-01:00"``)

Each answers :meth:`~Once.span_at` (the span that holds a moment, if any),
:meth:`~Once.next_start` (when the next span begins) and :meth:`~Once.next_change` (when
the answer to ``span_at`` next changes). A span's bounds are always in UTC.

Daylight saving time, read as a person reading the wall clock would: a window begins when
the clock first shows its start and ends when the clock first shows its end. So a start the
clock skips in spring (02:30 when 02:00 jumps to 03:00) begins the window at the jump, an
hour's window the night the clock goes back in autumn may last two hours of real time, and a
window the jump swallows whole (02:15-02:45) does not happen that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DAYS",
    "EVERY",
    "Daily",
    "Once",
    "Span",
    "days_of",
    "parse_daily",
    "zone_named",
]

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week, as :meth:`datetime.weekday` numbers them (Monday is 0)."""

EVERY = ("day", "weekday", "weekend", *DAYS)
"""What a recurring window's ``every`` may say: every day, Monday to Friday, Saturday and
Sunday, or one day of the week."""

_LOOK_BACK = 2
"""Days before a moment whose windows may still hold it: a window is under a day long, and
at most an hour longer the night the clocks go back."""
_LOOK_AHEAD = 9
"""Days after a moment within which a weekly window surely begins again (a week, and the days
the clocks may swallow a window)."""


def days_of(every: str) -> frozenset[int]:
    """The weekday numbers (Monday is 0) a recurring window's ``every`` names.

    Raises:
        ValueError: ``every`` is none of :data:`EVERY`.
    """
    if every == "day":
        return frozenset(range(7))
    if every == "weekday":
        return frozenset(range(5))
    if every == "weekend":
        return frozenset((5, 6))
    return frozenset((DAYS.index(every),))


_DAILY = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")


def parse_daily(text: str) -> tuple[time, time]:
    """Read ``"HH:MM-HH:MM"`` as its start and end; ``24:00`` ends at midnight.

    Raises:
        ValueError: not two times of day, or a start equal to the end (no length, or a
            whole day: say ``every`` and no window for that).
    """
    match = _DAILY.fullmatch(text)
    if not match:
        raise ValueError(text)
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    if (h2, m2) == (24, 0):
        h2 = 0
    start, end = time(h1, m1), time(h2, m2)  # raises ValueError when out of range
    if start == end:
        raise ValueError(text)
    return start, end


@dataclass(frozen=True, slots=True)
class Span:
    """One stretch of time, from ``start`` (included) to ``end`` (excluded), in UTC."""

    start: datetime
    end: datetime

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


@dataclass(frozen=True, slots=True)
class Once:
    """One window, from ``start`` to ``end`` (aware datetimes; ``end`` after ``start``).

    Raises:
        ValueError: a bound without a time zone, or an end not after the start.
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a window's start and end need their offset from UTC")
        if self.end <= self.start:
            raise ValueError("a window ends after it starts")

    @property
    def span(self) -> Span:
        """The window, in UTC."""
        return Span(self.start.astimezone(UTC), self.end.astimezone(UTC))

    def span_at(self, moment: datetime) -> Span | None:
        """The window, when it holds ``moment``; else None."""
        return self.span if moment in self.span else None

    def next_start(self, moment: datetime) -> datetime | None:
        """When the window begins, if that is after ``moment``; None once it has begun."""
        return self.span.start if moment < self.span.start else None

    def next_change(self, moment: datetime) -> datetime | None:
        """When :meth:`span_at` next gives another answer after ``moment``; None: never."""
        span = self.span
        if moment < span.start:
            return span.start
        return span.end if moment < span.end else None


@dataclass(frozen=True, slots=True)
class Daily:
    """A window on each of ``days`` (weekday numbers, Monday is 0), from the wall-clock time
    ``start`` to ``end`` in ``zone`` (None: this machine's local time, daylight saving
    included). An end at or before the start falls on the next day; ``days`` name the day
    each window begins.
    """

    days: frozenset[int]
    start: time
    end: time
    zone: tzinfo | None = None

    def span_at(self, moment: datetime) -> Span | None:
        """The occurrence that holds ``moment``, if any."""
        today = self._date(moment)
        for back in range(_LOOK_BACK, -1, -1):
            span = self._on(today - timedelta(days=back))
            if span is not None and moment in span:
                return span
        return None

    def next_start(self, moment: datetime) -> datetime | None:
        """When the first occurrence that begins after ``moment`` begins (None: no day is
        named, which the config does not allow)."""
        today = self._date(moment)
        for ahead in range(_LOOK_AHEAD + 1):
            span = self._on(today + timedelta(days=ahead))
            if span is not None and span.start > moment:
                return span.start
        return None

    def next_change(self, moment: datetime) -> datetime | None:
        """When :meth:`span_at` next gives another answer after ``moment``: the end of the
        occurrence that holds it, else the next start."""
        span = self.span_at(moment)
        return span.end if span is not None else self.next_start(moment)

    def _on(self, day: date) -> Span | None:
        """The occurrence that begins on ``day``, if the window has one then."""
        if day.weekday() not in self.days:
            return None
        end_day = day if self.start < self.end else day + timedelta(days=1)
        span = Span(self._instant(day, self.start), self._instant(end_day, self.end))
        return span if span.start < span.end else None  # swallowed by the clocks jumping

    def _date(self, moment: datetime) -> date:
        """``moment``'s date on the window's wall clock."""
        return moment.astimezone(self.zone).date()

    def _instant(self, day: date, at: time) -> datetime:
        """The first moment the window's wall clock shows ``at`` on ``day``, in UTC."""
        wall = datetime.combine(day, at)
        if self.zone is None:
            # A naive datetime's astimezone() reads it as this machine's local time,
            # through the C library, which knows the local rules of daylight saving.
            first = wall.astimezone(UTC)
        else:
            first = wall.replace(tzinfo=self.zone).astimezone(UTC)
        # A time the clock skips (fold=0 reads it with the offset before the jump) is shown
        # first at the jump itself: the moment after it whose wall clock shows a later time.
        back = _wall(first, self.zone)
        if back != wall:
            return _after_gap(first, wall, self.zone)
        return first


def _wall(instant: datetime, zone: tzinfo | None) -> datetime:
    """``instant`` (aware) on the wall clock of ``zone``, naive."""
    return instant.astimezone(zone).replace(tzinfo=None)


def _after_gap(guess: datetime, wall: datetime, zone: tzinfo | None) -> datetime:
    """The moment the clock jumps past ``wall``, which it skips: the first whole minute within
    three hours of ``guess`` whose wall time is ``wall`` or later (the clocks jump by an hour
    or so, on a whole minute)."""
    low = int((guess - timedelta(hours=3)).timestamp()) // 60
    high = int((guess + timedelta(hours=3)).timestamp()) // 60
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle * 60, UTC), zone) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high * 60, UTC)


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/Berlin``).

    Raises:
        ValueError: no such zone, or none can be found on this machine.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(name) from None
