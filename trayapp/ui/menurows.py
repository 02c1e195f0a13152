"""The rows of services at one level of the tray menu: its top, a group's entry, a source's.

A menu is not a list of a thousand. A desktop that shows the menu from its D-Bus export reads
the whole tree each time it opens it (``GetLayout``), at a cost in proportion to the entries
it holds; a thousand services with a submenu of eight entries each took a quarter of a second
to open. So a level shows every service while they are at most :data:`ROWS_SHOWN`, in their
usual order; beyond that, those down first, then those degraded, then the others in their
usual order, :data:`ROWS_SHOWN` in all, and under them one entry that counts the rest
("… and 960 more, all up") and opens the incidents window, which lists every service. The
heading and the entries of groups and sources still count every service.

A service that comes into the shown set has its row made then, whole (see
:mod:`trayapp.ui.menu`); one that leaves it has its row deleted; the others stay, updated in
place, and a change of order moves as few of them as can be.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from trayapp.core.models import Status
from trayapp.core.monitor import ServiceView
from trayapp.ui.menuwords import more_words

__all__ = ["ROWS_PER_PASS", "ROWS_SHOWN", "Budget", "Row", "Rows", "shown_views"]

ROWS_SHOWN = 40
"""The most rows of services one level of the menu shows; the rest are counted in one entry."""

ROWS_PER_PASS = 40
"""Rows made or changed in one pass of the event loop: a snapshot of a thousand new or
changed services is shown over a few dozen passes of a few milliseconds each, instead of one
pass that stalls the GUI."""

_FIRST = {Status.DOWN: 0, Status.DEGRADED: 1}
"""Which services a level over :data:`ROWS_SHOWN` shows first; then the others."""


def shown_views(views: Sequence[ServiceView]) -> list[ServiceView]:
    """The services a level of the menu shows, in the order it shows them.

    Args:
        views: the level's services, in their usual order.

    Returns:
        ``views`` while they are at most :data:`ROWS_SHOWN`; else the first
        :data:`ROWS_SHOWN` of them, those down first, then those degraded, then the others,
        each kind in its usual order.
    """
    if len(views) <= ROWS_SHOWN:
        return list(views)
    return sorted(views, key=lambda view: _FIRST.get(view.status, len(_FIRST)))[:ROWS_SHOWN]


class Budget:
    """How many rows one pass may still make or change: a thousand at once would stall the
    GUI."""

    def __init__(self, rows: int) -> None:
        self.left = rows
        self.short = False
        """Whether a row was put off to the next pass."""

    def take(self) -> bool:
        """Whether one more row may be made or changed now."""
        if self.left <= 0:
            self.short = True
            return False
        self.left -= 1
        return True


class Row(Protocol):
    """A service's row: its action in the menu (a submenu's), updated in place."""

    action: QAction

    def shows(self, view: ServiceView) -> bool:
        """Whether the row shows ``view`` already."""

    def show(self, view: ServiceView) -> None:
        """Show ``view``, touching only what differs."""

    def delete(self) -> None:
        """Delete the row's submenu; the row goes with it."""


class Rows:
    """The rows of one level of a menu, before one of its actions, then the entry for the
    services not shown.

    The entry's data is ``("incidents", "")``: like a row's actions it connects to nothing,
    and the tray menu reads what it asks for from its data.
    """

    def __init__(self, menu: QMenu, before: QAction, make: Callable[[str, QMenu], Row]) -> None:
        """Args:
        menu: the menu the rows are in.
        before: the action the rows and the entry for the rest go before.
        make: makes the row of the service named, whole, in the menu given.
        """
        self._menu = menu
        self._make = make
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []
        self._more = QAction(menu)
        self._more.setData(("incidents", ""))
        self._more.setVisible(False)
        menu.insertAction(before, self._more)

    def show(self, views: Sequence[ServiceView], budget: Budget) -> None:
        """Show :func:`shown_views` of ``views``, a row each, and count the rest; rows of
        services no longer shown are deleted. New or changed rows are made or changed while
        ``budget`` allows; the others wait for the next pass."""
        shown = shown_views(views)
        for name in set(self._rows) - {view.name for view in shown}:
            gone = self._rows.pop(name)
            self._menu.removeAction(gone.action)
            gone.delete()
        for view in shown:
            row = self._rows.get(view.name)
            if row is not None and row.shows(view):
                continue
            if not budget.take():
                continue  # made or changed in the next pass
            if row is None:
                row = self._rows[view.name] = self._make(view.name, self._menu)
            row.show(view)
        names = [view.name for view in shown if view.name in self._rows]
        if names != self._order:
            self._place(names)
            self._order = names
        named = {view.name for view in shown}
        rest = [view for view in views if view.name not in named]
        said = more_words(rest) if rest else ""
        if self._more.text() != said:  # each change is sent to the desktop's copy of the menu
            self._more.setText(said)
            self._more.setVisible(bool(rest))

    def _place(self, names: list[str]) -> None:
        """Put the rows of ``names`` in that order, moving as few as can be: the longest run
        of rows already in that order stays, and the others go in between."""
        was = {name: index for index, name in enumerate(self._order)}
        stay = _longest_rising([was[name] for name in names if name in was])
        following = self._more
        for name in reversed(names):
            action = self._rows[name].action
            if was.get(name, -1) not in stay:
                self._menu.insertAction(following, action)  # moves it, if already there
            following = action


def _longest_rising(values: list[int]) -> set[int]:
    """The values of a longest strictly rising subsequence of ``values`` (distinct)."""
    tails: list[int] = []  # the least last value of a rising run of each length
    ends: list[int] = []  # where in ``values`` that run ends
    back = [-1] * len(values)  # where the run ending at each place comes from
    for at, value in enumerate(values):
        length = bisect_left(tails, value)
        back[at] = ends[length - 1] if length else -1
        if length == len(tails):
            tails.append(value)
            ends.append(at)
        else:
            tails[length] = value
            ends[length] = at
    kept: set[int] = set()
    at = ends[-1] if ends else -1
    while at >= 0:
        kept.add(values[at])
        at = back[at]
    return kept
