"""RSS and Atom feeds of a status page's history (read with feedparser).

A feed tells what happened, not what is happening: its entries are kept as the recent
history (the last day's), but its level is always ``unknown``, never an outage and never
"operational". A service whose vendor publishes only a feed gets no verdict from it.

The body goes to feedparser as a stream, never as a string: given a string, feedparser
opens it as a URL or a file name.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from trayapp.core.phrases import readings as sources
from trayapp.core.vendors.documents import Document, as_link, media_type
from trayapp.core.vendors.model import (
    PageRef,
    Platform,
    VendorIncident,
    VendorLevel,
    VendorReading,
    unreadable,
)
from trayapp.core.vendors.text import plain_text
from trayapp.core.vendors.times import utc

__all__ = ["RECENT", "endpoints", "read"]

RECENT = timedelta(days=1)
"""Entries updated this recently are listed."""
_MOST = 10
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-rss+xml",
    }
)


def endpoints(page_url: str) -> tuple[str, ...]:
    """A feed is its own address."""
    return (page_url.strip(),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The recent history in a feed (never raises: garbage reads as unknown)."""
    if not documents:
        return unreadable(Platform.FEED, page.url, now, sources.NOTHING_FETCHED())
    document = documents[0]
    kind = media_type(document)
    if kind and kind not in _FEED_TYPES:
        return unreadable(
            Platform.FEED, page.url, now, sources.SERVED_NOT_FEED(kind=plain_text(kind, 60))
        )
    if not document.body.strip():
        return unreadable(Platform.FEED, page.url, now, sources.FEED_EMPTY())
    # Imported here: most services have no feed, and feedparser costs every start otherwise.
    import feedparser  # type: ignore[import-untyped]

    try:
        parsed: Any = feedparser.parse(
            io.BytesIO(document.body),
            response_headers={"content-type": document.header("content-type") or "application/xml"},
            resolve_relative_uris=False,
            sanitize_html=False,  # every text is made plain text here anyway
        )
    except Exception as error:  # noqa: BLE001 - a third-party parser must not end a poll
        why = sources.NOT_A_FEED(error=type(error).__name__)
        return unreadable(Platform.FEED, page.url, now, why)
    if not parsed.get("version") or _broken(parsed):
        return unreadable(Platform.FEED, page.url, now, sources.FEED_GARBLED())
    title = plain_text(parsed.get("feed", {}).get("title"), 100) or sources.THE_FEED()
    entries = [_entry(entry) for entry in parsed.get("entries", [])[: _MOST * 5]]
    recent = sorted(
        (e for e in entries if e.updated_at is not None and now - e.updated_at <= RECENT),
        key=lambda e: e.updated_at or now,
        reverse=True,
    )[:_MOST]
    if recent:
        description = sources.FEED_LATEST(feed=title, entry=recent[0].name)
    elif entries:
        description = sources.FEED_QUIET(feed=title)
    else:
        description = sources.FEED_NOTHING(feed=title)
    return VendorReading(
        platform=Platform.FEED,
        level=VendorLevel.UNKNOWN,
        description=description,
        fetched_at=now,
        page_url=page.url,
        incidents=tuple(recent),
    )


def _broken(parsed: Any) -> bool:
    """Whether feedparser had to guess: the XML was not well formed (cut short, garbled)."""
    if not parsed.get("bozo"):
        return False
    error = parsed.get("bozo_exception")
    # A charset that differs from the declared one is a mistake of the server, not damage.
    return type(error).__name__ not in ("CharacterEncodingOverride", "NonXMLContentType")


def _entry(entry: Any) -> VendorIncident:
    def field(key: str) -> Any:
        # dict.get, not the entry's own: feedparser maps a missing "updated" to "published"
        # with a deprecation warning, and the two are told apart here anyway.
        return dict.get(entry, key)

    def moment(*keys: str) -> datetime | None:
        for key in keys:
            parsed = field(key)
            if parsed is not None:
                try:
                    year, month, day, hour, minute, second = parsed[:6]
                    return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
                except (TypeError, ValueError, OverflowError):
                    continue
        return None

    published = moment("published_parsed", "created_parsed") or utc(field("published"))
    updated = moment("updated_parsed") or utc(field("updated")) or published
    return VendorIncident(
        name=plain_text(field("title"), 200),
        status="",
        impact=VendorLevel.UNKNOWN,
        started_at=published,
        updated_at=updated,
        latest_update=plain_text(field("summary"), 500),
        url=as_link(field("link")),
        id=plain_text(field("id"), 200),
    )
