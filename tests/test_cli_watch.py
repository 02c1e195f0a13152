"""``trayapp watch`` and ``trayapp incidents`` as real processes against local servers."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.filesystems import fill, tmpfs
from tests.support.servers import LocalSites
from trayapp.cli import main
from trayapp.core.store.schema import APPLICATION_ID


def write_config(path: Path, sites: LocalSites, services: str) -> Path:
    path.write_text(
        '[defaults]\ninterval = "100ms"\ntimeout = "2s"\nflap_window = "1s"\n\n'
        '[notifications]\ncoalesce = "200ms"\n\n'
        f'[network]\ncanaries = ["tcp://127.0.0.1:{sites.http_port}"]\n\n{services}'
    )
    return path


def service(name: str, url: str) -> str:
    return f'[[services]]\nname = "{name}"\nurl = "{url}"\n'


def watch(
    python: str, env: dict[str, str], config: Path, data: Path, *args: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [python, "-m", "trayapp", "--config", str(config), "--data-dir", str(data), "watch", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_watch_json_prints_events_and_keeps_history(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    sites.site.scenarios["flaky"] = "/reset"
    config = write_config(
        tmp_path / "c.toml",
        sites,
        service("steady", sites.http("/up")) + service("flaky", sites.http("/scenario/flaky")),
    )
    process = watch(python, child_env, config, tmp_path / "data", "--json", "--for", "3s")
    out, err = process.communicate(timeout=60)
    events = [json.loads(line) for line in out.splitlines()]
    assert process.returncode == 2  # flaky is down at the end: the check exit codes
    assert "Traceback" not in err
    assert all(set(e) >= {"event", "at"} and e["at"].endswith("Z") for e in events)
    kinds = [e["event"] for e in events]
    assert {"status_changed", "incident_opened", "notification"} <= set(kinds)
    opened = next(e for e in events if e["event"] == "incident_opened")
    assert opened["service"] == "flaky"
    down = next(e for e in events if e["event"] == "status_changed" and e["to"] == "down")
    assert down == {**down, "service": "flaky", "from": "unknown", "cause": down["cause"]}
    note = next(e for e in events if e["event"] == "notification")
    assert note["services"] == ["flaky"]
    assert note["title"] == "flaky is down"
    assert isinstance(note["id"], int)
    assert note["replaces"] is None  # the first of its window updates nothing


def test_incidents_lists_what_watch_kept(
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    sites.site.scenarios["gone"] = "/reset"
    config = write_config(tmp_path / "c.toml", sites, service("gone", sites.http("/scenario/gone")))
    data = tmp_path / "data"
    process = watch(python, child_env, config, data, "--for", "2s")
    out, _ = process.communicate(timeout=60)
    assert "gone: unknown -> down (" in out
    assert "incident #1 opened" in out

    assert main(["--data-dir", str(data), "incidents", "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert set(record) == {
        "id",
        "service",
        "status",
        "severity",
        "started_at",
        "ended_at",
        "duration_s",
        "causes",
        "first_error",
        "last_error",
        "flaps",
        "verdict",
        "vendor_incidents",
        "outside",
    }
    assert (record["service"], record["status"], record["severity"]) == ("gone", "open", "down")
    assert record["ended_at"] is None
    assert record["causes"]

    assert main(["--data-dir", str(data), "incidents", "--open", "--since", "1h"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["ID", "SERVICE", "STATUS"]
    assert table[1].split()[:4] == ["1", "gone", "open", "down"]


def test_ctrl_c_stops_watch_cleanly(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "c.toml", sites, service("web", sites.http("/up")))
    process = watch(python, child_env, config, tmp_path / "data", "--json")
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())  # the monitor is running: web came up
    assert first["event"] == "status_changed"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err
    with sqlite3.connect(tmp_path / "data" / "history.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] >= 1


def test_sigterm_stops_watch_with_the_overall_status(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "c.toml", sites, service("web", sites.http("/up")))
    process = watch(python, child_env, config, tmp_path / "data", "--json")
    assert process.stdout is not None
    process.stdout.readline()
    process.terminate()
    _, err = process.communicate(timeout=30)
    assert (process.returncode, "Traceback" in err) == (0, False)


def test_incidents_without_history(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "nothing-yet"
    assert main(["--data-dir", str(data), "incidents", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(data), "incidents"]) == 0
    assert capsys.readouterr().out == "no incidents\n"
    assert not data.exists()


def test_a_history_from_a_newer_trayapp_is_refused_untouched(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "history.sqlite3") as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # as every trayapp marks it
        db.execute("PRAGMA user_version = 999")
    before = (data / "history.sqlite3").read_bytes()
    config = write_config(tmp_path / "c.toml", sites, service("web", sites.http("/up")))
    for args in (["watch", "--for", "1s"], ["incidents"]):
        assert main(["--config", str(config), "--data-dir", str(data), *args]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "written by a newer trayapp" in err
    assert (data / "history.sqlite3").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["watch", "--for", "soon"], "argument --for: not a duration"),
        (["watch", "--for", "0s"], "must be longer than zero"),
        (["incidents", "--since=-1h"], "must be longer than zero"),
    ],
)
def test_bad_durations_are_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 3
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_watch_without_services(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[defaults]\n")
    assert main(["--config", str(config), "watch", "--for", "1s"]) == 3
    assert "no services to watch" in capsys.readouterr().err


def test_a_full_disk_does_not_stop_watch_and_nothing_is_lost(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    """The data folder's disk fills up while watch runs, then has room again."""
    config = write_config(tmp_path / "c.toml", sites, service("shop", sites.http("/status/503")))
    with tmpfs(tmp_path / "data", size_kib=2048) as data:
        process = watch(python, child_env, config, data, "--json", "--for", "60s")
        said: list[dict[str, Any]] = []

        def until(wanted: Callable[[dict[str, Any]], bool]) -> None:
            """Read watch's events as they come until one is ``wanted``."""
            assert process.stdout is not None
            for line in process.stdout:
                said.append(json.loads(line))
                if wanted(said[-1]):
                    return
            raise AssertionError(f"watch ended first: {said}")

        try:
            until(lambda e: e["event"] == "incident_opened")  # rounds are kept: the disk is used
            filler = fill(data)
            until(lambda e: e.get("title") == "trayapp cannot write its history")
            filler.unlink()
            until(lambda e: e.get("title") == "trayapp's history is written again")
            process.send_signal(signal.SIGTERM)  # watch stops as it would at the end of --for
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()
        said += [json.loads(line) for line in out.splitlines()]
        listed = ["incidents", "--json"]
        incidents = subprocess.run(
            [python, "-m", "trayapp", "--config", str(config), "--data-dir", str(data), *listed],
            env=child_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert "Traceback" not in err
    assert process.returncode == 2  # shop is down: watch went on, and ends as checks do
    titles = [e["title"] for e in said if e["event"] == "notification"]
    assert titles.count("trayapp cannot write its history") == 1
    assert titles.index("trayapp cannot write its history") < titles.index(
        "trayapp's history is written again"
    )
    failed = next(e for e in said if e.get("title") == "trayapp cannot write its history")
    assert "the disk holding the history is full" in failed["body"]
    (shop,) = json.loads(incidents.stdout)
    assert shop["service"] == "shop"
