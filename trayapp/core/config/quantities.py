"""Numbers and durations as conditions read them, in a condition and in an answer alike.

Gatus's rules, which people's conditions rely on::

    whole numbers   200, -3, 0x1F, 0o17, 0b101 (what Go's ParseInt reads in base 0)
    decimals        1.5, .5, 2e3
    durations       500ms, 1.5s, 48h, 1h30m (Go's units: ns, us, µs, ms, s, m, h), and 14d;
                    read as milliseconds

A text is read as a duration first, then as a whole number, then as a decimal, as Gatus
does; ``inf`` and ``nan`` are no numbers. Texts longer than :data:`MAX_DIGITS` characters
are no numbers either: a body of a million digits is not worth the time.
"""

from __future__ import annotations

import math
import re

__all__ = ["MAX_DIGITS", "number_of", "whole_number"]

MAX_DIGITS = 400
"""The longest text read as a number."""

_WHOLE = re.compile(r"[+-]?(?:\d+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DURATION = re.compile(r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d))+")
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)")
_UNIT_MS = {
    "ns": 1e-6,
    "us": 1e-3,
    "µs": 1e-3,
    "μs": 1e-3,
    "ms": 1.0,
    "s": 1_000.0,
    "m": 60_000.0,
    "h": 3_600_000.0,
    "d": 86_400_000.0,
}


def whole_number(text: str) -> int | None:
    """``text`` as a whole number (``200``, ``-3``, ``0x1F``); None when it is none."""
    text = text.strip()
    if len(text) > MAX_DIGITS or _WHOLE.fullmatch(text) is None:
        return None
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    base = {"x": 16, "o": 8, "b": 2}.get(digits[1:2].lower(), 10) if len(digits) > 1 else 10
    return sign * int(digits if base == 10 else digits[2:], base)


def number_of(text: str) -> float | int | None:
    """``text`` as a number: a duration in milliseconds, a whole number or a decimal; None
    when it is none of these."""
    text = text.strip()
    if len(text) > MAX_DIGITS:
        return None
    if _DURATION.fullmatch(text):
        total = sum(float(n) * _UNIT_MS[unit] for n, unit in _DURATION_PART.findall(text))
        return -total if text.startswith("-") else total
    whole = whole_number(text)
    if whole is not None:
        return whole
    if _DECIMAL.fullmatch(text):
        value = float(text)
        return value if math.isfinite(value) else None
    return None
