"""``trayapp check --json`` says each service's group (null for none), online or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.servers import LocalSites, closed_port
from tests.test_cli_check import check, service, write_config


def test_each_service_carries_its_group_or_null(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = (
        service("Mail", sites.http("/up"), 'group = "Work"')
        + service("Chat", sites.http("/status/503"), 'group = "work"')
        + service("Blog", sites.http("/up"))
    )
    assert check(write_config(tmp_path / "c.toml", sites, services), "--json") == 2
    data = json.loads(capsys.readouterr().out)
    # One group whatever the case, as its first service spells it.
    groups = {s["name"]: (s["status"], s["group"]) for s in data["services"]}
    assert groups == {"Mail": ("up", "Work"), "Chat": ("down", "Work"), "Blog": ("up", None)}


def test_offline_the_services_keep_their_group(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = [f"http://127.0.0.1:{closed_port()}/"]
    services = service("NAS", f"http://127.0.0.1:{closed_port()}/", 'group = "Home"')
    assert check(write_config(tmp_path / "c.toml", sites, services, dead), "--json") == 3
    (nas,) = json.loads(capsys.readouterr().out)["services"]
    assert (nas["status"], nas["group"]) == ("unknown", "Home")
