"""Vendors' status pages: what the vendor says, beside what trayapp sees.

Every platform's page is read into one model (:mod:`~trayapp.core.vendors.model`): a level,
a description, components and open incidents, in plain text and UTC. Levels, worst last::

    VendorLevel
     ├── operational
     ├── maintenance          planned work: explains a failure, is no problem by itself
     ├── unknown              unreadable, unparsable, or a value trayapp does not know:
     │                        never taken for operational
     ├── degraded             ┐
     ├── partial_outage       ├ the vendor reports a problem
     └── major_outage         ┘

Adapters, one module each, pure (bytes and headers in, a reading out, never an exception)::

    Adapter                   endpoint                       level from
     ├── statuspage           /api/v2/summary.json           indicator, components, incidents
     │                        (also incident.io's Statuspage-compatible API)
     ├── incidentio           /api/v1/summary                ongoing incidents, maintenances
     ├── instatus             /summary.json                  page status, incidents
     ├── slack                /api/v2.0.0/current            status, incident types
     ├── google               incidents.json                 open incidents (no "end"), by product
     ├── feed                 the feed itself (RSS, Atom)    never: history only, always unknown
     ├── gatus                /api/v1/endpoints/statuses     each endpoint's latest result
     └── uptime_kuma          /api/status-page/<slug>        each monitor's latest heartbeat
                              + /api/status-page/heartbeat/<slug>

Around them: :mod:`~trayapp.core.vendors.detect` finds a page's platform,
:mod:`~trayapp.core.vendors.poller` reads a page on its interval (conditional GET, the last
good reading kept when a fetch fails, Retry-After honoured); :mod:`~trayapp.core.verdict`,
above both vendors and sources, combines a round with their word into the service's status
and verdict. Nothing here imports Qt; importing the package costs no
httpx (the poller is imported from its module).
"""

from __future__ import annotations

from trayapp.core.vendors.known import ServiceSuggestion, suggest_service
from trayapp.core.vendors.model import (
    Component,
    PageRef,
    Platform,
    VendorIncident,
    VendorLevel,
    VendorReading,
)

__all__ = [
    "Component",
    "PageRef",
    "Platform",
    "ServiceSuggestion",
    "VendorIncident",
    "VendorLevel",
    "VendorReading",
    "suggest_service",
]
