"""``trayapp check --json`` and ``config validate`` with conditions, end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.documents import DocumentSite, document_site
from tests.support.servers import LocalSites
from trayapp.cli import main


@pytest.fixture(scope="module")
def docs() -> Iterator[DocumentSite]:
    with document_site() as site:
        yield site


def config(path: Path, sites: LocalSites, services: str) -> Path:
    path.write_text(
        f'[defaults]\ntimeout = "5s"\n\n[network]\ncanaries = []\n'
        f'dns_server = "{sites.dns_server}"\n\n{services}'
    )
    return path


def http_service(name: str, url: str, *conditions: str) -> str:
    return (
        f'[[services]]\nname = "{name}"\n[[services.checks]]\ntype = "http"\nurl = "{url}"\n'
        f"conditions = {json.dumps(list(conditions))}\n\n"
    )


def test_check_json_judges_conditions_and_says_which_failed(
    sites: LocalSites,
    docs: DocumentSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    healthy = docs.serve("/api/health", {"status": "UP", "items": [1, 2, 3]})
    failing = docs.serve("/queue/health", {"status": "DOWN", "items": []})
    services = (
        http_service(
            "API", healthy, "[STATUS] == 200", "[BODY].status == UP", "len([BODY].items) > 0"
        )
        + http_service("Queue", failing, "[STATUS] == 200", "[BODY].status == UP")
        + http_service("Legacy", docs.url("/gone"), "[STATUS] == any(404, 410)")
        + http_service("Slow", sites.http("/slow-first-byte/200"), "[RESPONSE_TIME] < 50")
        + '[[services]]\nname = "Blocked ads"\n[[services.checks]]\ntype = "dns"\n'
        'name = "ads.invalid"\nconditions = ["[DNS_RCODE] == NXDOMAIN"]\n'
    )
    assert (
        main(["--config", str(config(tmp_path / "c.toml", sites, services)), "check", "--json"])
        == 2
    )
    data = json.loads(capsys.readouterr().out)
    checks = {s["name"]: (s["status"], s["checks"][0]) for s in data["services"]}
    assert checks["API"][0] == "up"
    assert checks["Legacy"][0] == "up"
    assert checks["Legacy"][1]["http_status"] == 404
    status, queue = checks["Queue"]
    assert (status, queue["ok"], queue["cause"], queue["detail"]) == (
        "down",
        False,
        "content",
        '[BODY].status == UP: got "DOWN"',
    )
    status, slow = checks["Slow"]
    assert (status, slow["cause"]) == ("degraded", "slow")
    assert slow["detail"].startswith("[RESPONSE_TIME] < 50: got ")
    status, blocked = checks["Blocked ads"]
    assert (status, blocked["cause"], blocked["detail"]) == (
        "up",
        None,
        "no such name: ads.invalid (NXDOMAIN, as expected)",
    )


def test_validate_points_at_a_bad_condition(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = http_service("API", "https://api.test/health", "[STATUS] == 200", "[STATUS] === 200")
    path = config(tmp_path / "config.toml", sites, services)
    assert main(["--config", str(path), "config", "validate"]) == 3
    assert capsys.readouterr().err == (
        f'{path}:13: services[0].checks[0].conditions[1]: "[STATUS] === 200": unknown operator '
        'at "===" (character 10): expected ==, !=, <, <=, >, >=\n'
    )
