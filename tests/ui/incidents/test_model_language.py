"""The incidents table in German: causes in words while the filter still knows their names,
and start times the way the locale writes them, sorted by time, not as text."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.builders import DAY, at, incident
from trayapp.core import i18n
from trayapp.core.models import Cause, Status, Verdict
from trayapp.ui.incidents.model import Column, IncidentRole, IncidentsModel

NOW = DAY + timedelta(days=1)
HALF_HOUR = timedelta(minutes=30)
EARLIER = DAY - timedelta(days=25) + timedelta(hours=9)
"""The first of July 2012, 09:00 UTC: its day sorts before the 26th as text, after it in time."""


def ids(model: IncidentsModel) -> list[int]:
    return [model.index(row, 0).data(IncidentRole.INCIDENT_ID) for row in range(model.rowCount())]


def german_minute(moment: datetime) -> str:
    """``moment`` on the local clock as German writes it to the minute: ``26.07.2012, 11:23``."""
    return moment.astimezone().strftime("%d.%m.%Y, %H:%M")


@pytest.fixture
def model(qtbot: QtBot) -> IncidentsModel:
    i18n.set_language("de")
    built = IncidentsModel()
    built.show_incidents(
        [
            incident(
                1,
                at(11, 23),
                lasted=HALF_HOUR,
                causes=(Cause.TIMEOUT, Cause.HTTP_STATUS),
                verdict=Verdict.DOWN_FOR_EVERYONE,
            ),
            incident(2, EARLIER, service="GitHub", lasted=HALF_HOUR, causes=(Cause.DNS,)),
            incident(
                3,
                at(9),
                service="Gmail",
                lasted=HALF_HOUR,
                severity=Status.DEGRADED,
                causes=(Cause.SLOW,),
            ),
        ],
        NOW,
    )
    return built


def test_causes_read_in_german(model: IncidentsModel) -> None:
    row = model.row_of(1)
    assert row is not None
    assert model.index(row, Column.CAUSES).data() == "Zeitüberschreitung, HTTP-Status"
    assert model.index(row, Column.SEVERITY).data() == "ausgefallen"
    assert model.index(row, Column.VERDICT).data() == "für alle ausgefallen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http_status", [1]),  # a cause's own name, as the config and --json write it
        ("HTTP-Status", [1]),  # and as the table shows it
        ("zeitüberschreitung", [1]),
        ("dns", [2]),
        ("dns-fehler", [2]),
        ("langsam", [3]),
        ("slow", [3]),
    ],
)
def test_the_filter_finds_a_cause_by_its_word_and_by_its_name(
    model: IncidentsModel, text: str, expected: list[int]
) -> None:
    model.set_filter(text)
    assert ids(model) == expected


def test_start_times_are_written_the_german_way_and_sorted_by_time(
    model: IncidentsModel,
) -> None:
    started = {
        model.index(row, 0).data(IncidentRole.INCIDENT_ID): model.index(row, Column.STARTED).data()
        for row in range(model.rowCount())
    }
    assert started == {
        1: german_minute(at(11, 23)),
        2: german_minute(EARLIER),
        3: german_minute(at(9)),
    }
    model.sort(Column.STARTED, Qt.SortOrder.AscendingOrder)
    assert ids(model) == [2, 3, 1]  # "01.07." before "26.07.", and by the time, not the text
    model.sort(Column.STARTED, Qt.SortOrder.DescendingOrder)
    assert ids(model) == [1, 3, 2]


def test_the_widest_start_bounds_every_start_shown(model: IncidentsModel) -> None:
    (widest,) = model.widest_texts()[Column.STARTED]
    assert widest == "00.00.0000, 00:00"
    for row in range(model.rowCount()):
        shown = model.index(row, Column.STARTED).data()
        assert "".join("0" if char.isdigit() else char for char in shown) == widest
