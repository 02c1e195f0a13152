"""Labels: plain text, and messages about something wrong that stay readable under any
palette, a high-contrast one too (offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from trayapp.ui.labels import error_label, plain_label


@pytest.mark.parametrize(
    ("window", "text"),
    [("#ffffff", "#000000"), ("#1e1e1e", "#f0f0f0"), ("#000000", "#ffff00")],
)
def test_a_problem_is_bold_in_the_palette_s_own_text_colour(
    qtbot: QtBot, window: str, text: str
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    made = QPalette(QApplication.palette())
    made.setColor(QPalette.ColorRole.Window, QColor(window))
    made.setColor(QPalette.ColorRole.WindowText, QColor(text))
    page.setPalette(made)
    label = error_label()
    label.setParent(page)
    label.setText("Interval: must be at least 1 s")
    assert label.font().bold()
    assert not label.styleSheet()
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == text


def test_a_plain_label_shows_markup_as_written(qtbot: QtBot) -> None:
    label = plain_label("<b>shop</b>")
    qtbot.addWidget(label)
    assert label.textFormat().name == "PlainText"
    assert label.text() == "<b>shop</b>"
    assert plain_label().isHidden()  # nothing to say
