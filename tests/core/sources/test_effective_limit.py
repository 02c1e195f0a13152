"""The effective config's limit: a source brings at most max_services services."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from tests.support.builders import config
from trayapp.core.config.model import Source
from trayapp.core.models import Status
from trayapp.core.sources.effective import EffectiveConfig
from trayapp.core.sources.model import SourceReading, Vantage

AT = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def prometheus(**more: object) -> Source:
    return Source.model_validate(
        {"name": "prometheus", "kind": "prometheus", "url": "http://127.0.0.1:9", **more}
    )


def reading(count: int, down: frozenset[int] = frozenset()) -> SourceReading:
    targets = {
        f"https://t{n:05}.test/": (
            Vantage("prometheus", "", Status.DOWN if n in down else Status.UP, "probe_success"),
        )
        for n in range(count)
    }
    return SourceReading("prometheus", "prometheus", AT, targets)


def brought(effective: EffectiveConfig) -> list[str]:
    return [s.name for s in effective.config.services if s.name.startswith("prometheus/")]


@pytest.mark.parametrize(("over", "said"), [(1, "1 target"), (2, "2 targets")])
def test_what_is_left_out_is_counted_in_words_that_fit(
    caplog: pytest.LogCaptureFixture, over: int, said: str
) -> None:
    source = prometheus(max_services=3)
    effective = EffectiveConfig(config(sources=[source]))
    with caplog.at_level(logging.WARNING):
        assert effective.take(source, reading(3 + over)) is not None
    assert f"source prometheus: {said} left out; max_services = 3" in caplog.text


def test_a_source_brings_at_most_max_services_failing_ones_first(
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = prometheus(max_services=300)
    effective = EffectiveConfig(config(sources=[source]))
    with caplog.at_level(logging.WARNING):
        assert effective.take(source, reading(18_820, down=frozenset({5_000, 18_000}))) is not None
    names = brought(effective)
    assert len(names) == 300
    assert "prometheus/https://t05000.test/" in names
    assert "prometheus/https://t18000.test/" in names
    assert "source prometheus: 18,520 targets left out" in caplog.text
    itself = next(s for s in effective.config.services if s.name == "prometheus")
    (said,) = effective.vantages(itself)
    assert said.detail == "18,820 targets, 18,520 left out (max_services)"


def test_the_services_brought_do_not_churn_when_another_target_fails() -> None:
    source = prometheus(max_services=3)
    effective = EffectiveConfig(config(sources=[source]))
    effective.take(source, reading(10))
    first = brought(effective)
    assert first == [f"prometheus/https://t{n:05}.test/" for n in range(3)]
    effective.take(source, reading(10, down=frozenset({7})))
    now = brought(effective)
    assert "prometheus/https://t00007.test/" in now  # the failing one takes a place
    assert len(now) == 3
    assert (
        effective.take(source, reading(10, down=frozenset({7}))) is None
    )  # nothing changed: no churn


def test_under_the_limit_every_target_is_brought_and_nothing_is_said() -> None:
    source = prometheus()
    effective = EffectiveConfig(config(sources=[source]))
    effective.take(source, reading(12))
    assert len(brought(effective)) == 12
    itself = next(s for s in effective.config.services if s.name == "prometheus")
    assert effective.vantages(itself)[0].detail == "12 targets"
