"""bench.sites and bench.trayprograms: the sites count what they answer, and trayapp reads the
config the tray bench writes as the services and the source's targets it means."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import httpx

from bench.sites import prometheus_answer, serving
from bench.trayprograms import Programs
from tests.support.desktop import DesktopSession


def test_each_site_counts_the_answers_it_gave(tmp_path: Path, child_env: dict[str, str]) -> None:
    with serving(tmp_path, 3, child_env) as sites, httpx.Client(trust_env=False) as client:
        for path in ("0", "1", "1"):
            assert client.get(sites.url("alpha", path)).text == "all is well\r\n"
        assert client.get(sites.url("beta", "7")).status_code == 200
        answer = client.get(sites.url("source", "api/v1/query?query=probe_success")).json()
        counts = [asyncio.run(sites.answered(site)) for site in ("alpha", "beta", "gamma")]
    assert counts == [3, 1, 0]
    assert [series["value"][1] for series in answer["data"]["result"]] == ["1", "1", "1"]


def test_the_source_answer_is_one_up_series_a_target() -> None:
    answer = json.loads(prometheus_answer(500))
    instances = {series["metric"]["instance"] for series in answer["data"]["result"]}
    assert len(instances) == 500
    assert {series["value"][1] for series in answer["data"]["result"]} == {"1"}


def test_trayapp_checks_the_services_and_reads_the_source_the_bench_configures(
    tmp_path: Path, child_env: dict[str, str]
) -> None:
    with serving(tmp_path, 4, child_env) as sites:
        session = DesktopSession(env=child_env, folder=tmp_path)
        programs = Programs(session, sys.executable, tmp_path, sites, interval=60)
        command = programs.trayapp("scale", "scale", 3, source_targets=4)
        config = command[command.index("--config") + 1]
        done = subprocess.run(
            [sys.executable, "-m", "trayapp", "--config", config, "check", "--json"],
            env=programs.env("check"),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        checked = asyncio.run(sites.answered("scale"))
        read = asyncio.run(sites.answered("source"))
    assert done.returncode == 0, done.stderr
    services = json.loads(done.stdout)["services"]
    assert {s["name"] for s in services if s["checks"]} == {"s0", "s1", "s2"}
    targets = [s for s in services if s["name"].startswith("prometheus/")]
    assert len(targets) == 4
    assert {s["status"] for s in services} == {"up"}
    assert (checked, read) == (3, 1)
