"""Conditions judged by the http and dns probes, against real servers on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.core.probes.fixtures import local_prober, settings
from tests.support.documents import DocumentSite, document_site
from tests.support.routes import response
from tests.support.servers import LocalSites
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import DnsCheck, HttpCheck
from trayapp.core.models import Cause, Status
from trayapp.core.probes.dns import DnsProbe
from trayapp.core.probes.resolver import ResolveError

pytestmark = pytest.mark.anyio

HEALTH = {"status": "UP", "items": [{"id": 1}, {"id": 2}], "db": {"latency_ms": 3}}


@pytest.fixture(scope="module")
def docs() -> Iterator[DocumentSite]:
    with document_site() as site:
        yield site


def http(url: str, *conditions: str, **fields: Any) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, "conditions": list(conditions), **fields})


def dns(name: str, *conditions: str, **fields: Any) -> DnsCheck:
    return DnsCheck.model_validate(
        {"type": "dns", "name": name, "conditions": list(conditions), **fields}
    )


async def probe(sites: LocalSites, check: HttpCheck | DnsCheck, **changes: Any) -> Any:
    async with local_prober(sites) as prober:
        return await prober.run(check, settings(**changes))


# --- http ---------------------------------------------------------------------------------------


async def test_a_json_health_page_passes_its_conditions(
    sites: LocalSites, docs: DocumentSite
) -> None:
    url = docs.serve("/health", HEALTH)
    check = http(
        url,
        "[STATUS] == 200",
        "[BODY].status == UP",
        "len([BODY].items) > 0",
        "[BODY].items[1].id == 2",
        "[BODY].db.latency_ms < 100",
        "has([BODY].errors) == false",
        "[IP] == 127.0.0.1",
        "[CONNECTED] == true",
        "[CERTIFICATE_EXPIRATION] == 0",
    )
    result = await probe(sites, check)
    assert (result.ok, result.detail) == (True, "HTTP 200 OK")


async def test_a_failed_condition_is_content_naming_the_condition_and_the_value(
    sites: LocalSites, docs: DocumentSite
) -> None:
    url = docs.serve("/health-down", {**HEALTH, "status": "DOWN"})
    result = await probe(sites, http(url, "[STATUS] == 200", "[BODY].status == UP"))
    assert (result.cause, result.detail) == (Cause.CONTENT, '[BODY].status == UP: got "DOWN"')
    assert result.status is Status.DOWN
    assert result.http_status == 200


async def test_a_page_that_is_not_json_fails_a_path(sites: LocalSites, docs: DocumentSite) -> None:
    url = docs.serve("/html", "<html><h1>Bad gateway</h1></html>", content_type="text/html")
    result = await probe(sites, http(url, "[BODY].status != DOWN"))
    assert result.cause is Cause.CONTENT
    assert result.detail == (
        '[BODY].status != DOWN: the body is not JSON: "<html><h1>Bad gateway</h1></h…"'
    )


async def test_the_whole_body_and_patterns(sites: LocalSites, docs: DocumentSite) -> None:
    url = docs.serve("/page", "<title>Home timeline / X</title>", content_type="text/html")
    assert (await probe(sites, http(url, "[BODY] == pat(*Home timeline*)"))).ok
    result = await probe(sites, http(url, "[BODY] == pat(*Log in*)"))
    assert (result.cause, result.detail) == (
        Cause.CONTENT,
        '[BODY] == pat(*Log in*): got "<title>Home timeline / X</title>"',
    )


async def test_a_gzipped_body_is_judged_decoded(sites: LocalSites) -> None:
    assert (await probe(sites, http(sites.http("/gzip-ok"), "[BODY] == pat(*all is well*)"))).ok


async def test_a_body_that_cannot_be_decoded_cannot_be_judged(sites: LocalSites) -> None:
    sites.site.script = response(200, b"\x1b\x00\x00", [("Content-Encoding", "br")])
    result = await probe(sites, http(sites.http("/script"), "[BODY].status == UP"))
    assert (result.cause, result.detail) == (
        Cause.PROTOCOL,
        "cannot search a body in 'br' encoding",
    )
    assert (await probe(sites, http(sites.http("/script"), "[STATUS] == 200"))).ok


async def test_the_old_body_checks_still_come_first(sites: LocalSites, docs: DocumentSite) -> None:
    url = docs.serve("/health-maintenance", {**HEALTH, "note": "maintenance"})
    check = http(url, "[BODY].status == DOWN", body_absent="maintenance")
    result = await probe(sites, check)
    assert (result.cause, result.detail) == (Cause.CONTENT, "body contains 'maintenance'")
    result = await probe(sites, http(url, "[BODY].status == UP", body_contains="UP"))
    assert result.ok


async def test_a_status_condition_replaces_the_default_expect_status(sites: LocalSites) -> None:
    assert (await probe(sites, http(sites.http("/status/404"), "[STATUS] == 404"))).ok
    assert (await probe(sites, http(sites.http("/status/401"), "[STATUS] == any(200, 401)"))).ok
    result = await probe(sites, http(sites.http("/status/503"), "[STATUS] < 500"))
    assert (result.cause, result.detail) == (Cause.HTTP_STATUS, "[STATUS] < 500: got 503")
    # An expect_status written in the file still holds.
    explicit = http(sites.http("/status/404"), "[STATUS] == 404", expect_status="200")
    result = await probe(sites, explicit)
    assert (result.cause, result.detail) == (Cause.HTTP_STATUS, "HTTP 404 Not Found")
    # Conditions on anything else leave the default alone.
    result = await probe(sites, http(sites.http("/status/404"), "[BODY] == pat(*)"))
    assert (result.cause, result.detail) == (Cause.HTTP_STATUS, "HTTP 404 Not Found")


async def test_a_slow_answer_fails_a_response_time_condition_as_slow(sites: LocalSites) -> None:
    # The server waits 300 ms before it answers: the condition cannot hold.
    result = await probe(sites, http(sites.http("/slow-first-byte/300"), "[RESPONSE_TIME] < 100"))
    assert result.cause is Cause.SLOW
    assert result.status is Status.DEGRADED
    assert result.detail.startswith("[RESPONSE_TIME] < 100: got ")
    assert result.detail.endswith(" ms")
    assert int(result.detail.split()[-2]) >= 300
    assert (await probe(sites, http(sites.http("/up"), "[RESPONSE_TIME] < 1m"))).ok


async def test_a_certificate_condition_is_cert_expiring(sites: LocalSites) -> None:
    expiring = http(sites.https("/up", cert="expiring"), "[CERTIFICATE_EXPIRATION] > 7d")
    result = await probe(sites, expiring, cert_expiry=86_400.0)
    # Issued to expire in five days, a moment ago.
    assert (result.cause, result.detail) == (
        Cause.CERT_EXPIRING,
        "[CERTIFICATE_EXPIRATION] > 7d: got 4d 23h",
    )
    good = http(sites.https("/up"), "[CERTIFICATE_EXPIRATION] > 48h")
    assert (await probe(sites, good)).ok
    plain = await probe(sites, http(sites.http("/up"), "[CERTIFICATE_EXPIRATION] > 48h"))
    assert plain.detail == "[CERTIFICATE_EXPIRATION] > 48h: got no certificate"


async def test_the_ip_is_the_address_that_answered_and_unknown_through_a_proxy(
    sites: LocalSites,
) -> None:
    check = http(sites.http("/up", host="site.test"), "[IP] == 127.0.0.1")
    assert (await probe(sites, check)).ok
    async with local_prober(sites, HTTP_PROXY=sites.proxy_url) as prober:
        result = await prober.run(check, settings())
    assert (result.cause, result.detail) == (
        Cause.CONTENT,
        "[IP] == 127.0.0.1: no IP address known (through a proxy, only the proxy's)",
    )


async def test_down_comes_before_degraded_and_the_rest_is_counted(
    sites: LocalSites, docs: DocumentSite
) -> None:
    url = docs.serve("/health-down-slow", {"status": "DOWN"})
    check = http(url, "[RESPONSE_TIME] < 0", "[BODY].status == UP", "len([BODY].items) > 0")
    result = await probe(sites, check)
    assert (result.cause, result.detail) == (
        Cause.CONTENT,
        '[BODY].status == UP: got "DOWN"; 2 more conditions failed',
    )


# --- dns ----------------------------------------------------------------------------------------


async def test_a_dns_checks_answers_are_its_body(sites: LocalSites) -> None:
    assert (await probe(sites, dns("site.test", "[BODY] == 127.0.0.1"))).ok
    result = await probe(sites, dns("site.test", "[BODY] == 192.0.2.1", "len([BODY]) == 1"))
    assert (result.cause, result.detail) == (Cause.CONTENT, "[BODY] == 192.0.2.1: got 127.0.0.1")
    txt = dns("txt.test", "[BODY] == v=hello", "[DNS_RCODE] == NOERROR", record="TXT")
    assert (await probe(sites, txt)).ok


async def test_a_name_that_must_not_exist(sites: LocalSites) -> None:
    result = await probe(sites, dns("ads.invalid", "[DNS_RCODE] == NXDOMAIN"))
    assert (result.ok, result.detail) == (True, "no such name: ads.invalid (NXDOMAIN, as expected)")
    result = await probe(sites, dns("ads.test", "[DNS_RCODE] == NXDOMAIN"))
    assert (result.cause, result.detail) == (
        Cause.CONTENT,
        "[DNS_RCODE] == NXDOMAIN: got NOERROR",
    )
    result = await probe(sites, dns("ads.invalid", "[DNS_RCODE] == NOERROR"))
    assert (result.cause, result.detail) == (Cause.DNS, "no such name: ads.invalid")


async def test_no_record_of_the_kind_is_noerror(sites: LocalSites) -> None:
    check = dns("site.test", "[DNS_RCODE] == NOERROR", "len([BODY]) == 0", record="MX")
    result = await probe(sites, check)
    assert (result.ok, result.detail) == (True, "site.test has no MX record (NOERROR, as expected)")


async def test_a_lookup_with_no_answer_at_all_stays_a_failure(sites: LocalSites) -> None:
    result = await probe(sites, dns("silent.test", "[DNS_RCODE] == NXDOMAIN", timeout="500ms"))
    assert result.cause is Cause.DNS


class GaiResolver:
    """A resolver that fails as ``getaddrinfo`` does, with the error number given."""

    def __init__(self, errno: int) -> None:
        self.errno = errno

    async def addresses(self, host: str, timeout: float) -> list[str]:
        error = socket.gaierror(self.errno, "lookup failed")
        raise ResolveError(host, f"cannot resolve {host}: lookup failed") from error

    async def records(self, name: str, record: str, timeout: float) -> list[str]:
        raise AssertionError("not asked")

    async def aclose(self) -> None:
        pass


async def test_the_system_resolvers_answer_is_read_by_its_error_number() -> None:
    check = dns("ads.example", "[DNS_RCODE] == NXDOMAIN")
    found = await DnsProbe(GaiResolver(socket.EAI_NONAME), SystemClock()).run(check, 1.0)
    assert (found.cause, found.detail) == (
        None,
        "cannot resolve ads.example: lookup failed (NXDOMAIN, as expected)",
    )
    found = await DnsProbe(GaiResolver(socket.EAI_AGAIN), SystemClock()).run(check, 1.0)
    assert found.cause is Cause.DNS
