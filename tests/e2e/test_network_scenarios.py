"""Whose fault is it, on real broken networks: ``trayapp check`` and ``watch`` in the lab.

Every scenario runs trayapp inside the client namespace of the network lab
(tests/support/netlab): glibc's resolver asks the lab's router, the canaries and the services
are web and DNS servers of the lab's fake internet, and the network is broken for real (a DNS
server that fails or says nothing, a captive portal, no link, a proxy that is required or
down). Each asserts the network's word, each service's status and verdict, and the exit code.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.netlab import PAC_URL, PORTAL_URL, PROXY_URL, WWW, NetLab

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


def run_check(
    netlab: NetLab, folder: Path, *options: str, env: dict[str, str] | None = None, **config: str
) -> subprocess.CompletedProcess[str]:
    """``trayapp check`` in the client, with :func:`write_config`'s ``config``."""
    path = write_config(folder, **config)
    argv = [sys.executable, "-m", "trayapp", "--config", str(path)]
    done = netlab.run(
        [*argv, "--data-dir", str(folder / "data"), "check", *options], env=env, timeout=60
    )
    assert done.returncode in (0, 1, 2, 3), done.stderr
    return done


def check(
    netlab: NetLab, folder: Path, *, env: dict[str, str] | None = None, **config: str
) -> tuple[int, Any]:
    """``trayapp check --json`` in the client: its exit code and its JSON."""
    done = run_check(netlab, folder, "--json", env=env, **config)
    return done.returncode, json.loads(done.stdout)


def told(netlab: NetLab, folder: Path, *, env: dict[str, str] | None = None) -> str:
    """What ``trayapp check`` says of the network, in its last line."""
    return run_check(netlab, folder, env=env).stdout.splitlines()[-1]


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
    said = {
        "servfail": "Your DNS server 10.77.0.1 fails every lookup (SERVFAIL)",
        "silent": "Your DNS server 10.77.0.1 isn't answering",
    }[dns]
    assert f"Names don't resolve. {said}, but the internet answers by address." in told(
        netlab, tmp_path
    )


def test_a_captive_portal_is_not_the_internet(netlab: NetLab, tmp_path: Path) -> None:
    netlab.router_dns("portal")
    netlab.public_dns("hijack")
    netlab.captive_portal("page")
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "captive_portal"
    # Every service "answers" with the portal's page: none of them is up.
    assert services(report) == JUST_YOU
    assert (code, report["overall"]) == (3, "offline")
    assert (
        "A captive portal is in the way. Open http://connectivity.test/generate_204 to sign in"
        in told(netlab, tmp_path)
    )


def test_a_captive_portal_that_redirects_names_its_sign_in_page(
    netlab: NetLab, tmp_path: Path
) -> None:
    netlab.router_dns("portal")
    netlab.captive_portal("redirect")
    assert f"Open {PORTAL_URL} to sign in" in told(netlab, tmp_path)


def test_no_network_is_offline(netlab: NetLab, tmp_path: Path) -> None:
    netlab.network("offline")
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "offline"
    assert services(report) == JUST_YOU
    assert (code, report["overall"]) == (3, "offline")
    assert "You're offline. There is no network connection" in told(netlab, tmp_path)


def test_the_router_answering_but_nothing_beyond_is_offline(netlab: NetLab, tmp_path: Path) -> None:
    netlab.network("router_only")
    netlab.router_dns("silent")
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "offline"
    assert services(report) == JUST_YOU
    assert code == 3
    said = told(netlab, tmp_path)
    assert "Your router (10.77.0.1) answers, but nothing beyond it does." in said
    assert "Your DNS server 10.77.0.1 isn't answering." in said


def test_a_router_that_cannot_be_asked_is_said_so(netlab: NetLab, tmp_path: Path) -> None:
    netlab.network("router_only")
    netlab.allow_ping(allowed=False)  # no ICMP datagram sockets; and no raw ones without the
    path = write_config(tmp_path)  # capability, which root has and is dropped here
    drop = ["setpriv", "--bounding-set", "-net_raw", "--inh-caps", "-net_raw"]
    done = netlab.run(
        [
            *drop,
            sys.executable,
            "-m",
            "trayapp",
            "--config",
            str(path),
            "--data-dir",
            str(tmp_path / "data"),
            "check",
        ],
        timeout=60,
    )
    said = done.stdout.splitlines()[-1]
    assert "Nothing on the internet answers, and your router (10.77.0.1) could not be asked" in said
    assert "does not allow unprivileged ping" in said


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


# --- watch: a network change is never a service's alert; an outage still is ------------------


class Watch:
    """``trayapp watch --json`` in the client, its events read as they come."""

    def __init__(
        self, netlab: NetLab, folder: Path, env: dict[str, str] | None = None, network: str = ""
    ) -> None:
        config = write_config(folder, network=network)
        argv = [sys.executable, "-m", "trayapp", "--config", str(config)]
        argv += ["--data-dir", str(folder / "data"), "watch", "--json"]
        self._process = netlab.popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.events.put(json.loads(line))

    def wait_for(self, wanted: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The first event from now on that is ``wanted``; fail naming ``what`` after 30 s."""
        deadline = time.monotonic() + 30
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(event)
            if wanted(event):
                return event
        raise AssertionError(f"no {what} in {self.seen}")

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


def event(kind: str, **fields: Any) -> Callable[[dict[str, Any]], bool]:
    return lambda e: e["event"] == kind and all(e.get(k) == v for k, v in fields.items())


def test_watch_lives_through_a_broken_dns_and_still_tells_a_real_outage(
    netlab: NetLab, tmp_path: Path
) -> None:
    watch = Watch(netlab, tmp_path)
    try:
        for _ in range(2):
            watch.wait_for(event("status_changed", to="up"), "both services up")
        before = len(watch.seen)

        netlab.router_dns("servfail")
        changed = watch.wait_for(event("network_changed", to="dns_failure"), "the DNS failure")
        assert changed["from"] == "online"
        assert changed["detail"].startswith(
            "Your DNS server 10.77.0.1 fails every lookup (SERVFAIL), but the internet answers"
        )
        notice = watch.wait_for(event("notification"), "the network's notification")
        assert (notice["title"], notice["services"]) == ("Names don't resolve", [])
        assert notice["body"] == changed["detail"]

        netlab.router_dns("answer")
        watch.wait_for(event("network_changed", to="online"), "the network back")
        back = watch.wait_for(event("notification"), "the notice that it is back")
        assert back["title"] == "Back online"
        during = watch.seen[before:]
        assert not [e for e in during if e["event"] == "incident_opened"]
        assert not [e for e in during if e["event"] == "notification" and e["services"]]

        netlab.set_page(WWW, "/", status=503, body="Service Unavailable")
        started = time.monotonic()
        down = watch.wait_for(
            lambda e: e["event"] == "notification" and e["services"] == ["Example"],
            "the outage's notification",
        )
        took = time.monotonic() - started
    finally:
        watch.stop()
    assert down["title"] == "Example is down"
    # Two rounds 2 s apart, a 1 s coalesce window, and slack for a loaded machine.
    assert took < 20, f"the outage was told after {took:.1f} s"


# --- proxies: required, chosen by the environment or a PAC file, and down ----------------------

PROXIED = {"HTTP_PROXY": PROXY_URL, "HTTPS_PROXY": PROXY_URL}


def test_a_required_proxy_set_by_the_environment_is_used(netlab: NetLab, tmp_path: Path) -> None:
    netlab.proxy_required()
    code, report = check(netlab, tmp_path, env=PROXIED)
    assert report["network"]["status"] == "online"
    assert services(report) == [("Example", "up", None), ("API", "up", None)]
    assert code == 0
    forwarded = " ".join(netlab.traffic().proxy)
    assert "www.example.test" in forwarded
    assert "connectivity.test" in forwarded


def test_a_required_proxy_chosen_by_a_pac_file_is_used(netlab: NetLab, tmp_path: Path) -> None:
    netlab.proxy_required()
    code, report = check(netlab, tmp_path, network=f'pac = "{PAC_URL}"\n')
    assert report["network"]["status"] == "online"
    assert services(report) == [("Example", "up", None), ("API", "up", None)]
    assert code == 0
    assert "api.example.test" in " ".join(netlab.traffic().proxy)


def test_without_the_required_proxy_nothing_answers(netlab: NetLab, tmp_path: Path) -> None:
    netlab.proxy_required()
    code, report = check(netlab, tmp_path)
    assert report["network"]["status"] == "offline"
    assert services(report) == JUST_YOU
    assert code == 3


@pytest.mark.parametrize("mode", ["down", "failing"])
def test_a_proxy_that_fails_is_named(netlab: NetLab, tmp_path: Path, mode: str) -> None:
    netlab.proxy_required()
    netlab.proxy(mode)  # type: ignore[arg-type]
    code, report = check(netlab, tmp_path, env=PROXIED)
    assert report["network"]["status"] == "proxy_failure"
    assert services(report) == JUST_YOU
    assert code == 3
    said = told(netlab, tmp_path, env=PROXIED)
    assert "Your proxy isn't working. The proxy 10.77.0.1:3128 " in said
    assert "(the proxy set by the environment)" in said


# --- every fault, lived through by a watch --------------------------------------------------------

Switch = Callable[[NetLab], object]

FAULTS: dict[str, tuple[Switch, Switch, str, str]] = {
    "dns silent": (
        lambda lab: lab.router_dns("silent"),
        lambda lab: lab.router_dns("answer"),
        "dns_failure",
        "Names don't resolve",
    ),
    "captive portal": (
        lambda lab: (lab.router_dns("portal"), lab.captive_portal("page")),
        lambda lab: (lab.router_dns("answer"), lab.captive_portal("off")),
        "captive_portal",
        "A captive portal is in the way",
    ),
    "no network": (
        lambda lab: lab.network("offline"),
        lambda lab: lab.network("online"),
        "offline",
        "You're offline",
    ),
    "proxy down": (
        lambda lab: lab.proxy("down"),
        lambda lab: lab.proxy("up"),
        "proxy_failure",
        "Your proxy isn't working",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_watch_lives_through_each_fault_with_one_notice_and_no_services_alert(
    netlab: NetLab, tmp_path: Path, fault: str
) -> None:
    apply, restore, status, title = FAULTS[fault]
    env = None
    if fault == "proxy down":
        netlab.proxy_required()  # the only way out is the proxy
        env = PROXIED
    # Behind a portal every service answers: only the canaries' own interval finds it.
    watch = Watch(netlab, tmp_path, env, network='interval = "3s"')
    try:
        for _ in range(2):
            watch.wait_for(event("status_changed", to="up"), "both services up")
        before = len(watch.seen)
        apply(netlab)
        changed = watch.wait_for(event("network_changed", to=status), status)
        notice = watch.wait_for(event("notification"), "the network's notification")
        restore(netlab)
        watch.wait_for(event("network_changed", to="online"), "the network back")
        back = watch.wait_for(event("notification"), "the notice that it is back")
    finally:
        watch.stop()
    assert (notice["title"], notice["body"], notice["services"]) == (
        title,
        changed["detail"],
        [],
    )
    assert back["title"] == "Back online"
    during = watch.seen[before:]
    assert not [e for e in during if e["event"] == "incident_opened"]
    assert not [e for e in during if e["event"] == "notification" and e["services"]]
    assert not [e for e in during if e["event"] == "status_changed" and e["to"] == "down"]
