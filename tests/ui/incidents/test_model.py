"""The incidents table model: order, sorting, filtering and what each role gives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon
from pytestqt.qtbot import QtBot

from tests.support.builders import DAY, at, incident
from trayapp.core.models import Cause, Status, Verdict
from trayapp.ui.incidents.model import Column, IncidentRole, IncidentsModel

NOW = DAY + timedelta(days=1)
"""Midnight at the end of the day: an incident still open has lasted since it began."""
HALF_HOUR = timedelta(minutes=30)


def ids(model: IncidentsModel) -> list[int]:
    return [model.index(row, 0).data(IncidentRole.INCIDENT_ID) for row in range(model.rowCount())]


@pytest.fixture
def model(qtbot: QtBot) -> IncidentsModel:
    built = IncidentsModel()
    built.show_incidents(
        [
            # Errors that name no service: the filter finds each incident by its own words.
            incident(1, at(1), lasted=HALF_HOUR, error="timeout"),
            incident(
                2,
                at(5),
                service="GitHub",
                lasted=HALF_HOUR,
                causes=(Cause.DNS,),
                error="dns: NXDOMAIN",
            ),
            incident(3, at(3), service="Slack", error="timeout", flaps=2),
            incident(
                4,
                at(9),
                service="Gmail",
                lasted=HALF_HOUR,
                severity=Status.DEGRADED,
                causes=(Cause.SLOW,),
                error="timeout",
                verdict=Verdict.DOWN_FOR_YOU,
            ),
            incident(5, at(2), service="Twitter mobile", error="timeout"),
        ],
        NOW,
    )
    return built


def test_open_incidents_come_first_then_the_latest_start(model: IncidentsModel) -> None:
    assert ids(model) == [3, 5, 4, 2, 1]
    assert model.total == 5
    assert model.open_count == 2


def test_equal_starts_put_the_newer_incident_first(qtbot: QtBot) -> None:
    model = IncidentsModel()
    model.show_incidents([incident(8, at(1)), incident(9, at(1))], NOW)
    assert ids(model) == [9, 8]


def test_cells_read_as_words_with_numbers_to_sort_by(model: IncidentsModel) -> None:
    row = ids(model).index(4)

    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, column).data(role)

    started = at(9).astimezone().strftime("%Y-%m-%d %H:%M")
    assert [cell(column) for column in Column] == [
        "Gmail",
        "degraded",
        started,
        "30 min",
        "slow",
        "0",
        "down for you",
        "timeout",
    ]
    assert cell(Column.STARTED, IncidentRole.SORT_KEY) == at(9).timestamp()
    assert cell(Column.DURATION, IncidentRole.SORT_KEY) == 1800.0
    assert cell(Column.SEVERITY, IncidentRole.SORT_KEY) == Status.DEGRADED.severity
    assert cell(Column.SERVICE, IncidentRole.INCIDENT).id == 4
    open_row = ids(model).index(3)
    assert model.index(open_row, Column.DURATION).data() == "21 h so far"


def test_severity_has_an_icon_and_open_incidents_are_bold(model: IncidentsModel) -> None:
    for row in range(model.rowCount()):
        icon = model.index(row, Column.SEVERITY).data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(icon, QIcon)
        assert not icon.isNull()
        assert model.index(row, Column.SERVICE).data(Qt.ItemDataRole.DecorationRole) is None
    open_font = model.index(0, Column.SERVICE).data(Qt.ItemDataRole.FontRole)
    assert isinstance(open_font, QFont)
    assert open_font.bold()
    assert model.index(4, Column.SERVICE).data(Qt.ItemDataRole.FontRole) is None


def test_the_tooltip_shows_a_servers_markup_as_text(qtbot: QtBot) -> None:
    model = IncidentsModel()
    model.show_incidents([incident(1, at(1), error="503 <b>down</b> & out")], NOW)
    tip = model.index(0, Column.CAUSES).data(Qt.ItemDataRole.ToolTipRole)
    assert "503 &lt;b&gt;down&lt;/b&gt; &amp; out" in tip
    assert "<b>" not in tip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [3, 5, 4, 2, 1]),
        ("twitter", [5, 1]),
        ("TWITTER", [5, 1]),
        ("twitter mobile", [5]),
        ("nxdomain", [2]),  # the error
        ("slow", [4]),  # the cause
        ("  ", [3, 5, 4, 2, 1]),
        ("nothing like it", []),
    ],
)
def test_the_filter_looks_in_service_causes_and_errors(
    model: IncidentsModel, text: str, expected: list[int]
) -> None:
    model.set_filter(text)
    assert ids(model) == expected
    assert model.listed() == [model.incident(row) for row in range(len(expected))]
    assert model.total == 5


def test_a_filtered_out_incident_is_still_held(model: IncidentsModel) -> None:
    model.set_filter("gmail")
    assert model.row_of(4) == 0
    assert model.row_of(1) is None
    assert model.holds(1)
    assert not model.holds(99)


def test_a_new_list_keeps_the_filter(model: IncidentsModel) -> None:
    model.set_filter("slack")
    model.show_incidents([incident(6, at(12), service="Slack"), incident(7, at(13))], NOW)
    assert ids(model) == [6]


def test_sorting_by_a_column_and_back_to_the_default_order(model: IncidentsModel) -> None:
    model.sort(Column.SERVICE, Qt.SortOrder.AscendingOrder)
    assert ids(model) == [2, 4, 3, 1, 5]
    model.sort(Column.FLAPS, Qt.SortOrder.DescendingOrder)
    assert ids(model)[0] == 3
    # Ties keep the default order: open first, then the latest start.
    assert ids(model)[1:] == [5, 4, 2, 1]
    model.sort(-1)
    assert ids(model) == [3, 5, 4, 2, 1]


def test_sorting_keeps_the_views_place(model: IncidentsModel) -> None:
    held = QPersistentModelIndex(model.index(ids(model).index(2), Column.CAUSES))
    model.sort(Column.STARTED, Qt.SortOrder.AscendingOrder)
    assert ids(model) == [1, 5, 3, 2, 4]
    assert held.row() == 3
    assert held.column() == Column.CAUSES
    assert held.data(IncidentRole.INCIDENT_ID) == 2


def test_a_sorted_list_stays_sorted_when_replaced(model: IncidentsModel) -> None:
    model.sort(Column.SERVICE, Qt.SortOrder.DescendingOrder)
    model.show_incidents(
        [incident(6, at(1), service="Alpha"), incident(7, at(2), service="Beta")], NOW
    )
    assert ids(model) == [7, 6]


def test_headers_name_the_columns(model: IncidentsModel) -> None:
    names = [
        model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for column in Column
    ]
    assert names == [
        "Service",
        "Severity",
        "Started",
        "Duration",
        "Causes",
        "Flaps",
        "Verdict",
        "Last error",
    ]
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_the_last_error_is_one_line_in_its_column(qtbot: QtBot) -> None:
    model = IncidentsModel()
    model.show_incidents(
        [incident(1, at(1), error="first", last_error="HTTP 503\n  <html>\r\n\tdown</html>")], NOW
    )
    assert model.index(0, Column.ERROR).data() == "HTTP 503 <html> down</html>"


def test_the_widest_texts_bound_every_cell_of_their_column(qtbot: QtBot) -> None:
    model = IncidentsModel()
    listed = [
        incident(1, at(1), lasted=timedelta(seconds=42), service="A"),
        incident(2, at(2), lasted=timedelta(days=12, hours=3), service="Twitter mobile"),
        incident(3, at(3), service="Gmail", causes=(Cause.TIMEOUT, Cause.HTTP_STATUS), flaps=12),
        incident(4, at(4), severity=Status.DEGRADED, verdict=Verdict.DOWN_FOR_EVERYONE),
    ]
    model.show_incidents(listed, NOW)
    widest = model.widest_texts()
    assert Column.ERROR not in widest
    assert widest[Column.SERVICE] == {"A", "Twitter mobile", "Gmail", "Twitter"}
    assert widest[Column.SEVERITY] == {"down", "degraded"}
    assert widest[Column.CAUSES] == {"timeout", "timeout, http_status"}
    assert widest[Column.VERDICT] == {"", "down for everyone"}
    assert widest[Column.FLAPS] == {"00"}
    assert widest[Column.DURATION] == {
        "00 s",
        "00 min",
        "00 h 00 min",
        "00 d 00 h",
        "00 s so far",
        "00 min so far",
        "00 h 00 min so far",
    }
    # Each cell is as long as one of them, digits aside, or shorter.
    for row in range(model.rowCount()):
        for column, texts in widest.items():
            shown = model.index(row, column).data()
            digits = "".join("0" if char.isdigit() else char for char in shown)
            assert any(len(digits) <= len(text) for text in texts), (column, shown)
    assert model.widest_texts() == widest  # the filter aside
    model.set_filter("Gmail")
    assert model.widest_texts() == widest


def test_an_empty_list_has_no_widest_texts(qtbot: QtBot) -> None:
    model = IncidentsModel()
    model.show_incidents([], NOW)
    assert all(texts <= {"0", ""} for texts in model.widest_texts().values())
