"""The ping check: real ICMP echoes to this machine's loopback, and to private networks the
tests build in namespaces, where a gateway says a network is unreachable, a black hole says
nothing, an answering host loses one echo in three, and the system lets nobody ping.

On this machine the echoes go the way the process may send them (root: a raw socket). In a
namespace the test chooses: ``ping_group_range`` letting root's group ping over a datagram
socket with ``CAP_NET_RAW`` dropped (what an unprivileged user gets), or letting no group
ping and no raw socket be opened (a system that allows no unprivileged ICMP).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.core.probes.fixtures import local_prober, settings
from tests.core.probes.test_icmp import may_ping
from tests.support.namespaces import PEER, isolated, run_isolated
from tests.support.servers import LocalSites
from trayapp.core.config.model import PingCheck
from trayapp.core.models import Cause
from trayapp.core.probes.icmp import ALLOW_PING

pytestmark = pytest.mark.anyio

REPLIES = re.compile(
    r"(?P<received>\d+) of (?P<sent>\d+) replies(?: \((?P<lost>\d+)% lost\))? from "
    r"(?P<address>\S+), min/avg/max (?P<min>[\d.]+)/(?P<avg>[\d.]+)/(?P<max>[\d.]+) ms"
)
BLOCKED = (
    'this system does not allow unprivileged ping (net.ipv4.ping_group_range is "1 0", which '
    f"leaves out every group of this user); allow it with: {ALLOW_PING}"
)


def ping_check(host: str, **fields: Any) -> PingCheck:
    return PingCheck.model_validate({"type": "ping", "host": host, **fields})


def replies(detail: str) -> dict[str, str]:
    """The parts of an up check's detail; fails the test when it is not one."""
    found = REPLIES.fullmatch(detail)
    assert found is not None, detail
    return found.groupdict()


def shown_as(elapsed_ms: float, text: str) -> bool:
    """Whether ``elapsed_ms`` (to 0.1 ms) is the value written as ``text`` in a detail."""
    decimals = len(text.partition(".")[2])
    return abs(elapsed_ms - float(text)) <= 0.5 * 10**-decimals + 0.05


# --- this machine ----------------------------------------------------------------------------

needs_ping = pytest.mark.skipif(not may_ping(), reason="this user may not ping here")


@needs_ping
@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
async def test_loopback_replies_to_every_echo(sites: LocalSites, host: str) -> None:
    async with local_prober(sites) as prober:
        result = await prober.run(ping_check(host), settings())
    assert (result.type, result.target, result.cause) == ("ping", host, None)
    parts = replies(result.detail)
    assert (parts["received"], parts["sent"], parts["lost"], parts["address"]) == (
        "3",
        "3",
        None,
        host,
    )
    assert float(parts["min"]) <= float(parts["avg"]) <= float(parts["max"])
    # The check's time is the mean round trip, not the 0.4 s its three echoes took to send.
    assert shown_as(result.elapsed_ms, parts["avg"]), (result.elapsed_ms, result.detail)
    assert result.timings.dns_ms is None  # an address: nothing was looked up


@needs_ping
async def test_a_name_is_resolved_and_its_address_pinged(sites: LocalSites) -> None:
    async with local_prober(sites) as prober:
        result = await prober.run(ping_check("site.test", count=1), settings())
    assert result.ok, result.detail
    assert replies(result.detail)["address"] == "127.0.0.1"
    assert result.target == "site.test"
    assert result.timings.dns_ms is not None
    assert "site.test." in sites.dns_queries


@needs_ping
@pytest.mark.parametrize(("version", "address"), [(None, "::1"), (4, "127.0.0.1"), (6, "::1")])
async def test_ip_version_picks_the_family_of_the_address_pinged(
    sites: LocalSites, version: int | None, address: str
) -> None:
    # dual.test has both; the DNS server's addresses come IPv6 first.
    check = ping_check("dual.test", count=1, ip_version=version)
    async with local_prober(sites) as prober:
        result = await prober.run(check, settings())
    assert replies(result.detail)["address"] == address


@pytest.mark.parametrize(
    ("host", "version", "detail"),
    [
        ("site.test", 6, "no IPv6 address for site.test"),
        ("six.test", 4, "no IPv4 address for six.test"),
        ("nothing.invalid", None, "no such name: nothing.invalid"),
    ],
)
async def test_a_name_without_an_address_to_ping_is_dns(
    sites: LocalSites, host: str, version: int | None, detail: str
) -> None:
    async with local_prober(sites) as prober:
        result = await prober.run(ping_check(host, ip_version=version), settings())
    assert (result.cause, result.detail) == (Cause.DNS, detail)


# --- a namespace with a gateway --------------------------------------------------------------

LAB = (
    PEER
    + r"""
in_peer ip route add unreachable 10.10.0.0/16
in_peer ip route add blackhole 10.12.0.0/16
in_peer ip -6 route add unreachable fd00:10::/64
ip route add default via 10.9.0.254
ip -6 route add default via fd00:9::fe
"""
)
"""The gateway routes 10.10/16 and fd00:10::/64 nowhere (and says so), 10.12/16 into a
black hole (silently)."""

CHECKS_PROGRAM = """
from trayapp.core.config.model import PingCheck, ServiceSettings
from trayapp.core.probes import Prober, SystemResolver

CHECKS = {checks!r}
SETTINGS = ServiceSettings(
    interval=60, timeout=5, failure_threshold=2, success_threshold=2, flap_window=1800,
    slow_after=3,
)

async def main():
    checks = [PingCheck.model_validate(fields) for fields in CHECKS]
    async with Prober(resolver=SystemResolver()) as prober:
        results = await asyncio.gather(*(prober.run(check, SETTINGS) for check in checks))
    return [[r.target, r.cause, r.detail, r.elapsed_ms] for r in results]
"""


def run_checks(checks: list[dict[str, Any]], **isolation: Any) -> list[list[Any]]:
    """Run ping checks at once through a prober in a namespace; [target, cause, detail,
    elapsed_ms] of each."""
    found: list[list[Any]] = run_isolated(CHECKS_PROGRAM.format(checks=checks), **isolation)
    return found


UNPRIVILEGED = {"ping_group": "0 2147483647", "net_raw": False}
"""A datagram socket only: what every user gets where ping_group_range lets every group."""


@pytest.fixture(scope="module")
def lab() -> list[list[Any]]:
    """The lab's addresses pinged at once, unprivileged."""
    checks = [
        {"type": "ping", "host": "10.9.0.254", "count": 2},
        {"type": "ping", "host": "fd00:9::fe", "count": 2},
        {"type": "ping", "host": "10.10.0.5", "count": 2},
        {"type": "ping", "host": "fd00:10::5"},
        {"type": "ping", "host": "10.12.0.7", "count": 2, "timeout": "500ms"},
        {"type": "ping", "host": "10.12.0.8", "count": 1, "timeout": "500ms"},
    ]
    return run_checks(checks, setup=LAB, **UNPRIVILEGED)


@isolated
def test_the_gateway_replies_unprivileged(lab: list[list[Any]]) -> None:
    for target, cause, detail, elapsed_ms in lab[:2]:
        parts = replies(detail)
        assert (cause, parts["received"], parts["sent"], parts["address"]) == (
            None,
            "2",
            "2",
            target,
        )
        assert shown_as(elapsed_ms, parts["avg"]), (elapsed_ms, detail)


@isolated
def test_unreachable_is_refused_and_says_who_said_so(lab: list[list[Any]]) -> None:
    assert lab[2][1:3] == [
        "refused",
        "10.10.0.5 unreachable: host unreachable (reported by 10.9.0.254)",
    ]
    assert lab[3][1:3] == [
        "refused",
        "fd00:10::5 unreachable: no route to destination (reported by fd00:9::fe)",
    ]


@isolated
def test_silence_is_a_timeout_with_the_echoes_counted(lab: list[list[Any]]) -> None:
    assert lab[4][1:3] == ["timeout", "no reply from 10.12.0.7 within 500ms (2 echoes)"]
    assert lab[5][1:3] == ["timeout", "no reply from 10.12.0.8 within 500ms"]


RESPONDER = r"""
import socket, struct

def checksum(data):
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF

sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
print("ready", flush=True)
while True:
    data, (source, _) = sock.recvfrom(2048)
    icmp = data[(data[0] & 0x0F) * 4 :]
    kind, _code, _sum, ident, sequence = struct.unpack_from("!BBHHH", icmp)
    if kind == 8 and sequence % 3 != 2:
        reply = struct.pack("!BBHHH", 0, 0, 0, ident, sequence) + icmp[8:]
        sock.sendto(reply[:2] + struct.pack("!H", checksum(reply)) + reply[4:], (source, 0))
"""
"""Answers the echoes sent to the peer but every third, from the second on (the kernel's own
answers are off)."""

LOSSY_MAIN = f"""
import os, subprocess, sys

RESPONDER = {RESPONDER!r}

async def main():
    command = ["nsenter", "--target", os.environ["PEER"], "--net", sys.executable, "-c", RESPONDER]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as responder:
        try:
            assert responder.stdout.readline() == "ready\\n"
            return await pinged()
        finally:
            responder.kill()
"""


@isolated
def test_a_lost_echo_leaves_the_check_up_with_the_loss_said() -> None:
    setup = LAB + "export PEER\nin_peer sh -c 'echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all'\n"
    checks = [{"type": "ping", "host": "10.9.0.254", "count": 6, "timeout": "1s"}]
    program = CHECKS_PROGRAM.format(checks=checks).replace("def main(", "def pinged(")
    ((_, cause, detail, _),) = run_isolated(program + LOSSY_MAIN, setup=setup)
    assert cause is None
    parts = replies(detail)
    assert (parts["received"], parts["sent"], parts["lost"]) == ("4", "6", "33")


# --- names, families and privileges in a namespace -------------------------------------------

HOSTS = """127.0.0.1 localhost
::1 localhost
10.9.0.254 gw.lab
fd00:9::fe gw.lab
10.9.0.254 v4.lab
"""


@isolated
def test_ip_version_keeps_a_name_to_one_family(tmp_path: Path) -> None:
    checks = [
        {"type": "ping", "host": "gw.lab", "count": 1, "ip_version": 4},
        {"type": "ping", "host": "gw.lab", "count": 1, "ip_version": 6},
        {"type": "ping", "host": "v4.lab", "count": 1, "ip_version": 6},
    ]
    four, six, none = run_checks(
        checks, setup=LAB, files={"/etc/hosts": HOSTS}, folder=tmp_path, **UNPRIVILEGED
    )
    assert replies(four[2])["address"] == "10.9.0.254"
    assert replies(six[2])["address"] == "fd00:9::fe"
    assert none[1:3] == ["dns", "no IPv6 address for v4.lab"]


WARNING_PROGRAM = """
from trayapp.core.config import Config
from trayapp.core.probes import ping_blocked, ping_warning

CONFIG = {config!r}

async def main():
    return [ping_blocked(4), ping_blocked(6), ping_warning(Config.model_validate(CONFIG))]
"""


def warnings(**isolation: Any) -> list[str | None]:
    config = {
        "services": [
            {"name": "NAS", "checks": [{"type": "ping", "host": "10.9.0.254"}]},
            {"name": "Web", "url": "https://example.org/"},
            {"name": "Printer", "checks": [{"type": "ping", "host": "::1"}]},
        ]
    }
    found: list[str | None] = run_isolated(WARNING_PROGRAM.format(config=config), **isolation)
    return found


@isolated
def test_where_nobody_may_ping_the_check_says_how_to_allow_it() -> None:
    ((_, cause, detail, _),) = run_checks(
        [{"type": "ping", "host": "127.0.0.1"}], ping_group="1 0", net_raw=False
    )
    assert (cause, detail) == ("refused", BLOCKED)
    assert warnings(ping_group="1 0", net_raw=False) == [
        BLOCKED,
        BLOCKED,
        f"the ping checks of NAS, Printer cannot run: {BLOCKED}",
    ]


@isolated
@pytest.mark.parametrize(
    "isolation",
    [UNPRIVILEGED, {"ping_group": "1 0", "net_raw": True}],
    ids=["unprivileged", "raw"],
)
def test_where_ping_is_allowed_nothing_is_said(isolation: dict[str, Any]) -> None:
    assert warnings(**isolation) == [None, None, None]
