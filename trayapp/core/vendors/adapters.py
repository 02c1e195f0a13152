"""Every platform's adapter, by platform: where its API lives and how to read it.

An adapter is two pure functions. ``endpoints(page_url)`` gives the addresses to fetch (none
when the address cannot be this platform's); ``read(documents, page, now)`` turns the fetched
documents, in that order, into a :class:`~trayapp.core.vendors.model.VendorReading`. ``read``
never raises: a body it cannot understand reads as ``unknown``, with the reason.
:func:`read_safely` is the last guard, for a bug in an adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.phrases import readings as sources
from trayapp.core.vendors import (
    feed,
    gatus,
    google,
    incidentio,
    instatus,
    slack,
    statuspage,
    uptime_kuma,
)
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, Platform, VendorReading, unreadable

__all__ = ["ADAPTERS", "Adapter", "read_safely"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Adapter:
    """How to read one platform's status pages."""

    platform: Platform
    endpoints: Callable[[str], tuple[str, ...]]
    read: Callable[[Sequence[Document], PageRef, datetime], VendorReading]


ADAPTERS: dict[Platform, Adapter] = {
    Platform.STATUSPAGE: Adapter(Platform.STATUSPAGE, statuspage.endpoints, statuspage.read),
    Platform.INCIDENT_IO: Adapter(Platform.INCIDENT_IO, incidentio.endpoints, incidentio.read),
    Platform.INSTATUS: Adapter(Platform.INSTATUS, instatus.endpoints, instatus.read),
    Platform.SLACK: Adapter(Platform.SLACK, slack.endpoints, slack.read),
    Platform.GATUS: Adapter(Platform.GATUS, gatus.endpoints, gatus.read),
    Platform.UPTIME_KUMA: Adapter(Platform.UPTIME_KUMA, uptime_kuma.endpoints, uptime_kuma.read),
    Platform.GOOGLE: Adapter(Platform.GOOGLE, google.endpoints, google.read),
    # Last: a feed is the page's own address, and an HTML page is no feed.
    Platform.FEED: Adapter(Platform.FEED, feed.endpoints, feed.read),
}
"""Every adapter, in the order detection tries them (see :mod:`trayapp.core.vendors.detect`)."""


def read_safely(
    adapter: Adapter, documents: Sequence[Document], page: PageRef, now: datetime
) -> VendorReading:
    """``adapter.read``, with a bug in it logged and read as ``unknown`` instead of raised."""
    try:
        return adapter.read(documents, page, now)
    except Exception:
        # Adapters are written never to raise; getting here is a bug in trayapp, logged in
        # full. The page is then unknown, as any page that cannot be read.
        log.exception("the %s adapter failed on %s", adapter.platform.value, page.url)
        return unreadable(adapter.platform, page.url, now, sources.INTERNAL())
