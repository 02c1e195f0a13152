"""The tray icon, its tooltip and its menu.

The icon shows the tray status (the worst service status, or offline) as a glyph, with the
number of services down in a corner; while the user's own network fails, a badge on the
offline glyph says how, and the tooltip's first lines say it in words
(:mod:`trayapp.ui.networds`). The menu (:mod:`trayapp.ui.menu`) is kept current as
snapshots arrive: a row per service (its status, cause and, failing, since when, with a
submenu to check it now, snooze, pause and open it), then check all now, pause all
notifications, incidents, settings and quit. A left click opens the incidents window.

A snapshot equal to the one shown (see :mod:`trayapp.core.monitor.views`) changes nothing:
no tooltip, no menu, no icon is touched. The icon is drawn again only when its glyph (status,
count, the network's badge) changes, the tooltip set only when its words do.

The tray only says what the user wants, through its signals; the app carries it out.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext
from trayapp.core.models import Status, TrayStatus
from trayapp.core.monitor import MonitorSnapshot, NetworkStatus, Notification, ServiceView
from trayapp.core.phrases import retell
from trayapp.core.sources import vantage_words
from trayapp.ui.icons import icon_for
from trayapp.ui.menu import (
    SNOOZES,
    TOMORROW_AT,
    TrayMenu,
    group_words,
    maintenance_until,
    row_text,
    status_words,
    tomorrow_morning,
)
from trayapp.ui.menuwords import clock_text
from trayapp.ui.networds import body_lines, headline, network_words
from trayapp.ui.notifier import GLYPHS
from trayapp.ui.start import starting_icon

__all__ = ["SNOOZES", "TOMORROW_AT", "Tray", "status_words", "tomorrow_morning", "tooltip_text"]


_SHOWN = (Status.DOWN, Status.DEGRADED, Status.PAUSED, Status.MAINTENANCE)
"""The services the tooltip names: those not up, nor waiting to be judged."""

TOOLTIP_SERVICES = 10
"""Services named in the tooltip at most: a source may bring hundreds failing at once."""


def tooltip_text(snapshot: MonitorSnapshot) -> str:
    """The tooltip: the status in words, then each service not up, with cause and since when,
    in the menu's order: those of a group under its line ("Work — 1 of 3 down"), indented.

    While the network fails, its words come first: what is wrong, then what to do. The first
    line is what a screen reader announces of the tray: the status in words, never a colour.
    All of it in the user's language; the services' names, and what servers and status pages
    said, as they are.
    """
    views = snapshot.services
    words = network_words(snapshot)
    if words is not None:
        lines = [_tooltip_headline(headline(words)), *body_lines(words)]
    else:
        said = status_words(
            snapshot.tray_status,
            _down(views),
            len(views),
            until=maintenance_until(views),
            degraded=sum(view.status is Status.DEGRADED for view in views),
        )
        lines = [_tooltip_headline(said)]
    groups: dict[str, list[ServiceView]] = {}
    for view in views:
        if view.group and not view.source:
            groups.setdefault(view.group, []).append(view)
    place = {group: index for index, group in enumerate(groups, start=1)}
    shown = sorted(
        (v for v in views if v.status in _SHOWN),
        key=lambda v: len(place) + 1 if v.source else place.get(v.group, 0),
    )
    headed: set[str] = set()
    for view in shown[:TOOLTIP_SERVICES]:
        indent = "  " if view.group in place and not view.source else ""
        if indent and view.group not in headed:
            headed.add(view.group)
            lines.append(group_words(view.group, groups[view.group]))
        if view.status is Status.MAINTENANCE:
            work = view.maintenance
            said = " — ".join(filter(None, [retell(work.name), work.reason])) if work else ""
            lines += [f"{indent}{row_text(view)}"]
            lines += [f"{indent}  {said}"] if said else []
            continue
        lines.append(f"{indent}{_since(view)}")
        lines += [f"{indent}  {view.vendor}"] if view.vendor else []
        lines += [f"{indent}  {vantage_words(view.remote)}"] if view.remote else []
        if view.outside is not None:
            # Translators: a tooltip's line under a failing service: how it looks from other
            # places on the internet ("fails from 3 of 3 places").
            seen = _("Seen from outside: {summary}").format(summary=view.outside.shown_summary)
            lines.append(f"{indent}  {seen}")
    if len(shown) > TOOLTIP_SERVICES:
        more = len(shown) - TOOLTIP_SERVICES
        # Translators: the tooltip's last line, when it names only the first few services.
        said = ngettext("and {count} more (see the menu)", "and {count} more (see the menu)", more)
        lines.append(said.format(count=format_number(more)))
    if words is None:  # otherwise the network's words say why the services are unknown
        lines += [
            # Translators: a service not yet judged, and why: what its check said.
            _("{name}: {detail}").format(name=view.name, detail=retell(view.detail))
            for view in views
            if view.status is Status.UNKNOWN and view.cause is not None and view.detail
        ][:TOOLTIP_SERVICES]
    return "\n".join(lines)


def _tooltip_headline(said: str) -> str:
    """The tooltip's first line: ``trayapp: 2 of 5 services down``."""
    # Translators: the tray icon's tooltip, which a screen reader announces: the program's
    # name, then its status in words.
    return _("trayapp: {status}").format(status=said)


def _since(view: ServiceView) -> str:
    """A failing service's line: ``Twitter: down (timeout) since 11:30``; a paused one's,
    ``until`` its end."""
    row = row_text(view)
    if view.status is Status.PAUSED and view.paused_until is not None:
        # Translators: a paused service's line in the tooltip: its row, and when it resumes.
        return _("{row} until {time}").format(row=row, time=clock_text(view.paused_until))
    if view.since is None:
        return row
    # Translators: a service's line in the tooltip: its row, and since when it is so.
    return _("{row} since {time}").format(row=row, time=clock_text(view.since))


class Tray(QObject):
    """The tray icon and its menu, shown from snapshots.

    Args:
        icon: The icon shown while trayapp started (:func:`~trayapp.ui.start.starting_icon`),
            taken over; by default a new one like it.

    Signals:
        checkNowWanted(str): check this service now ("" for every service).
        snoozeWanted(str, object): snooze this service until this (aware) datetime.
        pauseWanted(str): pause this service until resumed.
        resumeWanted(str): end this service's snooze or pause.
        muteWanted(bool): pause (True) or resume all notifications.
        incidentsWanted(): open the incidents window.
        settingsWanted(): open the settings dialog.
        addServicesWanted(): open the picker of the catalogue of services.
        quitWanted(): quit trayapp.
    """

    checkNowWanted = Signal(str)
    snoozeWanted = Signal(str, object)
    pauseWanted = Signal(str)
    resumeWanted = Signal(str)
    muteWanted = Signal(bool)
    incidentsWanted = Signal()
    settingsWanted = Signal()
    addServicesWanted = Signal()
    quitWanted = Signal()

    def __init__(
        self, parent: QObject | None = None, *, icon: QSystemTrayIcon | None = None
    ) -> None:
        super().__init__(parent)
        self._snapshot: MonitorSnapshot | None = None
        self._dark = _panel_is_dark()
        self.icon = icon if icon is not None else starting_icon()
        self.icon.setParent(self)
        self._menu = TrayMenu(
            self._status_icon, asks=self, parent=self, menu=self.icon.contextMenu()
        )
        self.menu = self._menu.menu
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_style_color_scheme_changed)

    @property
    def status(self) -> TrayStatus:
        """What the icon shows now."""
        return self._snapshot.tray_status if self._snapshot is not None else TrayStatus.UNKNOWN

    def show(self) -> None:
        """Put the icon in the tray (where there is one)."""
        self.icon.show()

    def set_muted(self, muted: bool) -> None:
        """Reflect whether notifications are paused."""
        self._menu.set_muted(muted)

    @Slot(object)
    def show_snapshot(self, snapshot: MonitorSnapshot) -> None:
        """Show the monitor's state: the icon, its count and the tooltip."""
        previous = self._snapshot
        self._snapshot = snapshot
        if snapshot == previous:
            return  # what is shown already: the last check's time aside, nothing to do
        glyph = _glyph(snapshot)
        if previous is None or _glyph(previous) != glyph:
            self._show_icon(*glyph)
        text = tooltip_text(snapshot)
        if text != self.icon.toolTip():  # setting it again would hide a tooltip being read
            self.icon.setToolTip(text)
        self._menu.show(snapshot)

    @Slot(object)
    def show_notice(self, notification: Notification) -> None:
        """Show a notification the desktop's service did not take, as a tray balloon with
        the glyph of what it tells (a balloon has no buttons)."""
        title, body = notification.title, notification.body
        glyph = GLYPHS.get(notification.kind)
        if glyph is None:  # trayapp's own word
            self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 10_000)
        else:
            self.icon.showMessage(title, body, icon_for(glyph, dark=self._dark), 10_000)

    def _show_icon(
        self, status: TrayStatus, down: int, network: NetworkStatus = NetworkStatus.ONLINE
    ) -> None:
        ratio = max((s.devicePixelRatio() for s in QGuiApplication.screens()), default=1.0)
        icon = icon_for(
            status, count=down, dark=self._dark, device_pixel_ratio=ratio, network=network
        )
        self.icon.setIcon(icon)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.incidentsWanted.emit()

    def _status_icon(self, status: Status) -> QIcon:
        return _service_icon(status, self._dark)

    @Slot(Qt.ColorScheme)
    def _on_style_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self._dark = _panel_is_dark()
        if self._snapshot is None:
            self._show_icon(TrayStatus.UNKNOWN, 0)
        else:
            self._show_icon(*_glyph(self._snapshot))


def _down(views: Iterable[ServiceView]) -> int:
    """How many of ``views`` are down: the count on the icon."""
    return sum(view.status is Status.DOWN for view in views)


def _glyph(snapshot: MonitorSnapshot) -> tuple[TrayStatus, int, NetworkStatus]:
    """What the icon shows of ``snapshot``: its status, the count, the network's badge."""
    return snapshot.tray_status, _down(snapshot.services), snapshot.network


def _panel_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() is Qt.ColorScheme.Dark


_ICON_CACHE: dict[tuple[Status, bool], QIcon] = {}
"""Each status's small glyph, made once: a thousand rows share a few icons."""


def _service_icon(status: Status, dark: bool) -> QIcon:
    key = (status, dark)
    if key not in _ICON_CACHE:
        _ICON_CACHE[key] = icon_for(TrayStatus(status.value), dark=dark)
    return _ICON_CACHE[key]
