"""The 30-day strip, drawn offscreen and read back pixel by pixel, and its tooltips."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from trayapp.core.models import Status
from trayapp.core.report import DayFigures, Response, ServiceHistory, Tally
from trayapp.ui.incidents.chart import status_colour
from trayapp.ui.incidents.strip import MonthStrip, uptime_colour
from trayapp.ui.incidents.window import IncidentsWindow

NOW = datetime(2012, 8, 26, 12, tzinfo=UTC)
FIRST = date(2012, 7, 28)

# A day at each shade, by its uptime: (up, down) rounds of 10,000, then a day of nothing.
SHADED = [(10_000, 0), (9_995, 5), (9_950, 50), (9_600, 400), (9_100, 900), (5_000, 5_000)]


def day(n: int, tally: Tally, response: Response | None = None, incidents: int = 0) -> DayFigures:
    return DayFigures(FIRST + timedelta(days=n), tally, response or Response(), incidents)


def twitter() -> ServiceHistory:
    """Thirty days: the six shades, then one with everything to say, then nothing."""
    days = [day(n, Tally(up=up, down=down)) for n, (up, down) in enumerate(SHADED)]
    days.append(
        day(
            len(days),
            Tally(up=1_436, degraded=2, down=2, other=12),
            Response(182, 1_412, 1_438, exact=False),
            incidents=1,
        )
    )
    days += [day(n, Tally()) for n in range(len(days), 30)]
    windows = {"24h": Tally(up=10), "7d": Tally(up=9_995, down=5), "30d": Tally()}
    return ServiceHistory("Twitter", windows, Response(), 1, tuple(days))


@pytest.fixture
def strip(qtbot: QtBot) -> MonthStrip:
    widget = MonthStrip()
    qtbot.addWidget(widget)
    widget.resize(700, 200)
    widget.show_services([twitter(), ServiceHistory("Gmail", {}, Response(), 0, ())])
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell_colour(strip: MonthStrip, row: int, n: int) -> QColor:
    image = strip.cells.grab().toImage()
    return image.pixelColor(strip.cells.cell_rect(row, n).center())


def test_each_day_has_the_shade_of_its_uptime(strip: MonthStrip) -> None:
    palette = strip.cells.palette()
    found = [cell_colour(strip, 0, n).name() for n in range(len(SHADED))]
    shades = [uptime_colour(u, palette).name() for u in (1.0, 0.9995, 0.995, 0.96, 0.91, 0.5)]
    assert found == shades
    # 100 % and 99.95 % are green as the chart's "up"; then lighter green, amber, orange, red.
    assert found[0] == found[1] == status_colour(Status.UP, palette).name()
    assert len(set(found[1:])) == 5
    empty = cell_colour(strip, 0, 20)
    assert empty.name() == uptime_colour(None, palette).name()
    assert empty.name() not in shades


def test_on_a_dark_theme_the_shades_are_brighter(qtbot: QtBot, strip: MonthStrip) -> None:
    light = [cell_colour(strip, 0, n) for n in range(len(SHADED))]
    dark = QPalette(strip.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    strip.setPalette(dark)
    found = [cell_colour(strip, 0, n) for n in range(len(SHADED))]
    assert [c.name() for c in found] == [
        uptime_colour(u, dark).name() for u in (1.0, 0.9995, 0.995, 0.96, 0.91, 0.5)
    ]
    assert all(
        bright.lightness() > deep.lightness() for bright, deep in zip(found, light, strict=True)
    )
    # The green is the chart's, so that the window speaks one language.
    assert found[0] == status_colour(Status.UP, dark)


def test_hovering_a_day_tells_its_figures(strip: MonthStrip) -> None:
    said = strip.cells.describe_at(strip.cells.cell_rect(0, len(SHADED)).center())
    assert said.splitlines() == [
        "Twitter · Friday, August 3, 2012",
        "uptime 99.86 %: 1,438 of 1,440 judged rounds up",
        "2 down, 2 degraded",
        "12 rounds not judged (offline or paused)",
        "response p50 ~182 ms · p95 ~1,412 ms",
        "1 incident",
    ]
    assert strip.cells.describe_at(strip.cells.cell_rect(0, 0).center()).splitlines() == [
        "Twitter · Saturday, July 28, 2012",
        "uptime 100 %: 10,000 of 10,000 judged rounds up",
    ]
    assert strip.cells.describe_at(strip.cells.cell_rect(0, 29).center()).splitlines() == [
        "Twitter · Sunday, August 26, 2012",
        "no rounds",
    ]


def test_hovering_a_name_tells_the_service_s_windows(strip: MonthStrip) -> None:
    said = strip.cells.describe_at(strip.cells.name_rect(0).center())
    assert said == "Twitter\nuptime 24h 100 % · 7d 99.95 %"
    assert strip.cells.describe_at(strip.cells.name_rect(1).center()) == "Gmail\nno rounds judged"
    assert strip.cells.describe_at(strip.cells.name_rect(5).center()) == ""


def test_with_no_services_a_message_stands_in(qtbot: QtBot) -> None:
    widget = MonthStrip()
    qtbot.addWidget(widget)
    widget.show()
    assert widget.message.isVisible()
    assert widget.message.text() == "Loading the last 30 days…"
    widget.show_services([])
    assert widget.message.text() == "No services yet."
    assert not widget.area.isVisible()


def test_the_incidents_window_shows_the_strip_above_its_table(qtbot: QtBot) -> None:
    window = IncidentsWindow()
    qtbot.addWidget(window)
    window.show()
    window.month.show_services([twitter()])
    qtbot.waitExposed(window)
    assert window.month.isVisible()
    assert window.month.geometry().bottom() < window.splitter.geometry().top()
    assert [s.name for s in window.month.cells.services] == ["Twitter"]
