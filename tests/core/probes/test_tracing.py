"""How an http check learns where its time went and how far it got: told by its connection
when it goes direct, by httpcore's trace through a proxy; both the same to the check."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tests.core.probes.fixtures import SETTINGS
from tests.support.proxies import ProxyLab, proxy_lab
from tests.support.servers import LocalSites, closed_port
from trayapp.core.config.model import HttpCheck
from trayapp.core.models import Timings
from trayapp.core.probes import ProxyPolicy, ServerResolver
from trayapp.core.probes.backend import ConnectionInfo, ResolvingBackend
from trayapp.core.probes.causes import Phase
from trayapp.core.probes.tracing import CheckTrace
from trayapp.core.probes.transport import RECORDING, build_client

pytestmark = pytest.mark.anyio


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# --- the direct way: the connection tells ------------------------------------------------------


def direct(trace: CheckTrace, clock: Clock, *, dns: float | None, tls: bool) -> None:
    """One connection, as ResolvingBackend and its streams tell it: 30 ms to connect (the
    lookup's ``dns`` seconds in it), 50 ms of handshake, 100 ms to the answer's head."""
    trace.connecting("site.test", 443)
    trace.connected(ConnectionInfo(address="127.0.0.1", dns_seconds=dns), 0.030)
    if tls:
        trace.handshaking()
        trace.handshaken(0.050)
    trace.sending()
    trace.sending()  # the head, then the body: one wait for the answer
    trace.receiving()
    clock.now += 0.100
    trace.receiving()  # a second read of the head does not start the wait again
    trace.headed(200, "OK")


def test_a_direct_connection_times_each_phase() -> None:
    clock = Clock()
    trace = CheckTrace(clock)
    direct(trace, clock, dns=0.010, tls=True)
    assert trace.timings() == Timings(10.0, 20.0, 50.0, 100.0)
    assert (trace.endpoint, trace.phase, trace.answered) == ("site.test:443", Phase.BODY, True)


def test_an_address_has_no_lookup_and_plain_http_no_handshake() -> None:
    clock = Clock()
    trace = CheckTrace(clock)
    direct(trace, clock, dns=None, tls=False)
    assert trace.timings() == Timings(None, 30.0, None, 100.0)


def test_each_redirects_connection_adds_to_the_sums() -> None:
    clock = Clock()
    trace = CheckTrace(clock)
    direct(trace, clock, dns=0.010, tls=True)
    trace.redirects += 1
    direct(trace, clock, dns=0.010, tls=True)
    assert trace.timings() == Timings(20.0, 40.0, 100.0, 200.0)


def test_reading_the_body_is_not_waiting_for_the_answer() -> None:
    clock = Clock()
    trace = CheckTrace(clock)
    direct(trace, clock, dns=None, tls=False)
    clock.now += 5.0
    trace.receiving()
    trace.headed(200, "OK")  # the probe says it once per response: nothing more to add
    assert (trace.phase, trace.timings().ttfb_ms) == (Phase.BODY, 100.0)


@pytest.mark.parametrize(
    ("steps", "phase"),
    [
        (["connecting"], Phase.CONNECT),
        (["connecting", "connected", "handshaking"], Phase.TLS),
        (["connecting", "connected", "sending"], Phase.REQUEST),
        (["connecting", "connected", "sending", "receiving"], Phase.RESPONSE),
        (["connecting", "connected", "sending", "receiving", "headed"], Phase.BODY),
    ],
)
def test_a_direct_failure_knows_how_far_the_check_got(steps: Sequence[str], phase: Phase) -> None:
    clock = Clock()
    trace = CheckTrace(clock)
    calls: dict[str, Callable[[], None]] = {
        "connecting": lambda: trace.connecting("::1", 8443),
        "connected": lambda: trace.connected(ConnectionInfo(address="::1"), 0.001),
        "handshaking": trace.handshaking,
        "sending": trace.sending,
        "receiving": trace.receiving,
        "headed": lambda: trace.headed(200, "OK"),
    }
    for step in steps:
        calls[step]()
    where = trace.where(5.0)
    assert (where.endpoint, where.phase, where.proxy, where.answered) == (
        "[::1]:8443",
        phase,
        "",
        phase is Phase.BODY,
    )


def test_a_new_connection_forgets_what_answered_on_the_last() -> None:
    clock = Clock()
    trace = CheckTrace(clock)
    direct(trace, clock, dns=None, tls=False)
    trace.connecting("elsewhere.test", 80)
    assert (trace.phase, trace.answered, trace.status) == (Phase.CONNECT, False, None)
    assert trace.endpoint == "elsewhere.test:80"


# --- through a proxy: httpcore's trace ---------------------------------------------------------


async def test_a_tunnels_trace_times_each_phase_and_keeps_the_proxys_answer() -> None:
    clock = Clock()
    trace = CheckTrace(clock)

    async def event(name: str, took: float = 0.0, **info: Any) -> None:
        await trace(f"{name}.started", info)
        clock.now += took
        await trace(f"{name}.complete", info)

    stream = FakeStream(ConnectionInfo(address="127.0.0.1", dns_seconds=0.010))
    await event("connection.connect_tcp", 0.030, host="proxy.test", port=3128, return_value=stream)
    await event("http11.send_request_headers")
    head: tuple[bytes, int, bytes, list[Any]] = (b"HTTP/1.1", 200, b"Connection established", [])
    await event("http11.receive_response_headers", 0.020, return_value=head)
    assert (trace.answered, trace.status) == (True, (200, "Connection established"))
    await event("proxy.start_tls", 0.050)
    await trace("http11.send_request_headers.started", {})
    await trace("http11.receive_response_headers.started", {})
    where = trace.where(5.0)
    assert (where.endpoint, where.phase, where.proxy_status) == (
        "proxy.test:3128",
        Phase.RESPONSE,
        (200, "Connection established"),
    )
    assert trace.timings() == Timings(10.0, 20.0, 50.0, 20.0)


class FakeStream:
    """What httpcore's connect_tcp returns, as far as the trace reads it."""

    def __init__(self, info: ConnectionInfo) -> None:
        self._info = info

    def get_extra_info(self, name: str) -> Any:
        return self._info


# --- the router picks the way ------------------------------------------------------------------


class Heard:
    """A recorder that notes what it is told, either way."""

    def __init__(self) -> None:
        self.told: list[str] = []

    def connecting(self, host: str, port: int) -> None:
        self.told.append("connecting")

    def connected(self, info: ConnectionInfo, seconds: float) -> None:
        self.told.append("connected")

    def handshaking(self) -> None:
        self.told.append("handshaking")

    def handshaken(self, seconds: float) -> None:
        self.told.append("handshaken")

    def sending(self) -> None:
        self.told.append("sending")

    def receiving(self) -> None:
        self.told.append("receiving")

    async def __call__(self, event: str, info: dict[str, Any]) -> None:
        self.told.append(event)


class OneWay:
    """Routes sending every request through ``proxies`` (None: direct)."""

    def __init__(self, *proxies: str | None) -> None:
        self.proxies = [None if p is None else httpx.Proxy(p) for p in proxies]

    async def way(self, url: httpx.URL) -> OneWay:
        return self

    def failed(self, proxy: httpx.Proxy) -> None:
        pass


@pytest.fixture(scope="module")
def lab() -> Iterator[ProxyLab]:
    with proxy_lab() as running:
        yield running


@asynccontextmanager
async def client(sites: LocalSites, way: OneWay) -> AsyncIterator[httpx.AsyncClient]:
    backend = ResolvingBackend(ServerResolver(sites.dns_server), monotonic=Clock())
    made = build_client(backend=backend, ssl_context=sites.client_context, routes=way)
    async with made:
        yield made


def trace_events(told: list[str]) -> list[str]:
    return [name for name in told if "." in name]


async def test_a_direct_request_is_told_by_its_connection_not_by_httpcores_trace(
    sites: LocalSites,
) -> None:
    heard = Heard()
    async with client(sites, OneWay(None)) as direct_client:
        response = await direct_client.get(sites.https(), extensions={RECORDING: heard})
    assert response.status_code == 200
    assert heard.told[:4] == ["connecting", "connected", "handshaking", "handshaken"]
    assert {"sending", "receiving"} <= set(heard.told)
    assert trace_events(heard.told) == []


async def test_through_a_proxy_only_httpcores_trace_tells(sites: LocalSites, lab: ProxyLab) -> None:
    heard = Heard()
    async with client(sites, OneWay(lab.first.url)) as proxied:
        response = await proxied.get(sites.https(), extensions={RECORDING: heard})
    assert response.status_code == 200
    assert heard.told == trace_events(heard.told)
    assert [name for name in heard.told if name.endswith(".start_tls.complete")]


async def test_a_dead_proxy_then_direct_is_told_once(sites: LocalSites) -> None:
    heard = Heard()
    way = OneWay(f"http://127.0.0.1:{closed_port()}", None)
    async with client(sites, way) as fallback:
        response = await fallback.get(sites.http(), extensions={RECORDING: heard})
    assert response.status_code == 200
    # Asked for the proxy's answers, the trace goes on telling: the connection stays quiet.
    assert heard.told == trace_events(heard.told)
    assert heard.told.count("connection.connect_tcp.complete") == 1


# --- the same to the check, either way ---------------------------------------------------------


def timed(timings: Timings) -> tuple[bool, ...]:
    phases = (timings.dns_ms, timings.connect_ms, timings.tls_ms, timings.ttfb_ms)
    return tuple(ms is not None for ms in phases)


async def test_a_check_is_timed_alike_direct_and_through_a_tunnel(
    sites: LocalSites, lab: ProxyLab
) -> None:
    check = HttpCheck(url=sites.https(f"/redirect-to/{sites.https()}"))
    async with sites.prober(proxies=ProxyPolicy()) as made:
        direct_result = await made.run(check, SETTINGS)
    async with sites.prober(proxies=ProxyPolicy(proxy=lab.first.url)) as made:
        tunnelled = await made.run(check, SETTINGS)
    assert direct_result.ok, direct_result.detail
    assert tunnelled.ok, tunnelled.detail
    # Direct, the site's name is looked up; through the proxy (an address), the proxy does it.
    assert timed(direct_result.timings) == (True, True, True, True)
    assert timed(tunnelled.timings) == (False, True, True, True)
