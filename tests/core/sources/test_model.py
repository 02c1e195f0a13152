"""A source's reading: what it says of itself counts its targets in words that fit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trayapp.core.models import Status
from trayapp.core.sources.model import SourceReading, Vantage

AT = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def reading(count: int, *, alerts_only: bool = False) -> SourceReading:
    targets = {
        f"https://t{n}.test/": (Vantage("p", "", Status.UP, "probe_success = 1"),)
        for n in range(count)
    }
    return SourceReading("p", "prometheus", AT, targets, alerts_only=alerts_only)


@pytest.mark.parametrize(
    ("count", "said"),
    [(0, "0 targets"), (1, "1 target"), (2, "2 targets"), (1200, "1,200 targets")],
)
def test_a_read_source_counts_its_targets(count: int, said: str) -> None:
    itself = reading(count).itself()
    assert (itself.status, itself.detail) == (Status.UP, said)


def test_an_alerting_source_and_what_its_limit_left_out() -> None:
    assert reading(1, alerts_only=True).itself().detail == "1 target alerting"
    assert reading(2).itself(left_out=1).detail == "2 targets, 1 left out (max_services)"
