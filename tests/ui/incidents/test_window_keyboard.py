"""The incidents window from the keyboard and through a screen reader's eyes.

Driven as a keyboard user would: Tab from widget to widget, arrows in the table and the
strip, Enter into the details, Escape out; read through Qt's accessibility interface.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.access import accessible_name, clashing_mnemonics, nameless, tab_walk
from tests.support.incident_scenes import filled_window
from trayapp.core import i18n
from trayapp.ui.incidents.window import IncidentsWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> IncidentsWindow:
    built, _now = filled_window(tmp_path, datetime.now().astimezone().date())
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    return built


def focused() -> object:
    return QApplication.focusWidget()


def test_every_focusable_widget_has_an_accessible_name(window: IncidentsWindow) -> None:
    assert nameless(window) == []
    assert accessible_name(window.table) == "Incidents"
    assert accessible_name(window.filter_edit) == "Filter incidents"
    assert accessible_name(window.details.timeline_view) == "Timeline"


def test_an_empty_window_names_its_widgets_too(qtbot: QtBot) -> None:
    empty = IncidentsWindow()
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitExposed(empty)
    assert nameless(empty) == []


def test_tab_goes_through_the_window_as_it_reads(window: IncidentsWindow) -> None:
    details = window.details
    expected = [
        window.filter_edit,
        window.refresh_button,
        window.export_button,
        window.month.cells,
        window.table,
        details.timeline_view,
        details.error_view,
        details.copy_button,
    ]
    assert tab_walk(window, window.filter_edit) == expected
    assert tab_walk(window, window.filter_edit, backwards=True) == [
        expected[0],
        *reversed(expected[1:]),
    ]


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_two_shortcuts_share_a_letter(qtbot: QtBot, tmp_path: Path, language: str) -> None:
    i18n.set_language(language)
    built, _now = filled_window(tmp_path, datetime.now().astimezone().date())
    qtbot.addWidget(built)
    assert clashing_mnemonics(built) == {}


def test_the_table_is_walked_with_the_arrows_and_enter_opens_the_details(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.filter_edit.setFocus()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)
    assert focused() is window.table
    first = window.selected_incident
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    second = window.selected_incident
    assert second is not None
    assert first is not None
    assert second.id != first.id
    assert window.details.service_label.text().startswith(second.service)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert focused() is window.details.timeline_view
    assert window.selected_incident == second


def test_alt_letters_reach_the_filter_the_strip_and_refresh(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert focused() is window.filter_edit
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert focused() is window.month.cells
    with qtbot.waitSignal(window.refreshWanted):
        qtbot.keyClick(window.month.cells, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)


def test_escape_clears_the_filter_then_closes_the_window(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.filter_edit.setFocus()
    window.filter_edit.setText("twitter")
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert window.filter_edit.text() == ""
    assert window.isVisible()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_escape_in_the_table_closes_the_window(qtbot: QtBot, window: IncidentsWindow) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_strip_says_each_day_and_its_uptime_as_the_arrows_move(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    cells = window.month.cells
    services = [service.name for service in cells.services]
    cells.setFocus(Qt.FocusReason.TabFocusReason)
    assert cells.current == (0, 29)  # today's cell of the first service
    assert accessible_name(cells).startswith(f"{services[0]}, ")
    assert accessible_name(cells).endswith(": no rounds judged")  # none yet today
    qtbot.keyClick(cells, Qt.Key.Key_Left)
    assert cells.current == (0, 28)
    name = accessible_name(cells)
    assert name.startswith(f"{services[0]}, ")
    assert name.endswith(": uptime 100 %")
    for _day in range(12 - 1):
        qtbot.keyClick(cells, Qt.Key.Key_Left)
    red = accessible_name(cells)
    assert red.endswith(": uptime 83.33 %"), red  # Twitter's day down for four hours
    assert "60 of 72 judged rounds up" in cells.accessibleDescription()
    qtbot.keyClick(cells, Qt.Key.Key_Down)
    assert cells.current == (1, 17)
    assert accessible_name(cells).startswith(f"{services[1]}, ")
    qtbot.keyClick(cells, Qt.Key.Key_Home)
    assert cells.current == (1, 0)
    qtbot.keyClick(cells, Qt.Key.Key_End)
    assert cells.current == (1, 29)
