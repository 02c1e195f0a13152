"""Times from status pages, whatever their form, as aware UTC datetimes.

The forms pages use::

    2012-07-26T11:23:00Z                    ISO 8601 in UTC (Gatus, Google, incident.io)
    2012-07-26T04:23:00.123-07:00           ISO 8601 with the page's own offset (Statuspage,
                                            Slack): the offset is applied, then dropped
    2012-07-26 11:23:00                     no zone at all (Uptime Kuma): read as UTC, which
                                            is what such pages store
    Thu, 26 Jul 2012 11:23:00 GMT           RFC 2822 (feeds, HTTP dates)
    1343301780, 1343301780000               seconds or milliseconds since the epoch

Anything else, or a time out of range, is None: never an error.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

__all__ = ["utc"]

_MILLISECONDS_FROM = 100_000_000_000
"""Epoch numbers above this are milliseconds: in seconds it is the year 5138."""


def utc(value: object) -> datetime | None:
    """``value`` as an aware datetime in UTC; None when it is not a time this can read."""
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            seconds = value / 1000 if abs(value) >= _MILLISECONDS_FROM else value
            return datetime.fromtimestamp(seconds, UTC)
        if isinstance(value, datetime):
            return _aware(value)
        if not isinstance(value, str):
            return None
        text = value.strip()
        if not text or len(text) > 64:
            return None
        try:
            return _aware(datetime.fromisoformat(text))
        except ValueError:
            return _aware(email.utils.parsedate_to_datetime(text))
    except (ValueError, TypeError, OverflowError, OSError, IndexError):
        return None


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
