"""Uptime Kuma, the self-hosted monitor: a status page at ``/status/<slug>``.

Two documents: ``/api/status-page/<slug>`` (the page's groups of monitors, its pinned
incident and its active maintenances) and ``/api/status-page/heartbeat/<slug>`` (each
monitor's latest heartbeats: 0 down, 1 up, 2 pending, 3 maintenance). Each monitor is a
component, named within its group. The pinned incident's style says how bad it is
(``danger``, ``warning``; others are notes). Times have no zone: Uptime Kuma writes UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit

from trayapp.core.phrases import readings as sources
from trayapp.core.vendors.documents import (
    Document,
    as_dict,
    as_dicts,
    as_text,
    load_json,
)
from trayapp.core.vendors.endpoints import origin
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

__all__ = ["endpoints", "read", "slug"]

_HEARTBEAT = {
    0: VendorLevel.MAJOR_OUTAGE,
    1: VendorLevel.OPERATIONAL,
    2: VendorLevel.DEGRADED,
    3: VendorLevel.MAINTENANCE,
}
_STYLE = {"danger": VendorLevel.MAJOR_OUTAGE, "warning": VendorLevel.DEGRADED}
_NEVER = datetime.min.replace(tzinfo=UTC)


def slug(page_url: str) -> str:
    """The status page's slug: ``main`` in ``https://kuma.example/status/main``; "" if none."""
    path = urlsplit(page_url.strip()).path
    parts = [unquote(p) for p in path.split("/") if p]
    for marker in ("status", "status-page"):
        if marker in parts:
            index = parts.index(marker)
            if index + 1 < len(parts) and parts[index + 1] != "heartbeat":
                return parts[index + 1]
    return ""


def endpoints(page_url: str) -> tuple[str, ...]:
    """The page's and the heartbeats' addresses; none for an address with no ``/status/<slug>``."""
    name = slug(page_url)
    if not name:
        return ()
    base, name = origin(page_url), quote(name, safe="")
    return (f"{base}/api/status-page/{name}", f"{base}/api/status-page/heartbeat/{name}")


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of a status page and its heartbeats (never raises: garbage is unknown)."""
    if len(documents) < 2:
        return unreadable(Platform.UPTIME_KUMA, page.url, now, sources.NOTHING_FETCHED())
    data, why = load_json(documents[0])
    beats_data, beats_why = load_json(documents[1])
    config, beats = as_dict(data), as_dict(beats_data)
    if "publicGroupList" not in config:
        return unreadable(Platform.UPTIME_KUMA, page.url, now, why or sources.NOT_UPTIME_KUMA())
    if "heartbeatList" not in beats:
        return unreadable(
            Platform.UPTIME_KUMA, page.url, now, beats_why or sources.NOT_HEARTBEATS()
        )
    heartbeats = as_dict(beats.get("heartbeatList"))
    components = [
        Component(
            plain_text(monitor.get("name"), 100),
            _latest(heartbeats.get(str(monitor.get("id")))),
            plain_text(group.get("name"), 100) or None,
        )
        for group in as_dicts(config.get("publicGroupList"))
        for monitor in as_dicts(group.get("monitorList"))
    ]
    incidents = []
    pinned = config.get("incident")
    if isinstance(pinned, dict):
        incidents.append(
            VendorIncident(
                name=plain_text(pinned.get("title"), 200),
                status="posted",
                impact=_STYLE.get(as_text(pinned.get("style")), VendorLevel.OPERATIONAL),
                started_at=utc(pinned.get("createdDate")),
                updated_at=utc(pinned.get("lastUpdatedDate")) or utc(pinned.get("createdDate")),
                latest_update=plain_text(pinned.get("content"), 500),
                id=plain_text(str(pinned.get("id") or ""), 50),
            )
        )
    incidents += [
        VendorIncident(
            name=plain_text(m.get("title"), 200),
            status="in progress",
            impact=VendorLevel.MAINTENANCE,
            latest_update=plain_text(m.get("description"), 500),
            id=plain_text(str(m.get("id") or ""), 50),
        )
        for m in as_dicts(config.get("maintenanceList"))
    ]
    level = worst_level(
        [*(c.level for c in components), *(i.impact for i in incidents)], VendorLevel.UNKNOWN
    )
    title = plain_text(as_dict(config.get("config")).get("title"), 100)
    return understood(
        Platform.UPTIME_KUMA,
        page,
        now,
        level,
        components=components,
        incidents=incidents,
        description=None if components or incidents else _no_monitors(title),
    )


def _latest(beats: object) -> VendorLevel:
    rows = as_dicts(beats)
    if not rows:
        return VendorLevel.UNKNOWN
    latest = max(enumerate(rows), key=lambda pair: (utc(pair[1].get("time")) or _NEVER, pair[0]))[1]
    status = latest.get("status")
    if isinstance(status, bool) or not isinstance(status, int):
        return VendorLevel.UNKNOWN
    return _HEARTBEAT.get(status, VendorLevel.UNKNOWN)


def _no_monitors(title: str) -> str:
    """The description of a page that lists no monitors."""
    return sources.NO_MONITORS(title=title) if title else sources.PAGE_NO_MONITORS()
