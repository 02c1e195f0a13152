"""The time trayapp reads: wall-clock for when things happen, monotonic for how long they take.

Everything that reads the time takes a :class:`Clock`, so that tests can pass their own."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

__all__ = ["Clock", "SystemClock", "iso_utc"]


class Clock(Protocol):
    """What trayapp needs to know about time; tests pass their own."""

    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...


class SystemClock:
    """The real clocks."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """:func:`time.monotonic`."""
        return time.monotonic()


def iso_utc(moment: datetime) -> str:
    """``moment`` as ISO 8601 in UTC to the second: ``2012-07-26T11:23:00Z``.

    Raises:
        ValueError: ``moment`` is naive; a time without a zone cannot be placed.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be written as UTC: {moment!r}")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
