"""What the tray shows of the monitor: immutable snapshots, safe to hand to another thread.

The ledger (:mod:`trayapp.core.monitor.ledger`) makes a :class:`ServiceView` of each service
and the loop a :class:`MonitorSnapshot` of them all; the GUI and the command line only read
them.

Both are values, and equal when the tray shows them alike: what only says when the last
check ran and how long it took (:attr:`ServiceView.last_checked`,
:attr:`ServiceView.last_elapsed_ms`, :attr:`MonitorSnapshot.at`) is left out of the
comparison. A round that changes nothing else makes a snapshot equal to the one before, which
the runtime need not hand to the GUI at all.

A :class:`ViewCache` keeps each service's view between snapshots and makes it again only when
the ledger says something of that service changed: a snapshot of a thousand services, of which
one had a round, makes one view, not a thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from trayapp.core.config.running import Service
from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.core.network import NetworkStatus, NetworkWords
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.sources.model import Vantage
from trayapp.core.sources.services import brought_by

__all__ = ["MonitorSnapshot", "ServiceView", "ViewCache", "service_links", "status_page_of"]


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
    last_checked: datetime | None = field(compare=False)
    """When its last round ended; not compared (every round changes it)."""
    last_elapsed_ms: float | None = field(compare=False)
    """How long the slowest check of its last round took; not compared."""
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
    group: str = ""
    """The group it is shown in, as the group's first service spells it; "" for none."""


@dataclass(frozen=True, slots=True)
class MonitorSnapshot:
    """What the tray shows, at one moment: safe to hand to another thread."""

    at: datetime = field(compare=False)
    """When it was taken; not compared."""
    tray_status: TrayStatus
    network: NetworkStatus
    services: tuple[ServiceView, ...]
    network_words: NetworkWords = field(default_factory=NetworkWords)
    """What is wrong with the network and what to do, in words (``online``: nothing)."""


class ViewCache:
    """Each service's :class:`ServiceView`, made by ``make(name)`` when first asked for and
    again only after :meth:`touch` (or :meth:`touch_all`) said it may have changed.

    Args:
        make: Makes the view of a service, by name, from what the ledger knows now.
    """

    def __init__(self, make: Callable[[str], ServiceView]) -> None:
        self._make = make
        self._views: dict[str, ServiceView] = {}
        self._shown: tuple[ServiceView, ...] | None = None
        """The last answer of :meth:`views`, while nothing was touched since."""

    def touch(self, names: Iterable[str]) -> None:
        """Something ``names`` show may have changed: their views are made again when next
        asked for."""
        for name in names:
            if self._views.pop(name, None) is not None:
                self._shown = None

    def touch_all(self) -> None:
        """Anything may have changed (a new config, the network): every view is made again."""
        self._views.clear()
        self._shown = None

    def views(self, names: Sequence[str]) -> tuple[ServiceView, ...]:
        """The views of ``names``, in their order; the same tuple as last time when nothing
        was touched since and ``names`` are the same."""
        shown = self._shown
        if shown is not None and [view.name for view in shown] == list(names):
            return shown
        views = self._views
        made = []
        for name in names:
            view = views.get(name)
            if view is None:
                view = views[name] = self._make(name)
            made.append(view)
        self._shown = tuple(made)
        return self._shown


def status_page_of(service: Service) -> tuple[str | None, str | None]:
    """The status page ``service`` follows, and the component on it."""
    return service.status_page, service.status_component


def service_links(service: Service) -> tuple[str | None, str]:
    """What "open" opens of ``service`` (its first http check, else its status page), and
    the source that brought it ("" for none)."""
    return service.first_url or service.status_page, brought_by(service)
