"""The incidents window in other languages: every word translated, German read back, and
readable under a dark high-contrast palette.

The window is filled as a user meets it (:mod:`tests.support.incident_scenes`): open and
closed incidents, "just you", a degraded one whose verdict is not known, a vendor's report,
a status page graded, a day with maintenance and paused rounds, and the month's strip read
from a real store. What Qt paints rather than shows in widgets (the strip's cells, the
legend, the chart's words) is read through the methods that say it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.support.incident_scenes import DATA, filled_window
from tests.support.pseudo import assert_marked, pseudo_locale, widget_texts
from trayapp.core import i18n
from trayapp.ui.incidents.model import Column
from trayapp.ui.incidents.window import IncidentsWindow


def today() -> datetime:
    return datetime.now().astimezone()


def painted_texts(window: IncidentsWindow) -> list[tuple[str, str]]:
    """What the strip, its legend and the chart draw, in words, and what a screen reader
    hears of the strip's cells."""
    cells = window.month.cells
    texts = [("legend", window.month.legend.words())]
    for row, _service in enumerate(cells.services):
        texts.append((f"strip name {row}", cells.describe_at(cells.name_rect(row).center())))
        texts += [(f"strip cell {row},{n}", cells.cell_words(row, n)) for n in range(30)]
    chart = window.details.chart
    texts.append(("chart summary", chart.summary()))
    texts += [("chart axis", words) for _align, words in chart.axis_words()]
    texts += [(f"chart at {x}", chart.describe_at(x)) for x in range(0, chart.width(), 5)]
    return texts


def test_every_word_of_the_incidents_window_is_translated(qtbot: QtBot, tmp_path: Path) -> None:
    with pseudo_locale():
        window, _now = filled_window(tmp_path, today().date())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        texts = widget_texts(window) + painted_texts(window)
        cells = window.month.cells
        cells.setFocus()
        qtbot.keyClick(cells, Qt.Key.Key_Left)
        texts.append(("strip's accessible name", cells.accessibleName()))
        for row in range(window.model.rowCount()):
            window.table.selectRow(row)
            texts += widget_texts(window.details)
            texts.append((f"details {row} copied", window.details.details_text()))
        window.filter_edit.setText("nothing is called this")
        texts += widget_texts(window)
        window.show_incidents([], _now)
        texts += widget_texts(window)
        window.month.show_services([])
        texts += widget_texts(window.month)
    assert_marked(texts, data=DATA)


def test_the_window_speaks_german(qtbot: QtBot, tmp_path: Path) -> None:
    i18n.set_language("de")
    window, _now = filled_window(tmp_path, today().date())
    qtbot.addWidget(window)
    assert window.windowTitle() == "trayapp — Störungen"
    model = window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers[:4] == ["Dienst", "Schweregrad", "Beginn", "Dauer"]
    row = model.row_of(21)
    assert row is not None
    assert model.index(row, Column.SEVERITY).data() == "ausgefallen"
    assert model.index(row, Column.DURATION).data() == "seit 3 Std."
    assert model.index(row, Column.VERDICT).data() == "für alle ausgefallen"
    just_you = model.row_of(20)
    assert model.index(just_you, Column.VERDICT).data() == "liegt an Ihrem Netzwerk"
    assert window.count_label.text() == "1 offen · 6 Störungen"
    details = window.details
    assert details.service_label.text() == "Twitter  ·  Störung Nr. 21"
    assert details.status_label.text() == "offen"
    assert details.vendor_label.text().startswith(
        "Die Statusseite von Twitter hat 1 von 1 bestätigten Ausfall gemeldet"
    )
    assert details.copy_button.text() == "Details &kopieren"
    said = details.chart.summary()
    assert said.endswith("von 144 Runden")
    assert "ausgefallen" in said
    cells = window.month.cells
    red = cells.cell_words(0, 30 - 12 - 1)
    assert "Verfügbarkeit 83,33 %: 60 von 72 gewerteten Runden in Betrieb" in red
    assert "1 Störung" in red.splitlines()
    assert window.month.legend.words().startswith("99,9 % und mehr, 99 %")


def high_contrast() -> QPalette:
    """A dark high-contrast palette: white on black, yellow highlights."""
    palette = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, black)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
    ):
        palette.setColor(role, white)
    palette.setColor(QPalette.ColorRole.Highlight, yellow)
    palette.setColor(QPalette.ColorRole.HighlightedText, black)
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#d0d0d0"))
    return palette


def light_pixels(widget: QWidget) -> int:
    """How many of ``widget``'s pixels are near white: text drawn in the palette's."""
    image = widget.grab().toImage()
    return sum(
        1
        for y in range(image.height())
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).lightness() > 200
    )


def test_text_follows_a_dark_high_contrast_palette(qtbot: QtBot, tmp_path: Path) -> None:
    window, _now = filled_window(tmp_path, today().date())
    qtbot.addWidget(window)
    window.setPalette(high_contrast())
    window.show()
    qtbot.waitExposed(window)
    white = QColor("#ffffff")
    for widget in [window, *window.findChildren(QWidget)]:
        assert "color" not in widget.styleSheet(), widget  # no colour of its own for text
    for label in window.findChildren(QLabel):
        assert label.palette().color(label.foregroundRole()) == white, label.text()
    model = window.model
    for row in range(model.rowCount()):
        for column in Column:
            assert model.index(row, column).data(Qt.ItemDataRole.ForegroundRole) is None
    # The painted words are drawn in the palette's text colour too, readable on black.
    assert light_pixels(window.month.cells) > 50
    assert light_pixels(window.details.chart) > 50
