"""incident.io's widget API: ``/api/v1/summary``.

Three lists: ``ongoing_incidents`` (each with ``current_worst_impact``, the last update's
message and time, and its affected components), ``in_progress_maintenances`` and
``scheduled_maintenances``. There is no page-wide indicator and no list of every component:
the page is operational unless an incident or a maintenance says otherwise, and a followed
component that no incident names is operational.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from trayapp.core.phrases import readings as sources
from trayapp.core.vendors.documents import (
    Document,
    as_dict,
    as_dicts,
    as_link,
    as_text,
    load_json,
)
from trayapp.core.vendors.endpoints import endpoint
from trayapp.core.vendors.model import (
    Component,
    PageRef,
    Platform,
    VendorIncident,
    VendorLevel,
    VendorReading,
    understood,
    unreadable,
    worst_level,
)
from trayapp.core.vendors.text import plain_text
from trayapp.core.vendors.times import utc

__all__ = ["PATH", "endpoints", "read"]

PATH = "/api/v1/summary"

_IMPACT = {
    "degraded_performance": VendorLevel.DEGRADED,
    "partial_outage": VendorLevel.PARTIAL_OUTAGE,
    "full_outage": VendorLevel.MAJOR_OUTAGE,
}
_COMPONENT = {"operational": VendorLevel.OPERATIONAL, **_IMPACT}
_CLOSED = frozenset({"resolved"})
_LISTS = ("ongoing_incidents", "in_progress_maintenances", "scheduled_maintenances")


def endpoints(page_url: str) -> tuple[str, ...]:
    """The widget API's address for a page at ``page_url``."""
    return (endpoint(page_url, PATH, strip=("/api/",)),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of a widget summary (never raises: garbage reads as unknown)."""
    data, why = load_json(documents[0]) if documents else (None, sources.NOTHING_FETCHED())
    summary = as_dict(data)
    if not any(isinstance(summary.get(key), list) for key in _LISTS):
        return unreadable(Platform.INCIDENT_IO, page.url, now, why or sources.NOT_INCIDENT_IO())
    listed = [
        (raw, _IMPACT.get(as_text(raw.get("current_worst_impact")), VendorLevel.UNKNOWN))
        for raw in as_dicts(summary.get("ongoing_incidents"))
        if as_text(raw.get("status")) not in _CLOSED
    ]
    listed += [
        (raw, VendorLevel.MAINTENANCE) for raw in as_dicts(summary.get("in_progress_maintenances"))
    ]
    incidents = [_incident(raw, impact) for raw, impact in listed]
    components: dict[str, Component] = {}
    for raw, impact in listed:
        for row in as_dicts(raw.get("affected_components")):
            name = plain_text(row.get("name"), 100)
            status = as_text(row.get("current_status"))
            level = _COMPONENT.get(status, VendorLevel.UNKNOWN) if status else impact
            known = components.get(name)
            if name and (known is None or level.rank > known.level.rank):
                components[name] = Component(
                    name, level, plain_text(row.get("group_name"), 100) or None
                )
    level = worst_level([i.impact for i in incidents], VendorLevel.OPERATIONAL)
    return understood(
        Platform.INCIDENT_IO,
        page,
        now,
        level,
        components=components.values(),
        incidents=incidents,
        complete=False,
    )


def _incident(data: dict[str, object], impact: VendorLevel) -> VendorIncident:
    affected = [plain_text(c.get("name"), 100) for c in as_dicts(data.get("affected_components"))]
    return VendorIncident(
        name=plain_text(data.get("name"), 200),
        status=plain_text(as_text(data.get("status")).replace("_", " "), 40).lower(),
        impact=impact,
        started_at=utc(data.get("started_at")) or utc(data.get("published_at")),
        updated_at=utc(data.get("last_update_at")),
        latest_update=plain_text(data.get("last_update_message"), 500),
        url=as_link(data.get("url")),
        components=tuple(dict.fromkeys(name for name in affected if name)),
        id=plain_text(data.get("id"), 100),
    )
