"""The incidents table model: order, sorting, filtering and what each role gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon
from pytestqt.qtbot import QtBot

from trayapp.core.incident import Incident
from trayapp.core.models import Cause, Status, Verdict
from trayapp.ui.incidents.model import Column, IncidentRole, IncidentsModel

BASE = datetime(2012, 7, 26, 0, 0, tzinfo=UTC)
NOW = datetime(2012, 7, 27, 0, 0, tzinfo=UTC)


def incident(
    number: int,
    service: str = "Twitter",
    *,
    hour: int,
    lasted_min: int | None = 30,
    severity: Status = Status.DOWN,
    causes: tuple[Cause, ...] = (Cause.TIMEOUT,),
    last_error: str = "timeout",
    flaps: int = 0,
) -> Incident:
    started = BASE + timedelta(hours=hour)
    return Incident(
        id=number,
        service=service,
        started_at=started,
        ended_at=None if lasted_min is None else started + timedelta(minutes=lasted_min),
        severity=severity,
        causes=causes,
        first_error=last_error,
        last_error=last_error,
        flaps=flaps,
        verdict=Verdict.DOWN_FOR_YOU,
    )


def ids(model: IncidentsModel) -> list[int]:
    return [model.index(row, 0).data(IncidentRole.INCIDENT_ID) for row in range(model.rowCount())]


@pytest.fixture
def model(qtbot: QtBot) -> IncidentsModel:
    built = IncidentsModel()
    built.show_incidents(
        [
            incident(1, hour=1),
            incident(2, "GitHub", hour=5, causes=(Cause.DNS,), last_error="dns: NXDOMAIN"),
            incident(3, "Slack", hour=3, lasted_min=None, flaps=2),
            incident(4, "Gmail", hour=9, severity=Status.DEGRADED, causes=(Cause.SLOW,)),
            incident(5, "Twitter mobile", hour=2, lasted_min=None),
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
    model.show_incidents([incident(8, hour=1), incident(9, hour=1)], NOW)
    assert ids(model) == [9, 8]


def test_cells_read_as_words_with_numbers_to_sort_by(model: IncidentsModel) -> None:
    row = ids(model).index(4)

    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, column).data(role)

    started = (BASE + timedelta(hours=9)).astimezone().strftime("%Y-%m-%d %H:%M")
    assert [cell(column) for column in Column] == [
        "Gmail",
        "degraded",
        started,
        "30 min",
        "slow",
        "0",
        "down for you",
    ]
    assert cell(Column.STARTED, IncidentRole.SORT_KEY) == (BASE + timedelta(hours=9)).timestamp()
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
    model.show_incidents([incident(1, hour=1, last_error="503 <b>down</b> & out")], NOW)
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
    model.show_incidents([incident(6, "Slack", hour=12), incident(7, hour=13)], NOW)
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
    model.show_incidents([incident(6, "Alpha", hour=1), incident(7, "Beta", hour=2)], NOW)
    assert ids(model) == [7, 6]


def test_headers_name_the_columns(model: IncidentsModel) -> None:
    names = [
        model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for column in Column
    ]
    assert names == ["Service", "Severity", "Started", "Duration", "Causes", "Flaps", "Verdict"]
    assert model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
