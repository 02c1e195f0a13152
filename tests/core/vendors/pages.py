"""What the vendor tests share: the fixture pages, and reading them as a poller would.

Not a conftest: the test modules import what they use.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from trayapp.core.vendors.adapters import ADAPTERS
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, Platform, VendorReading

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2012, 7, 26, 19, 30, tzinfo=UTC)
JSON = "application/json; charset=utf-8"


def body(name: str) -> bytes:
    """A fixture file's bytes."""
    return (FIXTURES / name).read_bytes()


def maintenance_summary(until: str, started: str = "2012-07-26T11:00:00Z") -> bytes:
    """A Statuspage summary with nothing wrong but its API under maintenance, in progress
    since ``started`` and scheduled until ``until`` (RFC 3339)."""
    api = {"id": "api", "name": "API", "status": "under_maintenance"}
    work = {
        "id": "mnt1",
        "name": "API database upgrade",
        "status": "in_progress",
        "impact": "maintenance",
        "scheduled_for": started,
        "scheduled_until": until,
        "incident_updates": [{"body": "Upgrading the API database", "display_at": started}],
        "components": [api],
    }
    summary = {
        "components": [api],
        "incidents": [],
        "scheduled_maintenances": [work],
        "status": {"indicator": "maintenance", "description": "Service Under Maintenance"},
    }
    return json.dumps(summary).encode()


def document(name: str, content_type: str = JSON) -> Document:
    """A fixture file as fetched, served with ``content_type``."""
    return Document(body(name), {"Content-Type": content_type})


def read(
    platform: Platform,
    *documents: Document | str,
    url: str = "https://status.example.test",
    component: str | None = None,
    now: datetime = NOW,
) -> VendorReading:
    """What ``platform``'s adapter reads from ``documents`` (fixture names are served as JSON)."""
    fetched = [document(d) if isinstance(d, str) else d for d in documents]
    return ADAPTERS[platform].read(fetched, PageRef(url, component), now)
