"""Which platform a status page runs on: a short list of well-known hosts, else a probe.

A well-known host (``slack-status.com``, ``status.cloud.google.com``, the big Statuspage
pages) maps to its adapter without a request. Any other page is probed: each platform's
endpoints are fetched in turn, and the first whose adapter understands what came back wins::

    statuspage  /api/v2/summary.json        also incident.io's Statuspage-compatible API
    incident_io /api/v1/summary
    instatus    /summary.json
    slack       /api/v2.0.0/current
    gatus       /api/v1/endpoints/statuses
    uptime_kuma /api/status-page/<slug>     only for an address with /status/<slug>
    google      /incidents.json
    feed        the address itself          an RSS or Atom feed

A candidate that answers "not found" (or anything it cannot read) is passed over; a page
that cannot be reached at all ends the probe, so that an unreachable host costs one
request, not eight. The poller detects once, when it starts, and again after repeated
failures to read the page.

The adapters are imported at the first probe, not with this module: a tray that reads no
status page never loads them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, Platform, VendorReading

__all__ = [
    "KNOWN_HOSTS",
    "Detected",
    "FetchFailure",
    "Fetcher",
    "candidates",
    "detect",
    "fetch_all",
    "known_platform",
]

KNOWN_HOSTS: tuple[tuple[str, Platform], ...] = (
    ("slack-status.com", Platform.SLACK),
    ("status.slack.com", Platform.SLACK),
    ("status.cloud.google.com", Platform.GOOGLE),
    ("www.google.com/appsstatus", Platform.GOOGLE),
    ("statuspage.io", Platform.STATUSPAGE),
    ("status.atlassian.com", Platform.STATUSPAGE),
    ("githubstatus.com", Platform.STATUSPAGE),
    ("cloudflarestatus.com", Platform.STATUSPAGE),
    ("discordstatus.com", Platform.STATUSPAGE),
    ("redditstatus.com", Platform.STATUSPAGE),
    ("status.twitterstat.us", Platform.STATUSPAGE),
    ("status.digitalocean.com", Platform.STATUSPAGE),
    ("instatus.com", Platform.INSTATUS),
)
"""``host`` (its subdomains too) or ``host/path`` prefix → platform."""


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """A fetch that brought no document: why, and whether the address simply is not there."""

    why: str
    not_found: bool = False
    """404 or 410 (and the like): this platform's API is not at this address."""
    retry_after: datetime | None = None
    """When the server asked to be asked again, if it did."""


Fetcher = Callable[[str], Awaitable[Document | FetchFailure]]
"""Fetches one address (the poller's, with its cache and its conditional requests)."""


@dataclass(frozen=True, slots=True)
class Detected:
    """The platform found, and what its page said while it was being found."""

    platform: Platform
    reading: VendorReading


async def fetch_all(urls: Iterable[str], fetch: Fetcher) -> list[Document] | FetchFailure:
    """The documents at ``urls``, in order; or the first failure, which ends the fetching."""
    documents = []
    for url in urls:
        fetched = await fetch(url)
        if isinstance(fetched, FetchFailure):
            return fetched
        documents.append(fetched)
    return documents


def known_platform(url: str) -> Platform | None:
    """The platform of a well-known status page's ``url``; None for any other."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    where = f"{host}{parts.path}".lower()
    for pattern, platform in KNOWN_HOSTS:
        known_host, slash, _ = pattern.partition("/")
        if (host == known_host or host.endswith("." + known_host)) and (
            not slash or where.startswith(pattern)
        ):
            return platform
    return None


def candidates(url: str) -> tuple[Platform, ...]:
    """The platforms to try for ``url``, in order: the known one alone, else every one."""
    from trayapp.core.vendors.adapters import ADAPTERS

    known = known_platform(url)
    return (known,) if known is not None else tuple(ADAPTERS)


async def detect(page: PageRef, fetch: Fetcher, now: datetime) -> Detected | FetchFailure | None:
    """The platform of ``page``, found by fetching each candidate's endpoints.

    Returns what the first adapter to understand its documents read; the failure that
    stopped the probe when the page could not be reached; None when every candidate was
    tried and none understood the page.
    """
    from trayapp.core.vendors.adapters import ADAPTERS, read_safely

    for platform in candidates(page.url):
        adapter = ADAPTERS[platform]
        urls = adapter.endpoints(page.url)
        if not urls:
            continue
        fetched = await fetch_all(urls, fetch)
        if isinstance(fetched, FetchFailure):
            if fetched.not_found:
                continue
            return fetched
        reading = read_safely(adapter, fetched, page, now)
        if reading.parsed:
            return Detected(platform, reading)
    return None
