"""What the tray shows of the monitor: immutable snapshots, safe to hand to another thread.

The :class:`~trayapp.core.monitor.ledger.Ledger` makes a :class:`ServiceView` of each service
from its books; the loop gathers them, with the tray's and the network's status, into a
:class:`MonitorSnapshot`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.core.network import NetworkStatus, NetworkWords
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.sources.model import Vantage

__all__ = ["MonitorSnapshot", "ServiceView"]


@dataclass(frozen=True, slots=True)
class ServiceView:
    """One service as the tray shows it: an immutable snapshot for another thread."""

    name: str
    status: Status
    since: datetime | None
    """When the service took its current status; None before the first change."""
    cause: Cause | None
    """Why it is not up (the gravest failure of the last counted round)."""
    detail: str
    last_checked: datetime | None
    last_elapsed_ms: float | None
    paused_until: datetime | None
    url: str | None
    """What "open" opens: the service's first http check, else its status page."""
    status_page: str | None
    incident_id: int | None
    """The open incident, if any."""
    vendor: str = ""
    """What the vendor's status page says, for people (``Twitter status: major outage:
    'Investigating: ...'``); "" without a status page or before it was first read."""
    remote: tuple[Vantage, ...] = ()
    """What the service's remote vantage points see, when its sources were read."""
    source: str = ""
    """The source that brought the service (one of its targets, or the source itself);
    "" for a service of the user's own."""
    outside: OutsideReading | None = None
    """The outside network's latest reading of its open incident; None when it was not
    asked (the service is up, or kept from the outside network)."""
    maintenance: MaintenanceSpan | None = None
    """The maintenance window it is in, failing or not; None outside any."""


@dataclass(frozen=True, slots=True)
class MonitorSnapshot:
    """What the tray shows, at one moment: safe to hand to another thread."""

    at: datetime
    tray_status: TrayStatus
    network: NetworkStatus
    services: tuple[ServiceView, ...]
    network_words: NetworkWords = field(default_factory=NetworkWords)
    """What is wrong with the network and what to do, in words (``online``: nothing)."""
