"""The network lab (tests/support/netlab) breaks the network in each way it says it does.

Every check runs inside the client namespace, with glibc's resolver and real sockets
(:meth:`NetLab.probe`), as trayapp will meet these networks. One lab serves every test but
the last, reset between them.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.netlab import (
    API,
    CANARY,
    DEFAULT_PAC,
    PAC_URL,
    PORTAL_URL,
    PROXY_URL,
    RESOLVER,
    ROUTER,
    WWW,
    NetLab,
    start_lab,
)

SIGN_IN = "<h1>Sign in</h1>"


def resolve(name: str) -> dict[str, Any]:
    return {"resolve": name}


def query(name: str, server: str, timeout: float = 2) -> dict[str, Any]:
    return {"query": name, "server": server, "timeout": timeout}


def connect(address: str, timeout: float = 2) -> dict[str, Any]:
    return {"connect": address, "timeout": timeout}


def get(url: str, proxy: str | None = None, cafile: Path | None = None) -> dict[str, Any]:
    return {"get": url, "proxy": proxy, "cafile": str(cafile) if cafile else None}


def test_names_resolve_through_the_router_from_a_zone_the_test_extends(netlab: NetLab) -> None:
    netlab.add_names({"Extra.Example.TEST": API})

    known, extra, unknown, public = netlab.probe(
        resolve("www.example.test"),
        resolve("extra.example.test"),
        resolve("nowhere.example.test"),
        query("detectportal.test", RESOLVER),
    )

    assert known["addresses"] == [WWW]
    assert extra["addresses"] == [API]
    assert unknown["errno"] == socket.EAI_NONAME
    assert (public["rcode"], public["addresses"]) == ("NOERROR", [CANARY])
    dns = netlab.traffic().dns
    assert f"{ROUTER} A www.example.test" in dns
    assert f"{RESOLVER} A detectportal.test" in dns


@pytest.mark.parametrize(
    ("mode", "rcode", "eai"),
    [("servfail", "SERVFAIL", socket.EAI_AGAIN), ("nxdomain", "NXDOMAIN", socket.EAI_NONAME)],
)
def test_the_router_fails_every_name(netlab: NetLab, mode: Any, rcode: str, eai: int) -> None:
    netlab.router_dns(mode)

    resolved, router, public = netlab.probe(
        resolve("www.example.test"),
        query("www.example.test", ROUTER),
        query("www.example.test", RESOLVER),
    )

    assert resolved["errno"] == eai
    assert (router["rcode"], router["addresses"]) == (rcode, [])
    assert public["addresses"] == [WWW]


def test_a_silent_router_costs_getaddrinfo_one_second(netlab: NetLab) -> None:
    netlab.router_dns("silent")

    resolved, router = netlab.probe(
        resolve("www.example.test"), query("www.example.test", ROUTER, timeout=0.5)
    )

    assert resolved["errno"] == socket.EAI_AGAIN
    # options timeout:1 attempts:1 in the client's resolv.conf: not glibc's 5 s, twice.
    assert 0.9 <= resolved["seconds"] < 3
    assert router["error"] == "Timeout"
    assert f"{ROUTER} A www.example.test" in netlab.traffic().dns  # heard, not answered


def test_a_portal_router_answers_every_name_with_itself(netlab: NetLab) -> None:
    netlab.router_dns("portal")

    known, unknown = netlab.probe(resolve("www.example.test"), resolve("anything.example"))

    assert known["addresses"] == unknown["addresses"] == [ROUTER]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("answer", {"rcode": "NOERROR", "addresses": [WWW]}),
        ("hijack", {"rcode": "NOERROR", "addresses": [ROUTER]}),
        ("silent", {"error": "Timeout"}),
    ],
)
def test_the_public_resolver(netlab: NetLab, mode: Any, expected: dict[str, Any]) -> None:
    netlab.public_dns(mode)

    public, tcp, router = netlab.probe(
        query("www.example.test", RESOLVER, timeout=0.5),
        {**query("www.example.test", RESOLVER, timeout=0.5), "tcp": True},
        resolve("www.example.test"),
    )

    for answer in (public, tcp):
        assert {key: answer[key] for key in expected} == expected
    assert router["addresses"] == [WWW]  # the router's DNS does not depend on it


def test_the_web_hosts_answer_over_http_and_https(netlab: NetLab) -> None:
    answers = netlab.probe(
        get("http://connectivity.test/generate_204"),
        get("http://detectportal.test/success.txt"),
        get("http://www.example.test/"),
        get("http://api.example.test/"),
        get("http://www.example.test/elsewhere"),
        get("https://www.example.test/", cafile=netlab.ca_file),
        get("https://api.example.test/"),  # the system's CAs do not know the lab's
    )

    assert [(a.get("status"), a.get("body")) for a in answers[:6]] == [
        (204, ""),
        (200, "success\n"),
        (200, "Example home"),
        (200, '{"status": "ok"}'),
        (404, "no such page\n"),
        (200, "Example home"),
    ]
    assert answers[6]["error"] == "SSLCertVerificationError"
    assert f"{CANARY}:80 GET /generate_204 connectivity.test" in netlab.traffic().http


def test_a_page_the_test_sets(netlab: NetLab) -> None:
    netlab.set_page(API, "/", 503, "down for maintenance")

    http, https = netlab.probe(
        get("http://api.example.test/"), get("https://api.example.test/", cafile=netlab.ca_file)
    )

    assert (http["status"], http["body"]) == (503, "down for maintenance")
    assert (https["status"], https["body"]) == (503, "down for maintenance")


def test_a_captive_portal_answers_for_every_web_host(netlab: NetLab) -> None:
    netlab.captive_portal("page")
    urls = [
        "http://connectivity.test/generate_204",
        "http://www.example.test/",
        f"http://{API}/any/path",
        f"http://{ROUTER}/",
    ]

    *answers, https = netlab.probe(
        *map(get, urls), get("https://www.example.test/", cafile=netlab.ca_file)
    )

    for answer in answers:
        assert answer["status"] == 200
        assert SIGN_IN in answer["body"]
    assert https["error"] == "SSLCertVerificationError"  # the portal's own certificate
    netlab.captive_portal("off")
    assert netlab.probe(get(urls[0]))[0]["status"] == 204


def test_a_captive_portal_redirects_to_its_login_page(netlab: NetLab) -> None:
    netlab.captive_portal("redirect")

    canary, login = netlab.probe(get("http://connectivity.test/generate_204"), get(PORTAL_URL))

    assert (canary["status"], canary["location"]) == (302, PORTAL_URL)
    assert login["status"] == 200
    assert SIGN_IN in login["body"]


def test_offline_nothing_is_reachable_at_once(netlab: NetLab) -> None:
    netlab.network("offline")

    router, public, name, ping = netlab.probe(
        connect(f"{ROUTER}:80"),
        connect(f"{WWW}:80"),
        resolve("www.example.test"),
        {"ping": ROUTER},
    )

    assert router["errno"] == public["errno"] == ping["errno"] == errno.ENETUNREACH
    assert name["errno"] == socket.EAI_AGAIN
    assert not netlab.traffic().dns
    netlab.network("online")
    assert netlab.probe(connect(f"{WWW}:80"))[0]["ok"]


def test_router_only_the_router_answers_and_beyond_is_silence(netlab: NetLab) -> None:
    netlab.network("router_only")

    ping, router, name, www, resolver = netlab.probe(
        {"ping": ROUTER},
        get(PAC_URL),
        resolve("www.example.test"),
        connect(f"{WWW}:80", timeout=0.5),
        query("www.example.test", RESOLVER, timeout=0.5),
    )

    assert ping["ok"]
    assert router["status"] == 200
    assert name["addresses"] == [WWW]  # the router answers DNS from its zone, see topology
    assert www["error"] == "TimeoutError"
    assert resolver["error"] == "Timeout"


def test_router_unreachable_the_router_says_no_route_to_host(netlab: NetLab) -> None:
    netlab.network("router_unreachable")

    router, www = netlab.probe(connect(f"{ROUTER}:80"), connect(f"{WWW}:80"))

    assert router["ok"]
    assert www["errno"] == errno.EHOSTUNREACH


def test_the_proxy_forwards_and_tunnels(netlab: NetLab) -> None:
    http, https, direct = netlab.probe(
        get("http://www.example.test/", proxy=PROXY_URL),
        get("https://api.example.test/", proxy=PROXY_URL, cafile=netlab.ca_file),
        get("http://connectivity.test/generate_204"),
    )

    assert (http["status"], http["body"]) == (200, "Example home")
    assert (https["status"], https["body"]) == (200, '{"status": "ok"}')
    assert direct["status"] == 204
    assert netlab.traffic().proxy == [
        "GET http://www.example.test/",
        "CONNECT api.example.test:443",
    ]


def test_a_proxy_that_is_down_refuses_and_one_that_fails_says_502(netlab: NetLab) -> None:
    netlab.proxy("down")
    (down,) = netlab.probe(get("http://www.example.test/", proxy=PROXY_URL))
    netlab.proxy("failing")
    failing, tunnel = netlab.probe(
        get("http://www.example.test/", proxy=PROXY_URL),
        get("https://www.example.test/", proxy=PROXY_URL, cafile=netlab.ca_file),
    )

    assert down["errno"] == errno.ECONNREFUSED
    assert failing["status"] == 502
    assert "502" in tunnel["message"]
    assert netlab.traffic().proxy == [
        "GET http://www.example.test/",
        "CONNECT www.example.test:443",
    ]


def test_when_a_proxy_is_required_only_the_proxy_gets_out(netlab: NetLab) -> None:
    netlab.proxy_required()

    direct, name, proxied = netlab.probe(
        connect(f"{WWW}:80"),
        resolve("www.example.test"),
        get("http://www.example.test/", proxy=PROXY_URL),
    )

    assert direct["errno"] == errno.ENETUNREACH
    assert name["addresses"] == [WWW]
    assert proxied["status"] == 200


def test_the_pac_file_names_the_proxy_until_the_test_rewrites_it(netlab: NetLab) -> None:
    (served,) = netlab.probe(get(PAC_URL))
    netlab.set_pac('function FindProxyForURL(url, host) { return "DIRECT"; }')
    (rewritten,) = netlab.probe(get(PAC_URL))

    assert served["body"] == DEFAULT_PAC
    assert f'return "PROXY {PROXY_URL.removeprefix("http://")}";' in served["body"]
    assert '"DIRECT"' in rewritten["body"]


def test_ping_of_the_gateway_allowed_or_forbidden(netlab: NetLab) -> None:
    (allowed,) = netlab.probe({"ping": ROUTER})
    netlab.allow_ping(False)
    (forbidden,) = netlab.probe({"ping": ROUTER})

    assert allowed["ok"]
    assert (forbidden["error"], forbidden["errno"]) == ("PermissionError", errno.EACCES)


def test_reset_mends_everything(netlab: NetLab) -> None:
    netlab.router_dns("silent")
    netlab.public_dns("hijack")
    netlab.captive_portal("page")
    netlab.proxy("down")
    netlab.set_pac("nothing")
    netlab.network("offline")
    netlab.allow_ping(False)
    netlab.add_names({"gone.example.test": WWW})

    netlab.reset()

    name, gone, public, canary, pac, ping = netlab.probe(
        resolve("www.example.test"),
        resolve("gone.example.test"),
        query("www.example.test", RESOLVER),
        get("http://connectivity.test/generate_204"),
        get(PAC_URL, proxy=PROXY_URL),
        {"ping": ROUTER},
    )
    assert name["addresses"] == public["addresses"] == [WWW]
    assert gone["errno"] == socket.EAI_NONAME
    assert canary["status"] == 204
    assert pac["body"] == DEFAULT_PAC
    assert ping["ok"]


def test_programs_run_with_the_clients_files_and_without_the_loopback_guard(
    netlab: NetLab, child_env: dict[str, str], python: str
) -> None:
    resolv = netlab.run(["cat", "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf"])
    guard = netlab.run(
        [python, "-c", "import socket; print(getattr(socket, '_loopback_guard', False))"],
        env=child_env,
    )

    assert resolv.stdout.startswith(f"nameserver {ROUTER}\noptions timeout:1 attempts:1\n")
    assert "hosts: files dns" in resolv.stdout
    assert f"nameserver {ROUTER}" not in Path("/etc/resolv.conf").read_text()
    assert guard.stdout == "False\n"
    with pytest.raises(subprocess.TimeoutExpired):
        netlab.run(["sleep", "30"], timeout=0.2)


def _host_addresses() -> list[str]:
    shown = subprocess.run(
        ["ip", "-j", "-4", "addr", "show"], capture_output=True, text=True, check=True
    )
    return [a["local"] for link in json.loads(shown.stdout) for a in link.get("addr_info", [])]


def test_nothing_leaves_the_lab(netlab: NetLab) -> None:
    host_addresses = _host_addresses()
    with socket.socket() as listener:  # on the host, on every address it has
        listener.bind(("0.0.0.0", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]

        answers = netlab.probe(
            *(connect(f"{address}:{port}", timeout=0.5) for address in host_addresses),
            connect("192.0.2.1:80", timeout=0.5),
            get(f"http://{host_addresses[-1]}:{port}/", proxy=PROXY_URL),
        )

        with pytest.raises(BlockingIOError):
            listener.accept()
    assert "127.0.0.1" in host_addresses
    assert not any(answer.get("ok") for answer in answers)
    assert answers[-2]["errno"] == errno.ENETUNREACH  # the internet has no way out
    assert answers[-1]["status"] == 502
    links = subprocess.run(
        ["nsenter", f"--target={netlab.internet_pid}", "--net", "ip", "-o", "link"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [line.split(": ")[1].split("@")[0] for line in links.stdout.splitlines()] == [
        "lo",
        "gw0",
    ]


def _net_namespace(pid: int | str) -> str:
    return os.readlink(f"/proc/{pid}/ns/net")


def _fail_in_a_lab(folder: Path, seen: dict[str, Any]) -> None:
    with start_lab(folder) as lab:
        seen["sleeper"] = lab.popen(["sleep", "60"])
        seen["namespaces"] = {_net_namespace(lab.client_pid), _net_namespace(lab.internet_pid)}
        raise RuntimeError("the test failed")


@pytest.mark.usefixtures("_netlab")  # skips, or fails on CI, where no lab can start
def test_closing_the_lab_leaves_no_process_in_its_namespaces(tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    with pytest.raises(RuntimeError, match="the test failed"):
        _fail_in_a_lab(tmp_path, seen)

    assert seen["sleeper"].returncode == -9
    left = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if _net_namespace(entry.name) in seen["namespaces"]:
                    left.append(entry.name)
            except OSError:
                continue  # it ended while we looked
    assert not left
