"""Numbers, times, dates and durations as the user's locale writes them (Babel).

``format_number(2048)`` is ``2,048`` in English and ``2.048`` in German; ``format_time`` of
14:05 is ``2:05 PM`` or ``14:05``. The locale is :func:`trayapp.core.i18n.language`'s.

Babel costs some 25 ms and 9 MiB when first used, so it is imported inside these functions,
only once something is formatted; plain numbers in English (the locale ``en``) need no
Babel at all. Under the pseudo-locale every result is marked, as translated strings are.

Times are shown in the local time zone: an aware datetime is converted first (``local=False``
shows it in its own zone); a naive one is shown as it is.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal

from trayapp.core.i18n import ENGLISH, MARK_CLOSE, MARK_OPEN, PSEUDO, _, language

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "Length",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_number",
    "format_percent",
    "format_seconds",
    "format_time",
]

Length = Literal["short", "medium", "long", "full"]


def format_number(value: float, *, decimals: int | None = None) -> str:
    """``value`` with the locale's digit grouping and decimal sign: ``1,234.5``, ``1.234,5``.

    Args:
        value: The number.
        decimals: Exactly this many decimals; None gives up to three, as needed.
    """
    if _plain_english():
        text = f"{value:,.{decimals}f}" if decimals is not None else _english_number(value)
        return text
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return _marked(format_decimal(value, format=pattern, locale=_locale()))


def format_percent(fraction: float, *, decimals: int = 0) -> str:
    """``fraction`` as a percentage the locale's way: ``0.995`` gives ``99.5%``, ``99,5 %``.

    Args:
        fraction: 1.0 is 100 %.
        decimals: How many decimals the percentage has.
    """
    if _plain_english():
        return f"{fraction * 100:,.{decimals}f}%"
    from babel.numbers import format_percent as babel_percent

    locale = _locale()
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    if decimals:
        head, zero, tail = pattern.rpartition("0")
        pattern = f"{head}{zero}.{'0' * decimals}{tail}"
    return _marked(babel_percent(fraction, format=pattern, locale=locale))


def format_seconds(seconds: float) -> str:
    """A response time: ``0.0123`` gives ``12 ms``, ``4.25`` gives ``4.2 s`` (``4,2 s``)."""
    if seconds < 1:
        # Translators: a response time in milliseconds; "ms" is the SI symbol.
        return _("{milliseconds} ms").format(
            milliseconds=format_number(round(seconds * 1000), decimals=0)
        )
    shown = format_number(seconds, decimals=1 if seconds < 10 else 0)
    # Translators: a response time in seconds; "s" is the SI symbol.
    return _("{seconds} s").format(seconds=shown)


def format_duration(seconds: float, *, length: Literal["long", "short", "narrow"] = "long") -> str:
    """How long, in the one unit that fits, rounded: ``3 minutes``, ``2 Std.``, ``1 day``.

    Args:
        seconds: The duration (its sign is ignored).
        length: ``long`` (``3 minutes``), ``short`` (``3 min``) or ``narrow`` (``3m``).
    """
    from babel.dates import format_timedelta

    text = format_timedelta(
        timedelta(seconds=abs(seconds)),
        granularity="second",
        threshold=1,
        format=length,
        locale=_locale(),
    )
    return _marked(text)


def format_time(value: datetime | time, *, length: Length = "short", local: bool = True) -> str:
    """The time of day: ``2:05 PM`` (short), ``2:05:09 PM`` (medium); ``14:05`` in German."""
    from babel.dates import format_time as babel_time

    shown = _shown(value, local) if isinstance(value, datetime) else value
    return _marked(babel_time(shown, format=length, locale=_locale()))


def format_date(value: datetime | date, *, length: Length = "medium", local: bool = True) -> str:
    """The date: ``Dec 4, 2026`` (medium), ``12/4/26`` (short); ``04.12.2026`` in German."""
    from babel.dates import format_date as babel_date

    if isinstance(value, datetime):
        value = _shown(value, local)
    return _marked(babel_date(value, format=length, locale=_locale()))


def format_datetime(
    value: datetime,
    *,
    length: Length = "medium",
    time_length: Length | None = None,
    local: bool = True,
) -> str:
    """Date and time: ``Dec 4, 2026, 2:05:09 PM`` (medium); ``04.12.2026, 14:05:09``.

    Args:
        value: The moment.
        length: The date's length, and the time's unless ``time_length`` says otherwise.
        time_length: The time's length, when it differs from the date's: a medium date and a
            short time are ``Dec 4, 2026, 2:05 PM``, ``04.12.2026, 14:05``.
        local: Whether to show an aware moment in the local time zone (else in its own).
    """
    from babel.dates import format_datetime as babel_datetime

    shown = _shown(value, local)
    locale = _locale()
    if time_length is None or time_length == length:
        return _marked(babel_datetime(shown, format=length, locale=locale))
    # The locale's way of joining a date and a time, with each part at its own length.
    pattern = locale.datetime_formats[time_length].format(
        locale.time_formats[time_length].pattern, locale.date_formats[length].pattern
    )
    return _marked(babel_datetime(shown, format=pattern, locale=locale))


def _shown(value: datetime, local: bool) -> datetime:
    if local and value.tzinfo is not None:
        return value.astimezone()
    return value


def _plain_english() -> bool:
    spoken = language()
    return spoken.catalogue == ENGLISH and spoken.locale == ENGLISH


def _english_number(value: float) -> str:
    """As Babel writes a number in English: grouped, up to three decimals, no trailing 0."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{round(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _marked(text: str) -> str:
    return f"{MARK_OPEN}{text}{MARK_CLOSE}" if language().catalogue == PSEUDO else text


def _locale() -> Locale:
    return _parsed(language().locale)


@functools.cache
def _parsed(tag: str) -> Locale:
    """Babel's locale for ``tag``; its language alone, or English, when Babel lacks it."""
    from babel import Locale, UnknownLocaleError

    for candidate in (tag, tag.partition("_")[0], ENGLISH):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("Babel has English")  # pragma: no cover
