"""The tray icon, its tooltip and its menu.

The icon shows the tray status (the worst service status, or offline) as a glyph, with the
number of services down in a corner. The menu is rebuilt from the latest snapshot each time
it is about to show, so it is never stale: a row per service (its status, cause and last
check, with a submenu to check it now, snooze, pause and open it), then check all now, pause
all notifications, incidents, settings and quit. A left click opens the incidents window.

The tray only says what the user wants, through its signals; the app carries it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from trayapp.core.models import Status, TrayStatus, worst
from trayapp.core.monitor import MonitorSnapshot, Notification, ServiceView
from trayapp.core.sources import vantage_words
from trayapp.ui.icons import icon_for

__all__ = ["SNOOZES", "Tray", "status_words", "tooltip_text"]

SNOOZES = (
    ("1 hour", timedelta(hours=1)),
    ("4 hours", timedelta(hours=4)),
    ("8 hours", timedelta(hours=8)),
)
TOMORROW_AT = time(8, 0)
"""A snooze "until tomorrow" ends at this local time the next day."""


def status_words(status: TrayStatus, down: int, total: int) -> str:
    """The tray status in words: "2 of 5 services down", "Your network is offline"."""
    if status is TrayStatus.OFFLINE:
        return "Your network is offline: it's just you"
    if total == 0:
        return "No services yet: add one in Settings"
    words = {
        TrayStatus.UP: f"All {total} services up" if total > 1 else "The service is up",
        TrayStatus.DEGRADED: "Some services degraded",
        TrayStatus.DOWN: f"{down} of {total} services down",
        TrayStatus.UNKNOWN: "Checking…",
        TrayStatus.PAUSED: "All services paused",
    }
    return words[status]


def _clock(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M") if moment is not None else "never"


def _row(view: ServiceView) -> str:
    cause = (
        f" ({view.cause.value})" if view.cause is not None and view.status is not Status.UP else ""
    )
    return f"{view.name}: {view.status.value}{cause}"


TOOLTIP_SERVICES = 10
"""Services named in the tooltip at most: a source may bring hundreds failing at once."""


def tooltip_text(snapshot: MonitorSnapshot) -> str:
    """The tooltip: the status in words, then each service not up, with cause and since when."""
    views = snapshot.services
    lines = [f"trayapp: {status_words(snapshot.tray_status, _down(views), len(views))}"]
    shown = [v for v in views if v.status in (Status.DOWN, Status.DEGRADED, Status.PAUSED)]
    for view in shown[:TOOLTIP_SERVICES]:
        since = f" since {_clock(view.since)}" if view.since is not None else ""
        if view.status is Status.PAUSED and view.paused_until is not None:
            since = f" until {_clock(view.paused_until)}"
        lines.append(f"{_row(view)}{since}")
        lines += [f"  {view.vendor}"] if view.vendor else []
        lines += [f"  {vantage_words(view.remote)}"] if view.remote else []
    if len(shown) > TOOLTIP_SERVICES:
        lines.append(f"and {len(shown) - TOOLTIP_SERVICES} more (see the menu)")
    lines += [
        f"{view.name}: {view.detail}"
        for view in views
        if view.status is Status.UNKNOWN and view.cause is not None and view.detail
    ][:TOOLTIP_SERVICES]
    return "\n".join(lines)


def tomorrow_morning(now: datetime) -> datetime:
    """When a snooze "until tomorrow" ends: :data:`TOMORROW_AT` on the next local day."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), TOMORROW_AT, local.tzinfo)


class Tray(QObject):
    """The tray icon and its menu, shown from snapshots.

    Signals:
        checkNowWanted(str): check this service now ("" for every service).
        snoozeWanted(str, object): snooze this service until this (aware) datetime.
        pauseWanted(str): pause this service until resumed.
        resumeWanted(str): end this service's snooze or pause.
        muteWanted(bool): pause (True) or resume all notifications.
        incidentsWanted(): open the incidents window.
        settingsWanted(): open the settings dialog.
        quitWanted(): quit trayapp.
    """

    checkNowWanted = Signal(str)
    snoozeWanted = Signal(str, object)
    pauseWanted = Signal(str)
    resumeWanted = Signal(str)
    muteWanted = Signal(bool)
    incidentsWanted = Signal()
    settingsWanted = Signal()
    quitWanted = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot: MonitorSnapshot | None = None
        self._muted = False
        self._dark = _panel_is_dark()
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_icon_activated)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_style_color_scheme_changed)
        self._show_icon(TrayStatus.UNKNOWN, 0)
        self.icon.setToolTip("trayapp: starting…")
        self._rebuild_menu()

    @property
    def status(self) -> TrayStatus:
        """What the icon shows now."""
        return self._snapshot.tray_status if self._snapshot is not None else TrayStatus.UNKNOWN

    def show(self) -> None:
        """Put the icon in the tray (where there is one)."""
        self.icon.show()

    def set_muted(self, muted: bool) -> None:
        """Reflect whether notifications are paused."""
        self._muted = muted

    @Slot(object)
    def show_snapshot(self, snapshot: MonitorSnapshot) -> None:
        """Show the monitor's state: the icon, its count and the tooltip."""
        previous = self._snapshot
        self._snapshot = snapshot
        down = _down(snapshot.services)
        if previous is None or (previous.tray_status, _down(previous.services)) != (
            snapshot.tray_status,
            down,
        ):
            self._show_icon(snapshot.tray_status, down)
        text = tooltip_text(snapshot)
        if text != self.icon.toolTip():  # setting it again would hide a tooltip being read
            self.icon.setToolTip(text)

    @Slot(object)
    def show_notice(self, notification: Notification) -> None:
        """Show a notification the desktop's service did not take, as a tray balloon."""
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if notification.services and self.status is TrayStatus.DOWN
            else QSystemTrayIcon.MessageIcon.Information
        )
        self.icon.showMessage(notification.title, notification.body, icon, 10_000)

    def _show_icon(self, status: TrayStatus, down: int) -> None:
        ratio = max((s.devicePixelRatio() for s in QGuiApplication.screens()), default=1.0)
        self.icon.setIcon(icon_for(status, count=down, dark=self._dark, device_pixel_ratio=ratio))

    # --- the menu ---------------------------------------------------------------------------------

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        self._rebuild_menu()

    def _rebuild_menu(self) -> None:
        menu = self.menu
        menu.clear()
        snapshot = self._snapshot
        views = snapshot.services if snapshot is not None else ()
        down = _down(views)
        heading = menu.addAction(status_words(self.status, down, len(views)))
        heading.setEnabled(False)
        menu.addSeparator()
        groups: dict[str, list[ServiceView]] = {}
        for view in views:
            if view.source:
                groups.setdefault(view.source, []).append(view)
            else:
                self._add_service(menu, view)
        for source, members in groups.items():
            self._add_source(menu, source, members)
        if views:
            menu.addSeparator()
        check_all = menu.addAction("Check all now")
        check_all.triggered.connect(lambda: self.checkNowWanted.emit(""))
        check_all.setEnabled(bool(views))
        mute = menu.addAction("Pause all notifications")
        mute.setCheckable(True)
        mute.setChecked(self._muted)
        mute.toggled.connect(self._on_mute_toggled)
        menu.addSeparator()
        menu.addAction("Incidents…").triggered.connect(self.incidentsWanted.emit)
        menu.addAction("Settings…").triggered.connect(self.settingsWanted.emit)
        menu.addSeparator()
        menu.addAction("Quit trayapp").triggered.connect(self.quitWanted.emit)

    def _add_source(self, menu: QMenu, source: str, views: list[ServiceView]) -> None:
        """A source's services under one entry: a Prometheus may bring hundreds."""
        itself = next((v for v in views if v.name.casefold() == source.casefold()), None)
        targets = [v for v in views if v is not itself]
        failing = sum(v.status in (Status.DOWN, Status.DEGRADED) for v in targets)
        status = worst([v.status for v in views])
        if itself is not None and itself.status is Status.UNKNOWN and itself.cause is not None:
            summary = "cannot be read"
        else:
            summary = f"{len(targets)} target{'' if len(targets) == 1 else 's'}"
            summary += f", {failing} failing" if failing else ""
        sub = menu.addMenu(_service_icon(status, self._dark), f"{source}: {summary}")
        if itself is not None:
            said = itself.detail or ", ".join(v.detail for v in itself.remote if v.detail)
            line = sub.addAction(f"{itself.status.value}: {said}" if said else itself.status.value)
            line.setEnabled(False)
            check = sub.addAction("Check now")
            check.triggered.connect(lambda: self.checkNowWanted.emit(itself.name))
            sub.addSeparator()
        for view in targets:
            self._add_service(sub, view)

    def _add_service(self, menu: QMenu, view: ServiceView) -> None:
        name = view.name
        sub = menu.addMenu(
            _service_icon(view.status, self._dark), f"{_row(view)} · {_clock(view.last_checked)}"
        )
        sub.addAction("Check now").triggered.connect(lambda: self.checkNowWanted.emit(name))
        sub.addSeparator()
        now = self._snapshot.at if self._snapshot is not None else datetime.now().astimezone()
        for label, length in SNOOZES:
            action = sub.addAction(f"Snooze {label}")
            action.triggered.connect(
                lambda _=False, length=length: self.snoozeWanted.emit(
                    name, datetime.now().astimezone() + length
                )
            )
        until = tomorrow_morning(now)
        tomorrow = sub.addAction(f"Snooze until tomorrow {TOMORROW_AT:%H:%M}")
        tomorrow.triggered.connect(lambda: self.snoozeWanted.emit(name, until))
        if view.status is Status.PAUSED:
            sub.addAction("Resume").triggered.connect(lambda: self.resumeWanted.emit(name))
        else:
            sub.addAction("Pause").triggered.connect(lambda: self.pauseWanted.emit(name))
        links = [(f"Open {_short(view.url)}", view.url)] if view.url else []
        if view.status_page and view.status_page != view.url:
            links.append(("Open status page", view.status_page))
        if links:
            sub.addSeparator()
        for label, url in links:
            action = QAction(label, sub)
            action.triggered.connect(lambda _=False, url=url: QDesktopServices.openUrl(QUrl(url)))
            sub.addAction(action)

    @Slot(bool)
    def _on_mute_toggled(self, muted: bool) -> None:
        self._muted = muted
        self.muteWanted.emit(muted)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.incidentsWanted.emit()

    @Slot(Qt.ColorScheme)
    def _on_style_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self._dark = _panel_is_dark()
        views = self._snapshot.services if self._snapshot is not None else ()
        self._show_icon(self.status, _down(views))


def _down(views: Iterable[ServiceView]) -> int:
    """How many of ``views`` are down: the count on the icon."""
    return sum(view.status is Status.DOWN for view in views)


def _short(url: str) -> str:
    text = url.split("://", 1)[-1].rstrip("/")
    return text if len(text) <= 40 else text[:39] + "…"


def _panel_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() is Qt.ColorScheme.Dark


_ICON_CACHE: dict[tuple[Status, bool], QIcon] = {}


def _service_icon(status: Status, dark: bool) -> QIcon:
    key = (status, dark)
    if key not in _ICON_CACHE:
        _ICON_CACHE[key] = icon_for(TrayStatus(status.value), dark=dark)
    return _ICON_CACHE[key]
