"""Windows of time: inside or not, when the current one ends, when the next begins; windows
that cross midnight and the nights the clocks change."""

from __future__ import annotations

import os
import time as system_time
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import trayapp.core.config.windows
from trayapp.core.config.windows import Daily, Once, Span, days_of, parse_daily

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def berlin(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)  # type: ignore[misc]


def daily(every: str, window: str, zone: ZoneInfo | None = BERLIN) -> Daily:
    start, end = parse_daily(window)
    return Daily(days_of(every), start, end, zone)


# --- one window ------------------------------------------------------------------------------


def test_one_window_holds_its_start_and_not_its_end() -> None:
    window = Once(berlin(2026, 12, 24, 2), berlin(2026, 12, 24, 4))
    assert window.span_at(berlin(2026, 12, 24, 1, 59)) is None
    assert window.span_at(berlin(2026, 12, 24, 2)) == Span(
        utc(2026, 12, 24, 1), utc(2026, 12, 24, 3)
    )
    assert window.span_at(berlin(2026, 12, 24, 3, 59)) is not None
    assert window.span_at(berlin(2026, 12, 24, 4)) is None


def test_one_window_changes_at_its_start_then_its_end_then_never() -> None:
    window = Once(utc(2026, 1, 1, 2), utc(2026, 1, 1, 4))
    assert window.next_change(utc(2026, 1, 1)) == utc(2026, 1, 1, 2)
    assert window.next_change(utc(2026, 1, 1, 3)) == utc(2026, 1, 1, 4)
    assert window.next_change(utc(2026, 1, 1, 4)) is None
    assert window.next_start(utc(2026, 1, 1)) == utc(2026, 1, 1, 2)
    assert window.next_start(utc(2026, 1, 1, 2)) is None


def test_one_window_compares_moments_across_offsets() -> None:
    window = Once(datetime.fromisoformat("2026-06-01T02:00:00-07:00"), utc(2026, 6, 1, 11))
    assert window.span_at(utc(2026, 6, 1, 9)) is not None  # 02:00 in California is 09:00 UTC
    assert window.span_at(utc(2026, 6, 1, 8, 59)) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (utc(2026, 1, 1, 4), utc(2026, 1, 1, 2)),
        (utc(2026, 1, 1, 4), utc(2026, 1, 1, 4)),
        (datetime(2026, 1, 1, 2), utc(2026, 1, 1, 4)),
    ],
    ids=["backwards", "no length", "no offset"],
)
def test_one_window_is_refused_without_length_or_offset(start: datetime, end: datetime) -> None:
    with pytest.raises(ValueError, match="window"):
        Once(start, end)


# --- windows that come back ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("02:00-04:00", time(2), time(4)),
        (" 23:30 - 1:15 ", time(23, 30), time(1, 15)),
        ("22:00-24:00", time(22), time(0)),
    ],
)
def test_hours_are_read(text: str, start: time, end: time) -> None:
    assert parse_daily(text) == (start, end)


@pytest.mark.parametrize("text", ["02:00", "2-4", "25:00-01:00", "02:60-03:00", "04:00-04:00"])
def test_hours_that_are_not_a_window_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_daily(text)


def test_every_names_the_days_a_window_begins() -> None:
    assert days_of("day") == set(range(7))
    assert days_of("weekday") == {0, 1, 2, 3, 4}
    assert days_of("weekend") == {5, 6}
    assert days_of("sunday") == {6}


def test_a_sunday_night_window_holds_only_sunday_nights() -> None:
    window = daily("sunday", "02:00-04:00")
    # 2026-07-05 is a Sunday; Berlin is UTC+2 in summer.
    assert window.span_at(berlin(2026, 7, 5, 3)) == Span(utc(2026, 7, 5, 0), utc(2026, 7, 5, 2))
    assert window.span_at(berlin(2026, 7, 6, 3)) is None
    assert window.next_start(berlin(2026, 7, 5, 3)) == berlin(2026, 7, 12, 2)
    assert window.next_change(berlin(2026, 7, 5, 3)) == berlin(2026, 7, 5, 4)
    assert window.next_change(berlin(2026, 7, 5, 4)) == berlin(2026, 7, 12, 2)


def test_a_window_across_midnight_ends_on_the_next_day() -> None:
    window = daily("sunday", "23:00-01:00")
    sunday_night = window.span_at(berlin(2026, 7, 5, 23, 30))
    assert sunday_night == Span(berlin(2026, 7, 5, 23), berlin(2026, 7, 6, 1))
    # Monday half past midnight is still Sunday's window; Sunday half past midnight is not.
    assert window.span_at(berlin(2026, 7, 6, 0, 30)) == sunday_night
    assert window.span_at(berlin(2026, 7, 5, 0, 30)) is None
    assert window.next_change(berlin(2026, 7, 6, 0, 30)) == berlin(2026, 7, 6, 1)


def test_a_weekday_window_skips_the_weekend() -> None:
    window = daily("weekday", "12:00-13:00")
    friday = berlin(2026, 7, 3, 13)
    assert window.next_start(friday) == berlin(2026, 7, 6, 12)
    assert window.span_at(berlin(2026, 7, 4, 12, 30)) is None


def test_the_zone_is_the_windows_not_the_moments() -> None:
    window = daily("day", "09:00-10:00", NEW_YORK)
    assert window.span_at(utc(2026, 1, 15, 14, 30)) is not None  # 09:30 in New York
    assert window.span_at(utc(2026, 1, 15, 9, 30)) is None


# --- the nights the clocks change -------------------------------------------------------------
# Berlin: 2026-03-29 02:00 CET jumps to 03:00 CEST; 2026-10-25 03:00 CEST goes back to 02:00 CET.


def test_a_start_the_clock_skips_begins_the_window_at_the_jump() -> None:
    window = daily("sunday", "02:30-04:00")
    span = window.span_at(utc(2026, 3, 29, 1, 30))
    assert span == Span(utc(2026, 3, 29, 1), utc(2026, 3, 29, 2))  # 03:00 to 04:00 CEST
    assert window.next_start(utc(2026, 3, 28)) == utc(2026, 3, 29, 1)


def test_a_window_the_jump_swallows_does_not_happen_that_day() -> None:
    window = daily("sunday", "02:15-02:45")
    assert window.next_start(utc(2026, 3, 28)) == berlin(2026, 4, 5, 2, 15)
    assert window.span_at(utc(2026, 3, 29, 1)) is None


def test_an_end_the_clock_skips_ends_the_window_at_the_jump() -> None:
    window = daily("sunday", "01:00-02:30")
    assert window.span_at(utc(2026, 3, 29, 0, 30)) == Span(utc(2026, 3, 29, 0), utc(2026, 3, 29, 1))


def test_the_night_the_clock_goes_back_a_window_lasts_an_hour_more() -> None:
    window = daily("sunday", "02:00-03:00")
    span = window.span_at(utc(2026, 10, 25, 1, 30))  # 02:30 CET, the second time round
    assert span == Span(utc(2026, 10, 25, 0), utc(2026, 10, 25, 2))  # 02:00 CEST to 03:00 CET
    assert span.end - span.start == timedelta(hours=2)


def test_a_window_ending_in_the_repeated_hour_ends_the_first_time_round() -> None:
    window = daily("sunday", "01:00-02:30")
    span = window.span_at(utc(2026, 10, 24, 23, 30))
    assert span == Span(utc(2026, 10, 24, 23), utc(2026, 10, 25, 0, 30))  # 02:30 CEST


def test_a_window_across_midnight_the_night_the_clock_jumps() -> None:
    window = daily("saturday", "23:00-03:00")
    span = window.span_at(utc(2026, 3, 28, 23, 0))
    assert span == Span(berlin(2026, 3, 28, 23), utc(2026, 3, 29, 1))  # three hours, not four


@pytest.fixture
def local_is_new_york() -> Iterator[None]:
    if not hasattr(system_time, "tzset"):
        pytest.skip("no tzset: the local zone cannot be set from here")
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    system_time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        system_time.tzset()


@pytest.mark.usefixtures("local_is_new_york")
def test_without_a_zone_the_window_is_in_local_time_with_its_daylight_saving() -> None:
    window = daily("sunday", "02:30-04:00", zone=None)
    # New York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    assert window.span_at(utc(2026, 3, 8, 7, 30)) == Span(utc(2026, 3, 8, 7), utc(2026, 3, 8, 8))
    assert window.span_at(utc(2026, 3, 1, 8)) == Span(utc(2026, 3, 1, 7, 30), utc(2026, 3, 1, 9))
    assert window.next_start(utc(2026, 3, 8, 9)) == utc(2026, 3, 15, 6, 30)


# --- properties ------------------------------------------------------------------------------

ZONES = st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")])
TIMES = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
)


@given(
    every=st.sampled_from(["day", "weekday", "weekend", "sunday", "wednesday"]),
    start=TIMES,
    end=TIMES,
    zone=ZONES,
    moment=MOMENTS,
)
def test_a_window_holds_a_moment_until_its_next_change(
    every: str, start: time, end: time, zone: ZoneInfo, moment: datetime
) -> None:
    if start == end:
        return
    window = Daily(days_of(every), start, end, zone)
    span = window.span_at(moment)
    change = window.next_change(moment)
    assert change is not None
    assert change > moment
    if span is not None:
        assert span.start <= moment < span.end
        assert change == span.end
        assert span.end - span.start <= timedelta(hours=25)
    else:
        assert window.span_at(change) is not None
        # Just before the change, still outside: the change is the next start.
        assert window.span_at(max(moment, change - timedelta(seconds=1))) is None


def test_public_api() -> None:
    assert set(trayapp.core.config.windows.__all__) == {
        "DAYS",
        "EVERY",
        "Daily",
        "Once",
        "Span",
        "days_of",
        "parse_daily",
        "zone_named",
    }
