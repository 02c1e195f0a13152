"""``trayapp watch`` asks the outside network when a service goes down: a real process, its
notification naming the places, and ``incidents --json`` keeping what they found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.globalping import Plan, fake_globalping, http_result
from tests.support.servers import LocalSites
from tests.test_cli_watch import watch
from trayapp.cli import main


def test_watch_notifies_with_the_places_and_keeps_them_with_the_incident(
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    sites.site.scenarios["shop"] = "/reset"
    with fake_globalping() as api:
        api.plan = Plan(
            results=[
                http_result("DE", "Frankfurt", "EU", 503),
                http_result("US", "Ashburn", "NA", 503),
            ]
        )
        url = sites.http("/scenario/shop", host="site.test")
        config = tmp_path / "c.toml"
        config.write_text(
            '[defaults]\ninterval = "100ms"\ntimeout = "2s"\n\n'
            '[notifications]\ncoalesce = "2s"\n\n'
            f'[network]\ncanaries = ["tcp://127.0.0.1:{sites.http_port}"]\n'
            f'dns_server = "{sites.dns_server}"\n\n'
            f'[outside]\nenabled = true\nurl = "{api.url}"\nprobes = 2\ninterval = "1h"\n\n'
            f'[[services]]\nname = "shop"\nurl = "{url}"\n'
            "outside = true\n"
        )
        data = tmp_path / "data"
        process = watch(python, child_env, config, data, "--json", "--for", "5s")
        out, err = process.communicate(timeout=60)
        asked = api.created()
    assert "Traceback" not in err
    events = [json.loads(line) for line in out.splitlines()]
    (told,) = [e for e in events if e["event"] == "notification"]
    assert told["title"] == "shop is down"
    assert "Seen from outside: fails from 2 of 2 places, e.g. Frankfurt: HTTP 503" in told["body"]
    verdicts = [e["verdict"] for e in events if e["event"] == "incident_updated"]
    assert "down_for_everyone" in verdicts
    assert len(asked) == 1
    assert asked[0].body["target"] == "site.test"

    assert main(["--data-dir", str(data), "incidents", "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    (reading,) = record["outside"]
    assert reading["summary"] == "fails from 2 of 2 places, e.g. Frankfurt: HTTP 503"
    assert [p["city"] for p in reading["probes"]] == ["Frankfurt", "Ashburn"]
