"""Numbers and durations as conditions read them: Go's whole numbers, decimals, durations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.config.quantities import MAX_DIGITS, number_of, whole_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("200", 200),
        ("-3", -3),
        (" 42 ", 42),
        ("0x1F", 31),
        ("0xC0ff33", 12648243),
        ("0o17", 15),
        ("0b0010", 2),
        ("007", 7),
        ("1.5", None),
        ("1e3", None),
        ("0x", None),
        ("twelve", None),
        ("", None),
    ],
)
def test_whole_numbers_as_go_reads_them(text: str, value: int | None) -> None:
    assert whole_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("500", 500),
        ("1.5", 1.5),
        (".5", 0.5),
        ("2e3", 2000.0),
        ("123.40000000000005", 123.40000000000005),
        ("500ms", 500.0),
        ("1s", 1000.0),
        ("1.5h", 5_400_000.0),
        ("1h30m", 5_400_000.0),
        ("48h", 172_800_000.0),
        ("14d", 1_209_600_000.0),
        ("250us", 0.25),
        ("-1h", -3_600_000.0),
        ("inf", None),
        ("nan", None),
        ("1e999", None),
        ("5 s", None),
        ("fast", None),
    ],
)
def test_numbers_and_durations_in_milliseconds(text: str, value: float | None) -> None:
    assert number_of(text) == value


def test_a_very_long_number_is_no_number() -> None:
    assert number_of("9" * MAX_DIGITS) is not None
    assert number_of("9" * (MAX_DIGITS + 1)) is None
    assert whole_number("1" * 100_000) is None


@given(st.text(max_size=40))
def test_any_text_is_a_number_or_none(text: str) -> None:
    value = number_of(text)
    assert value is None or isinstance(value, int | float)
