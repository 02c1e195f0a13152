"""The way out: default gateways, the system's DNS servers, and one question to one server.

Gateways and resolver files are read for real in namespaces the tests build (routes made
with ``ip route``, /etc/resolv.conf bind-mounted for the namespace alone); the outputs of
macOS's ``route get`` and Windows' ``route print`` are read from examples of them. DNS
servers are real ones on loopback, answering as each test needs.
"""

from __future__ import annotations

import asyncio
import ipaddress
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import dns.message
import dns.rcode
import dns.rrset
import pytest

from tests.support.namespaces import PEER, isolated, run_isolated
from tests.support.servers import closed_port
from trayapp.core.probes import (
    Gateway,
    ResolverAnswer,
    ResolverOutcome,
    SystemDns,
    ask_resolver,
    default_gateways,
    system_dns_servers,
)
from trayapp.core.probes.localnet import route_get_gateways, windows_gateways


def test_the_face_imports_the_way_out_at_first_use(python: str, child_env: dict[str, str]) -> None:
    code = (
        "import sys, trayapp.core.probes as probes\n"
        "rooms = ('trayapp.core.probes.icmp', 'trayapp.core.probes.localnet', 'dns.resolver')\n"
        "print([room for room in rooms if room in sys.modules])\n"
        "print(probes.ping.__module__, probes.system_dns.__module__)\n"
    )
    done = subprocess.run(
        [python, "-c", code], env=child_env, check=True, timeout=60, capture_output=True, text=True
    )
    assert done.stdout == "[]\ntrayapp.core.probes.icmp trayapp.core.probes.localnet\n"


# --- default gateways ------------------------------------------------------------------------


def gateways(setup: str) -> list[Gateway]:
    program = """
from trayapp.core.probes.localnet import default_gateways

async def main():
    return default_gateways()
"""
    return [Gateway(**fields) for fields in run_isolated(program, setup=setup)]


@isolated
def test_the_gateways_of_the_default_routes_best_first() -> None:
    routes = r"""
ip route add default via 10.9.0.253 metric 200
ip route add default via 10.9.0.254 metric 100
ip route add 10.20.0.0/16 via 10.9.0.254
ip -6 route add default via fe80::fe dev v0 metric 2048
ip -6 route add default via fd00:9::fe metric 1024
"""
    assert gateways(PEER + routes) == [
        Gateway("10.9.0.254", "v0", 4),
        Gateway("10.9.0.253", "v0", 4),
        Gateway("fd00:9::fe", "v0", 6),
        Gateway("fe80::fe%v0", "v0", 6),
    ]


@isolated
def test_no_default_route_no_gateway() -> None:
    assert gateways(PEER + "ip route add 10.20.0.0/16 via 10.9.0.254") == []


@isolated
def test_a_default_route_onto_a_link_has_no_gateway() -> None:
    assert gateways(PEER + "ip route add default dev v0\nip -6 route add default dev v0") == []


@isolated
def test_the_gateway_found_is_the_one_that_answers() -> None:
    program = """
from trayapp.core.probes.icmp import ping
from trayapp.core.probes.localnet import default_gateways

async def main():
    return [await ping(gateway.address, 10) for gateway in default_gateways()]
"""
    setup = (
        PEER + "ip route add default via 10.9.0.254\nip -6 route add default via fe80::fe dev v0"
    )
    found = run_isolated(program, setup=setup)
    assert [(echo["address"], echo["ok"]) for echo in found] == [
        ("10.9.0.254", True),
        ("fe80::fe%v0", True),
    ]


ROUTE_GET_V4 = """\
   route to: default
destination: default
       mask: default
    gateway: 192.168.1.1
  interface: en0
      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>
 recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire
       0         0         0         0         0         0      1500         0
"""
ROUTE_GET_V6 = ROUTE_GET_V4.replace("192.168.1.1", "fe80::1%en0")
ROUTE_GET_V6_BARE = ROUTE_GET_V4.replace("192.168.1.1", "fe80::1")
ROUTE_GET_VPN = """\
   route to: default
destination: default
       mask: default
  interface: utun3
      flags: <UP,DONE,STATIC,PRCLONING,GLOBAL>
"""


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (ROUTE_GET_V4, [Gateway("192.168.1.1", "en0", 4)]),
        (ROUTE_GET_V6, [Gateway("fe80::1%en0", "en0", 6)]),
        (ROUTE_GET_V6_BARE, [Gateway("fe80::1%en0", "en0", 6)]),
        (ROUTE_GET_VPN, []),
        ("", []),  # "route: writing to routing socket: not in table", on stderr
    ],
)
def test_route_get_of_macos(output: str, expected: list[Gateway]) -> None:
    assert route_get_gateways(output) == expected


ROUTE_PRINT = """\
===========================================================================
Interface List
 12...00 15 5d 01 02 03 ......Microsoft Hyper-V Network Adapter
  1...........................Software Loopback Interface 1
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.100     25
          0.0.0.0          0.0.0.0         10.8.0.1         10.8.0.6     10
          0.0.0.0          0.0.0.0          On-link        10.99.0.2    281
        127.0.0.0        255.0.0.0         On-link         127.0.0.1    331
      192.168.1.0    255.255.255.0         On-link     192.168.1.100    281
===========================================================================
Persistent Routes:
  Network Address          Netmask  Gateway Address  Metric
          0.0.0.0          0.0.0.0      192.168.1.1  Default
===========================================================================

IPv6 Route Table
===========================================================================
Active Routes:
 If Metric Network Destination      Gateway
 12    281 ::/0                     fe80::1
 14    100 ::/0                     2001:db8::1
  1    331 ::1/128                  On-link
 12    281 fe80::/64                On-link
===========================================================================
Persistent Routes:
  None
"""


def test_route_print_of_windows() -> None:
    assert windows_gateways(ROUTE_PRINT) == [
        Gateway("10.8.0.1", "10.8.0.6", 4),
        Gateway("192.168.1.1", "192.168.1.100", 4),
        Gateway("2001:db8::1", "14", 6),
        Gateway("fe80::1%12", "12", 6),
    ]


def test_this_machines_gateways_are_addresses() -> None:
    for gateway in default_gateways():  # whatever this machine has: often none in CI
        assert ipaddress.ip_address(gateway.address).version == gateway.family
        assert gateway.interface


# --- the system resolver's servers -----------------------------------------------------------


def dns_setup(tmp_path: Path, files: dict[str, str]) -> SystemDns:
    program = """
from trayapp.core.probes.localnet import system_dns, system_dns_servers

async def main():
    return [system_dns(), system_dns_servers()]
"""
    found, servers = run_isolated(program, files=files, folder=tmp_path)
    dns = SystemDns(tuple(found["servers"]), found["stub"], tuple(found["upstream"]))
    assert servers == list(dns.servers)
    return dns


@isolated
def test_the_servers_of_resolv_conf(tmp_path: Path) -> None:
    resolv = "search lan\nnameserver 10.1.1.1\nnameserver fd00::53\noptions timeout:1\n"
    assert dns_setup(tmp_path, {"/etc/resolv.conf": resolv}) == SystemDns(("10.1.1.1", "fd00::53"))


@isolated
def test_systemd_resolved_stub_and_its_upstream(tmp_path: Path) -> None:
    files = {
        "/etc/resolv.conf": "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n",
        "/run/systemd/resolve/resolv.conf": "nameserver 10.1.1.1\nnameserver 10.1.1.2\n",
    }
    assert dns_setup(tmp_path, files) == SystemDns(
        ("127.0.0.53",), "127.0.0.53", ("10.1.1.1", "10.1.1.2")
    )


@isolated
def test_resolved_stub_without_its_file(tmp_path: Path) -> None:
    files = {"/etc/resolv.conf": "nameserver 127.0.0.53\n"}
    assert dns_setup(tmp_path, files) == SystemDns(("127.0.0.53",), "127.0.0.53", ())


@isolated
def test_no_nameserver_none_known(tmp_path: Path) -> None:
    assert dns_setup(tmp_path, {"/etc/resolv.conf": "# nothing here\n"}) == SystemDns(())


def test_this_machines_servers_are_addresses() -> None:
    for server in system_dns_servers():
        ipaddress.ip_address(server)


# --- one question to one server --------------------------------------------------------------


class _Server(asyncio.DatagramProtocol):
    """Answers by the name asked: ``<mode>.test``, ``mode`` as the test needs."""

    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: Any) -> None:
        query = dns.message.from_wire(data)
        name = query.question[0].name.to_text()
        mode = name.split(".")[0]
        response = dns.message.make_response(query)
        assert self.transport is not None
        if mode == "silent":
            return
        if mode == "answer":
            response.answer.append(dns.rrset.from_text(name, 60, "IN", "A", "10.0.0.7", "10.0.0.8"))
        elif mode == "stray":  # someone else's answer first, then ours
            stray = dns.message.make_response(dns.message.make_query("other.test", "A"))
            self.transport.sendto(stray.to_wire(), addr)
            response.answer.append(dns.rrset.from_text(name, 60, "IN", "A", "10.0.0.9"))
        elif mode == "nxdomain":
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif mode == "servfail":
            response.set_rcode(dns.rcode.SERVFAIL)
        elif mode == "refused":
            response.set_rcode(dns.rcode.REFUSED)
        elif mode == "garbage":
            self.transport.sendto(response.to_wire()[:7], addr)
            return
        self.transport.sendto(response.to_wire(want_shuffle=False), addr)


@pytest.fixture(params=["127.0.0.1", "::1"])
async def dns_server(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """``127.0.0.1:port`` or ``[::1]:port`` of a DNS server that answers as the name says."""
    transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
        _Server, local_addr=(request.param, 0)
    )
    port = transport.get_extra_info("sockname")[1]
    try:
        yield f"127.0.0.1:{port}" if request.param == "127.0.0.1" else f"[::1]:{port}"
    finally:
        transport.close()


SAYS = {
    "answer.test": (
        "answered",
        ("10.0.0.7", "10.0.0.8"),
        "answered: answer.test is 10.0.0.7, 10.0.0.8",
        "NOERROR",
    ),
    "empty.test": ("answered", (), "answered: empty.test has no IPv4 address", "NOERROR"),
    "stray.test": ("answered", ("10.0.0.9",), "answered: stray.test is 10.0.0.9", "NOERROR"),
    "nxdomain.test": ("nxdomain", (), "says nxdomain.test does not exist (NXDOMAIN)", "NXDOMAIN"),
    "servfail.test": ("error", (), "answers SERVFAIL for servfail.test", "SERVFAIL"),
    "refused.test": ("error", (), "answers REFUSED for refused.test", "REFUSED"),
}


@pytest.mark.parametrize("name", SAYS)
@pytest.mark.anyio
async def test_what_the_server_says(dns_server: str, name: str) -> None:
    outcome, addresses, detail, rcode = SAYS[name]
    expected = ResolverAnswer(dns_server, ResolverOutcome(outcome), addresses, detail, rcode)
    assert await ask_resolver(dns_server, name, 5) == expected


@pytest.mark.anyio
async def test_a_malformed_answer_is_an_error(dns_server: str) -> None:
    assert await ask_resolver(dns_server, "garbage.test", 5) == ResolverAnswer(
        dns_server, ResolverOutcome.ERROR, (), "answers with a malformed message"
    )


@pytest.mark.anyio
async def test_a_silent_server(dns_server: str) -> None:
    assert await ask_resolver(dns_server, "silent.test", 0.5) == ResolverAnswer(
        dns_server, ResolverOutcome.SILENT, (), "no answer within 500ms"
    )


@pytest.mark.anyio
async def test_nothing_listening_is_unreachable() -> None:
    server = f"127.0.0.1:{closed_port()}"
    port = server.rsplit(":", 1)[1]
    detail = f"unreachable: nothing answers on port {port} (port unreachable)"
    # 30 s: "no answer within 30s" would mean the port unreachable was missed.
    assert await ask_resolver(server, "answer.test", 30) == ResolverAnswer(
        server, ResolverOutcome.UNREACHABLE, (), detail
    )


@pytest.mark.anyio
async def test_a_name_server_is_an_address() -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        await ask_resolver("dns.test", "answer.test", 1)


@pytest.mark.anyio
async def test_a_name_must_be_one() -> None:
    with pytest.raises(ValueError, match="not a name to ask for"):
        await ask_resolver("127.0.0.1", "a" * 64 + ".test", 1)


@isolated
def test_unreachable_servers_in_a_namespace() -> None:
    program = """
from trayapp.core.probes.localnet import ask_resolver
SERVERS = {"10.0.0.1": 30, "[fd00::1]:53": 30, "10.10.0.5": 30, "10.12.0.5": 0.5}

async def main():
    return await asyncio.gather(*(ask_resolver(s, "example.test", t) for s, t in SERVERS.items()))
"""
    setup = PEER + (
        "in_peer ip route add unreachable 10.10.0.0/16\n"
        "in_peer ip route add blackhole 10.12.0.0/16\n"
        "ip route add 10.10.0.0/15 via 10.9.0.254\n"
        "ip route add 10.12.0.0/16 via 10.9.0.254\n"
    )
    found = run_isolated(program, setup=setup)
    assert [(answer["server"], answer["outcome"], answer["detail"]) for answer in found] == [
        ("10.0.0.1", "unreachable", "unreachable: network is unreachable"),
        ("[fd00::1]:53", "unreachable", "unreachable: network is unreachable"),
        ("10.10.0.5", "unreachable", "unreachable: no route to host"),  # the gateway says so
        ("10.12.0.5", "silent", "no answer within 500ms"),
    ]
