"""The incidents window, built and driven as a user would: list, filter, select, copy, export.

The window is fed as the app feeds it (show_incidents, show_rounds) and its signals are
watched; nothing here reads a disk except the test that goes through a real store.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.support.builders import DOWN_AT, at, incident, result, vendor_incident
from trayapp.core.incident import Note, NoteKind
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.report.texts import local_time_text
from trayapp.core.store.history import RoundPoint, RoundRecord, Store
from trayapp.ui.incidents.chart import status_colour
from trayapp.ui.incidents.model import Column, IncidentRole
from trayapp.ui.incidents.text import details_text
from trayapp.ui.incidents.window import TITLE, IncidentsWindow

NOW = at(16)
HALF_HOUR = timedelta(minutes=30)

TWITTER = incident(
    12,
    lasted=timedelta(hours=2, minutes=17),
    causes=(Cause.TIMEOUT, Cause.HTTP_STATUS),
    error="https://twitter.com/: timeout",
    last_error="https://twitter.com/: http_status: 503 Twitter is currently down",
    flaps=1,
    verdict=Verdict.DOWN_FOR_EVERYONE,
    notes=(
        Note(DOWN_AT, NoteKind.OPENED, "Went down: https://twitter.com/: timeout"),
        Note(DOWN_AT + timedelta(minutes=41), NoteKind.RECOVERED, "Back up after 41 min"),
        Note(DOWN_AT + timedelta(minutes=52), NoteKind.FLAPPED, "Failed again (flap 1)"),
    ),
)
TALK = incident(
    13,
    DOWN_AT + timedelta(hours=3),
    service="Google Talk",
    causes=(Cause.REFUSED,),
    error="https://talk.google.com/: refused",
)
MOBILE = incident(
    14,
    DOWN_AT + timedelta(hours=1),
    service="Twitter mobile",
    lasted=HALF_HOUR,
    causes=(Cause.CONTENT,),
    error="body contains 'Twitter is currently down'",
)
OLD_TWITTER = incident(11, DOWN_AT - timedelta(days=2), lasted=HALF_HOUR)
ALL = [OLD_TWITTER, TWITTER, TALK, MOBILE]
"""Three incidents of that day, one still open, and one of Twitter's two days before."""


@pytest.fixture
def window(qtbot: QtBot) -> IncidentsWindow:
    built = IncidentsWindow()
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    return built


def listed_ids(window: IncidentsWindow) -> list[int]:
    model = window.model
    return [model.index(r, 0).data(IncidentRole.INCIDENT_ID) for r in range(model.rowCount())]


def click_row(qtbot: QtBot, window: IncidentsWindow, incident_id: int) -> None:
    row = window.model.row_of(incident_id)
    assert row is not None
    rect = window.table.visualRect(window.model.index(row, Column.SERVICE))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_window_is_titled_and_asks_for_the_list_when_shown(qtbot: QtBot) -> None:
    window = IncidentsWindow()
    qtbot.addWidget(window)
    assert window.windowTitle() == TITLE == "trayapp — incidents"
    assert window.isWindow()
    with qtbot.waitSignal(window.refreshWanted):
        window.show()
    assert window.count_label.text() == "Loading incidents…"
    with qtbot.waitSignal(window.refreshWanted):
        window.refresh_button.click()


def test_open_incidents_come_first_then_the_latest(window: IncidentsWindow) -> None:
    window.show_incidents(ALL, NOW)
    assert listed_ids(window) == [13, 14, 12, 11]
    assert window.count_label.text() == "1 open · 4 incidents"


def test_the_first_incident_is_selected_and_its_service_asked_for(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    with qtbot.waitSignal(window.roundsWanted) as asked:
        window.show_incidents(ALL, NOW)
    assert asked.args == ["Google Talk"]
    assert window.selected_incident == TALK
    assert window.details.chart.message == "Loading the last 24 hours…"


def test_selecting_a_row_shows_its_details_and_asks_for_its_day(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.show_incidents(ALL, NOW)
    with qtbot.waitSignal(window.roundsWanted) as asked:
        click_row(qtbot, window, 12)
    assert asked.args == ["Twitter"]
    details = window.details
    assert details.service_label.text() == "Twitter  ·  incident #12"
    assert details.severity_label.text() == "down"
    assert details.status_label.text() == "resolved"
    assert details.started_label.text() == local_time_text(DOWN_AT)
    assert details.ended_label.text() == local_time_text(DOWN_AT + timedelta(hours=2, minutes=17))
    assert details.duration_label.text() == "2 h 17 min"
    assert details.flaps_label.text() == "1"
    assert details.verdict_label.text() == "down for everyone"
    assert details.causes_label.text() == "timeout, http_status"
    assert details.vendor_label.text() == (
        "Twitter's status page acknowledged 0 of 1 confirmed outage"
    )
    assert details.timeline_view.toPlainText().splitlines() == [
        f"{local_time_text(DOWN_AT)}  Went down: https://twitter.com/: timeout",
        f"{local_time_text(DOWN_AT + timedelta(minutes=41))}  Back up after 41 min",
        f"{local_time_text(DOWN_AT + timedelta(minutes=52))}  Failed again (flap 1)",
    ]
    assert details.error_view.toPlainText() == TWITTER.last_error
    assert details.chart_label.text() == "Last 24 hours of Twitter"


def test_the_rounds_are_asked_for_once_per_service(qtbot: QtBot, window: IncidentsWindow) -> None:
    asked: list[str] = []
    window.roundsWanted.connect(asked.append)
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, 12)
    click_row(qtbot, window, 11)  # Twitter again: its day is already on its way
    window.details.chart.repaint()
    assert asked == ["Google Talk", "Twitter"]
    click_row(qtbot, window, 14)
    assert asked == ["Google Talk", "Twitter", "Twitter mobile"]


def test_a_new_list_keeps_the_selected_incident(qtbot: QtBot, window: IncidentsWindow) -> None:
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, 12)
    later = incident(15, NOW - timedelta(minutes=5), service="Slack")
    with qtbot.assertNotEmitted(window.roundsWanted):
        window.show_incidents([later, *ALL], NOW + timedelta(minutes=1))
    assert window.selected_incident == TWITTER
    assert listed_ids(window) == [15, 13, 14, 12, 11]
    rows = window.table.selectionModel().selectedRows()
    assert [index.row() for index in rows] == [3]


def test_an_incident_gone_from_the_list_gives_way_to_the_first(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, 14)
    window.show_incidents([TWITTER, OLD_TWITTER], NOW)
    assert window.selected_incident == TWITTER


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("twitter", [14, 12, 11]),
        ("REFUSED", [13]),  # a cause
        ("currently down", [14, 12]),  # errors
        ("twitter mobile", [14]),
    ],
)
def test_the_filter_box_narrows_the_list(
    qtbot: QtBot, window: IncidentsWindow, typed: str, expected: list[int]
) -> None:
    window.show_incidents(ALL, NOW)
    qtbot.keyClicks(window.filter_edit, typed)
    assert listed_ids(window) == expected
    assert window.count_label.text() == f"{len(expected)} of 4 incidents"
    window.filter_edit.clear()
    assert listed_ids(window) == [13, 14, 12, 11]


def test_a_filter_that_hides_the_selection_lets_it_go(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.show_incidents(ALL, NOW)
    assert window.selected_incident == TALK
    with qtbot.assertNotEmitted(window.roundsWanted):
        qtbot.keyClicks(window.filter_edit, "twitter")
    assert window.selected_incident is None
    assert window.details.pages.currentWidget() is window.details.placeholder
    qtbot.keyClicks(window.filter_edit, " nothing")
    assert window.details.placeholder.text() == "No incident matches the filter."


def test_select_incident_clears_a_filter_that_hides_it_and_scrolls_to_it(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    many = [
        incident(n, DOWN_AT - timedelta(hours=n), service=f"service {n}", lasted=HALF_HOUR)
        for n in range(1, 300)
    ]
    window.show_incidents(many, NOW)
    window.filter_edit.setText("service 7")
    assert window.model.row_of(250) is None
    with qtbot.waitSignal(window.roundsWanted) as asked:
        window.select_incident(250)
    assert asked.args == ["service 250"]
    assert window.filter_edit.text() == ""
    assert window.selected_incident is not None
    assert window.selected_incident.id == 250
    row = window.model.row_of(250)
    assert row is not None
    shown = window.table.visualRect(window.model.index(row, 0))
    assert window.table.viewport().rect().contains(shown.center())
    assert window.table.rowAt(window.table.viewport().height() // 2) in (row - 1, row, row + 1)


def test_an_incident_asked_for_before_the_list_is_selected_when_it_comes(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    with qtbot.waitSignal(window.refreshWanted):
        window.select_incident(12)
    assert window.selected_incident is None
    window.show_incidents(ALL, NOW)
    assert window.selected_incident == TWITTER
    window.select_incident(99)  # never comes: the next list is shown as usual
    window.show_incidents(ALL, NOW)
    assert window.selected_incident == TWITTER


def test_the_chart_draws_the_selected_services_rounds(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, 12)
    down_at = NOW - timedelta(hours=4)
    points = [
        RoundPoint(NOW - timedelta(minutes=m), Status.DOWN if m == 240 else Status.UP, 150)
        for m in range(24 * 60, -1, -10)
    ]
    window.show_rounds("Google Talk", points, NOW)  # an answer to an older question
    chart = window.details.chart
    assert chart.message == "Loading the last 24 hours…"
    window.show_rounds("Twitter", points, NOW)
    assert chart.message == ""
    image = chart.grab().toImage()
    y = chart.strip_rect().center().y()
    assert image.pixelColor(chart.x_of(down_at), y) == status_colour(Status.DOWN, chart.palette())
    assert image.pixelColor(chart.x_of(down_at - timedelta(hours=1)), y) == status_colour(
        Status.UP, chart.palette()
    )


def test_remote_text_is_shown_as_it_is_never_as_markup(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    hostile = incident(
        20,
        NOW - timedelta(hours=1),
        service="<b>x</b>",
        error="<img src='http://tracker.example/p.png'> &amp; <i>down</i>",
    )
    window.show_incidents([hostile], NOW)
    details = window.details
    assert details.service_label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>x</b>" in details.service_label.text()
    assert details.chart_label.textFormat() == Qt.TextFormat.PlainText
    assert details.chart_label.text() == "Last 24 hours of <b>x</b>"
    assert details.error_view.toPlainText() == hostile.last_error
    assert details.error_view.isReadOnly()
    assert hostile.last_error in details.timeline_view.toPlainText()
    for label in window.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert window.model.index(0, Column.SERVICE).data() == "<b>x</b>"


def test_the_status_page_is_graded_for_the_selected_incident_s_service(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    owned = Note(DOWN_AT + timedelta(days=1, minutes=20), NoteKind.VENDOR, "<b>Investigating</b>")
    acknowledged = incident(
        15,
        DOWN_AT + timedelta(days=1),
        lasted=HALF_HOUR,
        verdict=Verdict.DOWN_FOR_EVERYONE,
        notes=(Note(DOWN_AT + timedelta(days=1), NoteKind.OPENED, "Went down: timeout"), owned),
        vendor_incidents=(vendor_incident(),),
    )
    window.show_incidents([*ALL, acknowledged], NOW + timedelta(days=1))
    label = window.details.vendor_label
    click_row(qtbot, window, 11)  # an old one of Twitter's: the record is the service's
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == (
        "Twitter's status page acknowledged 1 of 2 confirmed outages, 20 min after trayapp saw it"
    )
    click_row(qtbot, window, 13)
    assert label.text() == "No confirmed outage of Google Talk to grade its status page by"
    window.filter_edit.setText("http_status")  # hides #15: the list narrows, the record not
    assert listed_ids(window) == [12]
    click_row(qtbot, window, 12)
    assert "acknowledged 1 of 2" in label.text()


def test_copy_details_puts_plain_text_on_the_clipboard(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    QGuiApplication.clipboard().clear()
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, 12)
    window.details.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == details_text(TWITTER, NOW)
    assert "Twitter — incident #12" in copied
    assert TWITTER.last_error in copied


def test_ctrl_c_on_the_table_copies_the_details(qtbot: QtBot, window: IncidentsWindow) -> None:
    QGuiApplication.clipboard().clear()
    window.show_incidents(ALL, NOW)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == details_text(TALK, NOW)


def test_escape_in_the_filter_box_clears_it(qtbot: QtBot, window: IncidentsWindow) -> None:
    window.show_incidents(ALL, NOW)
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "slack")
    assert listed_ids(window) == []
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert window.filter_edit.text() == ""
    assert listed_ids(window) == [13, 14, 12, 11]


def test_export_lists_what_the_filter_shows(qtbot: QtBot, window: IncidentsWindow) -> None:
    window.show_incidents(ALL, NOW)
    qtbot.keyClicks(window.filter_edit, "twitter")
    records = json.loads(window.export_text("json"))
    assert records == [MOBILE.to_record(NOW), TWITTER.to_record(NOW), OLD_TWITTER.to_record(NOW)]
    rows = list(csv.DictReader(io.StringIO(window.export_text("csv"))))
    assert [row["id"] for row in rows] == ["14", "12", "11"]
    assert rows[1]["causes"] == "timeout, http_status"
    assert rows[1]["last_error"] == TWITTER.last_error


def test_export_asks_the_app_to_write_the_file(
    qtbot: QtBot, window: IncidentsWindow, tmp_path: Path
) -> None:
    window.show_incidents(ALL, NOW)
    target = str(tmp_path / "incidents.json")
    with qtbot.waitSignal(window.exportWanted) as wanted:
        window.export_to(target)
    assert wanted.args == [target, window.export_text("json")]
    with qtbot.waitSignal(window.exportWanted) as wanted:
        window.export_to(str(tmp_path / "list.txt"), "csv")
    assert wanted.args[1].startswith("id,service,status,")
    assert not (tmp_path / "incidents.json").exists()  # the window itself writes nothing


def test_the_export_button_goes_through_the_chosen_path(
    qtbot: QtBot, window: IncidentsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show_incidents(ALL, NOW)
    monkeypatch.setattr(window, "_ask_export_path", lambda: ("/somewhere/list.csv", "csv"))
    with qtbot.waitSignal(window.exportWanted) as wanted:
        window.export_button.click()
    assert wanted.args == ["/somewhere/list.csv", window.export_text("csv")]
    monkeypatch.setattr(window, "_ask_export_path", lambda: None)  # the dialog was cancelled
    with qtbot.assertNotEmitted(window.exportWanted):
        window.export_button.click()


def test_an_empty_history_says_so(window: IncidentsWindow) -> None:
    window.show_incidents([], NOW)
    assert window.count_label.text() == "0 open · 0 incidents"
    assert window.details.placeholder.text() == "No incidents: nothing has been down."
    assert window.export_text("json") == "[]\n"


def test_a_click_on_a_header_sorts_and_keeps_the_selection(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, 12)
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.SERVICE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [window.model.incident(r).service for r in range(4)] in (
        ["Google Talk", "Twitter", "Twitter", "Twitter mobile"],
        ["Twitter mobile", "Twitter", "Twitter", "Google Talk"],
    )
    assert window.selected_incident == TWITTER
    (selected,) = window.table.selectionModel().selectedRows()
    assert window.model.incident(selected.row()) == TWITTER


def test_the_window_reads_a_real_store(
    qtbot: QtBot, window: IncidentsWindow, tmp_path: Path
) -> None:
    with Store(tmp_path / "history.sqlite3") as store:
        store.save_incidents(ALL)
        failed = result(Cause.TIMEOUT, checked_at=NOW, elapsed_ms=10_000)
        ok = result(checked_at=NOW, elapsed_ms=180.0)
        rounds = [
            RoundRecord(
                "Twitter",
                NOW - timedelta(minutes=m),
                Status.DOWN if 120 <= m < 180 else Status.UP,
                (failed if 120 <= m < 180 else ok,),
            )
            for m in range(24 * 60, -1, -5)
        ]
        store.record_rounds(rounds)
        listed = store.incidents()
        day = store.recent_rounds("Twitter", NOW - timedelta(hours=24))
    window.show_incidents(listed, NOW)
    assert listed_ids(window) == [13, 14, 12, 11]
    with qtbot.waitSignal(window.roundsWanted) as asked:
        window.select_incident(12)
    assert asked.args == ["Twitter"]
    assert window.details.timeline_view.toPlainText().count("\n") == 2
    window.show_rounds("Twitter", day, NOW)
    chart = window.details.chart
    image = chart.grab().toImage()
    y = chart.strip_rect().center().y()
    down = status_colour(Status.DOWN, chart.palette())
    assert image.pixelColor(chart.x_of(NOW - timedelta(minutes=150)), y) == down
    assert chart.summary() == f"12 down of {len(rounds):,} rounds"


def test_a_verdict_not_known_says_why_in_the_details(qtbot: QtBot, window: IncidentsWindow) -> None:
    window.show_incidents(ALL, NOW)
    click_row(qtbot, window, TALK.id)
    assert window.details.verdict_label.text() == (
        "not known yet: no status page, vantage point or outside measurement has said anything"
    )
    assert window.details.verdict_label.wordWrap()
    click_row(qtbot, window, TWITTER.id)
    assert window.details.verdict_label.text() == "down for everyone"


def test_wrapped_facts_get_the_height_their_lines_need(
    qtbot: QtBot, window: IncidentsWindow
) -> None:
    # A fact that wraps (a verdict not known says why, in a sentence) gets every line it needs
    # at the window's default size, rather than the height of a guess at its width.
    window.resize(1216, 640)
    window.show_incidents(ALL, NOW)
    details = window.details
    words = "not known yet: no status page, vantage point or outside measurement has said anything"
    details.verdict_label.setText(f"{words}; {words}; {words}")
    label = details.verdict_label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()) > 0)
