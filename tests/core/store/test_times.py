"""Folded hours' response times: log-spaced buckets, each within 2 % of what it holds."""

from __future__ import annotations

import sqlite3

import pytest

from trayapp.core.store.times import (
    RELATIVE_ERROR,
    ResponseTimes,
    bucket_of,
    register,
    value_of,
)


def test_every_response_time_is_within_two_percent_of_its_bucket() -> None:
    # Every whole millisecond to 100 s, then every 997th to an hour.
    times = [*range(1, 100_001), *range(100_001, 3_600_000, 997)]
    worst = max(abs(value_of(bucket_of(ms)) - ms) / ms for ms in times)
    assert RELATIVE_ERROR == 0.02
    assert worst <= RELATIVE_ERROR + 1e-12


def test_buckets_keep_the_order_of_the_times() -> None:
    buckets = [bucket_of(ms) for ms in range(0, 20_000)]
    assert buckets == sorted(buckets)
    assert (bucket_of(0), value_of(0), bucket_of(1)) == (0, 0.0, 1)


def test_a_histogram_counts_the_times_per_bucket() -> None:
    times = ResponseTimes.of([100, 100, 101, 5_000])
    assert times.total == 4
    assert times.counts == ((bucket_of(100), 3), (bucket_of(5_000), 1))
    (fast, three), (slow, one) = times.values()
    assert (three, one) == (3, 1)
    assert abs(fast - 100) <= 2
    assert abs(fast - 101) <= 2.02
    assert abs(slow - 5_000) <= 100


def test_two_histograms_add_up() -> None:
    one, other = ResponseTimes.of([100, 200]), ResponseTimes.of([200, 3_000])
    assert one + other == ResponseTimes.of([100, 200, 200, 3_000])


@pytest.mark.parametrize(
    "times",
    [
        [],
        [0],
        [1, 1, 1],
        [120, 130, 9_999],
        [0, 70_000, 3_600_000],
        list(range(0, 5_000, 7)),
        [100] * 300 + [200, 210],  # a count that takes two bytes, amid one-byte ones
    ],
)
def test_the_stored_form_reads_back_the_same(times: list[int]) -> None:
    histogram = ResponseTimes.of(times)
    assert ResponseTimes.from_blob(histogram.to_blob()) == histogram


def test_the_stored_form_is_small() -> None:
    # An hour of a service checked every minute, answering in 150 to 240 ms.
    hour = ResponseTimes.of(150 + (n * 37) % 90 for n in range(60))
    assert len(hour.counts) == 12
    assert len(hour.to_blob()) == 2 * 12 + 1  # the first bucket's index takes two bytes


@pytest.mark.parametrize("blob", [b"\x80", b"\x01", b"\x00\x01", b"\x01\x00", b"\xff" * 12])
def test_a_damaged_blob_reads_as_no_histogram(blob: bytes) -> None:
    assert ResponseTimes.from_blob(blob) is None


def test_the_sql_functions_make_and_merge_histograms() -> None:
    db = sqlite3.connect(":memory:")
    try:
        register(db)
        db.execute("CREATE TABLE t (ms INTEGER)")
        db.executemany("INSERT INTO t VALUES (?)", [(100,), (None,), (250,), (100,)])
        (made,) = db.execute("SELECT response_times(ms) FROM t").fetchone()
        assert ResponseTimes.from_blob(made) == ResponseTimes.of([100, 100, 250])
        (merged,) = db.execute("SELECT merge_response_times(?, ?)", (made, made)).fetchone()
        assert ResponseTimes.from_blob(merged) == ResponseTimes.of([100, 100, 250] * 2)
        (kept,) = db.execute("SELECT merge_response_times(NULL, ?)", (made,)).fetchone()
        assert kept is None  # an hour without a histogram stays without one
        (empty,) = db.execute("SELECT response_times(ms) FROM t WHERE ms IS NULL").fetchone()
        assert empty == b""
    finally:
        db.close()
