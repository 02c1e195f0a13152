"""``trayapp check`` inside maintenance windows: a failing service is ``maintenance`` and
exits 0, whether the window is the config's or the vendor's own work in progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.vendors.pages import body, maintenance_summary
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page, VendorPages
from tests.test_cli_check import check, service, write_config

SUMMARY = "/api/v2/summary.json"
ALWAYS = '[[maintenance]]\nname = "Router firmware"\nreason = "Ask Sam"\nservices = ["NAS"]\n'
ALWAYS += "start = 2000-01-01T00:00:00Z\nend = 2100-01-01T00:00:00Z\n"
PAST = "[[maintenance]]\nstart = 2000-01-01T00:00:00Z\nend = 2000-01-01T02:00:00Z\n"


def test_a_failure_inside_a_window_is_maintenance_and_exits_0(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = service("NAS", sites.http("/status/503")) + service("Web", sites.http("/up"))
    config = write_config(tmp_path / "c.toml", sites, services + ALWAYS)
    assert check(config, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == "maintenance"
    nas, web = data["services"]
    assert nas["status"] == "maintenance"
    assert nas["checks"][0]["cause"] == "http_status"  # what was seen is still said
    assert nas["maintenance"] == {
        "name": "Router firmware",
        "reason": "Ask Sam",
        "until": "2100-01-01T00:00:00Z",
        "source": "config",
    }
    assert web["status"] == "up"
    assert "maintenance" not in web  # the window covers NAS alone


def test_a_service_that_answers_inside_a_window_is_up_with_its_window(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "c.toml", sites, service("NAS", sites.http("/up")) + ALWAYS)
    assert check(config, "--json") == 0
    (nas,) = json.loads(capsys.readouterr().out)["services"]
    assert nas["status"] == "up"
    assert nas["maintenance"]["name"] == "Router firmware"


def test_outside_the_window_a_failure_is_down(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path / "c.toml", sites, service("NAS", sites.http("/status/503")) + PAST
    )
    assert check(config, "--json") == 2
    (nas,) = json.loads(capsys.readouterr().out)["services"]
    assert nas["status"] == "down"
    assert "maintenance" not in nas


def test_the_table_says_the_window(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = service("NAS", sites.http("/status/503"))
    assert check(write_config(tmp_path / "c.toml", sites, services + ALWAYS)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split()[:3] == ["maintenance", "NAS", "http_status"]
    assert out[2].split()[:4] == ["maintenance", "maintenance", "-", "Router"]
    assert out[2].endswith("(Ask Sam)")
    assert out[-1] == "overall: maintenance"


def test_the_vendor_s_work_in_progress_excuses_a_failure(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve(SUMMARY, Page(maintenance_summary("2100-01-01T00:00:00Z")))
    page = f'status_page = "{pages.url()}"\nstatus_component = "API"'
    config = write_config(
        tmp_path / "c.toml", sites, service("API", sites.http("/status/503"), page)
    )
    assert check(config, "--json") == 0
    (api,) = json.loads(capsys.readouterr().out)["services"]
    assert (api["status"], api["verdict"]) == ("maintenance", "down_for_everyone")
    assert api["vendor"]["level"] == "maintenance"
    assert api["maintenance"] == {
        "name": "API database upgrade",
        "reason": "Upgrading the API database",
        "until": "2100-01-01T00:00:00Z",
        "source": "vendor",
    }


def test_the_vendor_s_work_over_its_page_all_well_the_failure_is_down(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_all_well.json")))
    page = f'status_page = "{pages.url()}"'
    config = write_config(
        tmp_path / "c.toml", sites, service("API", sites.http("/status/503"), page)
    )
    assert check(config, "--json") == 2
    (api,) = json.loads(capsys.readouterr().out)["services"]
    assert api["status"] == "down"
    assert "maintenance" not in api
