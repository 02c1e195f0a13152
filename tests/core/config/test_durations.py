"""Durations as written in the config file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.config.durations import (
    MAX_SECONDS,
    DurationError,
    format_duration,
    parse_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("250ms", 0.25),
        ("30s", 30),
        ("5m", 300),
        ("1h30m", 5400),
        ("1h30m15s500ms", 5415.5),
        ("2d", 172_800),
        ("1.5s", 1.5),
        (" 10s ", 10),
        ("90", 90),
        ("0.5", 0.5),
        (90, 90),
        (1.25, 1.25),
    ],
)
def test_parses_what_people_write(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0s", "longer than zero"),
        (0, "longer than zero"),
        (-5, "longer than zero"),
        ("-5s", "longer than zero"),
        ("", "empty duration"),
        ("abc", "not a duration"),
        ("5 minutes", "not a duration"),
        ("30m1h", "largest first"),
        ("5s5s", "largest first"),
        ("1h 30m", "not a duration"),
        ("400d", "at most a year"),
        (True, "expected a duration"),
        ([5], "expected a duration"),
        (float("inf"), "not a duration"),
        (float("nan"), "not a duration"),
        ("1e999", "not a duration"),
    ],
)
def test_refuses_what_is_not_a_positive_duration(value: object, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        parse_duration(value)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.25, "250ms"), (30, "30s"), (300, "5m"), (5400, "1h30m"), (90_061.001, "1d1h1m1s1ms")],
)
def test_formats_the_shortest_way(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@given(st.integers(min_value=1, max_value=MAX_SECONDS * 1000))
def test_format_then_parse_gives_the_same_duration(milliseconds: int) -> None:
    seconds = milliseconds / 1000
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_a_duration_error(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except DurationError as error:
        message = str(error)
    else:
        message = ""
        assert 0 < seconds <= MAX_SECONDS
    assert message or seconds
