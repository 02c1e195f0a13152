"""Labels: plain text, and messages about something wrong that stay readable under any
palette, a high-contrast one too (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from trayapp.ui.labels import ERROR_COLOURS, MIN_CONTRAST, contrast, error_label, plain_label


def palette(window: str, text: str) -> QPalette:
    made = QPalette(QApplication.palette())
    made.setColor(QPalette.ColorRole.Window, QColor(window))
    made.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return made


def shown_colour(qtbot: QtBot, window: str, text: str) -> QColor:
    page = QWidget()
    qtbot.addWidget(page)
    page.setPalette(palette(window, text))
    label = error_label()
    label.setParent(page)
    label.setText("Interval: must be at least 1 s")
    return label.palette().color(QPalette.ColorRole.WindowText)


def test_contrast_is_wcag_s_ratio() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast(QColor("#777777"), QColor("#777777")) == pytest.approx(1)


@pytest.mark.parametrize(
    ("window", "text", "red"),
    [("#ffffff", "#000000", ERROR_COLOURS[0]), ("#1e1e1e", "#f0f0f0", ERROR_COLOURS[1])],
)
def test_a_problem_is_red_where_red_reads(qtbot: QtBot, window: str, text: str, red: str) -> None:
    colour = shown_colour(qtbot, window, text)
    assert colour.name() == red
    assert contrast(colour, QColor(window)) >= MIN_CONTRAST


@pytest.mark.parametrize(("window", "text"), [("#808080", "#000000"), ("#c80000", "#ffffff")])
def test_a_high_contrast_theme_s_own_text_colour_when_no_red_reads(
    qtbot: QtBot, window: str, text: str
) -> None:
    assert shown_colour(qtbot, window, text).name() == text


def test_the_colour_follows_a_new_palette_of_the_desktop(qtbot: QtBot) -> None:
    label = error_label()
    qtbot.addWidget(label)
    before = QApplication.palette()
    try:
        QApplication.setPalette(palette("#101010", "#ffffff"))
        QApplication.processEvents()  # the desktop's palette reaches widgets as events
        assert label.palette().color(QPalette.ColorRole.WindowText).name() == ERROR_COLOURS[1]
    finally:
        QApplication.setPalette(before)
        QApplication.processEvents()
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == ERROR_COLOURS[0]


def test_a_plain_label_shows_markup_as_written(qtbot: QtBot) -> None:
    label = plain_label("<b>shop</b>")
    qtbot.addWidget(label)
    assert label.textFormat().name == "PlainText"
    assert label.text() == "<b>shop</b>"
    assert plain_label().isHidden()  # nothing to say
