"""The effective config: the services the sources bring, reading after reading.

Readings are made by hand (no source is read): what is checked is which services the monitor
watches after each, in which order, and that nothing changes when nothing should.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import trayapp.core.sources.effective
from trayapp.core.config.model import Config
from trayapp.core.models import Cause, CheckResult, Status
from trayapp.core.sources.effective import EffectiveConfig
from trayapp.core.sources.model import SourceReading, Vantage

T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
PROMETHEUS = {"name": "prometheus", "kind": "prometheus", "url": "http://prometheus:9090"}
ALERTMANAGER = {"name": "am", "kind": "alertmanager", "url": "http://am:9093"}
SHOP = {"name": "Shop", "url": "https://shop/", "remote": [{"source": "prometheus"}]}


def config(
    *services: dict[str, Any], sources: tuple[dict[str, Any], ...] = (PROMETHEUS,)
) -> Config:
    return Config.model_validate({"services": list(services), "sources": list(sources)})


def reading(source: str, *targets: str, alerts_only: bool = False) -> SourceReading:
    return SourceReading(
        source=source,
        kind="alertmanager" if alerts_only else "prometheus",
        read_at=T0,
        targets={
            t: (Vantage(source, "eu-west", Status.DOWN if alerts_only else Status.UP),)
            for t in targets
        },
        alerts_only=alerts_only,
    )


def failed(source: str) -> SourceReading:
    failure = CheckResult("http", "http://prometheus:9090", T0, 1.0, Cause.REFUSED, "refused")
    return SourceReading(source=source, kind="prometheus", read_at=T0, failure=failure)


def names(effective: Config | None) -> list[str] | None:
    return None if effective is None else [s.name for s in effective.services]


def test_the_user_s_config_until_the_sources_bring_their_own() -> None:
    sourced = EffectiveConfig(config(SHOP))
    assert sourced.config is sourced.user
    assert names(sourced.recall([])) == ["Shop", "prometheus"]


def test_targets_no_service_names_become_services_in_order() -> None:
    sourced = EffectiveConfig(config(SHOP))
    user = sourced.config
    source = user.sources[0]
    effective = sourced.take(
        source, reading("prometheus", "https://shop/", "https://b/", "https://a/")
    )
    assert names(effective) == [
        "Shop",
        "prometheus",
        "prometheus/https://a/",
        "prometheus/https://b/",
    ]
    assert sourced.user is user  # the user's own is never rewritten
    # The same targets again: nothing to apply.
    assert sourced.take(source, reading("prometheus", "https://a/", "https://b/")) is None


def test_a_failed_reading_changes_nothing_but_is_kept_for_the_vantage_points() -> None:
    sourced = EffectiveConfig(config(SHOP))
    source = sourced.user.sources[0]
    sourced.take(source, reading("prometheus", "https://a/"))
    assert sourced.take(source, failed("prometheus")) is None
    assert names(sourced.config) == ["Shop", "prometheus", "prometheus/https://a/"]
    (seen,) = sourced.vantages(sourced.user.services[0])
    assert (seen.status, seen.cause) == (Status.UNKNOWN, Cause.REFUSED)
    sourced.forget("prometheus")
    assert sourced.vantages(sourced.user.services[0]) == ()


def test_a_target_no_longer_reported_goes_but_an_alert_that_ended_stays() -> None:
    sourced = EffectiveConfig(config(sources=(PROMETHEUS, ALERTMANAGER)))
    prometheus, am = sourced.user.sources
    sourced.take(prometheus, reading("prometheus", "https://a/", "https://b/"))
    sourced.take(am, reading("am", "db:5432", alerts_only=True))
    # The source read last comes last: its own service, then its targets.
    assert names(sourced.take(prometheus, reading("prometheus", "https://b/"))) == [
        "am",
        "am/db:5432",
        "prometheus",
        "prometheus/https://b/",
    ]
    # An alert that is gone means the target is well again: it stays, to be judged up.
    assert names(sourced.take(am, reading("am", alerts_only=True))) == [
        "prometheus",
        "prometheus/https://b/",
        "am",
        "am/db:5432",
    ]


def test_after_a_restart_targets_with_open_incidents_come_back() -> None:
    sourced = EffectiveConfig(config(sources=(ALERTMANAGER,)))
    recalled = sourced.recall(["am/db:5432", "Shop", "elsewhere/x", "am/"])
    assert names(recalled) == ["am", "am/db:5432"]
    assert recalled is not None
    assert recalled.services[1].remote[0].target == "db:5432"


def test_a_source_that_brings_nothing_recalls_nothing() -> None:
    quiet = {**PROMETHEUS, "services": False}
    sourced = EffectiveConfig(config(sources=(quiet,)))
    assert sourced.recall(["prometheus/https://a/"]) is None
    assert sourced.take(sourced.user.sources[0], reading("prometheus", "https://a/")) is None
    assert names(sourced.config) == []


def test_a_reload_keeps_what_still_comes_and_drops_the_rest() -> None:
    sourced = EffectiveConfig(config(sources=(PROMETHEUS, ALERTMANAGER)))
    prometheus, am = sourced.user.sources
    sourced.take(prometheus, reading("prometheus", "https://a/", "https://b/"))
    sourced.take(am, reading("am", "db:5432", alerts_only=True))
    # The user now names a target, and the alertmanager goes.
    named_b = {"name": "B", "remote": [{"source": "prometheus", "target": "https://b/"}]}
    effective = sourced.reload(config(named_b, sources=(PROMETHEUS,)))
    assert names(effective) == [
        "B",
        "prometheus",
        "prometheus/https://a/",
        "prometheus/https://b/",
    ]
    # A target a service names is no longer one of its own from the next reading on.
    assert names(sourced.take(prometheus, reading("prometheus", "https://a/", "https://b/"))) == [
        "B",
        "prometheus",
        "prometheus/https://a/",
    ]
    # A source that no longer brings services takes its own away.
    quiet = {**PROMETHEUS, "services": False}
    assert names(sourced.reload(config(named_b, sources=(quiet,)))) == ["B"]


def test_public_api() -> None:
    assert trayapp.core.sources.effective.__all__ == ["EffectiveConfig"]
