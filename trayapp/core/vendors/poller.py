"""Reading one status page again and again: politely, cheaply, and never believing garbage.

One :class:`StatusPagePoller` per page. Each :meth:`~StatusPagePoller.poll`:

- finds the page's platform first, if it does not know it yet (see
  :mod:`trayapp.core.vendors.detect`), and again after :data:`REDETECT_AFTER` readings in a
  row it could not understand (the vendor moved to another platform);
- asks with ``If-None-Match`` / ``If-Modified-Since`` when it has an ETag or a
  Last-Modified, and reads a ``304 Not Modified`` as the body it already has;
- reads the body under the probes' cap (1 MiB, decoded; see
  :mod:`trayapp.core.probes.body`), following at most :data:`MAX_REDIRECTS` redirects
  without reading their bodies;
- when a fetch fails (no answer, an error status, a body it cannot read), keeps the last
  good reading, marked ``stale``; a stale reading older than ``stale_for`` is no longer
  believed and the page reads ``unknown``.

:meth:`~StatusPagePoller.next_delay` says when to poll next: the interval, doubled for each
failure in a row (up to :data:`MAX_BACKOFF`), and never before a ``Retry-After`` the server
gave, in seconds or as an HTTP date. :func:`vendor_client` makes the client to poll with:
its requests go the way the probes' go (the same
:class:`~trayapp.core.probes.proxies.ProxyPolicy`: a proxy from the config, the environment,
the desktop's settings or a PAC file), through connections of its own.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import ssl
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import httpx

from trayapp.core.clock import Clock
from trayapp.core.phrases import checks
from trayapp.core.phrases import readings as sources
from trayapp.core.probes.body import ACCEPT_ENCODING, MAX_BODY_BYTES, read_body
from trayapp.core.probes.causes import http_answer
from trayapp.core.probes.transport import (
    USER_AGENT,
    Router,
    Routes,
    SslContextFactory,
    system_ssl_context,
)
from trayapp.core.text import duration_text, printable, redact_url
from trayapp.core.vendors.detect import Detected, FetchFailure, detect, fetch_all, known_platform
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, Platform, VendorReading, unreadable
from trayapp.core.vendors.times import utc

__all__ = [
    "DEFAULT_INTERVAL",
    "DEFAULT_TIMEOUT",
    "MAX_BACKOFF",
    "MAX_REDIRECTS",
    "MAX_RETRY_AFTER",
    "REDETECT_AFTER",
    "StatusPagePoller",
    "retry_after",
    "vendor_client",
]

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 300.0
"""Seconds between two readings of a page: five minutes."""
DEFAULT_TIMEOUT = 10.0
"""Seconds one fetch may take, body included."""
MAX_BACKOFF = 3600.0
"""The longest wait after failures in a row (or the interval, if that is longer)."""
MAX_RETRY_AFTER = 6 * 3600.0
"""The longest ``Retry-After`` believed: a server cannot silence a page for a week."""
MAX_REDIRECTS = 5
REDETECT_AFTER = 3
"""Readings in a row that cannot be understood before the platform is looked for again."""

_ACCEPT = (
    "application/json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5"
)
_NOT_FOUND = frozenset({404, 405, 410, 501})


def vendor_client(
    proxies: Routes | None = None,
    *,
    ssl_context: SslContextFactory = system_ssl_context,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> httpx.AsyncClient:
    """The client status pages are read with: the OS trust store, a timeout on everything, no
    redirects of its own, and each request the way ``proxies`` says: the probes'
    :class:`~trayapp.core.probes.proxies.ProxyPolicy` (:attr:`Prober.proxies
    <trayapp.core.probes.prober.Prober.proxies>`), so that a page behind the proxy the
    checks go through is read through it too; None: direct. Its connections are its own,
    kept alive between polls, made with the system's resolver.

    A ``transport`` replaces the network (tests pass a mock); the client's settings stay.
    """
    context = ssl_context(True)

    def pooled(proxy: httpx.Proxy | None) -> httpx.AsyncBaseTransport:
        return httpx.AsyncHTTPTransport(proxy=proxy, verify=context)

    return httpx.AsyncClient(
        transport=transport or Router(proxies, pooled),
        trust_env=False,  # the proxies say where requests go; nothing comes from the environment
        follow_redirects=False,  # followed by hand, reading no redirect's body
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, "Accept": _ACCEPT},
    )


def retry_after(value: str, now: datetime) -> datetime | None:
    """When a ``Retry-After`` header (seconds, or an HTTP date) says to ask again, at most
    :data:`MAX_RETRY_AFTER` from ``now``; None when it says nothing readable."""
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        wait = min(float(text[:12]), MAX_RETRY_AFTER)
        return now + timedelta(seconds=wait)
    try:
        when = utc(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return min(max(when, now), now + timedelta(seconds=MAX_RETRY_AFTER))


@dataclass(slots=True)
class _Cached:
    """What the last good answer for one address was, for conditional requests."""

    document: Document
    etag: str = ""
    last_modified: str = ""


class StatusPagePoller:
    """Reads one status page; keeps what it needs to read it again cheaply.

    Args:
        page: The page, and the component to follow.
        client: Fetches; made by :func:`vendor_client` (tests pass one for local servers).
        clock: The time (fetch times, Retry-After, staleness).
        interval: Seconds between readings when all goes well.
        timeout: Seconds one fetch may take.
        stale_for: Seconds the last good reading is believed after fetches start failing;
            by default three intervals, and never less than fifteen minutes.
        platform: The platform, when known; else it is detected at the first poll.
    """

    def __init__(
        self,
        page: PageRef,
        client: httpx.AsyncClient,
        *,
        clock: Clock,
        interval: float = DEFAULT_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        stale_for: float | None = None,
        platform: Platform | None = None,
    ) -> None:
        self.page = page
        self._client = client
        self._clock = clock
        self._interval = max(interval, 0.01)  # never a loop that does not wait
        self._timeout = timeout
        self._stale_for = timedelta(
            seconds=stale_for if stale_for is not None else max(3 * interval, 900.0)
        )
        # A well-known page needs no probe; any other is probed at the first poll.
        self._platform = platform or known_platform(page.url)
        self._cache: dict[str, _Cached] = {}
        self._last_good: VendorReading | None = None
        self._failures = 0
        self._unreadable = 0
        self._not_before: datetime | None = None

    @property
    def platform(self) -> Platform | None:
        """The page's platform, once found."""
        return self._platform

    @property
    def failures(self) -> int:
        """Polls in a row that brought no good reading."""
        return self._failures

    def next_delay(self) -> float:
        """Seconds from now until the next poll: the interval, backed off after failures,
        and not before the server's Retry-After."""
        wait = self._interval
        if self._failures:
            ceiling = max(self._interval, MAX_BACKOFF)
            wait = min(self._interval * 2 ** min(self._failures, 20), ceiling)
        if self._not_before is not None:
            wait = max(wait, (self._not_before - self._clock.now()).total_seconds())
        return wait

    async def poll(self) -> VendorReading:
        """Read the page now (or keep the last reading, if the server asked to wait)."""
        now = self._clock.now()
        if self._not_before is not None and now < self._not_before:
            when = self._not_before.strftime("%H:%M:%S UTC")
            return self._failed(now, sources.ASKED_TO_WAIT(when=when), count=False)
        self._not_before = None
        if self._platform is None:
            found = await detect(self.page, self._fetch, now)
            if isinstance(found, FetchFailure):
                return self._failed(now, found.why, found.retry_after)
            if found is None:
                self._unreadable = 0
                return self._failed(now, sources.NO_PAGE_FOUND())
            return self._read(found)
        from trayapp.core.vendors.adapters import ADAPTERS, read_safely  # a page's first poll

        adapter = ADAPTERS[self._platform]
        fetched = await fetch_all(adapter.endpoints(self.page.url), self._fetch)
        if isinstance(fetched, FetchFailure):
            return self._failed(now, fetched.why, fetched.retry_after)
        reading = read_safely(adapter, fetched, self.page, now)
        return self._read(Detected(self._platform, reading))

    # --- the steps -----------------------------------------------------------------------

    def _read(self, found: Detected) -> VendorReading:
        reading = found.reading
        if not reading.parsed:
            self._unreadable += 1
            if self._unreadable >= REDETECT_AFTER:
                # Three answers in a row that make no sense: the page may have moved to
                # another platform. The next poll looks for it afresh.
                log.info("re-detecting the platform of %s", redact_url(self.page.url))
                self._platform, self._unreadable = None, 0
                self._cache.clear()
            else:
                self._platform = found.platform
            return self._failed(reading.fetched_at, reading.description)
        self._platform = found.platform
        self._failures = self._unreadable = 0
        self._last_good = reading
        return reading

    def _failed(
        self,
        now: datetime,
        why: str,
        not_before: datetime | None = None,
        *,
        count: bool = True,
    ) -> VendorReading:
        if count:
            self._failures += 1
            log.info("cannot read %s: %s", redact_url(self.page.url), why)
        if not_before is not None:
            self._not_before = not_before
        last = self._last_good
        if last is not None and now - last.fetched_at <= self._stale_for:
            return replace(last, stale=True)
        platform = self._platform.value if self._platform is not None else ""
        if last is not None:
            since = last.fetched_at.strftime("%Y-%m-%d %H:%M UTC")
            why = sources.NOT_READ_SINCE(since=since, detail=why)
        return unreadable(platform, self.page.url, now, why)

    async def _fetch(self, url: str) -> Document | FetchFailure:
        """``url``'s body, or why there is none; conditional when it can be."""
        cached = self._cache.get(url)
        headers = {}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        try:
            async with asyncio.timeout(self._timeout):
                return await self._exchange(url, headers, cached)
        except (TimeoutError, httpx.TimeoutException):
            return FetchFailure(checks.NO_ANSWER_WITHIN(timeout=duration_text(self._timeout)))
        except httpx.TooManyRedirects:
            return FetchFailure(checks.TOO_MANY_REDIRECTS())
        except httpx.UnsupportedProtocol:
            return FetchFailure(sources.PAGE_NOT_HTTP())
        except httpx.ConnectError:
            return FetchFailure(sources.PAGE_CANNOT_CONNECT())
        except httpx.RemoteProtocolError:
            return FetchFailure(sources.PAGE_BROKE_HTTP())
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ssl.SSLError) as error:
            return FetchFailure(sources.PAGE_FAILED(error=type(error).__name__))

    async def _exchange(
        self, url: str, headers: dict[str, str], cached: _Cached | None
    ) -> Document | FetchFailure:
        request = self._client.build_request("GET", url, headers=headers)
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._client.send(request, stream=True)
            following = response.next_request if response.is_redirect else None
            if following is None:
                break
            await response.aclose()
            request = following
        else:
            await response.aclose()
            return FetchFailure(checks.TOO_MANY_REDIRECTS())
        try:
            return await self._answer(url, response, cached)
        finally:
            await response.aclose()

    async def _answer(
        self, url: str, response: httpx.Response, cached: _Cached | None
    ) -> Document | FetchFailure:
        status = response.status_code
        if status == 304 and cached is not None:
            cached.etag = response.headers.get("etag", cached.etag)
            cached.last_modified = response.headers.get("last-modified", cached.last_modified)
            return cached.document
        if status != 200:
            phrase = httpx.codes.get_reason_phrase(status) or printable(response.reason_phrase, 40)
            return FetchFailure(
                http_answer(status, phrase),
                not_found=status in _NOT_FOUND,
                retry_after=retry_after(response.headers.get("retry-after", ""), self._clock.now()),
            )
        body = await _read_body(response)
        if isinstance(body, FetchFailure):
            return body
        document = Document(body, dict(response.headers), url)
        self._cache[url] = _Cached(
            document,
            etag=response.headers.get("etag", ""),
            last_modified=response.headers.get("last-modified", ""),
        )
        return document


async def _read_body(response: httpx.Response) -> bytes | FetchFailure:
    reader = await read_body(response)
    if reader.too_large:
        return FetchFailure(sources.PAGE_TOO_LARGE(size=MAX_BODY_BYTES // (1024 * 1024)))
    data = reader.data()
    if data is None:
        return FetchFailure(sources.PAGE_ENCODING())
    return data
