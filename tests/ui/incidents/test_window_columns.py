"""The incidents window's table at the size it opens at: no column cut but the last error.

Each column but the last error is as wide as what it holds and its header; the last error
takes what is left and is cut short. The window opens wide enough for the columns and the
details pane, as far as the screen allows, and makes room when a list wants more.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from tests.support.builders import DOWN_AT, incident
from tests.ui.incidents.test_window import ALL, NOW
from trayapp.core.models import Cause, Status, Verdict
from trayapp.ui.incidents.model import Column
from trayapp.ui.incidents.window import DETAILS_MIN_WIDTH, IncidentsWindow

LONG = incident(
    20,
    DOWN_AT - timedelta(days=20),
    service="Twitter mobile API (eu-west)",
    lasted=timedelta(days=12, hours=3),
    severity=Status.DEGRADED,
    causes=(Cause.TIMEOUT, Cause.HTTP_STATUS, Cause.CONTENT),
    error="https://api.twitter.com/1.1/statuses/home_timeline.json: http_status: 503 "
    "Service Unavailable: the servers are over capacity, try again in a few minutes",
    flaps=12,
    verdict=Verdict.DOWN_FOR_EVERYONE,
)
"""An incident with the widest texts of every column."""
WIDE = incident(
    21,
    DOWN_AT - timedelta(days=3),
    service="Twitter mobile",
    lasted=timedelta(days=2, hours=3),
    severity=Status.DEGRADED,
    causes=(Cause.TIMEOUT, Cause.HTTP_STATUS),
    error="https://mobile.twitter.com/: http_status: 503 Service Unavailable",
    flaps=12,
    verdict=Verdict.DOWN_FOR_EVERYONE,
)
"""An incident as wide as the day's usually are: a verdict, two causes, days, many flaps."""
LAPTOP = QRect(0, 0, 1280, 770)
"""A 1280 × 800 screen's room for windows, a panel aside."""


def opened(qtbot: QtBot, room: QRect) -> IncidentsWindow:
    window = IncidentsWindow(room=room)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def fitted(window: IncidentsWindow) -> None:
    """Every column but the last error shows the whole of what it holds, and its header."""
    table, header = window.table, window.table.horizontalHeader()
    for column in Column:
        if column is Column.ERROR:
            continue
        assert header.sectionResizeMode(column) is QHeaderView.ResizeMode.Interactive
        width = header.sectionSize(column)
        assert width >= table.sizeHintForColumn(column), column.name
        assert width >= header.sectionSizeHint(column), column.name


def test_every_column_but_the_last_error_fits_at_the_default_size(qtbot: QtBot) -> None:
    window = opened(qtbot, LAPTOP)
    window.show_incidents([*ALL, WIDE], NOW)
    qtbot.waitUntil(lambda: window.table.viewport().width() > 0)
    assert window.width() <= LAPTOP.width()
    fitted(window)
    table, header = window.table, window.table.horizontalHeader()
    # Nothing is off the edge: the table does not scroll sideways.
    assert table.horizontalScrollBar().maximum() == 0
    # The last error is the one column that stretches, and is cut short.
    assert header.sectionResizeMode(Column.ERROR) is QHeaderView.ResizeMode.Stretch
    assert table.textElideMode() is Qt.TextElideMode.ElideRight
    assert header.sectionSize(Column.ERROR) < table.sizeHintForColumn(Column.ERROR)
    assert window.details.width() >= DETAILS_MIN_WIDTH


def test_a_sorted_column_keeps_room_for_its_arrow(qtbot: QtBot) -> None:
    window = opened(qtbot, LAPTOP)
    window.show_incidents([*ALL, LONG], NOW)
    header = window.table.horizontalHeader()
    for column in (Column.FLAPS, Column.VERDICT):
        x = header.sectionViewportPosition(column) + 5
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        assert header.sortIndicatorSection() == column
        fitted(window)


def test_a_list_that_wants_more_room_widens_the_window_first(qtbot: QtBot) -> None:
    """On a wide screen even the widest texts fit beside the details pane."""
    window = opened(qtbot, QRect(0, 0, 1920, 1000))
    before, details = window.width(), window.details.width()
    window.show_incidents([*ALL, LONG], NOW)
    qtbot.waitUntil(lambda: window.width() > before)
    assert window.width() <= 1920
    qtbot.waitUntil(lambda: window.details.width() >= details)
    fitted(window)
    assert window.table.horizontalScrollBar().maximum() == 0


def test_a_narrow_screen_scrolls_the_table_rather_than_cut_a_column(qtbot: QtBot) -> None:
    window = opened(qtbot, QRect(0, 0, 1024, 740))
    window.show_incidents([*ALL, LONG], NOW)
    assert window.width() <= 1024
    fitted(window)
    assert window.details.width() >= DETAILS_MIN_WIDTH


def test_the_incidents_are_counted_in_words_that_fit(qtbot: QtBot) -> None:
    window = opened(qtbot, LAPTOP)
    talk = ALL[2]
    for listed, said in [
        ([], "0 open · 0 incidents"),
        ([LONG], "0 open · 1 incident"),
        ([LONG, talk], "1 open · 2 incidents"),
    ]:
        window.show_incidents(listed, NOW)
        assert window.count_label.text() == said
    window.filter_edit.setText("nothing like it")
    assert window.count_label.text() == "0 of 2 incidents"
    window.show_incidents([LONG], NOW)
    assert window.count_label.text() == "0 of 1 incident"


def test_the_first_list_sets_the_widths_and_a_later_one_only_widens(qtbot: QtBot) -> None:
    window = opened(qtbot, LAPTOP)
    header = window.table.horizontalHeader()
    opened_at = header.sectionSize(Column.VERDICT)  # room for "down for everyone"
    talk = ALL[2]
    assert talk.verdict is None
    window.show_incidents([talk], NOW)
    assert header.sectionSize(Column.VERDICT) == header.sectionSizeHint(Column.VERDICT)
    assert header.sectionSize(Column.VERDICT) < opened_at
    header.resizeSection(Column.SERVICE, header.sectionSize(Column.SERVICE) + 50)  # the user
    dragged = header.sectionSize(Column.SERVICE)
    window.show_incidents([talk], NOW)
    assert header.sectionSize(Column.SERVICE) == dragged
    window.show_incidents([talk, WIDE], NOW)
    fitted(window)
    assert header.sectionSize(Column.VERDICT) > header.sectionSizeHint(Column.VERDICT)
