"""The tray menu's groups, with real widgets offscreen: an entry per group saying the worst of
its services, their rows inside it, kept (not rebuilt) as snapshots and reloads come."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.ui.test_tray import snapshot, view
from trayapp.core.models import Cause, Status
from trayapp.ui.icons import icon_for
from trayapp.ui.tray import Tray, tooltip_text


@pytest.fixture
def tray(qtbot: QtBot) -> Tray:
    return Tray()


def texts(menu: QMenu) -> list[str]:
    """What ``menu`` shows, in order: visible entries with words."""
    return [a.text() for a in menu.actions() if a.isVisible() and a.text()]


def entry(menu: QMenu, starts: str) -> QAction:
    return next(a for a in menu.actions() if a.text().startswith(starts))


def rows(menu: QMenu) -> list[str]:
    """The services' names in ``menu``'s rows (entries with a submenu)."""
    return [a.text().split(":")[0].split(" — ")[0] for a in menu.actions() if a.menu()]


def image(icon_action: QAction) -> QImage:
    return icon_action.icon().pixmap(QSize(16, 16), 1.0).toImage()


def glyph(status: Status) -> QImage:
    from trayapp.core.models import TrayStatus

    icon = icon_for(TrayStatus(status.value), dark=False)
    return icon.pixmap(QSize(16, 16), 1.0).toImage()


def menus(tray: Tray) -> int:
    """The submenus of ``tray``'s menu, at any depth, once those deleted are gone."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return len(tray.menu.findChildren(QMenu))


def test_each_group_is_an_entry_with_its_services_inside_in_the_config_s_order(
    qtbot: QtBot, tray: Tray
) -> None:
    tray.show_snapshot(
        snapshot(
            view("Blog", Status.UP),
            view("Mail", Status.UP, group="Work"),
            view("NAS", Status.UP, group="Home"),
            view("Chat", Status.DOWN, Cause.REFUSED, group="Work"),
            view("Shop", Status.UP),
            view("Wiki", Status.UP, group="Work"),
            view("prometheus/db", Status.UP, source="prometheus"),
        )
    )
    shown = texts(tray.menu)
    first = shown.index("Work — 1 of 3 down")
    # The services of no group first, as today; then the groups in the order they first
    # appear; then the sources.
    assert rows(tray.menu) == ["Blog", "Shop", "Work", "Home", "prometheus"]
    assert shown[first + 1] == "Home — up"
    work = entry(tray.menu, "Work — ").menu()
    assert rows(work) == ["Mail", "Chat", "Wiki"]
    assert [t.split(" · ")[0] for t in texts(work)] == [
        "Mail: up",
        "Chat: down (refused)",
        "Wiki: up",
    ]
    # The worst status's icon, as a service's row has it.
    assert image(entry(tray.menu, "Work — ")) == image(entry(work, "Chat"))
    assert image(entry(tray.menu, "Work — ")) == glyph(Status.DOWN)
    assert image(entry(tray.menu, "Home — ")) == glyph(Status.UP)

    with qtbot.waitSignal(tray.checkNowWanted) as asked:
        next(a for a in entry(work, "Chat").menu().actions() if a.text() == "Check now").trigger()
    assert asked.args == ["Chat"]


def test_the_entry_follows_its_worst_service(qtbot: QtBot, tray: Tray) -> None:
    tray.show_snapshot(
        snapshot(view("Mail", Status.UP, group="Work"), view("Chat", Status.UP, group="Work"))
    )
    before = entry(tray.menu, "Work — ")
    assert before.text() == "Work — all 2 up"
    tray.show_snapshot(
        snapshot(
            view("Mail", Status.DEGRADED, Cause.SLOW, group="Work"),
            view("Chat", Status.UP, group="Work"),
        )
    )
    after = entry(tray.menu, "Work — ")
    assert after is before  # changed in place
    assert after.text() == "Work — 1 of 2 degraded"
    assert image(after) == glyph(Status.DEGRADED)


def test_a_service_moved_to_another_group_moves_its_row_and_nothing_piles_up(
    qtbot: QtBot, tray: Tray
) -> None:
    grouped = snapshot(
        view("Mail", Status.UP, group="Work"),
        view("Chat", Status.DOWN, Cause.TIMEOUT, group="Work"),
        view("NAS", Status.UP, group="Home"),
    )
    tray.show_snapshot(grouped)
    counted = menus(tray)

    # Reloaded: Chat is in Home now.
    moved = snapshot(
        view("Mail", Status.UP, group="Work"),
        view("Chat", Status.DOWN, Cause.TIMEOUT, group="Home"),
        view("NAS", Status.UP, group="Home"),
    )
    tray.show_snapshot(moved)
    assert rows(entry(tray.menu, "Work — ").menu()) == ["Mail"]
    assert rows(entry(tray.menu, "Home — ").menu()) == ["Chat", "NAS"]
    assert entry(tray.menu, "Work — ").text() == "Work — up"
    assert entry(tray.menu, "Home — ").text() == "Home — 1 of 2 down"
    assert menus(tray) == counted  # one row gone, one made

    # Reloaded again: Work is left empty, and Chat in no group.
    tray.show_snapshot(
        snapshot(
            view("Mail", Status.UP, group="Home"),
            view("Chat", Status.DOWN, Cause.TIMEOUT),
            view("NAS", Status.UP, group="Home"),
        )
    )
    assert rows(tray.menu) == ["Chat", "Home"]
    assert not any(t.startswith("Work") for t in texts(tray.menu))
    assert menus(tray) == counted - 1  # Work's entry went, with its submenu

    # Back and forth, and opened again and again: the count stays as it was.
    for _ in range(3):
        for shot in (grouped, moved):
            tray.show_snapshot(shot)
            tray.menu.aboutToShow.emit()
    assert menus(tray) == counted
    assert rows(tray.menu) == ["Work", "Home"]


def test_the_tooltip_lists_a_group_s_failing_services_under_its_line() -> None:
    shot = snapshot(
        view("Blog", Status.DOWN, Cause.TIMEOUT),
        view("Mail", Status.UP, group="Work"),
        view("Chat", Status.DOWN, Cause.REFUSED, group="Work", vendor="Chat status: outage"),
        view("NAS", Status.DEGRADED, Cause.SLOW, group="Home"),
    )
    assert tooltip_text(shot).splitlines()[1:] == [
        f"Blog: down (timeout) since {clock()}",
        "Work — 1 of 2 down",
        f"  Chat: down (refused) since {clock()}",
        "    Chat status: outage",
        "Home — degraded",
        f"  NAS: degraded (slow) since {clock()}",
    ]


def clock() -> str:
    """When the services of :func:`view` took their status, as the tooltip says it."""
    since = view("Any", Status.DOWN).since
    assert since is not None
    return since.astimezone().strftime("%H:%M")
