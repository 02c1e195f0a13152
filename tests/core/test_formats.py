"""trayapp.core.formats: numbers, times and durations as the user's locale writes them."""

from __future__ import annotations

from datetime import UTC, datetime, time

from trayapp.core.formats import (
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_percent,
    format_seconds,
    format_time,
)
from trayapp.core.i18n import PSEUDO, Language, set_language

MOMENT = datetime(2026, 3, 14, 14, 5, 9, tzinfo=UTC)


def test_english() -> None:
    assert format_number(2048) == "2,048"
    assert format_number(1234.5) == "1,234.5"
    assert format_number(2 / 3, decimals=2) == "0.67"
    assert format_percent(0.995, decimals=1) == "99.5%"
    assert format_percent(1) == "100%"
    assert format_seconds(0.0123) == "12 ms"
    assert format_seconds(4.25) == "4.2 s"
    assert format_seconds(75) == "75 s"
    assert format_duration(180) == "3 minutes"
    assert format_duration(7200, length="short") == "2 hr"
    assert format_time(MOMENT, local=False) == "2:05\u202fPM"
    assert format_date(MOMENT, local=False) == "Mar 14, 2026"
    assert format_datetime(MOMENT, local=False) == "Mar 14, 2026, 2:05:09\u202fPM"


def test_english_numbers_need_no_babel_and_agree_with_it() -> None:
    plain = [format_number(n) for n in (0, 7, 2048, 1234567.891, 0.5)]
    set_language(Language("en", "en_US"))  # the same digits, through Babel
    assert [format_number(n) for n in (0, 7, 2048, 1234567.891, 0.5)] == plain


def test_german() -> None:
    set_language("de_DE")
    assert format_number(2048) == "2.048"
    assert format_number(1234.5) == "1.234,5"
    assert format_percent(0.995, decimals=1) == "99,5\xa0%"
    assert format_seconds(4.25) == "4,2 s"
    assert format_duration(180) == "3 Minuten"
    assert format_time(MOMENT, local=False) == "14:05"
    assert format_time(time(9, 30), length="medium") == "09:30:00"
    assert format_date(MOMENT, local=False) == "14.03.2026"
    assert format_datetime(MOMENT, local=False) == "14.03.2026, 14:05:09"


def test_the_region_chooses_the_conventions() -> None:
    set_language("en_GB")
    assert format_time(MOMENT, local=False) == "14:05"
    assert format_date(MOMENT, local=False) == "14 Mar 2026"


def test_a_locale_babel_lacks_falls_back_to_its_language() -> None:
    set_language(Language("de", "de_XX"))
    assert format_number(1234.5) == "1.234,5"


def test_local_time_is_the_default() -> None:
    shown = MOMENT.astimezone()
    assert format_time(MOMENT) == format_time(shown, local=False)


def test_the_pseudo_locale_marks_what_it_formats() -> None:
    set_language(PSEUDO)
    assert format_number(2048) == "⟦2,048⟧"
    assert format_date(MOMENT, local=False) == "⟦Mar 14, 2026⟧"
    assert format_seconds(0.0123) == "⟦⟦12⟧ ɱš⟧"
