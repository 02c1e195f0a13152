"""Slack: ``/api/v2.0.0/current`` on slack-status.com.

The answer has a ``status`` (``ok``, or ``active`` while something is wrong) and the active
incidents, each with a ``type`` (``outage``, ``incident``, ``notice``), the services it
touches and its notes. Times carry the page's own offset (Pacific time).

Slack lists only the services an incident touches: a followed service no incident names is
operational.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from trayapp.core.phrases import readings as sources
from trayapp.core.vendors.documents import (
    Document,
    as_dict,
    as_dicts,
    as_link,
    as_list,
    as_text,
    load_json,
)
from trayapp.core.vendors.endpoints import endpoint
from trayapp.core.vendors.model import (
    PageRef,
    Platform,
    VendorIncident,
    VendorLevel,
    VendorReading,
    named_components,
    understood,
    unreadable,
    worst_level,
)
from trayapp.core.vendors.text import plain_text
from trayapp.core.vendors.times import utc

__all__ = ["PATH", "endpoints", "read"]

PATH = "/api/v2.0.0/current"

_STATUS = {"ok": VendorLevel.OPERATIONAL, "active": VendorLevel.DEGRADED}
_TYPE = {
    "notice": VendorLevel.DEGRADED,
    "incident": VendorLevel.PARTIAL_OUTAGE,
    "outage": VendorLevel.MAJOR_OUTAGE,
}
_CLOSED = frozenset({"resolved", "completed", "scheduled"})
_NEVER = datetime.min.replace(tzinfo=UTC)


def endpoints(page_url: str) -> tuple[str, ...]:
    """The current status's address for a page at ``page_url``."""
    return (endpoint(page_url, PATH, strip=("/api/",)),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of Slack's current status (never raises: garbage reads as unknown)."""
    data, why = load_json(documents[0]) if documents else (None, sources.NOTHING_FETCHED())
    current = as_dict(data)
    if "status" not in current or "active_incidents" not in current:
        return unreadable(Platform.SLACK, page.url, now, why or sources.NOT_SLACK())
    said = _STATUS.get(as_text(current.get("status")), VendorLevel.UNKNOWN)
    incidents = [
        _incident(raw)
        for raw in as_dicts(current.get("active_incidents"))
        if as_text(raw.get("status")) not in _CLOSED
    ]
    # "active" with no incident listed says something is wrong without saying what.
    level = worst_level([i.impact for i in incidents], said) if incidents else said
    return understood(
        Platform.SLACK,
        page,
        now,
        level,
        components=named_components(incidents),
        incidents=incidents,
        complete=False,
    )


def _incident(data: dict[str, object]) -> VendorIncident:
    notes = as_dicts(data.get("notes"))
    latest = max(notes, key=lambda n: utc(n.get("date_created")) or _NEVER, default={})
    services = [plain_text(s, 100) for s in as_list(data.get("services"))]
    kind = as_text(data.get("type"))
    return VendorIncident(
        name=plain_text(data.get("title"), 200),
        status=plain_text(as_text(data.get("status")), 40).lower(),
        impact=_TYPE.get(kind, VendorLevel.UNKNOWN),
        started_at=utc(data.get("date_created")),
        updated_at=utc(data.get("date_updated")),
        latest_update=plain_text(latest.get("body"), 500),
        url=as_link(data.get("url")),
        components=tuple(dict.fromkeys(s for s in services if s)),
        id=plain_text(str(data.get("id") or ""), 100),
    )
