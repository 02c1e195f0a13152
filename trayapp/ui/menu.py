"""The tray's menu, kept current as snapshots arrive and changed only where they differ.

The menu is never rebuilt: each service shown has one row (a submenu to check it now, snooze,
pause or resume it and open it) made whole the first time the service is seen, updated in
place when what it shows changes, and deleted when the service is gone. So:

- nothing changes when the menu or one of its submenus opens. A desktop that shows the menu
  from its D-Bus export (a StatusNotifierItem host: KDE, GNOME's AppIndicator, waybar,
  gtk-sni-tray) pops its copy up at the size of what it holds and only then says so
  (``AboutToShow``); whatever Qt's ``aboutToShow`` made then reached a window sized for the
  old content: a blank first row, scroll arrows, the last entries out of sight, until the
  next opening. Kept current as snapshots arrive, the copy is whole before it is asked for;
- opening the menu costs nothing, however many services there are;
- nothing accumulates: a rebuild's ``QMenu.clear()`` deletes the actions but not the
  submenus they opened, which piled up with every opening;
- a snapshot that changes nothing a row shows touches no widget.

A row says the service's status and cause, and since when a failing one fails
(``Twitter: down (refused) · since 11:23``); nothing that every round changes, such as the
time of the last check: a round that finds what the one before found changes no row, and a
desktop showing the menu's D-Bus copy is sent nothing.

While the user's own network fails, the heading says how, the lines under it what to do, and
behind a captive portal the menu offers its sign-in page (:mod:`trayapp.ui.networds`).

A source's services share one entry (a Prometheus may bring hundreds), with the same rows
inside it; so do a group's (``group = "Work"``), after the rows of the services in none, its
entry saying the worst of them ("Work — 1 of 3 down", with its icon); a service moved to
another group has its row made anew there. Each of these levels shows at most
:data:`~trayapp.ui.menurows.ROWS_SHOWN` rows, the failing first, and counts the rest in one
entry that opens the incidents window (:mod:`trayapp.ui.menurows`). Links are shown
without credentials (``Open shop.example/?key=***``) and open the real address. What the
menu says of the services, in words, is :mod:`trayapp.ui.menuwords`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, SignalInstance, Slot
from PySide6.QtGui import QAction, QDesktopServices, QIcon
from PySide6.QtWidgets import QMenu

from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext
from trayapp.core.models import Status, TrayStatus, worst
from trayapp.core.monitor import MonitorSnapshot, ServiceView
from trayapp.core.phrases import retell
from trayapp.ui.menurows import ROWS_PER_PASS, Budget, Rows
from trayapp.ui.menuwords import (
    clock_text,
    group_words,
    link_text,
    maintenance_until,
    row_text,
    status_words,
)
from trayapp.ui.networds import NetworkLines, headline, menu_text, network_words

__all__ = [
    "SNOOZES",
    "TOMORROW_AT",
    "TrayMenu",
    "group_words",
    "maintenance_until",
    "row_text",
    "status_words",
    "tomorrow_morning",
]

SNOOZES = (timedelta(hours=1), timedelta(hours=4), timedelta(hours=8))
"""How long a service's submenu offers to snooze it, besides "until tomorrow"."""
TOMORROW_AT = time(8, 0)
"""A snooze "until tomorrow" ends at this local time the next day."""


def tomorrow_morning(now: datetime) -> datetime:
    """When a snooze "until tomorrow" ends: :data:`TOMORROW_AT` on the next local day."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), TOMORROW_AT, local.tzinfo)


def _set_text(action: QAction, text: str) -> None:
    if action.text() != text:  # each change is sent to the desktop's copy of the menu
        action.setText(text)


def _act(menu: QMenu, text: str, *asked: object) -> QAction:
    """An action of ``menu`` whose data says what it asks for (see :class:`TrayMenu`)."""
    action = menu.addAction(text)
    action.setData(asked)
    return action


@dataclass(frozen=True, slots=True)
class _RowActions:
    """The actions of a service's submenu that change with the service."""

    pause: QAction
    resume: QAction
    separator: QAction
    links: tuple[QAction, QAction]


class _ServiceRow:
    """One service: its row in a menu and the submenu behind it, updated in place.

    Its actions connect to nothing: a submenu's ``triggered`` reaches the menus it is a child
    of, and the tray menu reads what was asked from the action's data. A connection costs about
    a tenth of a millisecond in PySide; ten for each of a thousand rows would stall the GUI
    for a second.
    """

    def __init__(self, name: str, parent: QMenu, icons: Callable[[Status], QIcon]) -> None:
        self.name = name
        self._icons = icons
        self._status: Status | None = None
        self._view: ServiceView | None = None
        self._urls: list[str] | None = None  # none shown yet
        # A child of the menu it is a row of: that is how its triggered reaches the top menu.
        self.menu = menu = QMenu(parent)
        self.action = menu.menuAction()
        # Made whole now, never when first opened: a StatusNotifierItem host pops a submenu up
        # at the size of what it holds and only then tells us (AboutToShow); entries made
        # then arrive in a window already sized for none, out of sight behind scroll arrows.
        _act(menu, _("Check now"), "check", name)
        menu.addSeparator()
        for length in SNOOZES:
            hours = round(length.total_seconds() / 3600)
            said = ngettext("Snooze {count} hour", "Snooze {count} hours", hours)
            _act(
                menu,
                said.format(count=format_number(hours)),
                "snooze",
                name,
                length.total_seconds(),
            )
        tomorrow = datetime.combine(datetime.now().date(), TOMORROW_AT)
        # Translators: a service's snooze that ends tomorrow morning at {time}.
        said = _("Snooze until tomorrow {time}").format(time=clock_text(tomorrow))
        _act(menu, said, "tomorrow", name)
        self._actions = _RowActions(
            # Translators: pause checking the service, until resumed.
            pause=_act(menu, _("Pause"), "pause", name),
            resume=_act(menu, _("Resume"), "resume", name),
            separator=menu.addSeparator(),
            links=(_act(menu, "", "open", ""), _act(menu, "", "open", "")),
        )

    def shows(self, view: ServiceView) -> bool:
        """Whether the row shows ``view`` already (most rows, at most snapshots)."""
        return view is self._view or view == self._view

    def show(self, view: ServiceView) -> None:
        """Show ``view``; only what differs from what is shown is touched."""
        self._view = view
        since = ""
        if view.status in (Status.DOWN, Status.DEGRADED) and view.since is not None:
            # Translators: a failing service's row in the tray menu, then since when it fails.
            since = _("{row} · since {time}").format(
                row=row_text(view), time=clock_text(view.since)
            )
        _set_text(self.action, since or row_text(view))
        if view.status is not self._status:
            self._status = view.status
            self.action.setIcon(self._icons(view.status))
        actions = self._actions
        paused = view.status is Status.PAUSED
        actions.pause.setVisible(not paused)
        actions.resume.setVisible(paused)
        urls = [view.url] if view.url else []
        if view.status_page and view.status_page != view.url:
            urls.append(view.status_page)
        if urls != self._urls:
            self._urls = urls
            # Translators: opens the service's address, {link} (shortened: "shop.example/").
            labels = [_("Open {link}").format(link=link_text(view.url))] if view.url else []
            labels += [_("Open status page")] if len(urls) > len(labels) else []
            actions.separator.setVisible(bool(urls))
            for index, link in enumerate(actions.links):
                label = labels[index] if index < len(labels) else ""
                link.setText(label)
                link.setVisible(bool(label))
                link.setData(("open", urls[index] if index < len(urls) else ""))

    def delete(self) -> None:
        """Delete the submenu; its row goes with it."""
        self.menu.deleteLater()


class _Entry:
    """The one entry of a source (how it is, "Check now" for it, then a row per target) or of
    a group (a row per service, the entry saying the worst of them)."""

    def __init__(
        self, name: str, parent: QMenu, icons: Callable[[Status], QIcon], *, source: bool
    ) -> None:
        self.name = name
        self._source = source
        self._icons = icons
        self._status: Status | None = None
        self.menu = QMenu(parent)  # a child of the tray menu, which its triggered reaches
        self.action = self.menu.menuAction()
        self._said = self.menu.addAction("")
        self._said.setEnabled(False)
        self._check = _act(self.menu, _("Check now"), "check", name)
        self._separator = self.menu.addSeparator()
        end = self.menu.addSeparator()
        end.setVisible(False)  # a fixed place to insert the targets' rows before
        self._targets = Rows(self.menu, end, lambda name, menu: _ServiceRow(name, menu, icons))

    def show(self, views: Sequence[ServiceView], budget: Budget) -> None:
        """Show the source's services (the one named as the source, and its targets), or
        the group's."""
        if not self._source:
            itself, targets = None, list(views)
            _set_text(self.action, group_words(self.name, views))
        else:
            itself = next((v for v in views if v.name.casefold() == self.name.casefold()), None)
            targets = [v for v in views if v is not itself]
            # Translators: a source's entry: its name, then how its targets are.
            said = _("{source}: {summary}").format(
                source=self.name, summary=_source_summary(itself, targets)
            )
            _set_text(self.action, said)
        status = worst([v.status for v in views])
        if status is not self._status:
            self._status = status
            self.action.setIcon(self._icons(status))
        for action in (self._said, self._check, self._separator):
            action.setVisible(itself is not None)
        if itself is not None:
            said = retell(itself.detail) or ", ".join(
                retell(v.detail) for v in itself.remote if v.detail
            )
            word = itself.status.shown
            # Translators: how a source is: its status, then what it said ("up: 3 targets").
            _set_text(
                self._said,
                _("{status}: {detail}").format(status=word, detail=said) if said else word,
            )
        self._targets.show(targets, budget)

    def delete(self) -> None:
        """Delete the entry's submenu; its rows go with it."""
        self.menu.deleteLater()


def _source_summary(itself: ServiceView | None, targets: Sequence[ServiceView]) -> str:
    """How a source is: "3 targets, 1 failing", or "cannot be read"."""
    if itself is not None and itself.status is Status.UNKNOWN and itself.cause is not None:
        # Translators: a source (a Prometheus, say) that could not be read.
        return _("cannot be read")
    failing = sum(v.status in (Status.DOWN, Status.DEGRADED) for v in targets)
    counted = ngettext("{count} target", "{count} targets", len(targets))
    counted = counted.format(count=format_number(len(targets)))
    if not failing:
        return counted
    # Translators: a source's targets: "3 targets, 1 failing"; {targets} is "3 targets".
    said = ngettext("{targets}, {count} failing", "{targets}, {count} failing", failing)
    return said.format(targets=counted, count=format_number(failing))


class _Entries:
    """The entries of one kind (sources, or groups) in a menu before one of its actions, in
    the order of their services."""

    def __init__(
        self, menu: QMenu, before: QAction, icons: Callable[[Status], QIcon], *, source: bool
    ) -> None:
        self._menu = menu
        self._before = before
        self._icons = icons
        self._source = source
        self._entries: dict[str, _Entry] = {}
        self._order: list[str] = []

    def show(self, views: dict[str, list[ServiceView]], budget: Budget) -> None:
        """An entry per name of ``views``, in their order, showing its services; entries
        of names no longer there are deleted, their rows with them."""
        for name in set(self._entries) - set(views):
            gone = self._entries.pop(name)
            self._menu.removeAction(gone.action)
            gone.delete()
        for name, shown in views.items():
            entry = self._entries.get(name)
            if entry is None:
                entry = _Entry(name, self._menu, self._icons, source=self._source)
                self._entries[name] = entry
            entry.show(shown, budget)
        order = list(views)
        if order != self._order:
            for name in self._order:
                if name in self._entries:
                    self._menu.removeAction(self._entries[name].action)
            for name in order:
                self._menu.insertAction(self._before, self._entries[name].action)
            self._order = order


class Asks(Protocol):
    """Where the menu says what the user asked for: the tray's signals (see its docstring)."""

    checkNowWanted: SignalInstance
    snoozeWanted: SignalInstance
    pauseWanted: SignalInstance
    resumeWanted: SignalInstance
    muteWanted: SignalInstance
    incidentsWanted: SignalInstance
    settingsWanted: SignalInstance
    addServicesWanted: SignalInstance
    quitWanted: SignalInstance


class TrayMenu(QObject):
    """The tray's menu: a heading, a row per service of no group (in their place "Add
    services…" while there are none), an entry per group, an entry per source, then the
    commands.

    What the user asks for is emitted on ``asks``'s signals (the tray's own). ``menu`` is the
    menu to fill, when the tray icon already has one (else a new one).
    """

    def __init__(
        self,
        icons: Callable[[Status], QIcon],
        asks: Asks,
        parent: QObject,
        *,
        menu: QMenu | None = None,
    ) -> None:
        super().__init__(parent)
        self._asks = asks
        self._snapshot: MonitorSnapshot | None = None
        self._more_due = False
        menu = self.menu = menu if menu is not None else QMenu()
        # Every row's action says what it asks for in its data, and reaches this one signal.
        menu.triggered.connect(self._on_menu_triggered)
        self._heading = menu.addAction("")
        self._heading.setEnabled(False)
        self._network = NetworkLines(menu, before=menu.addSeparator())
        # Markers: the services' rows go before the first, the groups' before the second, the
        # sources' before the third, which is the separator shown under them.
        end_of_services = menu.addSeparator()
        end_of_services.setVisible(False)
        end_of_groups = menu.addSeparator()
        end_of_groups.setVisible(False)
        self._end_of_rows = menu.addSeparator()
        self._services = Rows(
            menu, end_of_services, lambda name, parent: _ServiceRow(name, parent, icons)
        )
        self._groups = _Entries(menu, end_of_groups, icons, source=False)
        self._sources = _Entries(menu, self._end_of_rows, icons, source=True)
        # Where the rows would be, while there are none: the picker of the catalogue.
        self._add_services = menu.addAction(_("Add services…"))
        self._add_services.triggered.connect(asks.addServicesWanted)
        self._check_all = menu.addAction(_("Check all now"))
        self._check_all.triggered.connect(self._on_check_all_triggered)
        self._mute = menu.addAction(_("Pause all notifications"))
        self._mute.setCheckable(True)
        self._mute.toggled.connect(self._on_mute_toggled)
        menu.addSeparator()
        menu.addAction(_("Incidents…")).triggered.connect(asks.incidentsWanted)
        menu.addAction(_("Settings…")).triggered.connect(asks.settingsWanted)
        menu.addSeparator()
        menu.addAction(_("Quit trayapp")).triggered.connect(asks.quitWanted)
        self.show(None)

    def set_muted(self, muted: bool) -> None:
        """Reflect whether notifications are paused (without asking for it)."""
        self._mute.blockSignals(True)
        self._mute.setChecked(muted)
        self._mute.blockSignals(False)

    def show(self, snapshot: MonitorSnapshot | None) -> None:
        """Show ``snapshot``'s services, touching only what changed."""
        views = snapshot.services if snapshot is not None else ()
        status = snapshot.tray_status if snapshot is not None else TrayStatus.UNKNOWN
        down = sum(view.status is Status.DOWN for view in views)
        degraded = sum(view.status is Status.DEGRADED for view in views)
        words = network_words(snapshot) if snapshot is not None else None
        until = maintenance_until(views)
        heading = (
            headline(words)
            if words is not None
            else status_words(status, down, len(views), until=until, degraded=degraded)
        )
        _set_text(self._heading, menu_text(heading))
        self._network.show(words)
        own = [view for view in views if not view.source and not view.group]
        groups: dict[str, list[ServiceView]] = {}
        sources: dict[str, list[ServiceView]] = {}
        for view in views:
            if view.source:
                sources.setdefault(view.source, []).append(view)
            elif view.group:
                groups.setdefault(view.group, []).append(view)
        self._snapshot = snapshot
        budget = Budget(ROWS_PER_PASS)
        self._services.show(own, budget)
        self._groups.show(groups, budget)
        self._sources.show(sources, budget)
        self._end_of_rows.setVisible(bool(views))
        self._add_services.setVisible(snapshot is not None and not views and words is None)
        self._check_all.setEnabled(bool(views))
        if budget.short and not self._more_due:
            self._more_due = True
            QTimer.singleShot(0, self._on_more_rows_due)

    @Slot()
    def _on_more_rows_due(self) -> None:
        self._more_due = False
        self.show(self._snapshot)

    @Slot(QAction)
    def _on_menu_triggered(self, action: QAction) -> None:
        asked = action.data()
        if not isinstance(asked, tuple | list) or len(asked) < 2:
            return  # one of the menu's own commands: connected on their own
        kind, subject = asked[0], str(asked[1])
        if kind == "check":
            self._asks.checkNowWanted.emit(subject)
        elif kind == "snooze":
            self._asks.snoozeWanted.emit(
                subject, datetime.now().astimezone() + timedelta(seconds=float(asked[2]))
            )
        elif kind == "tomorrow":
            self._asks.snoozeWanted.emit(subject, tomorrow_morning(datetime.now().astimezone()))
        elif kind == "pause":
            self._asks.pauseWanted.emit(subject)
        elif kind == "resume":
            self._asks.resumeWanted.emit(subject)
        elif kind == "incidents":
            self._asks.incidentsWanted.emit()
        elif kind == "open" and subject:
            QDesktopServices.openUrl(QUrl(subject))

    @Slot()
    def _on_check_all_triggered(self) -> None:
        self._asks.checkNowWanted.emit("")

    @Slot(bool)
    def _on_mute_toggled(self, muted: bool) -> None:
        self._asks.muteWanted.emit(muted)
