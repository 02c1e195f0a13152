"""Response times kept small: a histogram of log-spaced buckets, one per folded hour.

Raw results keep every round's response time for a week; after that an hour's answered
rounds (up or degraded) are kept as counts per bucket, so that percentiles over a month can
still be told. The buckets are DDSketch's: with :data:`RELATIVE_ERROR` α = 2 % and
γ = (1 + α) / (1 − α), bucket ``k + 1`` holds the times in (γ^(k−1), γ^k] milliseconds and
stands for 2γ^k / (γ + 1), within α of every time it holds; bucket 0 holds 0 ms (and less),
and stands for 0. So a percentile read from the buckets is within α of the exact one: each
time moves by at most α of itself, and so does every order statistic of them.

Stored as a blob (:meth:`ResponseTimes.to_blob`): for each bucket that holds times, in
order, the step from the previous one's index (from -1 for the first) and its count, each an
unsigned LEB128 varint. An hour of 60 answered rounds takes some 20 to 80 bytes; an hour
without answered rounds is the empty blob. A blob that cannot be read is taken for no
histogram, not an error.

:func:`register` gives a connection the SQL functions the fold uses:
``response_times(ms)``, an aggregate making the blob (NULLs skipped), and
``merge_response_times(a, b)``, the two blobs' counts added (NULL when either is NULL: an
hour folded before the histograms were kept stays without one).
"""

from __future__ import annotations

import itertools
import math
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "RELATIVE_ERROR",
    "ResponseTimes",
    "bucket_of",
    "register",
    "value_of",
]

RELATIVE_ERROR = 0.02
"""How far a bucket's value may be from a time it holds, as a fraction of that time."""
_GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR)
_LOG_GAMMA = math.log(_GAMMA)


@lru_cache(maxsize=1 << 16)
def bucket_of(ms: float) -> int:
    """The bucket that holds a response time of ``ms`` milliseconds."""
    if ms <= 0:
        return 0
    k = max(0, math.ceil(math.log(ms) / _LOG_GAMMA))
    # The logarithm may land a hair off at a bucket's edge: the powers themselves decide.
    if k > 0 and _GAMMA ** (k - 1) >= ms:
        k -= 1
    elif _GAMMA**k < ms:
        k += 1
    return k + 1


@lru_cache(maxsize=4096)
def value_of(bucket: int) -> float:
    """The response time, in milliseconds, that ``bucket`` stands for."""
    if bucket <= 0:
        return 0.0
    return 2 * _GAMMA ** (bucket - 1) / (_GAMMA + 1)


@dataclass(frozen=True, slots=True)
class ResponseTimes:
    """How many answered rounds fell in each bucket: ``(bucket, count)`` pairs, by bucket,
    every count above zero."""

    counts: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, times: Iterable[float]) -> ResponseTimes:
        """The histogram of ``times`` (milliseconds)."""
        found: dict[int, int] = {}
        for ms in times:
            bucket = bucket_of(ms)
            found[bucket] = found.get(bucket, 0) + 1
        return cls(tuple(sorted(found.items())))

    @property
    def total(self) -> int:
        """How many times it holds."""
        return sum(count for _, count in self.counts)

    def __add__(self, other: ResponseTimes) -> ResponseTimes:
        found = dict(self.counts)
        for bucket, count in other.counts:
            found[bucket] = found.get(bucket, 0) + count
        return ResponseTimes(tuple(sorted(found.items())))

    def values(self) -> Iterator[tuple[float, int]]:
        """Each bucket's value (milliseconds) and count, fastest first."""
        return ((value_of(bucket), count) for bucket, count in self.counts)

    def to_blob(self) -> bytes:
        """The stored form (see the module's docstring)."""
        out = bytearray()
        previous = -1
        for bucket, count in self.counts:
            _put_varint(out, bucket - previous)
            _put_varint(out, count)
            previous = bucket
        return bytes(out)

    @classmethod
    def from_blob(cls, blob: bytes | None) -> ResponseTimes | None:
        """The histogram stored as ``blob``; None for NULL or a blob that cannot be read."""
        if blob is None:
            return None
        numbers = _varints(blob)
        if numbers is None or len(numbers) % 2:
            return None
        steps, counts = numbers[::2], numbers[1::2]
        if 0 in steps or 0 in counts:
            return None
        buckets = itertools.accumulate(steps, initial=-1)
        next(buckets)
        return cls(tuple(zip(buckets, counts, strict=True)))


def _put_varint(out: bytearray, number: int) -> None:
    while number >= 0x80:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)


_SMALL = bytes(range(0x80))


def _varints(blob: bytes) -> list[int] | None:
    # Past the first bucket's index, steps and counts are nearly always under 128, one byte
    # each: those are read at once, and only the bytes up to the last larger number one by one.
    slow = len(blob.rstrip(_SMALL)) + 1
    numbers = _slow_varints(blob[:slow])
    return None if numbers is None else numbers + list(blob[slow:])


def _slow_varints(blob: bytes) -> list[int] | None:
    numbers, number, shift = [], 0, 0
    for byte in blob:
        number |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            numbers.append(number)
            number, shift = 0, 0
        elif shift > 63:
            return None
    return None if shift else numbers


class _Histogram:
    """The ``response_times(ms)`` aggregate: the blob of the times given, NULLs skipped."""

    def __init__(self) -> None:
        self.found: dict[int, int] = {}

    def step(self, ms: float | None) -> None:
        if ms is not None:
            bucket = bucket_of(ms)
            self.found[bucket] = self.found.get(bucket, 0) + 1

    def finalize(self) -> bytes:
        return ResponseTimes(tuple(sorted(self.found.items()))).to_blob()


def _merge(first: bytes | None, second: bytes | None) -> bytes | None:
    """``merge_response_times(a, b)``: NULL when either is (or cannot be read)."""
    one, other = ResponseTimes.from_blob(first), ResponseTimes.from_blob(second)
    if one is None or other is None:
        return None
    return (one + other).to_blob()


def register(db: sqlite3.Connection) -> None:
    """Give ``db`` the SQL functions ``response_times`` and ``merge_response_times``."""
    # typeshed's protocol says an aggregate's finalize returns an int; SQLite takes any value.
    db.create_aggregate("response_times", 1, _Histogram)  # type: ignore[arg-type]
    db.create_function("merge_response_times", 2, _merge, deterministic=True)
