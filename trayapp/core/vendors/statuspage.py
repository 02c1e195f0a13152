"""Atlassian Statuspage: ``/api/v2/summary.json``, and the same API as incident.io serves it.

The summary holds the page's indicator, its components (groups among them), its unresolved
incidents and its scheduled maintenances. Times carry the page's own offset
(``2012-07-26T04:23:00.000-07:00``). The Statuspage-compatible API of incident.io pages has
no ``time_zone`` and may have ``"incidents": null``.

The page's level is the worst of the indicator, the components that are not groups, the
open incidents' impact and any maintenance in progress: an indicator may say ``none``
while an incident is open. A maintenance in progress (or being verified) is read as an
incident of impact ``maintenance`` that ends when it is ``scheduled_until``.
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

PATH = "/api/v2/summary.json"

_INDICATOR = {
    "none": VendorLevel.OPERATIONAL,
    "minor": VendorLevel.DEGRADED,
    "major": VendorLevel.PARTIAL_OUTAGE,
    "critical": VendorLevel.MAJOR_OUTAGE,
    "maintenance": VendorLevel.MAINTENANCE,
}
_IMPACT = _INDICATOR
_COMPONENT = {
    "operational": VendorLevel.OPERATIONAL,
    "under_maintenance": VendorLevel.MAINTENANCE,
    "degraded_performance": VendorLevel.DEGRADED,
    "partial_outage": VendorLevel.PARTIAL_OUTAGE,
    "major_outage": VendorLevel.MAJOR_OUTAGE,
}
_NEVER = datetime.min.replace(tzinfo=UTC)
_CLOSED = frozenset({"resolved", "postmortem", "completed"})
_MAINTENANCE_NOW = frozenset({"in_progress", "verifying"})


def endpoints(page_url: str) -> tuple[str, ...]:
    """The summary's address for a page at ``page_url``."""
    return (endpoint(page_url, PATH, strip=("/api/v2/",)),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of a summary (never raises: garbage reads as unknown)."""
    data, why = load_json(documents[0]) if documents else (None, sources.NOTHING_FETCHED())
    summary = as_dict(data)
    status = as_dict(summary.get("status"))
    if "indicator" not in status and not isinstance(summary.get("components"), list):
        return unreadable(Platform.STATUSPAGE, page.url, now, why or sources.NOT_STATUSPAGE())
    indicator = _INDICATOR.get(as_text(status.get("indicator")), VendorLevel.UNKNOWN)
    components = _components(summary)
    incidents = [
        *(
            _incident(i, _IMPACT.get(as_text(i.get("impact")), VendorLevel.UNKNOWN))
            for i in as_dicts(summary.get("incidents"))
            if _open(i)
        ),
        *(
            _incident(m, VendorLevel.MAINTENANCE)
            for m in as_dicts(summary.get("scheduled_maintenances"))
            if as_text(m.get("status")) in _MAINTENANCE_NOW
        ),
    ]
    level = worst_level(
        [
            indicator,
            *(c.level for c in components if not c.is_group),
            *(i.impact for i in incidents),
        ],
        VendorLevel.UNKNOWN,
    )
    said = plain_text(status.get("description"), 200)
    return understood(
        Platform.STATUSPAGE,
        page,
        now,
        level,
        components=components,
        incidents=incidents,
        # The page's own words, unless its parts say worse than its indicator.
        description=said if said and level is indicator else None,
    )


def _components(summary: dict[str, object]) -> list[Component]:
    rows = as_dicts(summary.get("components"))
    groups = {as_text(r.get("id")): plain_text(r.get("name"), 100) for r in rows if r.get("group")}
    return [
        Component(
            name=plain_text(row.get("name"), 100),
            level=_COMPONENT.get(as_text(row.get("status")), VendorLevel.UNKNOWN),
            group=groups.get(as_text(row.get("group_id"))) or None,
            is_group=row.get("group") is True,
        )
        for row in rows
    ]


def _open(incident: dict[str, object]) -> bool:
    return as_text(incident.get("status")) not in _CLOSED


def _incident(data: dict[str, object], impact: VendorLevel) -> VendorIncident:
    updates = as_dicts(data.get("incident_updates"))
    # Pages list updates newest first; an update without a time keeps that order.
    latest = max(updates, key=lambda u: _when(u) or _NEVER, default={})
    affected = [plain_text(c.get("name"), 100) for c in as_dicts(data.get("components"))]
    for update in updates:
        affected += [
            plain_text(c.get("name"), 100) for c in as_dicts(update.get("affected_components"))
        ]
    status = as_text(data.get("status"))
    return VendorIncident(
        name=plain_text(data.get("name"), 200),
        status=plain_text(status.replace("_", " "), 40).lower(),
        impact=impact,
        started_at=utc(data.get("started_at")) or utc(data.get("created_at")),
        updated_at=utc(data.get("updated_at")),
        latest_update=plain_text(latest.get("body"), 500),
        url=as_link(data.get("shortlink")),
        components=tuple(dict.fromkeys(name for name in affected if name)),
        id=plain_text(data.get("id"), 100),
        ends_at=utc(data.get("scheduled_until")) if impact is VendorLevel.MAINTENANCE else None,
    )


def _when(update: dict[str, object]) -> datetime | None:
    return utc(update.get("display_at")) or utc(update.get("created_at"))
