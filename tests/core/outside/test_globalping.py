"""The Globalping client against a fake of its API on 127.0.0.1: the measurement asked for,
followed until finished and read; rate limits, refusals, failures and garbage in words."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from tests.support.globalping import (
    FakeGlobalping,
    Plan,
    dns_result,
    failed_result,
    fake_globalping,
    http_result,
    offline_result,
    ping_result,
)
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import DnsCheck, HttpCheck, PingCheck, StatusRanges, TcpCheck
from trayapp.core.outside import (
    Globalping,
    OutsideReading,
    OutsideUnavailable,
    measurement_request,
    target_of,
)

pytestmark = pytest.mark.anyio

FIVE = ["Europe", "North America", "Asia", "South America", "Oceania"]
SHOP = target_of(HttpCheck(url="https://alice:pw@shop.example.org/cart?id=7"))
TOKEN = "gp-token-9f8e7d"


class ShiftedClock(SystemClock):
    """The system's clocks, with the wall clock moved on by :attr:`ahead`."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def now(self) -> datetime:
        return super().now() + self.ahead


@pytest.fixture(scope="module")
def server() -> Iterator[FakeGlobalping]:
    with fake_globalping() as running:
        yield running


@pytest.fixture
def api(server: FakeGlobalping) -> FakeGlobalping:
    server.reset_state()
    return server


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10.0) as running:
        yield running


def globalping(
    client: httpx.AsyncClient, clock: ShiftedClock, api: FakeGlobalping, **options: object
) -> Globalping:
    settings: dict[str, object] = {"probes": 5, "locations": FIVE, "poll_interval": 0.01}
    settings.update(options)
    return Globalping(client, clock, url=api.url, **settings)  # type: ignore[arg-type]


def world(*codes: int) -> list[dict[str, object]]:
    """One http result on each of five continents, with these status codes."""
    places = [
        ("DE", "Frankfurt", "EU"),
        ("US", "New York", "NA"),
        ("JP", "Tokyo", "AS"),
        ("BR", "Sao Paulo", "SA"),
        ("AU", "Sydney", "OC"),
    ]
    return [http_result(*place, code) for place, code in zip(places, codes, strict=True)]


async def reading_of(gp: Globalping, target: object = SHOP, **options: object) -> OutsideReading:
    answer = await gp.measure(target, **options)  # type: ignore[arg-type]
    assert isinstance(answer, OutsideReading), answer
    return answer


async def unavailable_of(gp: Globalping, target: object = SHOP) -> OutsideUnavailable:
    answer = await gp.measure(target)  # type: ignore[arg-type]
    assert isinstance(answer, OutsideUnavailable), answer
    return answer


async def test_a_measurement_is_asked_followed_until_finished_and_read(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 503), in_progress=2)
    reading = await reading_of(globalping(client, clock, api))
    (created,) = api.created()
    assert created.body == {
        "type": "http",
        "target": "shop.example.org",
        "locations": [{"magic": place, "limit": 1} for place in FIVE],
        "measurementOptions": {
            "request": {"host": "shop.example.org", "path": "/cart", "method": "GET"},
            "port": 443,
            "protocol": "HTTPS",
        },
    }
    assert [r.method for r in api.requests] == ["POST", "GET", "GET", "GET"]
    assert reading.provider == "globalping"
    assert reading.measured_at.tzinfo is not None
    first, *_, last = reading.probes
    assert (first.continent, first.country, first.city, first.network) == (
        "EU", "DE", "Frankfurt", "Hetzner Online GmbH")  # fmt: skip
    assert (first.ok, first.status_code, first.cause, first.detail, first.time_ms) == (
        True, 200, "", "HTTP 200", 120.0)  # fmt: skip
    assert (last.ok, last.status_code, last.cause, last.detail) == (
        False, 503, "http_status", "HTTP 503")  # fmt: skip
    assert reading.summary == "loads from 4 of 5 places: DE, US, JP, BR"
    assert (reading.loads, reading.fails) == (4, 1)


async def test_nothing_private_of_the_url_is_sent(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 200), in_progress=0)
    await reading_of(globalping(client, clock, api))
    sent = repr([(r.path, r.body) for r in api.requests])
    for private in ("alice", "pw", "id=7", "?"):
        assert private not in sent


async def test_failing_everywhere_names_one_place_and_why(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(503, 503, 503, 503, 503))
    reading = await reading_of(globalping(client, clock, api))
    assert reading.summary == "fails from 5 of 5 places, e.g. Frankfurt: HTTP 503"


async def test_failing_in_one_continent_only_says_where(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(
        [
            failed_result("DE", "Frankfurt", "EU", "connect ECONNREFUSED 93.184.215.14:443"),
            failed_result("FR", "Paris", "EU", "Timeout awaiting 'request' for 10000ms"),
            *world(200, 200, 200, 200, 200)[1:4],
        ]
    )
    reading = await reading_of(globalping(client, clock, api))
    assert reading.summary == "down in Europe, up elsewhere"
    refused, timeout = reading.probes[:2]
    assert (refused.ok, refused.cause, refused.status_code) == (False, "refused", None)
    assert refused.detail == "connect ECONNREFUSED 93.184.215.14:443"
    assert timeout.cause == "timeout"


async def test_an_offline_probe_counts_neither_way(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(
        [
            offline_result("SG", "Singapore", "AS"),
            failed_result("US", "Dallas", "NA", "getaddrinfo ENOTFOUND shop.example.org"),
            *world(200, 200, 200, 200, 200)[2:],
        ]
    )
    reading = await reading_of(globalping(client, clock, api))
    offline, unresolved = reading.probes[:2]
    assert (offline.ok, offline.cause, offline.detail) == (False, "probe_offline", "probe offline")
    assert unresolved.cause == "dns"
    assert reading.summary == "loads from 3 of 4 places: JP, BR, AU"


async def test_the_check_s_status_codes_decide_what_loads(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(401, 401, 401, 401, 401))
    reading = await reading_of(
        globalping(client, clock, api), accepts=StatusRanges(((200, 299), (401, 401)))
    )
    assert reading.loads == 5


async def test_a_tcp_check_is_a_tcp_ping_of_its_port(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan([ping_result("DE", "Berlin", "EU"), ping_result("US", "Miami", "NA", 100)])
    target = target_of(TcpCheck(type="tcp", host="shop.example.org", port=5432))
    reading = await reading_of(globalping(client, clock, api, probes=2), target)
    assert api.created()[0].body == {
        "type": "ping",
        "target": "shop.example.org",
        "locations": [{"magic": "Europe", "limit": 1}, {"magic": "North America", "limit": 1}],
        "measurementOptions": {"protocol": "TCP", "port": 5432, "packets": 3},
    }
    up, down = reading.probes
    assert (up.ok, up.time_ms, up.detail) == (True, 11.5, "connects")
    assert (down.ok, down.cause, down.detail) == (False, "timeout", "no connection")
    assert reading.summary == "down in North America, up elsewhere"


async def test_a_dns_check_is_a_query_of_its_record(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(
        [dns_result("DE", "Berlin", "EU"), dns_result("JP", "Osaka", "AS", "NXDOMAIN", 0)]
    )
    target = target_of(DnsCheck(type="dns", name="shop.example.org", record="AAAA"))
    reading = await reading_of(globalping(client, clock, api, locations=[]), target)
    assert api.created()[0].body == {
        "type": "dns",
        "target": "shop.example.org",
        "limit": 5,
        "measurementOptions": {"query": {"type": "AAAA"}},
    }
    found, missing = reading.probes
    assert (found.ok, found.status_code, found.time_ms) == (True, 0, 22.0)
    assert (missing.ok, missing.cause, missing.detail) == (False, "dns", "NXDOMAIN")


def test_the_places_are_shared_among_the_locations() -> None:
    def limits(probes: int) -> list[tuple[str, int]]:
        body = measurement_request(SHOP, probes=probes, locations=FIVE)
        return [(place["magic"], place["limit"]) for place in body["locations"]]

    assert limits(3) == [("Europe", 1), ("North America", 1), ("Asia", 1)]
    assert [limit for _, limit in limits(12)] == [3, 3, 2, 2, 2]


async def test_the_token_goes_only_into_the_authorization_header(
    api: FakeGlobalping,
    client: httpx.AsyncClient,
    clock: ShiftedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    api.plan = Plan(world(200, 200, 200, 200, 200))
    gp = globalping(client, clock, api, token=TOKEN)
    reading = await reading_of(gp)
    assert {r.headers.get("authorization") for r in api.requests} == {f"Bearer {TOKEN}"}
    api.fault = "503"
    failure = await unavailable_of(gp)
    for shown in (repr(gp), repr(reading), repr(failure), caplog.text):
        assert TOKEN not in shown
    api.fault = "none"
    await reading_of(globalping(client, clock, api))
    assert "authorization" not in api.requests[-1].headers


async def test_the_rate_limit_is_read_from_each_answer(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 200), in_progress=0)
    api.reset = 1800
    gp = globalping(client, clock, api)
    assert gp.rate_limit is None
    before = clock.now()
    await reading_of(gp)
    limit = gp.rate_limit
    assert limit is not None
    assert (limit.limit, limit.remaining) == (250, 249)
    assert limit.reset_at is not None
    assert before + timedelta(seconds=1800) <= limit.reset_at <= clock.now() + timedelta(hours=1)


async def test_after_a_429_nothing_is_asked_until_the_window_resets(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 200))
    api.fault, api.reset = "429", 600
    gp = globalping(client, clock, api)
    first = await unavailable_of(gp)
    assert first.rate_limited
    assert first.retry_at is not None
    assert first.reason == f"Globalping's rate limit is used up until {first.retry_at:%H:%M} UTC"
    second = await unavailable_of(gp)
    assert (second.rate_limited, second.retry_at) == (True, first.retry_at)
    assert len(api.requests) == 1
    api.fault = "none"
    api.remaining = 250
    clock.ahead = timedelta(seconds=601)
    await reading_of(gp)
    assert len(api.created()) == 2


async def test_the_last_measurement_of_the_window_is_the_last_asked(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 200))
    api.remaining = 1
    gp = globalping(client, clock, api)
    await reading_of(gp)
    assert (await unavailable_of(gp)).rate_limited
    assert len(api.created()) == 1


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("503", "Globalping answered HTTP 503"),
        ("garbage", "Globalping's answer is not a measurement"),
        ("503-get", "Globalping answered HTTP 503"),
        ("garbage-get", "Globalping's answer is not a measurement"),
    ],
)
async def test_a_failing_or_garbled_api_is_a_reason_not_an_exception(
    api: FakeGlobalping,
    client: httpx.AsyncClient,
    clock: ShiftedClock,
    fault: str,
    reason: str,
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 200))
    api.fault = fault  # type: ignore[assignment]
    failure = await unavailable_of(globalping(client, clock, api))
    assert (failure.provider, failure.reason, failure.rate_limited) == ("globalping", reason, False)


async def test_a_target_the_network_refuses_is_its_words(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    target = target_of(HttpCheck(url="http://10.0.0.8/"))
    failure = await unavailable_of(globalping(client, clock, api), target)
    assert failure.reason == (
        "Globalping refused the measurement (HTTP 400): Parameter validation failed."
    )


async def test_a_measurement_that_never_finishes_is_given_up(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(world(200, 200, 200, 200, 200), in_progress=None)
    gp = globalping(client, clock, api, deadline=0.05)
    failure = await unavailable_of(gp)
    assert failure.reason == "Globalping did not finish the measurement within 0.05 s"
    assert {r.method for r in api.requests[1:]} == {"GET"}


async def test_an_unreachable_api_is_a_reason(
    client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    with fake_globalping() as gone:
        url = gone.url
    gp = Globalping(client, clock, url=url, probes=1, locations=["Europe"])
    failure = await unavailable_of(gp)
    assert failure.reason == "could not reach Globalping: ConnectError"


async def test_a_ping_check_is_an_icmp_ping_of_its_host(
    api: FakeGlobalping, client: httpx.AsyncClient, clock: ShiftedClock
) -> None:
    api.plan = Plan(
        [ping_result("DE", "Berlin", "EU", 33.3), ping_result("US", "Miami", "NA", 100)]
    )
    target = target_of(PingCheck(type="ping", host="NAS.example.org.", ip_version=4))
    assert str(target) == "nas.example.org"
    reading = await reading_of(globalping(client, clock, api, probes=2), target)
    assert api.created()[0].body == {
        "type": "ping",
        "target": "nas.example.org",
        "locations": [{"magic": "Europe", "limit": 1}, {"magic": "North America", "limit": 1}],
        "measurementOptions": {"protocol": "ICMP", "packets": 3},
    }
    up, down = reading.probes
    assert (up.ok, up.time_ms, up.detail) == (True, 11.5, "answers, 33.3% lost")
    assert (down.ok, down.cause, down.detail) == (False, "timeout", "no reply")
