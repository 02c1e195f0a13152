"""A level of the tray menu over its cap, with real widgets offscreen: at most ROWS_SHOWN rows,
the failing first, and one entry counting the rest that opens the incidents window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.ui.test_app import _apps_go_with_their_test, app, paths  # noqa: F401
from tests.ui.test_tray import snapshot, view
from trayapp.core.models import Cause, Status
from trayapp.core.monitor import MonitorSnapshot, ServiceView
from trayapp.ui.app import TrayApp
from trayapp.ui.menurows import ROWS_SHOWN, _longest_rising, shown_views
from trayapp.ui.tray import Tray

OWN = 1000
"""Services of no group, as many as the bench's."""


@pytest.fixture
def tray(qtbot: QtBot) -> Tray:
    return Tray()


def many(failing: dict[str, Status]) -> MonitorSnapshot:
    """1,000 services of no group, a group of 300 and a source of 500 targets, all up but
    ``failing``'s (down ones refused, degraded ones slow)."""

    def one(name: str, **more: object) -> ServiceView:
        status = failing.get(name, Status.UP)
        cause = {Status.DOWN: Cause.REFUSED, Status.DEGRADED: Cause.SLOW}.get(status)
        return view(name, status, cause, **more)

    return snapshot(
        *(one(f"s{n:04}") for n in range(OWN)),
        *(one(f"w{n:03}", group="Work") for n in range(300)),
        *(one(f"prometheus/t{n:03}", source="prometheus") for n in range(500)),
    )


def entry(menu: QMenu, starts: str) -> QAction:
    return next(a for a in menu.actions() if a.text().startswith(starts))


def rows(menu: QMenu) -> list[str]:
    """The names of ``menu``'s rows of services (its entries with a submenu)."""
    return [a.text().split(":")[0] for a in menu.actions() if a.menu()]


def more(menu: QMenu) -> list[str]:
    """What ``menu``'s visible entries for the services not shown say (none, or one)."""
    return [a.text() for a in menu.actions() if a.isVisible() and a.text().startswith("… ")]


def shown(qtbot: QtBot, tray: Tray, shot: MonitorSnapshot) -> None:
    """Show ``shot`` and wait for the passes that make its rows."""
    tray.show_snapshot(shot)
    work = lambda: entry(tray.menu, "Work — ").menu()  # noqa: E731
    source = lambda: entry(tray.menu, "prometheus: ").menu()  # noqa: E731
    qtbot.waitUntil(
        lambda: (
            len(rows(tray.menu)) == ROWS_SHOWN + 2
            and len(rows(work())) == ROWS_SHOWN
            and len(rows(source())) == ROWS_SHOWN
        )
    )
    QApplication.processEvents()  # the pass that changes the last rows' words, if one is due


def test_each_level_shows_the_cap_failing_first_and_counts_the_rest(
    qtbot: QtBot, tray: Tray
) -> None:
    failing = {
        "s0997": Status.DEGRADED,
        "s0500": Status.DOWN,
        "s0999": Status.DOWN,
        "w299": Status.DOWN,
        "prometheus/t450": Status.DEGRADED,
    }
    shown(qtbot, tray, many(failing))

    # The heading and the entries count every service.
    heading = tray.menu.actions()[0].text()
    assert heading == "3 of 1,800 services down"
    assert entry(tray.menu, "Work — ").text() == "Work — 1 of 300 down"
    assert entry(tray.menu, "prometheus: ").text() == "prometheus: 500 targets, 1 failing"

    # The top: the down ones, then the degraded, late as they are in the config, then the others
    # in their order, the rest of them counted; then the two entries.
    own = rows(tray.menu)[:ROWS_SHOWN]
    assert own == ["s0500", "s0999", "s0997"] + [f"s{n:04}" for n in range(ROWS_SHOWN - 3)]
    assert rows(tray.menu)[ROWS_SHOWN:] == ["Work — 1 of 300 down", "prometheus"]
    top = [a.text().split(" · ")[0] for a in tray.menu.actions() if a.isVisible() and a.text()]
    assert top[top.index("s0036: up") + 1] == "… and 960 more, all up"
    assert top[top.index("… and 960 more, all up") + 1] == "Work — 1 of 300 down"

    work = entry(tray.menu, "Work — ").menu()
    assert rows(work) == ["w299"] + [f"w{n:03}" for n in range(ROWS_SHOWN - 1)]
    assert more(work) == ["… and 260 more, all up"]
    source = entry(tray.menu, "prometheus: ").menu()
    assert rows(source) == ["prometheus/t450"] + [f"prometheus/t{n:03}" for n in range(39)]
    assert more(source) == ["… and 460 more, all up"]

    # Every submenu in the tree: the rows shown, the two entries; none for those not shown.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(tray.menu.findChildren(QMenu)) == 3 * ROWS_SHOWN + 2


class Moves(QObject):
    """Counts the actions put into a menu (made, or moved: a move takes out and puts in)."""

    def __init__(self, menu: QMenu) -> None:
        super().__init__(menu)
        self.added = 0
        menu.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() is QEvent.Type.ActionAdded:
            self.added += 1
        return False


def test_a_service_failing_later_comes_in_and_leaves_when_it_recovers(
    qtbot: QtBot, tray: Tray
) -> None:
    shown(qtbot, tray, many({}))
    assert rows(tray.menu)[:ROWS_SHOWN] == [f"s{n:04}" for n in range(ROWS_SHOWN)]
    kept = {a.text().split(":")[0]: a for a in tray.menu.actions() if a.menu()}
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    submenus = len(tray.menu.findChildren(QMenu))
    moves = Moves(tray.menu)

    shown(qtbot, tray, many({"s0900": Status.DOWN}))
    assert rows(tray.menu)[:ROWS_SHOWN] == ["s0900"] + [f"s{n:04}" for n in range(39)]
    assert more(tray.menu) == ["… and 960 more, all up"]
    # s0900's row was made and put in; s0039's deleted; no other row moved, or was made anew.
    assert moves.added == 1
    now = {a.text().split(":")[0]: a for a in tray.menu.actions() if a.menu()}
    assert all(now[name] is kept[name] for name in now if name != "s0900")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(tray.menu.findChildren(QMenu)) == submenus

    # Recovered: s0900 leaves the shown set, and s0039 comes back at its place.
    shown(qtbot, tray, many({}))
    assert rows(tray.menu)[:ROWS_SHOWN] == [f"s{n:04}" for n in range(ROWS_SHOWN)]
    assert moves.added == 2
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(tray.menu.findChildren(QMenu)) == submenus


def test_the_rest_counted_by_kind_and_the_entry_goes_when_all_fit(qtbot: QtBot, tray: Tray) -> None:
    views = [view(f"s{n:02}", Status.UP) for n in range(ROWS_SHOWN + 2)]
    views[-1] = view(views[-1].name, Status.PAUSED)
    tray.show_snapshot(snapshot(*views))
    qtbot.waitUntil(lambda: len(rows(tray.menu)) == ROWS_SHOWN)
    assert more(tray.menu) == ["… and 2 more services"]

    tray.show_snapshot(snapshot(*views[:ROWS_SHOWN]))
    assert more(tray.menu) == []
    assert [a.text() for a in tray.menu.actions() if a.text()][-1] == "Quit trayapp"


def test_the_entry_for_the_rest_opens_the_incidents_window(qtbot: QtBot, tray: Tray) -> None:
    shown(qtbot, tray, many({}))
    work = entry(tray.menu, "Work — ").menu()
    for menu in (tray.menu, work):
        rest = next(a for a in menu.actions() if a.text().startswith("… and"))
        with qtbot.waitSignal(tray.incidentsWanted):
            rest.trigger()


def test_the_app_opens_its_incidents_window_from_that_entry(
    qtbot: QtBot,
    app: TrayApp,  # noqa: F811
) -> None:
    app.tray.show_snapshot(snapshot(*(view(f"s{n:02}", Status.UP) for n in range(50))))
    assert app.incidents is None
    next(a for a in app.tray.menu.actions() if a.text() == "… and 10 more, all up").trigger()
    qtbot.waitUntil(lambda: app.incidents is not None and app.incidents.isVisible())


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        ([], set()),
        ([0, 1, 2], {0, 1, 2}),
        ([3, 0, 1, 2], {0, 1, 2}),
        ([1, 2, 3, 0], {1, 2, 3}),
        ([2, 0, 3, 1, 4], {0, 1, 4}),
    ],
)
def test_the_rows_that_stay_are_a_longest_rising_run(values: list[int], kept: set[int]) -> None:
    found = _longest_rising(values)
    assert len(found) == len(kept)
    assert sorted(v for v in values if v in found) == [v for v in values if v in found]


def test_within_the_cap_every_service_shows_in_its_order() -> None:
    views = [view(f"s{n:02}", Status.UP) for n in range(ROWS_SHOWN)]
    views[-1] = view(views[-1].name, Status.DOWN, Cause.REFUSED)
    assert shown_views(views) == views
