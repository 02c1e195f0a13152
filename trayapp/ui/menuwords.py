"""What the tray menu and its tooltip say of the services, in words.

The heading ("2 of 5 services down"), a service's row ("Twitter: down (refused)"), a group's
entry ("Work — 1 of 3 down"), the time of a check and the words of a link. The network's
own words are :mod:`trayapp.ui.networds`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from trayapp.core.models import Status, TrayStatus, worst
from trayapp.core.monitor import ServiceView
from trayapp.core.text import redact_url

__all__ = [
    "clock_text",
    "group_words",
    "link_text",
    "maintenance_until",
    "row_text",
    "status_words",
]


def status_words(
    status: TrayStatus,
    down: int,
    total: int,
    *,
    until: datetime | None = None,
    degraded: int = 0,
) -> str:
    """The tray status in words: "2 of 5 services down", "The service is down" (of one),
    "Offline — it's just you" (the network's own words, when a snapshot has them, say more:
    see :mod:`trayapp.ui.networds`); "In maintenance until 04:00", ``until`` the end of the
    maintenance (see :func:`maintenance_until`); "1 of 5 services degraded", ``degraded`` the
    count of services degraded."""
    if status is TrayStatus.OFFLINE:
        return "Offline — it's just you"
    if total == 0:
        return "No services yet: add one in Settings"
    maintenance = "In maintenance" + (f" until {clock_text(until)}" if until else "")
    if total == 1:
        words = {
            TrayStatus.UP: "The service is up",
            TrayStatus.DEGRADED: "The service is degraded",
            TrayStatus.DOWN: "The service is down",
            TrayStatus.UNKNOWN: "Checking…",
            TrayStatus.PAUSED: "The service is paused",
            TrayStatus.MAINTENANCE: maintenance,
        }
    else:
        words = {
            TrayStatus.UP: f"All {total:,} services up",
            TrayStatus.DEGRADED: (
                f"{degraded:,} of {total:,} services degraded"
                if degraded
                else "Some services degraded"
            ),
            TrayStatus.DOWN: f"{down:,} of {total:,} services down",
            TrayStatus.UNKNOWN: "Checking…",
            TrayStatus.PAUSED: "All services paused",
            TrayStatus.MAINTENANCE: maintenance,
        }
    return words[status]


def group_words(name: str, views: Sequence[ServiceView]) -> str:
    """A group's entry: its name and the worst of its services, counted: "Work — 1 of 3
    down", "Work — all 3 up", "Work — down" (of one), "Work — 1 of 2 in maintenance"."""
    status = worst([view.status for view in views])
    count = sum(view.status is status for view in views)
    said = "in maintenance" if status is Status.MAINTENANCE else status.value
    if len(views) == 1:
        return f"{name} — {said}"
    if count == len(views):
        return f"{name} — all {count:,} {said}"
    return f"{name} — {count:,} of {len(views):,} {said}"


def maintenance_until(views: Sequence[ServiceView]) -> datetime | None:
    """When the services shown in maintenance are all out of it, as far as is known: the last
    end of their windows; None when there are none, or one whose end is not known."""
    ends = [v.maintenance.until for v in views if v.status is Status.MAINTENANCE and v.maintenance]
    return None if not ends or None in ends else max(e for e in ends if e is not None)


def row_text(view: ServiceView) -> str:
    """A service's row: ``Twitter: down (refused)``, ``NAS: in maintenance until 04:00``."""
    if view.status is Status.MAINTENANCE:
        until = view.maintenance.until if view.maintenance else None
        return f"{view.name}: in maintenance" + (f" until {clock_text(until)}" if until else "")
    failing = view.cause is not None and view.status is not Status.UP
    cause = f" ({view.cause.value})" if failing and view.cause is not None else ""
    return f"{view.name}: {view.status.value}{cause}"


def clock_text(moment: datetime | None) -> str:
    """``11:30`` in local time, or ``never``."""
    return moment.astimezone().strftime("%H:%M") if moment is not None else "never"


def link_text(url: str) -> str:
    """``Open``'s words for ``url``: no scheme, no credentials, at most 40 characters."""
    text = redact_url(url).split("://", 1)[-1].rstrip("/")
    return text if len(text) <= 40 else text[:39] + "…"
