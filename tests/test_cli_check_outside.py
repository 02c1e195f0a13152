"""``trayapp check`` asks the outside network about each failing service: ``outside`` in JSON.

Against real local servers and the fake Globalping on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.globalping import FakeGlobalping, Plan, fake_globalping, http_result
from tests.support.servers import LocalSites
from tests.test_cli_check import check, service, write_config

PROBE_KEYS = {
    "continent",
    "country",
    "city",
    "network",
    "ok",
    "status_code",
    "cause",
    "detail",
    "time_ms",
}


@pytest.fixture(scope="module")
def api() -> Iterator[FakeGlobalping]:
    with fake_globalping() as started:
        yield started


def outside(api: FakeGlobalping, enabled: bool = True) -> str:
    on = "true" if enabled else "false"
    return f'[outside]\nenabled = {on}\nurl = "{api.url}"\nprobes = 2\n\n'


def test_a_failing_service_gets_an_outside_object_and_others_none(
    sites: LocalSites, tmp_path: Path, api: FakeGlobalping, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reset_state()
    api.plan = Plan(
        results=[http_result("DE", "Frankfurt", "EU", 503), http_result("US", "Ashburn", "NA", 503)]
    )
    services = (
        outside(api)
        + service("Shop", sites.http("/status/503", host="site.test"), "outside = true")
        + service("Blog", sites.http("/up", host="site.test"), "outside = true")
        + service("Intranet", sites.http("/status/503", host="site.test"))  # a private name
    )
    assert check(write_config(tmp_path / "c.toml", sites, services), "--json") == 2
    data = json.loads(capsys.readouterr().out)
    shop, blog, intranet = data["services"]
    assert "outside" not in blog  # up: not asked
    assert "outside" not in intranet  # site.test is private by the rules: not asked
    seen = shop["outside"]
    assert set(seen) == {"provider", "measured_at", "probes", "summary"}
    assert seen["provider"] == "globalping"
    assert seen["measured_at"].endswith("Z")
    assert [set(p) for p in seen["probes"]] == [PROBE_KEYS, PROBE_KEYS]
    assert seen["probes"][0] | {"time_ms": None} == {
        "continent": "EU",
        "country": "DE",
        "city": "Frankfurt",
        "network": "Hetzner Online GmbH",
        "ok": False,
        "status_code": 503,
        "cause": "http_status",
        "detail": "HTTP 503",
        "time_ms": None,
    }
    assert seen["summary"] == "fails from 2 of 2 places, e.g. Frankfurt: HTTP 503"
    assert shop["verdict"] == "down_for_everyone"
    (asked,) = api.created()
    assert (asked.body["type"], asked.body["target"]) == ("http", "site.test")


def test_the_table_has_a_line_for_what_the_places_found(
    sites: LocalSites, tmp_path: Path, api: FakeGlobalping, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reset_state()
    api.plan = Plan(
        results=[http_result("DE", "Frankfurt", "EU", 200), http_result("US", "Ashburn", "NA")]
    )
    services = outside(api) + service(
        "Shop", sites.http("/status/503", host="site.test"), "outside = true"
    )
    assert check(write_config(tmp_path / "c.toml", sites, services)) == 2
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if " outside " in line]
    assert line.split(maxsplit=3) == [
        "up",
        "outside",
        "-",
        "globalping: loads from 2 of 2 places: DE, US",
    ]
    assert "(down for you)" in out


def test_nothing_is_asked_while_outside_is_off(
    sites: LocalSites, tmp_path: Path, api: FakeGlobalping, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reset_state()
    services = outside(api, enabled=False) + service(
        "Shop", sites.http("/status/503", host="site.test"), "outside = true"
    )
    assert check(write_config(tmp_path / "c.toml", sites, services), "--json") == 2
    (shop,) = json.loads(capsys.readouterr().out)["services"]
    assert "outside" not in shop
    assert api.requests == []
