"""What the tray menu and its tooltip say of the services, in words.

The heading ("2 of 5 services down"), a service's row ("Twitter: down (refused)"), a group's
entry ("Work — 1 of 3 down"), the services a level of the menu does not show ("… and 960 more,
all up"), the time of a check and the words of a link. A status's and a
cause's own words are the core's (:attr:`Status.shown <trayapp.core.models.Status.shown>`,
:attr:`Cause.shown <trayapp.core.models.Cause.shown>`), as every screen says them; the
network's are :mod:`trayapp.ui.networds`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from trayapp.core.formats import format_number, format_time
from trayapp.core.i18n import ENGLISH, _, language, ngettext
from trayapp.core.models import Status, TrayStatus, worst
from trayapp.core.monitor import ServiceView
from trayapp.core.text import redact_url

__all__ = [
    "clock_text",
    "group_words",
    "link_text",
    "maintenance_until",
    "more_words",
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
    count of services degraded. In the user's language."""
    if status is TrayStatus.OFFLINE:
        return _("Offline — it's just you")
    if total == 0:
        return _("No services yet: add one in Settings")
    if status is TrayStatus.MAINTENANCE:
        if until is None:
            return _("In maintenance")
        # Translators: the tray's status while services are in a maintenance window.
        return _("In maintenance until {time}").format(time=clock_text(until))
    if status is TrayStatus.UNKNOWN:
        return _("Checking…")
    if total == 1:
        return {
            TrayStatus.UP: _("The service is up"),
            TrayStatus.DEGRADED: _("The service is degraded"),
            TrayStatus.DOWN: _("The service is down"),
            TrayStatus.PAUSED: _("The service is paused"),
        }[status]
    counted = {"total": format_number(total)}
    if status is TrayStatus.UP:
        return ngettext("All {total} services up", "All {total} services up", total).format(
            **counted
        )
    if status is TrayStatus.DEGRADED:
        if not degraded:
            return _("Some services degraded")
        return ngettext(
            "{count} of {total} services degraded", "{count} of {total} services degraded", total
        ).format(count=format_number(degraded), **counted)
    if status is TrayStatus.DOWN:
        return ngettext(
            "{count} of {total} services down", "{count} of {total} services down", total
        ).format(count=format_number(down), **counted)
    return _("All services paused")


def group_words(name: str, views: Sequence[ServiceView]) -> str:
    """A group's entry: its name and the worst of its services, counted: "Work — 1 of 3
    down", "Work — all 3 up", "Work — down" (of one), "Work — 1 of 2 in maintenance"."""
    status = worst([view.status for view in views])
    count = sum(view.status is status for view in views)
    said = status.shown
    if len(views) == 1:
        # Translators: a group's entry in the tray menu: its name, its one service's status.
        return _("{group} — {status}").format(group=name, status=said)
    if count == len(views):
        # Translators: a group's entry: its name, and every one of its services is {status}.
        return ngettext(
            "{group} — all {count} {status}", "{group} — all {count} {status}", count
        ).format(group=name, count=format_number(count), status=said)
    # Translators: a group's entry: its name, and how many of its services are {status}.
    return ngettext(
        "{group} — {count} of {total} {status}", "{group} — {count} of {total} {status}", count
    ).format(group=name, count=format_number(count), total=format_number(len(views)), status=said)


def more_words(rest: Sequence[ServiceView]) -> str:
    """The entry under the rows of a level of the menu that shows only some of its services,
    counting the ``rest``: "… and 960 more, all up" when they are all of one status, else
    "… and 960 more services"."""
    count = format_number(len(rest))
    statuses = {view.status for view in rest}
    if len(statuses) == 1:
        # Translators: the menu's entry under the services it shows: how many more there are,
        # all {status} ("… and 960 more, all up"); it opens the incidents window.
        said = ngettext(
            "… and {count} more, all {status}", "… and {count} more, all {status}", len(rest)
        )
        return said.format(count=count, status=statuses.pop().shown)
    # Translators: the menu's entry under the services it shows: how many more there are; it
    # opens the incidents window.
    said = ngettext("… and {count} more service", "… and {count} more services", len(rest))
    return said.format(count=count)


def maintenance_until(views: Sequence[ServiceView]) -> datetime | None:
    """When the services shown in maintenance are all out of it, as far as is known: the last
    end of their windows; None when there are none, or one whose end is not known."""
    ends = [v.maintenance.until for v in views if v.status is Status.MAINTENANCE and v.maintenance]
    return None if not ends or None in ends else max(e for e in ends if e is not None)


def row_text(view: ServiceView) -> str:
    """A service's row: ``Twitter: down (refused)``, ``NAS: in maintenance until 04:00``."""
    if view.status is Status.MAINTENANCE:
        until = view.maintenance.until if view.maintenance else None
        if until is None:
            return _("{name}: {status}").format(name=view.name, status=view.status.shown)
        # Translators: a service's row while in a maintenance window that ends at {time}.
        return _("{name}: in maintenance until {time}").format(
            name=view.name, time=clock_text(until)
        )
    if view.cause is not None and view.status is not Status.UP:
        # Translators: a service's row: its name, its status and why ("Twitter: down (timeout)").
        return _("{name}: {status} ({cause})").format(
            name=view.name, status=view.status.shown, cause=view.cause.shown
        )
    # Translators: a service's row: its name and its status ("Gmail: up").
    return _("{name}: {status}").format(name=view.name, status=view.status.shown)


def clock_text(moment: datetime | None) -> str:
    """``11:30`` in local time, the locale's way (``11:30 AM`` in ``en_US``), or ``never``.

    Plain English keeps the tray's 24-hour ``11:30``, and with it no Babel on the tray's
    path: the menu rewrites every row's time after each round.
    """
    if moment is None:
        # Translators: when a service was last checked: never yet.
        return _("never")
    if language().locale == ENGLISH and language().catalogue == ENGLISH:
        return moment.astimezone().strftime("%H:%M")
    return format_time(moment)


def link_text(url: str) -> str:
    """``Open``'s words for ``url``: no scheme, no credentials, at most 40 characters."""
    text = redact_url(url).split("://", 1)[-1].rstrip("/")
    return text if len(text) <= 40 else text[:39] + "…"
