"""The http check against real servers on 127.0.0.1: good ones and hostile ones."""

from __future__ import annotations

import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.core.probes.fixtures import MARGIN, SETTINGS, local_prober, settings, stopwatch
from tests.support.servers import LocalSites, closed_port
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import HttpCheck, SecretRef
from trayapp.core.models import Cause, Status
from trayapp.core.probes import MAX_BODY_BYTES, Prober, ServerResolver

pytestmark = pytest.mark.anyio


def http(url: str, **fields: Any) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, **fields})


async def probe(sites: LocalSites, check: HttpCheck, **changes: Any) -> Any:
    async with local_prober(sites) as prober:
        return await prober.run(check, settings(**changes))


# --- answers -------------------------------------------------------------------------------------


async def test_a_good_page_is_up_with_every_phase_timed(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/up", host="site.test")))
    assert result.ok
    assert result.status is Status.UP
    assert result.http_status == 200
    assert result.detail == "HTTP 200 OK"
    assert result.timings.dns_ms is not None
    assert result.timings.connect_ms is not None
    assert result.timings.ttfb_ms is not None
    assert result.timings.tls_ms is None  # plain HTTP: no handshake


async def test_an_address_needs_no_lookup(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/up")))
    assert result.ok
    assert result.timings.dns_ms is None


@pytest.mark.parametrize(
    ("code", "detail"),
    [(500, "HTTP 500 Internal Server Error"), (503, "HTTP 503 Service Unavailable")],
)
async def test_a_server_error_is_http_status(sites: LocalSites, code: int, detail: str) -> None:
    result = await probe(sites, http(sites.http(f"/status/{code}")))
    assert (result.cause, result.detail, result.http_status) == (Cause.HTTP_STATUS, detail, code)
    assert result.status is Status.DOWN


async def test_expect_status_decides_what_is_up(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/status/503"), expect_status="503"))
    assert result.ok
    result = await probe(sites, http(sites.http("/up"), expect_status="500-599"))
    assert result.cause is Cause.HTTP_STATUS


async def test_a_currently_down_page_with_status_200_is_content(sites: LocalSites) -> None:
    check = http(sites.http("/down-page"), body_absent="Twitter is currently down")
    result = await probe(sites, check)
    assert result.cause is Cause.CONTENT
    assert result.detail == "body contains 'Twitter is currently down'"
    assert result.http_status == 200


async def test_missing_expected_text_is_content(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/up"), body_contains="Welcome back"))
    assert (result.cause, result.detail) == (Cause.CONTENT, "body lacks 'Welcome back'")
    assert (await probe(sites, http(sites.http("/up"), body_contains="all is well"))).ok


async def test_a_slow_first_byte_is_degraded(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/slow-first-byte/400")), slow_after=0.2)
    assert result.cause is Cause.SLOW
    assert result.status is Status.DEGRADED
    assert result.http_status == 200
    assert result.detail.startswith("answered in ")


async def test_a_check_may_set_its_own_slow_after(sites: LocalSites) -> None:
    check = http(sites.http("/slow-first-byte/300"), slow_after="100ms")
    assert (await probe(sites, check, slow_after=60.0)).cause is Cause.SLOW


async def test_head_requests_work(sites: LocalSites) -> None:
    assert (await probe(sites, http(sites.http("/up"), method="HEAD"))).ok


async def test_headers_are_sent_and_the_user_agent_says_trayapp(sites: LocalSites) -> None:
    check = http(sites.http("/echo"), headers={"X-Token": "abc"}, body_contains="x-token: abc")
    assert (await probe(sites, check)).ok
    assert (await probe(sites, http(sites.http("/echo"), body_contains="user-agent: trayapp/"))).ok


async def test_a_secret_header_never_reaches_the_detail(sites: LocalSites) -> None:
    check = http(sites.http("/status/500"), headers={"Authorization": "Bearer hunter2"})
    result = await probe(sites, check)
    assert result.cause is Cause.HTTP_STATUS
    assert "hunter2" not in result.detail


async def test_credentials_in_the_url_are_not_shown(sites: LocalSites) -> None:
    result = await probe(sites, http(f"http://bob:hunter2@127.0.0.1:{sites.http_port}/up"))
    assert result.ok
    assert "hunter2" not in result.target
    assert result.target == f"http://***@127.0.0.1:{sites.http_port}/up"
    token_url = f"http://ghp_t0ken@127.0.0.1:{sites.http_port}/up?api_key=k3y&page=2"
    result = await probe(sites, http(token_url))
    assert result.target == f"http://***@127.0.0.1:{sites.http_port}/up?api_key=***&page=2"


# --- every check on a fresh connection -----------------------------------------------------------


async def test_each_check_opens_its_own_connection(sites: LocalSites) -> None:
    async with local_prober(sites) as prober:
        before = sites.site.connections
        first = await prober.run(http(sites.http("/up")), SETTINGS)
        second = await prober.run(http(sites.http("/up")), SETTINGS)
    assert sites.site.connections - before == 2
    assert first.timings.connect_ms is not None
    assert second.timings.connect_ms is not None


# --- redirects -----------------------------------------------------------------------------------


async def test_ten_redirects_are_followed(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/redirect/10")))
    assert result.ok
    assert result.http_status == 200


@pytest.mark.parametrize("path", ["/redirect/11", "/redirect-loop"])
async def test_more_than_ten_redirects_is_redirects(sites: LocalSites, path: str) -> None:
    result = await probe(sites, http(sites.http(path)))
    assert (result.cause, result.detail) == (Cause.REDIRECTS, "more than 10 redirects")


async def test_a_redirect_to_a_non_http_url_is_redirects(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/redirect-to/ftp://site.test/file")))
    assert result.cause is Cause.REDIRECTS
    assert "ftp://site.test/file" in result.detail


async def test_redirects_may_be_left_unfollowed(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/redirect-loop"), follow_redirects=False))
    assert result.ok
    assert result.http_status == 302


async def test_cookies_set_by_a_redirect_are_sent_on_the_next_hop(sites: LocalSites) -> None:
    async with local_prober(sites) as prober:
        assert (await prober.run(http(sites.http("/cookie-gate")), SETTINGS)).ok
        # ... but they belong to that check alone: the next check starts without them.
        unfollowed = http(sites.http("/cookie-gate"), follow_redirects=False)
        assert (await prober.run(unfollowed, SETTINGS)).http_status == 302


# --- bodies --------------------------------------------------------------------------------------


async def test_an_endless_body_is_too_large_and_memory_stays_bounded(sites: LocalSites) -> None:
    tracemalloc.start()
    try:
        result = await probe(sites, http(sites.http("/endless")))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.cause, result.detail) == (Cause.TOO_LARGE, "the body is larger than 1 MiB")
    assert peak < 8 * MAX_BODY_BYTES


async def test_a_gzip_bomb_is_too_large_and_memory_stays_bounded(sites: LocalSites) -> None:
    tracemalloc.start()
    try:
        result = await probe(sites, http(sites.http("/gzip-bomb"), body_contains="x"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.cause is Cause.TOO_LARGE
    assert peak < 8 * MAX_BODY_BYTES


@pytest.mark.parametrize("path", ["/gzip-ok", "/deflate-raw"])
async def test_compressed_bodies_are_searched_decoded(sites: LocalSites, path: str) -> None:
    assert (await probe(sites, http(sites.http(path), body_contains="all is well"))).ok


async def test_a_body_that_is_not_the_gzip_it_claims_is_protocol(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/bad-gzip")))
    assert (result.cause, result.detail) == (Cause.PROTOCOL, "the body is not valid gzip")


async def test_invalid_utf8_is_read_with_replacements(sites: LocalSites) -> None:
    assert (await probe(sites, http(sites.http("/invalid-utf8"), body_contains="still up"))).ok


# --- failures to answer --------------------------------------------------------------------------


async def test_a_huge_header_is_protocol(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/huge-header")))
    assert result.cause is Cause.PROTOCOL
    assert "headers" in result.detail


async def test_garbage_instead_of_http_is_protocol(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/garbage")))
    assert (result.cause, result.detail) == (
        Cause.PROTOCOL,
        f"malformed HTTP response from 127.0.0.1:{sites.http_port}",
    )


async def test_a_server_closing_mid_response_is_reset(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/close-mid")))
    assert result.cause is Cause.RESET
    assert result.detail == (
        f"connection closed by 127.0.0.1:{sites.http_port} before the body was complete"
    )


async def test_a_reset_connection_is_reset(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.http("/reset")))
    assert result.cause is Cause.RESET


async def test_a_closed_port_is_refused(sites: LocalSites) -> None:
    port = closed_port()
    result = await probe(sites, http(f"http://127.0.0.1:{port}/"))
    assert (result.cause, result.detail) == (
        Cause.REFUSED,
        f"connection refused by 127.0.0.1:{port}",
    )


async def test_an_unknown_name_is_dns(sites: LocalSites) -> None:
    result = await probe(sites, http("https://nothing-here.invalid/"))
    assert (result.cause, result.detail) == (Cause.DNS, "no such name: nothing-here.invalid")
    assert "nothing-here.invalid." in sites.dns_queries  # asked our server, not the system's


@pytest.mark.parametrize(
    ("url", "cause", "words"),
    [
        ("http://127.0.0.1:{http}/hang", Cause.TIMEOUT, "no response from"),
        ("http://127.0.0.1:{http}/slow-body", Cause.TIMEOUT, "the body from"),
        ("http://127.0.0.1:{http}/slow-first-byte/10000", Cause.TIMEOUT, "no response from"),
        ("https://site.test:{silent}/", Cause.TIMEOUT, "no TLS handshake with"),
        ("http://127.0.0.1:{silent}/", Cause.TIMEOUT, "no response from"),
        ("http://silent.test:{http}/up", Cause.DNS, "no DNS answer for silent.test"),
    ],
    ids=["never-answers", "trickling-body", "slow-first-byte", "silent-tls", "silent", "dns"],
)
async def test_what_never_ends_ends_within_the_timeout(
    sites: LocalSites, url: str, cause: Cause, words: str
) -> None:
    check = http(url.format(http=sites.http_port, silent=sites.silent_port), timeout="1s")
    with stopwatch() as took:
        result = await probe(sites, check)
    assert result.cause is cause
    assert words in result.detail
    assert "within 1s" in result.detail
    assert took.seconds < 1 + MARGIN


# --- TLS -----------------------------------------------------------------------------------------


async def test_a_trusted_certificate_is_up_and_the_handshake_timed(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.https("/up")))
    assert result.ok
    assert result.timings.tls_ms is not None


async def test_an_untrusted_certificate_is_tls(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.https("/up", cert="untrusted")))
    assert result.cause is Cause.TLS
    assert result.detail.startswith("TLS: ")


async def test_a_self_signed_certificate_is_tls(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.https("/up", cert="self-signed")))
    assert result.cause is Cause.TLS
    assert "self-signed certificate" in result.detail


async def test_an_expired_certificate_is_tls(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.https("/up", cert="expired")))
    assert result.cause is Cause.TLS
    assert "expired" in result.detail


async def test_a_certificate_for_another_name_is_tls(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.https("/up", host="unnamed.test")))
    assert result.cause is Cause.TLS


async def test_a_certificate_expiring_soon_is_degraded(sites: LocalSites) -> None:
    result = await probe(sites, http(sites.https("/up", cert="expiring")))
    assert result.cause is Cause.CERT_EXPIRING
    assert result.status is Status.DEGRADED
    # Issued to expire in five days, a moment ago: four whole days are left.
    assert result.detail.startswith("the certificate of site.test expires in 4 days (")
    result = await probe(sites, http(sites.https("/up", cert="expiring")), cert_expiry=86_400.0)
    assert result.ok


class ClockAhead(SystemClock):
    """The system's clock, ``ahead`` in the future."""

    def __init__(self, ahead: timedelta) -> None:
        self.ahead = ahead

    def now(self) -> datetime:
        return super().now() + self.ahead


@pytest.mark.parametrize(
    ("ahead", "when"),
    [
        (timedelta(days=4, hours=12), "within a day"),
        (timedelta(days=3), "in 1 day"),
        (timedelta(days=2), "in 2 days"),
    ],
)
async def test_the_days_a_certificate_has_left_are_counted_in_words_that_fit(
    sites: LocalSites, ahead: timedelta, when: str
) -> None:
    prober = Prober(
        resolver=ServerResolver(sites.dns_server),
        ssl_context=sites.client_context,
        clock=ClockAhead(ahead),
    )
    async with prober:
        result = await prober.run(http(sites.https("/up", cert="expiring")), settings())
    assert result.cause is Cause.CERT_EXPIRING
    assert result.detail.startswith(f"the certificate of site.test expires {when} (")


async def test_verify_tls_false_accepts_what_would_fail(sites: LocalSites) -> None:
    for cert in ("untrusted", "self-signed"):
        result = await probe(sites, http(sites.https("/up", cert=cert), verify_tls=False))
        assert result.ok, result.detail
    # Accepted, but not silently: an expired certificate is still said.
    result = await probe(sites, http(sites.https("/up", cert="expired"), verify_tls=False))
    assert result.http_status == 200
    assert result.cause is Cause.CERT_EXPIRING
    assert result.detail.startswith("the certificate of site.test expired on ")


async def test_verify_tls_false_still_warns_before_the_certificate_expires(
    sites: LocalSites,
) -> None:
    result = await probe(sites, http(sites.https("/up", cert="expiring"), verify_tls=False))
    assert result.cause is Cause.CERT_EXPIRING
    assert result.detail.startswith("the certificate of site.test expires in 4 days (")


async def test_verify_tls_false_holds_for_the_checks_own_host_only(sites: LocalSites) -> None:
    elsewhere = sites.https("/up", cert="untrusted", host="other.test")
    check = http(sites.https(f"/redirect-to/{elsewhere}", cert="untrusted"), verify_tls=False)
    result = await probe(sites, check)
    assert result.cause is Cause.TLS


# --- credentials and redirects -------------------------------------------------------------------

CREDENTIALS = [
    ("X-Api-Key", SecretRef(secret="key")),
    ("Authorization", "Bearer plain-token"),
    ("Proxy-Authorization", "Basic cHJveHk6cGFzcw=="),
    ("Cookie", "session=abc123"),
]


@asynccontextmanager
async def secret_prober(sites: LocalSites) -> AsyncIterator[Prober]:
    """A prober trusting the test CA, whose keyring holds the secret ``key``."""
    prober = Prober(
        resolver=ServerResolver(sites.dns_server),
        ssl_context=sites.client_context,
        secrets={"key": "s3cret"}.get,
    )
    async with prober:
        yield prober


def sends(url: str, header: str, value: str | SecretRef, **fields: Any) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, "headers": {header: value}, **fields})


@pytest.mark.parametrize(("header", "value"), CREDENTIALS)
@pytest.mark.parametrize("away", ["plain http, another port", "https, another port"])
async def test_credentials_never_follow_a_redirect_that_changes_scheme_or_port(
    sites: LocalSites, header: str, value: str | SecretRef, away: str
) -> None:
    target = (
        sites.http("/echo", host="site.test")
        if away.startswith("plain")
        else sites.https("/echo", cert="expiring")
    )
    start = sites.https(f"/redirect-to/{target}")
    check = sends(start, header, value, body_absent=header.lower())
    async with secret_prober(sites) as prober:
        result = await prober.run(check, SETTINGS)
    # Had the header arrived, the echoed body would hold it: cause content.
    assert result.cause is not Cause.CONTENT, result.detail
    assert result.http_status == 200


@pytest.mark.parametrize(("header", "value"), CREDENTIALS[:3])
async def test_credentials_follow_a_redirect_within_the_origin(
    sites: LocalSites, header: str, value: str | SecretRef
) -> None:
    check = sends(
        sites.https(f"/redirect-to/{sites.https('/echo')}"),
        header,
        value,
        body_contains=header.lower(),
    )
    async with secret_prober(sites) as prober:
        result = await prober.run(check, SETTINGS)
    assert result.ok, result.detail


async def test_credentials_do_not_come_back_with_a_redirect_home(sites: LocalSites) -> None:
    home = sites.https("/echo")
    away = sites.https(f"/redirect-to/{home}", cert="expiring")
    check = sends(sites.https(f"/redirect-to/{away}"), "X-Api-Key", SecretRef(secret="key"))
    check = check.model_copy(update={"body_absent": "x-api-key"})
    async with secret_prober(sites) as prober:
        result = await prober.run(check, SETTINGS)
    assert result.ok, result.detail


async def test_a_redirect_to_plain_http_is_said(sites: LocalSites) -> None:
    check = http(sites.https(f"/redirect-to/{sites.http('/up', host='site.test')}"))
    result = await probe(sites, check)
    assert result.ok
    assert result.detail == "HTTP 200 OK (redirected to plain HTTP)"
    failing = http(sites.https(f"/redirect-to/{sites.http('/status/503', host='site.test')}"))
    result = await probe(sites, failing)
    assert (result.cause, result.detail) == (
        Cause.HTTP_STATUS,
        "HTTP 503 Service Unavailable (redirected to plain HTTP)",
    )


# --- proxies from the environment ----------------------------------------------------------------


async def test_http_goes_through_the_environments_proxy(sites: LocalSites) -> None:
    url = sites.http("/up", host="site.test")
    async with local_prober(sites, HTTP_PROXY=sites.proxy_url) as prober:
        result = await prober.run(http(url), SETTINGS)
    assert result.ok, result.detail
    assert f"GET {url}" in sites.proxy_requests


async def test_https_tunnels_through_the_environments_proxy(sites: LocalSites) -> None:
    url = sites.https("/up")
    async with local_prober(sites, https_proxy=sites.proxy_url) as prober:
        result = await prober.run(http(url), SETTINGS)
    assert result.ok, result.detail
    assert f"CONNECT site.test:{sites.tls_ports['good']}" in sites.proxy_requests


async def test_no_proxy_goes_direct(sites: LocalSites) -> None:
    url = sites.http("/up", host="site.test")
    seen = len(sites.proxy_requests)
    async with local_prober(sites, HTTP_PROXY=sites.proxy_url, NO_PROXY="site.test") as prober:
        assert (await prober.run(http(url), SETTINGS)).ok
    assert len(sites.proxy_requests) == seen


async def test_a_dead_proxy_is_refused(sites: LocalSites) -> None:
    dead = f"http://127.0.0.1:{closed_port()}"
    async with local_prober(sites, HTTP_PROXY=dead) as prober:
        result = await prober.run(http(sites.http("/up", host="site.test")), SETTINGS)
    assert result.cause is Cause.REFUSED


async def test_a_socks_proxy_is_ignored_with_a_warning(
    sites: LocalSites, caplog: pytest.LogCaptureFixture
) -> None:
    async with local_prober(sites, ALL_PROXY=f"socks5://127.0.0.1:{closed_port()}") as prober:
        result = await prober.run(http(sites.http("/up", host="site.test")), SETTINGS)
    assert result.ok  # direct, as without the variable
    assert "ignoring the socks5 proxy" in caplog.text
