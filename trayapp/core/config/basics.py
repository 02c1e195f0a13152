"""The config's plain value types: what a key holds once it is read, without pydantic.

The running tray holds its config as :mod:`trayapp.core.config.running`'s records, in a
process that never imports pydantic; these are the values those records hold, and the
helpers the checks use to read them. :mod:`trayapp.core.config.values` reads them from the
file with pydantic and re-exports them.

Types::

    StatusRanges   HTTP status codes a check accepts ("200-399", "200,204,301-302")
    QuietHours     a daily window without notifications ("22:00-07:00")
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import time

__all__ = ["SUCCESS", "QuietHours", "StatusRanges", "host_text", "split_host_port"]

_HOST_LABEL = re.compile(r"(?!-)[\w-]{1,63}(?<!-)", re.UNICODE)


def host_text(value: str) -> str:
    """``value`` as a host name or IP address (an IPv6 address may come in brackets).

    Raises:
        ValueError: it is neither.
    """
    text = value.strip().removeprefix("[").removesuffix("]")
    try:
        ipaddress.ip_address(text)
        return text
    except ValueError:
        pass
    labels = text.rstrip(".").split(".")
    if not text or len(text) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError(value)
    return text


def split_host_port(text: str, default_port: int) -> tuple[str, int]:
    """Read ``"host"``, ``"host:53"``, ``"[::1]:53"`` or ``"::1"`` as ``(host, port)``.

    Raises:
        ValueError: not a host name or IP address with an optional port.
    """
    text = text.strip()
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ValueError(text)
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, _colon, port_text = text.partition(":")
    else:  # a name, an IPv4 address, or a bare IPv6 address
        host, port_text = text, ""
    if port_text and not port_text.isdigit():
        raise ValueError(text)
    port = int(port_text) if port_text else default_port
    if not 1 <= port <= 65535:
        raise ValueError(text)
    return host_text(host), port


@dataclass(frozen=True, slots=True)
class StatusRanges:
    """HTTP status codes a check accepts, written ``"200-399"`` or ``"200,204,301-302"``."""

    ranges: tuple[tuple[int, int], ...]

    def __contains__(self, status: object) -> bool:
        return isinstance(status, int) and any(lo <= status <= hi for lo, hi in self.ranges)

    def __str__(self) -> str:
        return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in self.ranges)

    @classmethod
    def parse(cls, value: object) -> StatusRanges:
        """Read ``200``, ``"200-399"``, ``"200,204"`` or ``[200, "300-399"]``."""
        if isinstance(value, StatusRanges):
            return value
        items = value if isinstance(value, list | tuple) else [value]
        ranges = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, int | str):
                raise ValueError(item)
            for part in str(item).split(","):
                lo, _dash, hi = part.strip().partition("-")
                low, high = int(lo), int(hi or lo)
                if not 100 <= low <= high <= 599:
                    raise ValueError(part)
                ranges.append((low, high))
        if not ranges:
            raise ValueError(value)
        return cls(tuple(ranges))


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window without notifications, ``"22:00-07:00"``; it may cross midnight."""

    start: time
    end: time

    def __contains__(self, moment: object) -> bool:
        if not isinstance(moment, time):
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @classmethod
    def parse(cls, value: object) -> QuietHours:
        """Read ``"HH:MM-HH:MM"``."""
        if isinstance(value, QuietHours):
            return value
        match = isinstance(value, str) and re.fullmatch(
            r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", value
        )
        if not match:
            raise ValueError(value)
        h1, m1, h2, m2 = (int(group) for group in match.groups())
        start, end = time(h1, m1), time(h2, m2)  # raises ValueError when out of range
        if start == end:
            raise ValueError(value)
        return cls(start, end)


SUCCESS = StatusRanges(((200, 399),))
"""The statuses an http check accepts when it names none: any success or redirect."""
