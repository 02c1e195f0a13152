"""The last 24 hours chart, drawn offscreen and read back pixel by pixel."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from tests.support.builders import at
from trayapp.core.models import Status
from trayapp.core.store.history import RoundPoint
from trayapp.ui.incidents.chart import SPAN, HistoryChart, status_colour

NOW = at(16)
DOWN_AT = at(11, 25)  # on the five-minute grid


def day_of_rounds(
    *,
    every: timedelta = timedelta(minutes=5),
    down: tuple[datetime, datetime] = (DOWN_AT, DOWN_AT + timedelta(minutes=40)),
    gap: tuple[datetime, datetime] | None = None,
    slowest_at: datetime | None = None,
) -> list[RoundPoint]:
    """A round every five minutes for 24 hours: up at 200 ms, down for a while."""
    points = []
    moment = NOW - SPAN
    while moment <= NOW:
        if gap is None or not gap[0] <= moment < gap[1]:
            if down[0] <= moment < down[1]:
                points.append(RoundPoint(moment, Status.DOWN, 10_000))
            else:
                points.append(RoundPoint(moment, Status.UP, 900 if moment == slowest_at else 200))
        moment += every
    return points


@pytest.fixture
def chart(qtbot: QtBot) -> HistoryChart:
    widget = HistoryChart()
    qtbot.addWidget(widget)
    widget.resize(480, 160)
    return widget


def strip_colour(chart: HistoryChart, image: QImage, moment: datetime) -> QColor:
    return image.pixelColor(chart.x_of(moment), chart.strip_rect().center().y())


def test_a_down_round_is_red_on_the_strip_and_an_up_one_green(chart: HistoryChart) -> None:
    chart.show_rounds(day_of_rounds(), NOW)
    image = chart.grab().toImage()
    palette = chart.palette()
    down, up = status_colour(Status.DOWN, palette), status_colour(Status.UP, palette)
    assert strip_colour(chart, image, DOWN_AT) == down
    assert strip_colour(chart, image, DOWN_AT + timedelta(minutes=20)) == down
    assert strip_colour(chart, image, DOWN_AT - timedelta(hours=3)) == up
    assert strip_colour(chart, image, DOWN_AT + timedelta(hours=3)) == up


def test_a_single_failed_round_still_shows(chart: HistoryChart) -> None:
    lone = DOWN_AT
    chart.show_rounds(day_of_rounds(down=(lone, lone + timedelta(minutes=1))), NOW)
    image = chart.grab().toImage()
    assert strip_colour(chart, image, lone) == status_colour(Status.DOWN, chart.palette())


def test_hours_without_rounds_are_left_empty(chart: HistoryChart) -> None:
    asleep = (NOW - timedelta(hours=20), NOW - timedelta(hours=16))
    chart.show_rounds(day_of_rounds(gap=asleep), NOW)
    image = chart.grab().toImage()
    colours = [status_colour(status, chart.palette()) for status in Status]
    assert strip_colour(chart, image, NOW - timedelta(hours=18)) not in colours
    assert strip_colour(chart, image, NOW - timedelta(hours=15)) in colours


def test_the_response_time_line_rises_to_the_slowest_round(chart: HistoryChart) -> None:
    slowest = NOW - timedelta(hours=6)
    chart.show_rounds(day_of_rounds(slowest_at=slowest), NOW)
    image = chart.grab().toImage()
    plot = chart.plot_rect()
    background = image.pixelColor(plot.left() + 3, plot.top() + plot.height() // 2)

    def drawn(x: int, top: int, bottom: int) -> bool:
        return any(image.pixelColor(x, y) != background for y in range(top, bottom))

    upper_half = (plot.top() + 2, plot.top() + plot.height() // 2)
    assert drawn(chart.x_of(slowest), *upper_half)
    assert not drawn(chart.x_of(slowest - timedelta(hours=2)), *upper_half)
    # Down rounds (a ten second timeout each) do not set the scale, nor draw the line.
    assert not drawn(chart.x_of(DOWN_AT + timedelta(minutes=20)), *upper_half)


def test_the_colours_follow_a_dark_theme(chart: HistoryChart) -> None:
    palette = QPalette(chart.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.show_rounds(day_of_rounds(), NOW)
    image = chart.grab().toImage()
    dark_down = status_colour(Status.DOWN, palette)
    assert dark_down != status_colour(Status.DOWN, QPalette(QColor("#f0f0f0")))
    assert strip_colour(chart, image, DOWN_AT) == dark_down


def test_the_rounds_in_words(chart: HistoryChart) -> None:
    points = day_of_rounds()
    chart.show_rounds(points, NOW)
    assert chart.summary() == f"8 down of {len(points):,} rounds"
    assert chart.message == ""
    assert chart.summary() in chart.accessibleDescription()
    chart.show_rounds([RoundPoint(DOWN_AT, Status.UP, 120)], NOW)
    assert chart.summary() == "1 round, all up"
    later = DOWN_AT + timedelta(minutes=1)
    chart.show_rounds([RoundPoint(DOWN_AT, Status.UP, 120), RoundPoint(later, Status.UP, 90)], NOW)
    assert chart.summary() == "2 rounds, all up"
    chart.show_rounds([RoundPoint(DOWN_AT, Status.DOWN, None)], NOW)
    assert chart.summary() == "1 down of 1 round"


def test_rounds_outside_the_day_are_left_out(chart: HistoryChart) -> None:
    old = RoundPoint(NOW - SPAN - timedelta(minutes=1), Status.DOWN, None)
    late = RoundPoint(NOW + timedelta(minutes=1), Status.DOWN, None)
    chart.show_rounds([old, late, RoundPoint(DOWN_AT, Status.UP, 120)], NOW)
    assert chart.summary() == "1 round, all up"


def test_without_rounds_a_text_says_so(chart: HistoryChart) -> None:
    assert chart.message.startswith("Select an incident")
    chart.show_rounds([], NOW)
    assert chart.message == "No rounds in the last 24 hours."
    assert chart.summary() == ""
    with pytest.raises(LookupError):
        chart.x_of(NOW)
    chart.show_rounds(day_of_rounds(), NOW)
    chart.show_message("Loading…")
    assert chart.message == "Loading…"
    image = chart.grab().toImage()
    # No strip is drawn under a message.
    colours = [status_colour(status, chart.palette()) for status in Status]
    row = chart.strip_rect().center().y()
    assert not any(image.pixelColor(x, row) in colours for x in range(0, chart.width(), 4))


def test_hovering_tells_the_round_under_the_pointer(chart: HistoryChart) -> None:
    asleep = (NOW - timedelta(hours=20), NOW - timedelta(hours=16))
    chart.show_rounds(day_of_rounds(gap=asleep), NOW)
    at = DOWN_AT.astimezone().strftime("%H:%M")
    assert chart.describe_at(chart.x_of(DOWN_AT) + 1) == f"{at}  down"
    before = DOWN_AT - timedelta(minutes=5)
    assert chart.describe_at(chart.x_of(before) + 1) == (
        f"{before.astimezone().strftime('%H:%M')}  up, 200 ms"
    )
    assert chart.describe_at(chart.x_of(NOW - timedelta(hours=18))) == "no rounds"
    chart.show_message("Loading…")
    assert chart.describe_at(100) == ""


def test_the_incident_is_shaded_behind_the_line(chart: HistoryChart) -> None:
    chart.show_rounds(day_of_rounds(), NOW)
    plot = chart.plot_rect()
    y = plot.top() + 5
    inside, outside = (
        chart.x_of(DOWN_AT + timedelta(minutes=20)),
        chart.x_of(NOW - timedelta(hours=10)),
    )
    plain = chart.grab().toImage()
    chart.mark_incident(DOWN_AT, DOWN_AT + timedelta(minutes=40))
    marked = chart.grab().toImage()
    assert marked.pixelColor(inside, y) != plain.pixelColor(inside, y)
    assert marked.pixelColor(outside, y) == plain.pixelColor(outside, y)
    chart.mark_incident(NOW - timedelta(hours=1))  # still open: shaded to now
    still_open = chart.grab().toImage()
    assert still_open.pixelColor(plot.right() - 1, y) != plain.pixelColor(plot.right() - 1, y)
    chart.mark_incident(None)
    assert chart.grab().toImage() == plain
