"""Google Cloud and Google Workspace: ``incidents.json``.

One list of incidents, old and open alike: an incident is open while it has no ``end``.
Each names the products it affects; a service follows one product ("Gmail", "Google Compute
Engine") and sees only the incidents that name it. The impact is ``status_impact``
(``SERVICE_INFORMATION``, ``SERVICE_DISRUPTION``, ``SERVICE_OUTAGE``).

There is no list of products: a product that no open incident names is operational.
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

PATH = "/incidents.json"

_IMPACT = {
    "AVAILABLE": VendorLevel.OPERATIONAL,
    "SERVICE_INFORMATION": VendorLevel.DEGRADED,
    "SERVICE_DISRUPTION": VendorLevel.PARTIAL_OUTAGE,
    "SERVICE_OUTAGE": VendorLevel.MAJOR_OUTAGE,
}


def endpoints(page_url: str) -> tuple[str, ...]:
    """The incidents list's address for a dashboard at ``page_url``."""
    return (endpoint(page_url, PATH),)


def read(documents: Sequence[Document], page: PageRef, now: datetime) -> VendorReading:
    """The reading of an incidents list (never raises: garbage reads as unknown)."""
    data, why = load_json(documents[0]) if documents else (None, sources.NOTHING_FETCHED())
    if not isinstance(data, list):
        return unreadable(Platform.GOOGLE, page.url, now, why or sources.NOT_GOOGLE())
    rows = as_dicts(data)
    if data and not any("begin" in row or "external_desc" in row for row in rows):
        return unreadable(Platform.GOOGLE, page.url, now, sources.NOT_GOOGLE())
    base = endpoints(page.url)[0]
    incidents = [_incident(row, base) for row in rows if not row.get("end")]
    level = worst_level([i.impact for i in incidents], VendorLevel.OPERATIONAL)
    return understood(
        Platform.GOOGLE,
        page,
        now,
        level,
        components=named_components(incidents),
        incidents=incidents,
        complete=False,
    )


def _incident(data: dict[str, object], base: str) -> VendorIncident:
    latest = as_dict(data.get("most_recent_update"))
    updates = as_dicts(data.get("updates"))
    if not latest and updates:
        latest = updates[0]  # newest first
    products = [
        plain_text(as_dict(p).get("title"), 100) for p in as_list(data.get("affected_products"))
    ]
    products.append(plain_text(data.get("service_name"), 100))
    status = as_text(latest.get("status")) or as_text(data.get("status_impact"))
    return VendorIncident(
        name=plain_text(data.get("external_desc"), 200),
        status=plain_text(status.replace("_", " "), 40).lower(),
        impact=_IMPACT.get(as_text(data.get("status_impact")), VendorLevel.UNKNOWN),
        started_at=utc(data.get("begin")) or utc(data.get("created")),
        updated_at=utc(data.get("modified")) or utc(latest.get("modified")),
        latest_update=plain_text(latest.get("text"), 500),
        url=as_link(data.get("uri"), base),
        components=tuple(dict.fromkeys(p for p in products if p)),
        id=plain_text(data.get("id"), 100),
    )
