"""Durations as people write them in the config file.

``"250ms"``, ``"30s"``, ``"5m"``, ``"1h30m"``, ``"2d"``, or a plain number of seconds
(``90``, ``1.5``). Units appear at most once each, largest first; values are kept to the
millisecond. :func:`format_duration` writes the shortest such string back, so
``parse_duration(format_duration(x)) == x`` for every positive millisecond count.
"""

from __future__ import annotations

import math
import re

from trayapp.core.i18n import _

__all__ = ["DurationError", "format_duration", "parse_duration"]

_UNITS_MS = {"d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1_000, "ms": 1}
_ORDER = tuple(_UNITS_MS)  # largest first
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|d|h|m|s)")
# Far beyond any sensible interval, and far below float trouble.
MAX_SECONDS = 366 * 86_400


class DurationError(ValueError):
    """A value that is not a duration; the message says why, for a person."""


def parse_duration(value: object) -> float:
    """Return the duration ``value`` stands for, in seconds (a positive float).

    Raises:
        DurationError: the value is not a positive duration of at most a year.
    """
    if isinstance(value, bool):
        raise DurationError(
            _('expected a duration such as "30s", got {value}').format(value=str(value).lower())
        )
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise DurationError(_("not a duration: {value}").format(value=value))
        ms = round(value * 1000)
    elif isinstance(value, str):
        ms = _parse_text(value)
    else:
        raise DurationError(
            _('expected a duration such as "30s", got {value}').format(value=type(value).__name__)
        )
    if ms <= 0:
        raise DurationError(_("must be longer than zero, got {value}").format(value=_show(value)))
    if ms > MAX_SECONDS * 1000:
        raise DurationError(_("must be at most a year, got {value}").format(value=_show(value)))
    return ms / 1000


def _parse_text(text: str) -> int:
    stripped = text.strip()
    if not stripped:
        raise DurationError(_('empty duration (use e.g. "30s", "5m", "1h30m")'))
    try:
        return round(float(stripped) * 1000) if _is_number(stripped) else _parse_units(stripped)
    except OverflowError:
        raise DurationError(
            _("must be at most a year, got {value}").format(value=repr(text))
        ) from None


def _is_number(text: str) -> bool:
    return re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text) is not None


def _parse_units(text: str) -> int:
    if text.startswith("-"):
        raise DurationError(_("must be longer than zero, got {value}").format(value=repr(text)))
    total = 0.0
    position = 0
    last_rank = -1
    for match in _PART.finditer(text):
        if match.start() != position:
            break
        number, unit = match.groups()
        rank = _ORDER.index(unit)
        if rank <= last_rank:
            raise DurationError(
                _("not a duration: {value} (give each unit once, largest first)").format(
                    value=repr(text)
                )
            )
        last_rank = rank
        total += float(number) * _UNITS_MS[unit]
        position = match.end()
    if position != len(text) or position == 0:
        raise DurationError(
            _('not a duration: {value} (use e.g. "250ms", "30s", "5m", "1h30m")').format(
                value=repr(text)
            )
        )
    return round(total)


def format_duration(seconds: float) -> str:
    """Write ``seconds`` the way a person would: ``5400`` gives ``"1h30m"``."""
    ms = round(seconds * 1000)
    if ms <= 0:
        raise DurationError(_("must be longer than zero, got {value}").format(value=seconds))
    parts = []
    for unit in _ORDER:
        count, ms = divmod(ms, _UNITS_MS[unit])
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)
