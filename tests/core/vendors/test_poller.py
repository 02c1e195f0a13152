"""Reading a status page again and again, against a real page server on 127.0.0.1.

Conditional requests (ETag, Last-Modified), Retry-After in seconds and as a date, backoff,
the last good reading kept and marked stale, redirects, the body cap, finding the
platform by probing, and the probes' proxies, wherever they are set. The clock is the
test's: nothing waits for real time to pass.
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from tests.core.vendors.pages import body
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.probes import Prober, ProxyPolicy, ServerResolver
from trayapp.core.probes.proxysettings import ProxySettings
from trayapp.core.vendors.model import PageRef, Platform, VendorLevel
from trayapp.core.vendors.poller import (
    MAX_RETRY_AFTER,
    REDETECT_AFTER,
    StatusPagePoller,
    retry_after,
    vendor_client,
)

pytestmark = pytest.mark.anyio

START = datetime(2012, 7, 26, 18, 0, tzinfo=UTC)
SUMMARY = "/api/v2/summary.json"


class Clock:
    """A wall clock the test moves."""

    def __init__(self) -> None:
        self.at = START

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return (self.at - START).total_seconds()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with vendor_client() as made:
        yield made


def poller(
    pages: VendorPages,
    client: httpx.AsyncClient,
    clock: Clock,
    base: str = "",
    platform: Platform | None = Platform.STATUSPAGE,
    **more: float,
) -> StatusPagePoller:
    return StatusPagePoller(
        PageRef(pages.url(base)), client, clock=clock, interval=300, platform=platform, **more
    )


def twitter(**more: object) -> Page:
    return Page(body("statuspage_twitter.json"), **more)  # type: ignore[arg-type]


async def test_an_etag_is_sent_back_and_a_304_reuses_the_page(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, twitter(etag='"v1"'))
    clock = Clock()
    reader = poller(pages, client, clock)
    first = await reader.poll()
    clock.at += timedelta(minutes=5)
    second = await reader.poll()

    asked = pages.hits(SUMMARY)
    assert [r.status for r in asked] == [200, 304]
    assert "if-none-match" not in asked[0].headers
    assert asked[1].headers["if-none-match"] == '"v1"'
    assert first.level is second.level is VendorLevel.MAJOR_OUTAGE
    assert second.incidents == first.incidents
    assert not second.stale
    assert second.fetched_at == clock.at  # read again now, from the copy it had


async def test_last_modified_is_sent_back_and_a_changed_page_is_read_anew(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    monday = "Mon, 23 Jul 2012 10:00:00 GMT"
    pages.serve(SUMMARY, twitter(last_modified=monday))
    clock = Clock()
    reader = poller(pages, client, clock)
    assert (await reader.poll()).level is VendorLevel.MAJOR_OUTAGE
    assert (await reader.poll()).level is VendorLevel.MAJOR_OUTAGE
    thursday = "Thu, 26 Jul 2012 20:00:00 GMT"
    pages.serve(SUMMARY, Page(body("statuspage_all_well.json"), last_modified=thursday))
    fixed = await reader.poll()

    asked = pages.hits(SUMMARY)
    assert [r.status for r in asked] == [200, 304, 200]
    assert asked[1].headers["if-modified-since"] == monday
    assert asked[2].headers["if-modified-since"] == monday
    assert fixed.level is VendorLevel.OPERATIONAL


async def test_the_last_good_reading_is_kept_stale_then_given_up(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, twitter())
    clock = Clock()
    reader = poller(pages, client, clock, stale_for=1800)
    good = await reader.poll()
    pages.serve(SUMMARY, Page(b"upstream broke", "text/plain", 500))

    clock.at += timedelta(minutes=5)
    kept = await reader.poll()
    assert kept.stale
    assert kept.level is VendorLevel.MAJOR_OUTAGE
    assert kept.fetched_at == good.fetched_at

    clock.at += timedelta(minutes=30)
    given_up = await reader.poll()
    assert not given_up.stale
    assert given_up.level is VendorLevel.UNKNOWN
    assert (
        given_up.description
        == "not read since 2012-07-26 18:00 UTC: HTTP 500 Internal Server Error"
    )


async def test_html_served_as_200_keeps_the_last_reading_stale_not_operational(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, twitter())
    clock = Clock()
    reader = poller(pages, client, clock)
    await reader.poll()
    pages.serve(SUMMARY, Page(b"<html>We'll be right back</html>", "text/html"))
    kept = await reader.poll()
    assert (kept.stale, kept.level) == (True, VendorLevel.MAJOR_OUTAGE)


async def test_a_page_never_read_is_unknown_and_says_why(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, Page(b"", status=503))
    reading = await poller(pages, client, Clock()).poll()
    assert (reading.level, reading.parsed) == (VendorLevel.UNKNOWN, False)
    assert reading.description == "HTTP 503 Service Unavailable"


async def test_retry_after_in_seconds_is_honoured(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, Page(b"slow down", "text/plain", 429, headers=[("Retry-After", "900")]))
    clock = Clock()
    reader = poller(pages, client, clock)
    await reader.poll()
    assert reader.next_delay() == 900

    clock.at += timedelta(minutes=5)  # an early poll (a reload, a bug) does not ask
    waiting = await reader.poll()
    assert len(pages.hits(SUMMARY)) == 1
    assert waiting.level is VendorLevel.UNKNOWN
    assert reader.next_delay() == 600

    pages.serve(SUMMARY, twitter())
    clock.at += timedelta(minutes=10)
    assert (await reader.poll()).level is VendorLevel.MAJOR_OUTAGE
    assert reader.next_delay() == 300


async def test_retry_after_as_an_http_date_is_honoured(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    later = format_datetime(START + timedelta(minutes=20), usegmt=True)
    pages.serve(SUMMARY, Page(b"", "text/plain", 503, headers=[("Retry-After", later)]))
    reader = poller(pages, client, Clock())
    await reader.poll()
    assert reader.next_delay() == 20 * 60


def test_retry_after_is_read_in_both_forms_and_bounded() -> None:
    assert retry_after("120", START) == START + timedelta(seconds=120)
    assert retry_after("Thu, 26 Jul 2012 18:30:00 GMT", START) == START + timedelta(minutes=30)
    assert retry_after("Thu, 26 Jul 2012 17:00:00 GMT", START) == START  # in the past: now
    assert retry_after("99999999", START) == START + timedelta(seconds=MAX_RETRY_AFTER)
    assert retry_after("soon", START) is None
    assert retry_after("", START) is None


async def test_failures_back_off(pages: VendorPages, client: httpx.AsyncClient) -> None:
    pages.serve(SUMMARY, Page(b"", status=500))
    clock = Clock()
    reader = poller(pages, client, clock)
    delays = []
    for _ in range(6):
        await reader.poll()
        delays.append(reader.next_delay())
        clock.at += timedelta(seconds=delays[-1])
    assert delays == [600, 1200, 2400, 3600, 3600, 3600]


async def test_redirects_are_followed(pages: VendorPages, client: httpx.AsyncClient) -> None:
    pages.serve("/old" + SUMMARY, Page(status=301, headers=[("Location", "/new" + SUMMARY)]))
    pages.serve("/new" + SUMMARY, twitter())
    reading = await poller(pages, client, Clock(), "/old").poll()
    assert reading.level is VendorLevel.MAJOR_OUTAGE


async def test_a_redirect_loop_is_a_failure(pages: VendorPages, client: httpx.AsyncClient) -> None:
    pages.serve("/loop" + SUMMARY, Page(status=302, headers=[("Location", "/loop" + SUMMARY)]))
    reading = await poller(pages, client, Clock(), "/loop").poll()
    assert reading.description == "too many redirects"


async def test_a_body_over_the_cap_is_not_read(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, Page(b'{"status": "' + b"x" * (2 * 1024 * 1024) + b'"}'))
    reading = await poller(pages, client, Clock()).poll()
    assert reading.level is VendorLevel.UNKNOWN
    assert reading.description == "the page is larger than 1 MiB"


async def test_a_gzipped_page_is_read(pages: VendorPages, client: httpx.AsyncClient) -> None:
    packed = gzip.compress(body("statuspage_twitter.json"))
    pages.serve(SUMMARY, Page(packed, headers=[("Content-Encoding", "gzip")]))
    assert (await poller(pages, client, Clock()).poll()).level is VendorLevel.MAJOR_OUTAGE


async def test_the_platform_is_found_by_probing(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve("/io/api/v1/summary", Page(body("incidentio_widget.json")))
    reader = poller(pages, client, Clock(), "/io", platform=None)
    reading = await reader.poll()
    assert reader.platform is Platform.INCIDENT_IO
    assert reading.platform == "incident_io"
    assert reading.level is VendorLevel.MAJOR_OUTAGE
    # Statuspage was tried first and answered 404; the next poll asks only the one it found.
    assert [r.path for r in pages.requests] == ["/io/api/v2/summary.json", "/io/api/v1/summary"]
    await reader.poll()
    assert [r.path for r in pages.requests][-1] == "/io/api/v1/summary"


async def test_a_page_that_cannot_be_reached_costs_one_request_not_eight(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve("/down/api/v2/summary.json", Page(b"", status=503))
    reader = poller(pages, client, Clock(), "/down", platform=None)
    reading = await reader.poll()
    assert reading.level is VendorLevel.UNKNOWN
    assert len(pages.requests) == 1
    assert reader.platform is None


async def test_a_page_no_adapter_reads_is_unknown(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve("/blog", Page(b"<html>a blog</html>", "text/html"))
    reader = poller(pages, client, Clock(), "/blog", platform=None)
    reading = await reader.poll()
    assert reading.level is VendorLevel.UNKNOWN
    assert reading.description == "no status page this app can read was found there"
    assert reader.platform is None


async def test_the_platform_is_looked_for_again_after_repeated_nonsense(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    clock = Clock()
    reader = poller(pages, client, clock, "/moved")
    pages.serve("/moved" + SUMMARY, Page(b"<html>we moved</html>", "text/html"))
    for _ in range(REDETECT_AFTER):
        assert (await reader.poll()).level is VendorLevel.UNKNOWN
    assert reader.platform is None
    pages.serve("/moved/api/v1/endpoints/statuses", Page(body("gatus_statuses.json")))
    reading = await reader.poll()
    assert reader.platform is Platform.GATUS
    assert reading.description == "1 of 3 endpoints failing: api"


async def test_a_well_known_page_needs_no_probe(client: httpx.AsyncClient) -> None:
    reader = StatusPagePoller(PageRef("https://slack-status.com"), client, clock=Clock())
    assert reader.platform is Platform.SLACK


# --- through the probes' proxies ----------------------------------------------------------------


async def test_a_proxy_that_cannot_be_used_is_left_out_with_a_warning(
    pages: VendorPages, caplog: pytest.LogCaptureFixture
) -> None:
    pages.serve(SUMMARY, twitter())
    policy = ProxyPolicy(environ={"ALL_PROXY": "socks5://127.0.0.1:1080"})
    async with vendor_client(policy) as made:
        reading = await poller(pages, made, Clock()).poll()
    await policy.aclose()
    assert reading.level is VendorLevel.MAJOR_OUTAGE  # read direct
    assert "ignoring the socks5 proxy of the environment: not supported" in caplog.text


def only_the_proxy_reaches(pages: VendorPages) -> str:
    """The page server under a name only the proxy goes to: it connects to 127.0.0.1
    whatever the name, and the test process may not resolve it."""
    return f"http://status.test:{pages.port}"


async def test_a_page_only_the_proxy_reaches_cannot_be_read_direct(
    pages: VendorPages, client: httpx.AsyncClient
) -> None:
    pages.serve(SUMMARY, twitter())
    reader = StatusPagePoller(
        PageRef(only_the_proxy_reaches(pages)), client, clock=Clock(), platform=Platform.STATUSPAGE
    )
    reading = await reader.poll()
    assert (reading.level, reading.description) == (VendorLevel.UNKNOWN, "cannot connect")
    assert pages.requests == []


@pytest.mark.parametrize("where", ["config", "pac", "desktop", "environment"])
async def test_a_page_is_read_through_the_probes_proxy_wherever_it_is_set(
    pages: VendorPages, sites: LocalSites, tmp_path: Path, where: str
) -> None:
    pages.serve(SUMMARY, twitter(etag='"v1"'))
    proxy = sites.proxy_url
    pac = tmp_path / "proxy.pac"
    pac.write_text(
        "function FindProxyForURL(url, host) {\n"
        f'    if (dnsDomainIs(host, "status.test")) return "PROXY {proxy[len("http://") :]}";\n'
        '    return "DIRECT";\n}\n'
    )
    policy = {
        "config": lambda: ProxyPolicy(proxy=proxy, environ={"HTTP_PROXY": "http://127.0.0.1:1"}),
        "pac": lambda: ProxyPolicy(pac=pac.as_uri()),
        "desktop": lambda: ProxyPolicy(
            desktop=lambda: ProxySettings("GNOME's proxy settings", "manual", {"all": proxy})
        ),
        "environment": lambda: ProxyPolicy(environ={"http_proxy": proxy}),
    }[where]()
    page = only_the_proxy_reaches(pages)
    before = len(sites.proxy_requests)
    clock = Clock()
    async with (
        Prober(resolver=ServerResolver(sites.dns_server), proxies=policy) as prober,
        vendor_client(prober.proxies) as client,
    ):
        reader = StatusPagePoller(PageRef(page), client, clock=clock, platform=Platform.STATUSPAGE)
        first = await reader.poll()
        clock.at += timedelta(minutes=5)
        second = await reader.poll()
    assert first.level is second.level is VendorLevel.MAJOR_OUTAGE
    assert sites.proxy_requests[before:] == [f"GET {page}{SUMMARY}"] * 2
    # The client's own ways go through the proxy too: the second request was conditional.
    assert [r.status for r in pages.hits(SUMMARY)] == [200, 304]
