"""``trayapp check`` and ``watch`` with ``[[sources]]``: remote verdicts on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import Page, VendorPages
from tests.test_cli_check import check, service, write_config

QUERY = "/api/v1/query"


def answer(*series: tuple[str, str, str]) -> Page:
    result = [
        {"metric": {"__name__": "probe_success", "instance": i, "vantage": v}, "value": [1, x]}
        for i, v, x in series
    ]
    data = {"status": "success", "data": {"resultType": "vector", "result": result}}
    return Page(json.dumps(data).encode())


def source(name: str, kind: str, url: str) -> str:
    return f'[[sources]]\nname = "{name}"\nkind = "{kind}"\nurl = "{url}"\n\n'


def test_check_tells_down_for_you_from_the_vantage_points(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    down_here = sites.http("/status/503")
    pages.serve(
        QUERY,
        answer((down_here, "eu-west", "0"), (down_here, "us-east", "1"), ("db", "eu-west", "0")),
    )
    config = write_config(
        tmp_path / "c.toml",
        sites,
        source("prometheus", "prometheus", pages.url())
        + service("Shop", down_here, 'remote = [{ source = "prometheus" }]'),
    )
    assert check(config, "--json") == 2
    data = json.loads(capsys.readouterr().out)
    shop, itself, db = data["services"]
    assert (shop["name"], shop["status"], shop["verdict"]) == ("Shop", "down", "down_for_you")
    assert shop["remote"] == [
        {
            "source": "prometheus",
            "vantage": "eu-west",
            "status": "down",
            "cause": None,
            "detail": "probe_success = 0",
        },
        {
            "source": "prometheus",
            "vantage": "us-east",
            "status": "up",
            "cause": None,
            "detail": "probe_success = 1",
        },
    ]
    assert (itself["name"], itself["status"]) == ("prometheus", "up")
    assert (db["name"], db["status"], db["verdict"]) == (
        "prometheus/db",
        "down",
        "down_for_everyone",
    )
    assert db["checks"] == []

    assert check(config) == 2
    table = capsys.readouterr().out.splitlines()
    assert table[1].split()[:3] == ["down", "Shop", "http_status"]
    assert "HTTP 503 Service Unavailable (down for you)" in table[1]
    assert table[2].split()[:2] == ["down", "remote"]
    assert "prometheus/eu-west: probe_success = 0" in table[2]


def test_a_target_of_a_source_can_be_checked_by_its_name(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve(QUERY, answer(("db", "", "1"), ("web", "", "0")))
    config = write_config(
        tmp_path / "c.toml",
        sites,
        source("p", "prometheus", pages.url()) + service("Site", sites.http("/up")),
    )
    assert check(config, "p/db") == 0
    rows = capsys.readouterr().out.splitlines()
    assert [row.split()[:2] for row in rows[1:-2]] == [["up", "p/db"]]


def test_an_unreadable_source_is_unknown_with_its_cause(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    config = write_config(tmp_path / "c.toml", sites, source("am", "alertmanager", url))
    assert check(config) == 3
    row = capsys.readouterr().out.splitlines()[1]
    assert row.split()[:3] == ["unknown", "am", "refused"]
    assert "cannot read source am: connection refused" in row


def test_watch_runs_a_config_of_sources_only(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trayapp.cli import main

    pages.serve(QUERY, answer(("db", "", "1")))
    config = write_config(tmp_path / "c.toml", sites, source("p", "prometheus", pages.url()))
    code = main(
        ["--config", str(config), "--data-dir", str(tmp_path / "d"), "watch", "--for", "1s"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "watching 0 services and 1 source" in captured.err
    assert "p/db: unknown -> up" in captured.out


def test_watch_counts_its_services_and_sources_in_words_that_fit(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trayapp.cli import main

    pages.serve(QUERY, answer(("db", "", "1")))
    sources = source("p", "prometheus", pages.url()) + source("q", "prometheus", pages.url())
    config = write_config(tmp_path / "c.toml", sites, service("Web", sites.http("/up")) + sources)
    argv = ["--config", str(config), "--data-dir", str(tmp_path / "d"), "watch", "--for", "1s"]
    main(argv)  # its exit code tells what the second's rounds found, not asked about here
    assert "watching 1 service and 2 sources for 1 s" in capsys.readouterr().err
