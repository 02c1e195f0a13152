"""Reading a source over the network: real servers on 127.0.0.1, well-behaved and not.

A source is fetched as a check is, so a source that cannot be read fails with a cause of the
closed set and a detail that names the source; the reading then names no target.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.core.probes.fixtures import MARGIN, local_prober, settings, stopwatch
from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import Source
from trayapp.core.models import Cause, Status
from trayapp.core.probes import Prober, ServerResolver
from trayapp.core.sources.poller import SourcePoller

pytestmark = pytest.mark.anyio

QUERY = "/api/v1/query"
ANSWER = {
    "status": "success",
    "data": {
        "resultType": "vector",
        "result": [
            {"metric": {"instance": "https://shop/", "vantage": "eu"}, "value": [1, "0"]},
            {"metric": {"instance": "https://shop/", "vantage": "us"}, "value": [1, "1"]},
        ],
    },
}


def source(url: str, kind: str = "prometheus", **more: Any) -> Source:
    return Source.model_validate({"name": "prom", "kind": kind, "url": url, **more})


@pytest.fixture
async def prober(sites: LocalSites) -> AsyncIterator[Prober]:
    async with local_prober(sites) as made:
        yield made


async def poll(chosen: Source, prober: Prober, timeout: float = 5.0) -> Any:
    poller = SourcePoller(chosen, prober, settings(timeout=timeout), SystemClock())
    return await poller.poll()


async def test_a_source_is_read_into_targets(pages: VendorPages, prober: Prober) -> None:
    pages.serve(QUERY, Page(json.dumps(ANSWER).encode()))
    reading = await poll(source(pages.url()), prober)
    assert reading.ok
    assert [(v.name, v.status) for v in reading.about("https://shop")] == [
        ("prom/eu", Status.DOWN),
        ("prom/us", Status.UP),
    ]
    (asked,) = pages.hits(QUERY)
    assert asked.status == 200


async def test_a_secret_header_goes_to_the_source_and_nowhere_else(
    pages: VendorPages, sites: LocalSites
) -> None:
    pages.serve(QUERY, Page(json.dumps(ANSWER).encode()))
    chosen = source(pages.url(), headers={"Authorization": {"secret": "prom/Authorization"}})
    async with Prober(
        resolver=ServerResolver(sites.dns_server),
        secrets={"prom/Authorization": "Bearer s3cret"}.get,
    ) as prober:
        reading = await poll(chosen, prober)
    assert reading.ok
    (asked,) = pages.hits(QUERY)
    assert asked.headers["authorization"] == "Bearer s3cret"
    assert "s3cret" not in repr(chosen)


async def test_an_error_answer_says_what_the_source_said(
    pages: VendorPages, prober: Prober
) -> None:
    error = {"status": "error", "errorType": "bad_data", "error": "1:5: parse error"}
    pages.serve(QUERY, Page(json.dumps(error).encode(), status=400))
    reading = await poll(source(pages.url(), query="up{"), prober)
    assert not reading.ok
    assert reading.failure.cause is Cause.HTTP_STATUS
    assert reading.why() == (
        "cannot read source prom: HTTP 400 Bad Request: bad_data: 1:5: parse error"
    )
    (vantage,) = reading.about("https://shop/")
    assert (vantage.status, vantage.cause) == (Status.UNKNOWN, Cause.HTTP_STATUS)


async def test_a_login_page_is_not_all_clear(pages: VendorPages, prober: Prober) -> None:
    pages.serve("/api/v2/alerts", Page(b"<html>Sign in</html>", "text/html"))
    reading = await poll(source(pages.url(), kind="alertmanager"), prober)
    assert reading.failure.cause is Cause.PROTOCOL
    assert "served as text/html, not JSON" in reading.why()
    # An Alertmanager's silence about a target means no alert; an unread one means nothing.
    (vantage,) = reading.about("anything")
    assert vantage.status is Status.UNKNOWN


async def test_a_source_that_refuses_is_unknown_with_the_cause(prober: Prober) -> None:
    reading = await poll(source(f"http://127.0.0.1:{closed_port()}"), prober)
    assert reading.failure.cause is Cause.REFUSED
    assert reading.why().startswith("cannot read source prom: connection refused")
    assert reading.itself().status is Status.UNKNOWN


async def test_a_source_that_hangs_ends_within_its_timeout(
    sites: LocalSites, prober: Prober
) -> None:
    sites.site.scenarios["prom/api/v1/query"] = "/hang"
    with stopwatch() as took:
        reading = await poll(source(sites.http("/scenario/prom")), prober, timeout=1.0)
    assert reading.failure.cause is Cause.TIMEOUT
    assert took.seconds < 1.0 + MARGIN


async def test_an_endless_answer_is_cut_at_the_cap(sites: LocalSites, prober: Prober) -> None:
    sites.site.scenarios["prom/api/v1/query"] = "/endless"
    reading = await poll(source(sites.http("/scenario/prom")), prober)
    assert reading.failure.cause is Cause.TOO_LARGE


async def test_a_reset_connection_is_unknown(sites: LocalSites, prober: Prober) -> None:
    sites.site.scenarios["prom/api/v1/query"] = "/reset"
    reading = await poll(source(sites.http("/scenario/prom")), prober)
    assert reading.failure.cause is Cause.RESET
