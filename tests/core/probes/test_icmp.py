"""ICMP echo: this machine's loopback, and private networks the tests build in namespaces.

In a namespace the tests choose how the echo may be sent: a datagram socket only
(``ping_group_range`` lets every group, ``CAP_NET_RAW`` dropped), a raw socket only (no group
may, root keeps ``CAP_NET_RAW``), or neither. The echoes of one lab run at once, so a reply
that went to the wrong socket, or was taken for another echo's, would show.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from tests.support.namespaces import PEER, isolated, run_isolated
from trayapp.core.probes import Echo, ping

pytestmark = pytest.mark.anyio

MODES = {
    "datagram": {"ping_group": "0 2147483647", "net_raw": False},
    "raw": {"ping_group": "1 0", "net_raw": True},
}
NOT_ALLOWED = (
    "this system does not allow unprivileged ping (net.ipv4.ping_group_range); "
    "{} could not be asked"
)


def may_ping() -> bool:
    """Whether this process may send an echo: every process may on macOS and Windows."""
    if sys.platform != "linux" or os.geteuid() == 0:
        return True
    with open("/proc/sys/net/ipv4/ping_group_range") as setting:
        low, high = map(int, setting.read().split())
    return any(low <= group <= high for group in [os.getgid(), *os.getgroups()])


def echoes(addresses: dict[str, tuple[float, int]], **isolation: Any) -> dict[str, Echo]:
    """Ping each address (timeout, count) at once in a namespace; the echoes by address."""
    program = f"""
from trayapp.core.probes.icmp import ping
ADDRESSES = {addresses!r}

async def main():
    asked = [ping(a, wait, count=count, interval=0.05) for a, (wait, count) in ADDRESSES.items()]
    return dict(zip(ADDRESSES, await asyncio.gather(*asked)))
"""
    found = run_isolated(program, **isolation)
    return {address: Echo(**fields) for address, fields in found.items()}


def answered(echo: Echo) -> bool:
    return (
        echo.ok
        and echo.asked
        and echo.rtt_ms is not None
        and echo.rtt_ms > 0
        and echo.detail == f"answered in {echo.rtt_ms:.2g} ms"
        and (echo.sent, echo.received) == (1, 1)
    )


# --- this machine ----------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
async def test_loopback_answers_on_this_machine(address: str) -> None:
    echo = await ping(address, 10)
    if may_ping():
        assert answered(echo), echo
    else:
        assert echo == Echo(address, False, None, NOT_ALLOWED.format(address), asked=False)


async def test_names_are_not_pinged() -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        await ping("gateway.test", 1)


async def test_a_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive timeout"):
        await ping("127.0.0.1", 0)


# --- a namespace with only loopback ----------------------------------------------------------


LOOPBACK = {"127.0.0.1": (10.0, 1), "::1": (10.0, 1), "10.0.0.1": (30.0, 1), "fd00::1": (30.0, 1)}


@isolated
@pytest.mark.parametrize("mode", MODES)
def test_each_socket_asks_loopback(mode: str) -> None:
    found = echoes(LOOPBACK, **MODES[mode])
    assert answered(found["127.0.0.1"]), found
    assert answered(found["::1"]), found


@isolated
@pytest.mark.parametrize("mode", MODES)
def test_no_route_is_unreachable_at_once(mode: str) -> None:
    # The timeout is 30 s: "no answer within 30s" would mean the error was missed.
    found = echoes(LOOPBACK, **MODES[mode])
    for address in ("10.0.0.1", "fd00::1"):
        assert found[address] == Echo(
            address, False, None, "unreachable: network is unreachable", True, 1, 0, errors=1
        )


@isolated
def test_without_a_socket_allowed_nothing_is_asked() -> None:
    found = echoes(LOOPBACK, ping_group="1 0", net_raw=False)
    assert found == {
        address: Echo(address, False, None, NOT_ALLOWED.format(address), asked=False)
        for address in LOOPBACK
    }


# --- a namespace with a gateway --------------------------------------------------------------

LAB = (
    PEER
    + r"""
in_peer ip route add unreachable 10.10.0.0/16
in_peer ip route add prohibit 10.11.0.0/16
in_peer ip route add blackhole 10.12.0.0/16
in_peer ip -6 route add unreachable fd00:10::/64
in_peer ip -6 route add blackhole fd00:12::/64
ip route add default via 10.9.0.254
ip -6 route add default via fd00:9::fe
ip neigh add 10.9.0.99 lladdr 02:00:00:00:00:99 dev v0 nud permanent
ip -6 neigh add fd00:9::99 lladdr 02:00:00:00:00:99 dev v0 nud permanent
"""
)
"""The gateway routes 10.10/16 nowhere (it says so), 10.11/16 is forbidden (it says so),
10.12/16 into a black hole (silently); 10.9.0.99 is a neighbour that drops every packet."""

ANSWERING = ["10.9.0.254", "fd00:9::fe", "fe80::fe%v0"]
SILENT = ["10.9.0.99", "fd00:9::99", "10.12.0.5", "fd00:12::5"]
UNREACHABLE = {
    "10.9.0.77": "host unreachable (reported by 10.9.0.1)",
    "fd00:9::77": "address unreachable (reported by fd00:9::1)",
    "10.10.0.5": "host unreachable (reported by 10.9.0.254)",
    "10.11.0.5": "administratively prohibited (reported by 10.9.0.254)",
    "fd00:10::5": "no route to destination (reported by fd00:9::fe)",
}
SEVERAL = {"10.9.0.1": (10.0, 3), "10.12.0.7": (0.5, 2)}  # this host; the black hole


@pytest.fixture(scope="module", params=MODES)
def lab(request: pytest.FixtureRequest) -> dict[str, Echo]:
    """Every address of the lab pinged at once, by the module's mode of asking."""
    addresses = {address: (10.0, 1) for address in [*ANSWERING, *UNREACHABLE]}
    addresses |= {address: (1.0, 1) for address in SILENT} | SEVERAL
    return echoes(addresses, setup=LAB, **MODES[request.param])


@isolated
def test_the_gateway_answers(lab: dict[str, Echo]) -> None:
    for address in ANSWERING:
        assert answered(lab[address]), lab[address]


@isolated
def test_unreachable_says_who_said_so(lab: dict[str, Echo]) -> None:
    for address, reason in UNREACHABLE.items():
        unreachable = f"unreachable: {reason}"
        assert lab[address] == Echo(address, False, None, unreachable, True, 1, 0, errors=1)


@isolated
def test_silence_is_no_answer_within_the_timeout(lab: dict[str, Echo]) -> None:
    for address in SILENT:
        assert lab[address] == Echo(address, False, None, "no answer within 1s", True, 1, 0)


@isolated
def test_several_echoes_are_counted(lab: dict[str, Echo]) -> None:
    here, nobody = lab["10.9.0.1"], lab["10.12.0.7"]
    assert (here.ok, here.sent, here.received) == (True, 3, 3)
    assert here.rtt_ms is not None
    assert here.detail == f"3 of 3 echoes answered, in {here.rtt_ms:.2g} ms (median)"
    assert nobody == Echo("10.12.0.7", False, None, "no answer within 500ms", True, 2, 0)


@isolated
def test_the_round_trips_are_summed_up(lab: dict[str, Echo]) -> None:
    here, nobody = lab["10.9.0.1"], lab["10.12.0.7"]
    assert here.rtt_min_ms is not None
    assert here.rtt_avg_ms is not None
    assert here.rtt_max_ms is not None
    assert here.rtt_ms is not None
    assert 0 < here.rtt_min_ms <= here.rtt_ms <= here.rtt_max_ms
    assert here.rtt_min_ms <= here.rtt_avg_ms <= here.rtt_max_ms
    assert here.errors == 0
    assert (nobody.rtt_min_ms, nobody.rtt_avg_ms, nobody.rtt_max_ms) == (None, None, None)
    unreachable = lab["10.10.0.5"]
    assert (unreachable.errors, unreachable.rtt_avg_ms) == (1, None)
