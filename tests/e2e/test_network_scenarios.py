"""Whose fault is it, on real broken networks: ``trayapp check`` and ``watch`` in the lab.

Every scenario runs trayapp inside the client namespace of the network lab
(tests/support/netlab): glibc's resolver asks the lab's router, the canaries and the services
are web and DNS servers of the lab's fake internet, and the network is broken for real (a DNS
server that fails or says nothing, a captive portal, no link, a proxy that is required or
down). Each asserts the network's word, each service's status and verdict, and the exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.netlab import NetLab

CANARIES = [
    "http://connectivity.test/generate_204",
    "http://detectportal.test/success.txt 200 success",
    "dns://203.0.113.53/resolver.example.test 203.0.113.53",
]
"""The lab's canaries: two web ones with their expected answers, and a public resolver."""


def write_config(folder: Path, *, network: str = "", services: str = "") -> Path:
    path = folder / "config.toml"
    canaries = ", ".join(json.dumps(c) for c in CANARIES)
    path.write_text(
        "[defaults]\n"
        'interval = "2s"\ntimeout = "3s"\nfailure_threshold = 2\nsuccess_threshold = 1\n'
        'flap_window = "1m"\n\n'
        '[notifications]\ncoalesce = "1s"\n\n'
        f"[network]\ncanaries = [{canaries}]\n{network}\n"
        + (
            services
            or '[[services]]\nname = "Example"\nurl = "http://www.example.test/"\n\n'
            '[[services]]\nname = "API"\nurl = "http://api.example.test/"\n'
        ),
        encoding="utf-8",
    )
    return path


def check(
    netlab: NetLab, folder: Path, *, env: dict[str, str] | None = None, **config: str
) -> tuple[int, Any]:
    """``trayapp check --json`` in the client, with :func:`write_config`'s ``config``: its
    exit code and its JSON."""
    path = write_config(folder, **config)
    done = netlab.run(
        [
            sys.executable,
            "-m",
            "trayapp",
            "--config",
            str(path),
            "--data-dir",
            str(folder / "data"),
            "check",
            "--json",
        ],
        env=env,
        timeout=60,
    )
    assert done.returncode in (0, 1, 2, 3), done.stderr
    return done.returncode, json.loads(done.stdout)


def services(report: Any) -> list[tuple[str, str, str | None]]:
    return [(s["name"], s["status"], s["verdict"]) for s in report["services"]]


JUST_YOU = [("Example", "unknown", "just_you"), ("API", "unknown", "just_you")]


def test_all_well(netlab: NetLab, tmp_path: Path) -> None:
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "online"
    assert [c["ok"] for c in report["network"]["canaries"]] == [True, True, True]
    assert services(report) == [("Example", "up", None), ("API", "up", None)]
    assert (code, report["overall"]) == (0, "up")


@pytest.mark.parametrize("dns", ["servfail", "silent"])
def test_a_broken_dns_server_is_a_dns_failure_not_an_outage(
    netlab: NetLab, tmp_path: Path, dns: str
) -> None:
    netlab.router_dns(dns)  # type: ignore[arg-type]
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "dns_failure"
    assert services(report) == JUST_YOU
    assert {c["cause"] for s in report["services"] for c in s["checks"]} == {"offline"}
    assert (code, report["overall"]) == (3, "offline")


def test_a_captive_portal_is_not_the_internet(netlab: NetLab, tmp_path: Path) -> None:
    netlab.router_dns("portal")
    netlab.public_dns("hijack")
    netlab.captive_portal("page")
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "captive_portal"
    # Every service "answers" with the portal's page: none of them is up.
    assert services(report) == JUST_YOU
    assert (code, report["overall"]) == (3, "offline")


def test_no_network_is_offline(netlab: NetLab, tmp_path: Path) -> None:
    netlab.network("offline")
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "offline"
    assert services(report) == JUST_YOU
    assert (code, report["overall"]) == (3, "offline")


def test_the_router_answering_but_nothing_beyond_is_offline(netlab: NetLab, tmp_path: Path) -> None:
    netlab.network("router_only")
    netlab.router_dns("silent")
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "offline"
    assert services(report) == JUST_YOU
    assert code == 3


def test_a_service_whose_own_name_fails_while_the_canaries_pass_is_down(
    netlab: NetLab, tmp_path: Path
) -> None:
    code, report = check(
        netlab,
        tmp_path,
        services='[[services]]\nname = "Example"\nurl = "http://www.example.test/"\n\n'
        '[[services]]\nname = "Gone"\nurl = "http://gone.example.test/"\n',
    )
    assert report["network"]["status"] == "online"
    assert services(report) == [("Example", "up", None), ("Gone", "down", None)]
    assert report["services"][1]["checks"][0]["cause"] == "dns"
    assert (code, report["overall"]) == (2, "down")
