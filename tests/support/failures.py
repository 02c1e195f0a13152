"""Failures of every kind, as real probes find them on the servers of 127.0.0.1.

What the tests of the user's language show: a port that refuses, an HTTP 503, a server that
never answers, an expired and an untrusted certificate, a certificate about to expire, a name
that does not exist, a condition that fails, a slow answer, a tcp check refused, a ping, a
source that cannot be read (nothing listens; a 404) and one that can, and a status page
following a component it does not list. Every detail is the probe's own, in English, as the
JSON and the history keep it::

    found = failures(sites, pages)
    found.results["refused"].detail     # "connection refused by 127.0.0.1:40123"
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.core.probes.fixtures import local_prober, settings
from tests.core.vendors.pages import body
from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.clock import SystemClock
from trayapp.core.config.model import DnsCheck, HttpCheck, PingCheck, Source, TcpCheck
from trayapp.core.models import CheckResult
from trayapp.core.sources.model import SourceReading
from trayapp.core.sources.poller import SourcePoller
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, VendorReading
from trayapp.core.vendors.statuspage import read as read_statuspage

__all__ = ["PROMETHEUS_ANSWER", "Failures", "failures"]

PROMETHEUS_ANSWER = {
    "status": "success",
    "data": {
        "resultType": "vector",
        "result": [
            {"metric": {"instance": "https://shop.test/", "vantage": "eu"}, "value": [1, "0"]},
            {"metric": {"instance": "https://wiki.test/", "vantage": "eu"}, "value": [1, "1"]},
        ],
    },
}
"""A Prometheus answer naming two targets, one down."""


@dataclass(frozen=True)
class Failures:
    """What the probes found, by kind."""

    results: dict[str, CheckResult]
    """``refused``, ``http_503``, ``timeout``, ``expired``, ``untrusted``, ``expiring``,
    ``nxdomain``, ``condition``, ``slow``, ``tcp_refused``, ``ping``."""
    sources: dict[str, SourceReading]
    """``unreachable`` (nothing listens), ``missing`` (a 404), ``read`` (two targets)."""
    vendor: VendorReading
    """A status page that does not list the component followed."""

    def details(self) -> list[str]:
        """Every English text the failures hold: the checks' details, the sources' health
        and what they say of a target, the status page's description."""
        texts = [result.detail for result in self.results.values()]
        for reading in self.sources.values():
            texts.append(reading.itself().detail)
            texts += [v.detail for v in reading.about("https://nowhere.test/")]
        return [*texts, self.vendor.description]


def failures(sites: LocalSites, pages: VendorPages) -> Failures:
    """Find every kind of failure (see :class:`Failures`); takes about a second."""
    return asyncio.run(_found(sites, pages))


def _http(url: str, **more: Any) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, **more})


async def _found(sites: LocalSites, pages: VendorPages) -> Failures:
    closed = closed_port()
    checks: dict[str, HttpCheck | TcpCheck | DnsCheck | PingCheck] = {
        "refused": _http(f"http://127.0.0.1:{closed}/"),
        "http_503": _http(sites.http("/status/503")),
        "timeout": _http(f"http://127.0.0.1:{sites.silent_port}/", timeout="300ms"),
        "expired": _http(sites.https(cert="expired")),
        "untrusted": _http(sites.https(cert="untrusted")),
        "expiring": _http(sites.https(cert="expiring")),
        "nxdomain": DnsCheck.model_validate({"type": "dns", "name": "nothing.invalid"}),
        "condition": _http(sites.http("/status/503"), conditions=["[STATUS] == 200"]),
        "slow": _http(sites.http("/slow-first-byte/300"), slow_after="100ms"),
        "tcp_refused": TcpCheck.model_validate(
            {"type": "tcp", "host": "127.0.0.1", "port": closed}
        ),
        "ping": PingCheck.model_validate({"type": "ping", "host": "127.0.0.1"}),
    }
    pages.serve("/api/v1/query", Page(json.dumps(PROMETHEUS_ANSWER).encode()))
    async with local_prober(sites) as prober:
        results = {kind: await prober.run(check, settings()) for kind, check in checks.items()}
        sources = {
            "unreachable": _source(f"http://127.0.0.1:{closed}"),
            "missing": _source(sites.http("/nothing-here")),
            "read": _source(pages.url()),
        }
        readings = {
            kind: await SourcePoller(source, prober, settings(), SystemClock()).poll()
            for kind, source in sources.items()
        }
    summary = Document(body("statuspage_all_well.json"), {"content-type": "application/json"})
    page = PageRef(pages.url(), component="Billing")
    vendor = read_statuspage([summary], page, datetime.now(UTC))
    return Failures(results, readings, vendor)


def _source(url: str) -> Source:
    return Source.model_validate({"name": "prom", "kind": "prometheus", "url": url})
