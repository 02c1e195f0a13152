"""Instatus: ``/summary.json``.

The summary has the page's status (``UP``, ``HASISSUES``, ``UNDERMAINTENANCE``), its active
incidents (with an impact such as ``MAJOROUTAGE``) and its active maintenances; some pages
add their components. Enum values are upper case words run together.
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

PATH = "/summary.json"

_PAGE = {
    "UP": VendorLevel.OPERATIONAL,
    # "Has issues" is at least degraded; the incidents say how bad.
    "HASISSUES": VendorLevel.DEGRADED,
    "UNDERMAINTENANCE": VendorLevel.MAINTENANCE,
}
_LEVEL = {
    "OPERATIONAL": VendorLevel.OPERATIONAL,
    "UNDERMAINTENANCE": VendorLevel.MAINTENANCE,
    "DEGRADEDPERFORMANCE": VendorLevel.DEGRADED,
    "PARTIALOUTAGE": VendorLevel.PARTIAL_OUTAGE,
    "MINOROUTAGE": VendorLevel.PARTIAL_OUTAGE,
    "MAJOROUTAGE": VendorLevel.MAJOR_OUTAGE,
}
_CLOSED = frozenset({"RESOLVED"})
_MAINTENANCE_NOW = frozenset({"INPROGRESS"})


def endpoints(page_url: str) -> tuple[str, ...]:
    """The summary's address for a page at ``page_url``."""
    return (endpoint(page_url, PATH),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of an Instatus summary (never raises: garbage reads as unknown)."""
    data, why = load_json(documents[0]) if documents else (None, sources.NOTHING_FETCHED())
    summary = as_dict(data)
    head = as_dict(summary.get("page"))
    if not head or not ("activeIncidents" in summary or "status" in head):
        return unreadable(Platform.INSTATUS, page.url, now, why or sources.NOT_INSTATUS())
    page_level = _PAGE.get(as_text(head.get("status")).upper(), VendorLevel.UNKNOWN)
    incidents = [
        _incident(raw, _LEVEL.get(as_text(raw.get("impact")).upper(), VendorLevel.UNKNOWN))
        for raw in as_dicts(summary.get("activeIncidents"))
        if as_text(raw.get("status")).upper() not in _CLOSED
    ]
    incidents += [
        _incident(raw, VendorLevel.MAINTENANCE, started="start")
        for raw in as_dicts(summary.get("activeMaintenances"))
        if as_text(raw.get("status")).upper() in _MAINTENANCE_NOW
    ]
    components = _components(summary.get("components"))
    level = worst_level(
        [
            page_level,
            *(c.level for c in components if not c.is_group),
            *(i.impact for i in incidents),
        ],
        VendorLevel.UNKNOWN,
    )
    return understood(
        Platform.INSTATUS, page, now, level, components=components, incidents=incidents
    )


def _components(value: object) -> list[Component]:
    found = []
    for row in as_dicts(value):
        name = plain_text(row.get("name"), 100)
        group = plain_text(as_dict(row.get("group")).get("name"), 100) or None
        children = as_dicts(row.get("children"))
        found.append(Component(name, _level(row), group, bool(children)))
        found += [
            Component(plain_text(child.get("name"), 100), _level(child), name) for child in children
        ]
    return found


def _level(row: dict[str, object]) -> VendorLevel:
    return _LEVEL.get(as_text(row.get("status")).upper(), VendorLevel.UNKNOWN)


def _incident(
    data: dict[str, object], impact: VendorLevel, started: str = "started"
) -> VendorIncident:
    status = as_text(data.get("status")).lower()
    return VendorIncident(
        name=plain_text(data.get("name"), 200),
        status="in progress" if status == "inprogress" else plain_text(status, 40),
        impact=impact,
        started_at=utc(data.get(started)),
        updated_at=utc(data.get("updatedAt")) or utc(data.get(started)),
        latest_update=plain_text(data.get("message") or data.get("lastUpdateMessage"), 500),
        url=as_link(data.get("url")),
        id=plain_text(data.get("id"), 100),
    )
