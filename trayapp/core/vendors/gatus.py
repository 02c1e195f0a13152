"""Gatus, the self-hosted health dashboard: ``/api/v1/endpoints/statuses``.

A list of endpoints, each with its group and its latest results (``success`` per check).
Each endpoint is a component: operational while its latest result succeeded, a major
outage when it failed, unknown with no result yet. Gatus has no incidents; the failing
endpoints are what the page says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from trayapp.core.phrases import readings as sources
from trayapp.core.vendors.documents import Document, as_dicts, load_json
from trayapp.core.vendors.endpoints import endpoint
from trayapp.core.vendors.model import (
    Component,
    PageRef,
    Platform,
    VendorLevel,
    VendorReading,
    understood,
    unreadable,
    worst_level,
)
from trayapp.core.vendors.text import plain_text
from trayapp.core.vendors.times import utc

__all__ = ["PATH", "endpoints", "read"]

PATH = "/api/v1/endpoints/statuses"
_NEVER = datetime.min.replace(tzinfo=UTC)


def endpoints(page_url: str) -> tuple[str, ...]:
    """The endpoints' statuses for a dashboard at ``page_url``."""
    return (endpoint(page_url, PATH, strip=("/api/", "/endpoints/")),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of Gatus's statuses (never raises: garbage reads as unknown)."""
    data, why = load_json(documents[0]) if documents else (None, sources.NOTHING_FETCHED())
    rows = as_dicts(data)
    if not isinstance(data, list) or (data and not any("results" in row for row in rows)):
        return unreadable(Platform.GATUS, page.url, now, why or sources.NOT_GATUS())
    components = [
        Component(
            plain_text(row.get("name"), 100) or plain_text(row.get("key"), 100),
            _level(row),
            plain_text(row.get("group"), 100) or None,
        )
        for row in rows
    ]
    level = worst_level([c.level for c in components], VendorLevel.UNKNOWN)
    failing = [c for c in components if c.level is VendorLevel.MAJOR_OUTAGE]
    description: str | None  # None: made from the level and the components
    if failing:
        names = ", ".join(c.name for c in failing[:3])
        counted = {"failing": len(failing), "count": len(components), "names": names}
        if len(failing) > 3:
            description = sources.ENDPOINTS_FAILING_MORE(more=len(failing) - 3, **counted)
        else:
            description = sources.ENDPOINTS_FAILING(**counted)
    else:
        description = None if components else sources.NO_ENDPOINTS()
    return understood(
        Platform.GATUS, page, now, level, components=components, description=description
    )


def _level(row: dict[str, object]) -> VendorLevel:
    results = as_dicts(row.get("results"))
    if not results:
        return VendorLevel.UNKNOWN
    # Gatus lists results oldest first; a result without a time keeps that order.
    latest = max(
        enumerate(results), key=lambda pair: (utc(pair[1].get("timestamp")) or _NEVER, pair[0])
    )[1]
    success = latest.get("success")
    if success is True:
        return VendorLevel.OPERATIONAL
    if success is False:
        return VendorLevel.MAJOR_OUTAGE
    return VendorLevel.UNKNOWN
