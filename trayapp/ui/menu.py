"""The tray's menu, kept current as snapshots arrive and changed only where they differ.

The menu is never rebuilt: each service has one row (a submenu to check it now, snooze,
pause or resume it and open it) made the first time the service is seen, updated in place
when what it shows changes, and deleted when the service is gone. So:

- opening the menu costs nothing, however many services there are, and a desktop that
  exports the menu over D-Bus (a StatusNotifierItem host) has it complete before it asks,
  instead of the blank first opening a menu rebuilt on ``aboutToShow`` gives it;
- nothing accumulates: a rebuild's ``QMenu.clear()`` deletes the actions but not the
  submenus they opened, which piled up with every opening;
- a snapshot that changes nothing a row shows touches no widget.

A source's services share one entry (a Prometheus may bring hundreds), with the same rows
inside it. Links are shown without credentials (``Open shop.example/?key=***``) and open
the real address.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QIcon
from PySide6.QtWidgets import QMenu

from trayapp.core.models import Status, TrayStatus, worst
from trayapp.core.monitor import MonitorSnapshot, ServiceView
from trayapp.core.text import redact_url

__all__ = ["SNOOZES", "TOMORROW_AT", "TrayMenu", "status_words", "tomorrow_morning"]

SNOOZES = (
    ("1 hour", timedelta(hours=1)),
    ("4 hours", timedelta(hours=4)),
    ("8 hours", timedelta(hours=8)),
)
TOMORROW_AT = time(8, 0)
"""A snooze "until tomorrow" ends at this local time the next day."""

EAGER_ROWS = 100
"""Rows of the user's own services whose submenus are made with the row. Past these, and for
every target of a source, a submenu is made when it is first opened: a thousand of them cost
a third of a second and 25 MiB, made at once."""


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


def tomorrow_morning(now: datetime) -> datetime:
    """When a snooze "until tomorrow" ends: :data:`TOMORROW_AT` on the next local day."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), TOMORROW_AT, local.tzinfo)


def row_text(view: ServiceView) -> str:
    """A service's row: ``Twitter: down (refused)``."""
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


def _set_text(action: QAction, text: str) -> None:
    if action.text() != text:  # each change is sent to the desktop's copy of the menu
        action.setText(text)


class _Asks(QObject):
    """What the user asked of a service; :class:`TrayMenu` passes it on.

    Signals:
        checkNow(str), snooze(str, object), pause(str), resume(str): as the tray's.
    """

    checkNow = Signal(str)
    snooze = Signal(str, object)
    pause = Signal(str)
    resume = Signal(str)


@dataclass(frozen=True, slots=True)
class _RowActions:
    """The actions of a service's submenu that change with the service."""

    pause: QAction
    resume: QAction
    separator: QAction
    links: tuple[QAction, QAction]


class _ServiceRow(QObject):
    """One service: its row in a menu and the submenu behind it, updated in place."""

    def __init__(
        self,
        name: str,
        asks: _Asks,
        icons: Callable[[Status], QIcon],
        now: Callable[[], datetime],
        *,
        eager: bool,
    ) -> None:
        super().__init__(asks)
        self.name = name
        self._asks = asks
        self._icons = icons
        self._now = now
        self._status: Status | None = None
        self._view: ServiceView | None = None
        self._urls: list[str] = []
        self._actions: _RowActions | None = None
        self.menu = QMenu()
        self.action = self.menu.menuAction()
        if eager:
            self._fill()
        else:
            # A source's hundreds of targets: their submenus are made when first opened.
            self.menu.aboutToShow.connect(self._on_menu_about_to_show)

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        if self._actions is None:
            self._fill()

    def _fill(self) -> None:
        menu = self.menu
        menu.addAction("Check now").triggered.connect(self._on_check_now_triggered)
        menu.addSeparator()
        for label, length in SNOOZES:
            action = menu.addAction(f"Snooze {label}")
            action.setData(length.total_seconds())
            action.triggered.connect(self._on_snooze_triggered)
        tomorrow = menu.addAction(f"Snooze until tomorrow {TOMORROW_AT:%H:%M}")
        tomorrow.triggered.connect(self._on_tomorrow_triggered)
        actions = self._actions = _RowActions(
            pause=menu.addAction("Pause"),
            resume=menu.addAction("Resume"),
            separator=menu.addSeparator(),
            links=(menu.addAction(""), menu.addAction("")),
        )
        actions.pause.triggered.connect(self._on_pause_triggered)
        actions.resume.triggered.connect(self._on_resume_triggered)
        for link in actions.links:
            link.triggered.connect(self._on_link_triggered)
        if self._view is not None:
            self._show_inside(self._view, force=True)

    def show(self, view: ServiceView) -> None:
        """Show ``view``; only what differs from what is shown is touched."""
        self._view = view
        _set_text(self.action, f"{row_text(view)} · {clock_text(view.last_checked)}")
        if view.status is not self._status:
            self._status = view.status
            self.action.setIcon(self._icons(view.status))
        if self._actions is not None:
            self._show_inside(view, force=False)

    def _show_inside(self, view: ServiceView, *, force: bool) -> None:
        actions = self._actions
        assert actions is not None
        paused = view.status is Status.PAUSED
        actions.pause.setVisible(not paused)
        actions.resume.setVisible(paused)
        urls = [view.url] if view.url else []
        if view.status_page and view.status_page != view.url:
            urls.append(view.status_page)
        if urls != self._urls or force:
            self._urls = urls
            labels = [f"Open {link_text(view.url)}"] if view.url else []
            labels += ["Open status page"] if len(urls) > len(labels) else []
            actions.separator.setVisible(bool(urls))
            for link, label in zip(actions.links, [*labels, "", ""], strict=False):
                link.setText(label)
                link.setVisible(bool(label))

    def delete(self) -> None:
        """Delete the submenu (its row goes with it) and this object."""
        self.menu.deleteLater()
        self.deleteLater()

    @Slot()
    def _on_check_now_triggered(self) -> None:
        self._asks.checkNow.emit(self.name)

    @Slot()
    def _on_snooze_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            until = datetime.now().astimezone() + timedelta(seconds=float(action.data()))
            self._asks.snooze.emit(self.name, until)

    @Slot()
    def _on_tomorrow_triggered(self) -> None:
        self._asks.snooze.emit(self.name, tomorrow_morning(self._now()))

    @Slot()
    def _on_pause_triggered(self) -> None:
        self._asks.pause.emit(self.name)

    @Slot()
    def _on_resume_triggered(self) -> None:
        self._asks.resume.emit(self.name)

    @Slot()
    def _on_link_triggered(self) -> None:
        action = self.sender()
        links = self._actions.links if self._actions is not None else ()
        if isinstance(action, QAction) and action in links:
            index = links.index(action)
            if index < len(self._urls):
                QDesktopServices.openUrl(QUrl(self._urls[index]))


class _Rows:
    """The rows of one menu between two of its actions, in the order of the services."""

    def __init__(
        self, menu: QMenu, before: QAction, make: Callable[[str, int], _ServiceRow]
    ) -> None:
        self._menu = menu
        self._before = before
        self._make = make
        self._rows: dict[str, _ServiceRow] = {}
        self._order: list[str] = []

    def show(self, views: Sequence[ServiceView]) -> None:
        """One row per view, in their order; rows of services no longer there are deleted."""
        names = [view.name for view in views]
        for name in set(self._rows) - set(names):
            gone = self._rows.pop(name)
            self._menu.removeAction(gone.action)
            gone.delete()
        for view in views:
            row = self._rows.get(view.name)
            if row is None:
                row = self._rows[view.name] = self._make(view.name, len(self._rows))
            row.show(view)
        if names != self._order:
            for name in self._order:
                if name in self._rows:
                    self._menu.removeAction(self._rows[name].action)
            for name in names:
                self._menu.insertAction(self._before, self._rows[name].action)
            self._order = names


class _SourceEntry(QObject):
    """A source's one entry: how it is, "Check now" for it, then a row per target."""

    def __init__(
        self, name: str, asks: _Asks, icons: Callable[[Status], QIcon], rows: Callable[..., _Rows]
    ) -> None:
        super().__init__(asks)
        self.name = name
        self._asks = asks
        self._icons = icons
        self._status: Status | None = None
        self.menu = QMenu()
        self.action = self.menu.menuAction()
        self._said = self.menu.addAction("")
        self._said.setEnabled(False)
        self._check = self.menu.addAction("Check now")
        self._check.triggered.connect(self._on_check_now_triggered)
        self._separator = self.menu.addSeparator()
        end = self.menu.addSeparator()
        end.setVisible(False)  # a fixed place to insert the targets' rows before
        self._targets = rows(self.menu, end, eager=0)

    def show(self, views: Sequence[ServiceView]) -> None:
        """Show the source's services: the one named as the source, and its targets."""
        itself = next((v for v in views if v.name.casefold() == self.name.casefold()), None)
        targets = [v for v in views if v is not itself]
        failing = sum(v.status in (Status.DOWN, Status.DEGRADED) for v in targets)
        if itself is not None and itself.status is Status.UNKNOWN and itself.cause is not None:
            summary = "cannot be read"
        else:
            summary = f"{len(targets)} target{'' if len(targets) == 1 else 's'}"
            summary += f", {failing} failing" if failing else ""
        _set_text(self.action, f"{self.name}: {summary}")
        status = worst([v.status for v in views])
        if status is not self._status:
            self._status = status
            self.action.setIcon(self._icons(status))
        for action in (self._said, self._check, self._separator):
            action.setVisible(itself is not None)
        if itself is not None:
            said = itself.detail or ", ".join(v.detail for v in itself.remote if v.detail)
            _set_text(self._said, f"{itself.status.value}: {said}" if said else itself.status.value)
        self._targets.show(targets)

    def delete(self) -> None:
        """Delete the entry's submenu, its rows and this object."""
        self.menu.deleteLater()
        self.deleteLater()

    @Slot()
    def _on_check_now_triggered(self) -> None:
        self._asks.checkNow.emit(self.name)


class TrayMenu(QObject):
    """The tray's menu: a heading, a row per service, an entry per source, then the commands.

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

    def __init__(self, icons: Callable[[Status], QIcon], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons = icons
        self._now: datetime = datetime.now().astimezone()
        self._asks = _Asks(self)
        self._asks.checkNow.connect(self.checkNowWanted)
        self._asks.snooze.connect(self.snoozeWanted)
        self._asks.pause.connect(self.pauseWanted)
        self._asks.resume.connect(self.resumeWanted)
        self._sources: dict[str, _SourceEntry] = {}
        self._source_order: list[str] = []
        menu = self.menu = QMenu()
        self._heading = menu.addAction("")
        self._heading.setEnabled(False)
        menu.addSeparator()
        # Invisible markers: the services' rows go before the first, the sources' before the
        # second, which is the separator shown under them.
        self._end_of_services = menu.addSeparator()
        self._end_of_services.setVisible(False)
        self._end_of_rows = menu.addSeparator()
        self._services = self._rows(menu, self._end_of_services, eager=EAGER_ROWS)
        self._check_all = menu.addAction("Check all now")
        self._check_all.triggered.connect(self._on_check_all_triggered)
        self._mute = menu.addAction("Pause all notifications")
        self._mute.setCheckable(True)
        self._mute.toggled.connect(self._on_mute_toggled)
        menu.addSeparator()
        menu.addAction("Incidents…").triggered.connect(self.incidentsWanted)
        menu.addAction("Settings…").triggered.connect(self.settingsWanted)
        menu.addSeparator()
        menu.addAction("Quit trayapp").triggered.connect(self.quitWanted)
        self.show(None)

    def set_muted(self, muted: bool) -> None:
        """Reflect whether notifications are paused (without asking for it)."""
        self._mute.blockSignals(True)
        self._mute.setChecked(muted)
        self._mute.blockSignals(False)

    def show(self, snapshot: MonitorSnapshot | None) -> None:
        """Show ``snapshot``'s services, touching only what changed."""
        views = snapshot.services if snapshot is not None else ()
        if snapshot is not None:
            self._now = snapshot.at
        status = snapshot.tray_status if snapshot is not None else TrayStatus.UNKNOWN
        down = sum(view.status is Status.DOWN for view in views)
        _set_text(self._heading, status_words(status, down, len(views)))
        own = [view for view in views if not view.source]
        groups: dict[str, list[ServiceView]] = {}
        for view in views:
            if view.source:
                groups.setdefault(view.source, []).append(view)
        self._services.show(own)
        self._show_sources(groups)
        self._end_of_rows.setVisible(bool(views))
        self._check_all.setEnabled(bool(views))

    def _show_sources(self, groups: dict[str, list[ServiceView]]) -> None:
        for name in set(self._sources) - set(groups):
            gone = self._sources.pop(name)
            self.menu.removeAction(gone.action)
            gone.delete()
        for name, views in groups.items():
            entry = self._sources.get(name)
            if entry is None:
                entry = _SourceEntry(name, self._asks, self._icons, self._rows)
                self._sources[name] = entry
            entry.show(views)
        order = list(groups)
        if order != self._source_order:
            for name in self._source_order:
                if name in self._sources:
                    self.menu.removeAction(self._sources[name].action)
            for name in order:
                self.menu.insertAction(self._end_of_rows, self._sources[name].action)
            self._source_order = order

    def _rows(self, menu: QMenu, before: QAction, *, eager: int) -> _Rows:
        """Rows in ``menu`` before ``before``; the first ``eager`` have their submenus made at
        once, the others when first opened."""

        def make(name: str, count: int) -> _ServiceRow:
            return _ServiceRow(name, self._asks, self._icons, self._when, eager=count < eager)

        return _Rows(menu, before, make)

    def _when(self) -> datetime:
        return self._now

    @Slot()
    def _on_check_all_triggered(self) -> None:
        self.checkNowWanted.emit("")

    @Slot(bool)
    def _on_mute_toggled(self, muted: bool) -> None:
        self.muteWanted.emit(muted)
