"""``ip_version`` on http and tcp checks: the name resolved, and connected to, over one family.

``dual.test`` has 127.0.0.1 and ::1 (the local DNS server gives ::1 first), ``six.test`` only
::1, every other ``*.test`` only 127.0.0.1. The servers here listen on the same port of both
loopback addresses and answer with the family they were reached over, or on ::1 alone. (The
ping check's ``ip_version`` is tested with the ping check, in ``test_pingcheck.py``.)
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.core.probes.fixtures import local_prober, settings
from tests.support.servers import LocalSites
from trayapp.core.config.model import HttpCheck, TcpCheck
from trayapp.core.models import Cause
from trayapp.core.probes import Prober

pytestmark = pytest.mark.anyio


async def _answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """HTTP/1.1: ``/redirect`` leads to ``/end`` on the same name; all else says the family."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        path = head.split(b" ", 2)[1].decode()
        host = next(
            line.split(b":", 1)[1].strip().decode()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"host:")
        )
        family = "IPv6" if writer.get_extra_info("sockname")[0] == "::1" else "IPv4"
        if path == "/redirect":
            status, extra, body = "302 Found", f"Location: http://{host}/end\r\n", b""
        else:
            status, extra, body = "200 OK", "", f"answered over {family}".encode()
        writer.write(
            f"HTTP/1.1 {status}\r\n{extra}Content-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


@contextlib.asynccontextmanager
async def listening(*, ipv4: bool = True) -> AsyncIterator[int]:
    """Serve :func:`_answer` on ::1, and on 127.0.0.1 too when ``ipv4``, at one port (free on
    127.0.0.1 when not ``ipv4``)."""
    for _ in range(20):
        six = await asyncio.start_server(_answer, "::1", 0)
        port = int(six.sockets[0].getsockname()[1])
        try:
            if ipv4:
                four = await asyncio.start_server(_answer, "127.0.0.1", port)
            else:
                four = None
                with socket.socket() as taken:
                    taken.bind(("127.0.0.1", port))
        except OSError as error:  # another program has that port on 127.0.0.1: another one
            six.close()
            if error.errno != errno.EADDRINUSE:
                raise
            continue
        try:
            yield port
        finally:
            for server in filter(None, (six, four)):
                server.close()
        return
    raise AssertionError("no port free on both loopback addresses")


def http(url: str, **fields: Any) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, **fields})


def tcp(host: str, port: int, **fields: Any) -> TcpCheck:
    return TcpCheck.model_validate({"type": "tcp", "host": host, "port": port, **fields})


async def body_of(prober: Prober, check: HttpCheck) -> str:
    fetched = await prober.fetch(check, settings())
    assert fetched.result.ok, fetched.result.detail
    assert fetched.body is not None
    return fetched.body.decode()


# --- http ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "family"), [(4, "IPv4"), (6, "IPv6")])
async def test_http_connects_over_the_family_asked(
    sites: LocalSites, version: int, family: str
) -> None:
    async with listening() as port, local_prober(sites) as prober:
        url = f"http://dual.test:{port}/"
        assert await body_of(prober, http(url, ip_version=version)) == f"answered over {family}"
        # Redirects are followed over the same family.
        redirect = http(f"{url}redirect", ip_version=version)
        assert await body_of(prober, redirect) == f"answered over {family}"


async def test_http_over_a_family_nobody_listens_on_is_refused(sites: LocalSites) -> None:
    async with listening(ipv4=False) as port, local_prober(sites) as prober:
        url = f"http://dual.test:{port}/"
        four = await prober.run(http(url, ip_version=4), settings())
        assert (four.cause, four.detail) == (
            Cause.REFUSED,
            f"connection refused by dual.test:{port}",
        )
        assert await body_of(prober, http(url, ip_version=6)) == "answered over IPv6"
        # Either family, as the system prefers, when the check does not say.
        assert await body_of(prober, http(url)) == "answered over IPv6"


@pytest.mark.parametrize(
    ("host", "version", "detail"),
    [
        ("site.test", 6, "no IPv6 address for site.test"),
        ("six.test", 4, "no IPv4 address for six.test"),
    ],
)
async def test_http_to_a_name_without_an_address_of_the_family_is_dns(
    sites: LocalSites, host: str, version: int, detail: str
) -> None:
    async with local_prober(sites) as prober:
        result = await prober.run(http(sites.http(host=host), ip_version=version), settings())
    assert (result.cause, result.detail) == (Cause.DNS, detail)


async def test_https_keeps_to_the_family_with_its_certificate_checked(sites: LocalSites) -> None:
    async with local_prober(sites) as prober:
        four = await prober.run(http(sites.https(), ip_version=4), settings())
        six = await prober.run(http(sites.https(), ip_version=6), settings())
    assert (four.cause, four.http_status) == (None, 200)
    assert (six.cause, six.detail) == (Cause.DNS, "no IPv6 address for site.test")


async def test_through_a_proxy_the_proxy_picks_the_family(sites: LocalSites) -> None:
    url = sites.http("/up", host="site.test")  # no IPv6 address: direct, this would be dns
    async with local_prober(sites, HTTP_PROXY=sites.proxy_url) as prober:
        result = await prober.run(http(url, ip_version=6), settings())
    assert result.ok, result.detail
    assert f"GET {url}" in sites.proxy_requests


# --- tcp -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "address"), [(4, "127.0.0.1"), (6, "[::1]")])
async def test_tcp_connects_over_the_family_asked(
    sites: LocalSites, version: int, address: str
) -> None:
    async with listening() as port, local_prober(sites) as prober:
        result = await prober.run(tcp("dual.test", port, ip_version=version), settings())
    assert (result.cause, result.detail) == (None, f"connected to {address}:{port}")
    assert result.timings.dns_ms is not None


async def test_tcp_over_a_family_nobody_listens_on_is_refused(sites: LocalSites) -> None:
    async with listening(ipv4=False) as port, local_prober(sites) as prober:
        four = await prober.run(tcp("dual.test", port, ip_version=4), settings())
        either = await prober.run(tcp("dual.test", port), settings())
    assert (four.cause, four.detail) == (Cause.REFUSED, f"connection refused by dual.test:{port}")
    assert (either.cause, either.detail) == (None, f"connected to [::1]:{port}")


async def test_tcp_to_a_name_without_an_address_of_the_family_is_dns(sites: LocalSites) -> None:
    async with local_prober(sites) as prober:
        result = await prober.run(tcp("site.test", sites.http_port, ip_version=6), settings())
    assert (result.cause, result.detail) == (Cause.DNS, "no IPv6 address for site.test")
