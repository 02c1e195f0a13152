"""The tcp and dns checks, and the resolvers under every check."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.probes.fixtures import MARGIN, local_prober, settings, stopwatch
from tests.support.servers import LocalSites, closed_port
from trayapp.core.config.model import DnsCheck, TcpCheck
from trayapp.core.models import Cause
from trayapp.core.probes import Prober, ServerResolver, SystemResolver

pytestmark = pytest.mark.anyio


def tcp(host: str, port: int, **fields: Any) -> TcpCheck:
    return TcpCheck.model_validate({"type": "tcp", "host": host, "port": port, **fields})


def dns(name: str, **fields: Any) -> DnsCheck:
    return DnsCheck.model_validate({"type": "dns", "name": name, **fields})


async def run(sites: LocalSites, check: TcpCheck | DnsCheck, **changes: Any) -> Any:
    async with local_prober(sites) as prober:
        return await prober.run(check, settings(**changes))


# --- tcp -----------------------------------------------------------------------------------------


async def test_an_open_port_is_up(sites: LocalSites) -> None:
    result = await run(sites, tcp("site.test", sites.http_port))
    assert result.ok
    assert result.detail == f"connected to 127.0.0.1:{sites.http_port}"
    assert result.timings.dns_ms is not None
    assert result.timings.connect_ms is not None
    assert result.target == f"site.test:{sites.http_port}"


async def test_tcp_only_connects(sites: LocalSites) -> None:
    # The silent server never answers: a tcp check does not wait for it to.
    assert (await run(sites, tcp("127.0.0.1", sites.silent_port))).ok


async def test_a_closed_port_is_refused(sites: LocalSites) -> None:
    port = closed_port()
    result = await run(sites, tcp("127.0.0.1", port))
    assert (result.cause, result.detail) == (
        Cause.REFUSED,
        f"connection refused by 127.0.0.1:{port}",
    )


async def test_tcp_to_an_unknown_name_is_dns(sites: LocalSites) -> None:
    result = await run(sites, tcp("db.invalid", 5432))
    assert (result.cause, result.detail) == (Cause.DNS, "no such name: db.invalid")


# --- dns -----------------------------------------------------------------------------------------


async def test_a_name_that_resolves_is_up(sites: LocalSites) -> None:
    result = await run(sites, dns("site.test"))
    assert (result.ok, result.detail) == (True, "127.0.0.1")
    assert result.timings.dns_ms is not None


async def test_a_name_that_does_not_exist_is_dns(sites: LocalSites) -> None:
    result = await run(sites, dns("twitter.invalid"))
    assert (result.cause, result.detail) == (Cause.DNS, "no such name: twitter.invalid")


async def test_a_record_type_can_be_asked_for(sites: LocalSites) -> None:
    result = await run(sites, dns("txt.test", record="TXT"))
    assert (result.ok, result.detail) == (True, '"v=hello"')
    result = await run(sites, dns("site.test", record="MX"))
    assert (result.cause, result.detail) == (Cause.DNS, "site.test has no MX record")


async def test_a_dns_server_that_never_answers_is_dns_within_the_timeout(
    sites: LocalSites,
) -> None:
    with stopwatch() as took:
        result = await run(sites, dns("silent.test", timeout="1s"))
    assert (result.cause, result.detail) == (Cause.DNS, "no DNS answer for silent.test within 1s")
    assert took.seconds < 1 + MARGIN


async def test_a_check_may_ask_its_own_server(sites: LocalSites) -> None:
    # The prober's own resolver knows nothing (a closed port); the check's server does.
    async with Prober(resolver=ServerResolver(f"127.0.0.1:{closed_port()}")) as prober:
        assert (await prober.run(dns("site.test", timeout="500ms"), settings())).cause is Cause.DNS
        result = await prober.run(dns("site.test", server=sites.dns_server), settings())
    assert result.ok


async def test_a_server_that_is_no_address_is_dns(sites: LocalSites) -> None:
    result = await run(sites, dns("site.test", server="not a server"))
    assert (result.cause, result.detail) == (Cause.DNS, "not a DNS server address: 'not a server'")


# --- resolvers -----------------------------------------------------------------------------------


async def test_the_system_resolver_resolves_localhost() -> None:
    resolver = SystemResolver(max_threads=2)
    try:
        assert "127.0.0.1" in await resolver.addresses("localhost", 5)
        assert await resolver.addresses("192.0.2.7", 5) == ["192.0.2.7"]  # no lookup
    finally:
        await resolver.aclose()


async def test_a_server_given_by_name_is_found_through_the_bootstrap(sites: LocalSites) -> None:
    port = sites.dns_server.rsplit(":", 1)[1]
    bootstrap = SystemResolver(max_threads=1)
    try:
        resolver = ServerResolver(f"localhost:{port}", bootstrap=bootstrap)
        assert await resolver.addresses("site.test", 5) == ["127.0.0.1"]
    finally:
        await bootstrap.aclose()
