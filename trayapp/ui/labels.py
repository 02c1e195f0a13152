"""Labels that show their text as it is: names, addresses and messages are never markup.

A ``QLabel`` left to guess renders text that looks like markup as rich text; every message of
the settings dialog and its forms quotes the user's config or a server, so it is set plain.

A message about something wrong is red, where red can be read: on the palette's own
background, one of :data:`ERROR_COLOURS` with enough contrast (WCAG's 4.5:1); under a
high-contrast theme where neither has it, the theme's own text colour. The words say what is
wrong; the colour only draws the eye.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

__all__ = ["ERROR_COLOURS", "MIN_CONTRAST", "ErrorLabel", "contrast", "error_label", "plain_label"]

ERROR_COLOURS = ("#b3261e", "#f2b8b5")
"""How a message about something wrong is coloured: on a light background, on a dark one."""
MIN_CONTRAST = 4.5
"""The least contrast of text with its background that WCAG (AA) calls readable."""


def contrast(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.redF(), colour.greenF(), colour.blueF()
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def plain_label(text: str = "") -> QLabel:
    """A label showing ``text`` as it is (not as markup), wrapped; hidden while empty."""
    label = QLabel(text)
    _plain(label, text)
    return label


def _plain(label: QLabel, text: str) -> None:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setVisible(bool(text))


class ErrorLabel(QLabel):
    """A :func:`plain_label` for saying what is wrong, red where red can be read (see the
    module's docstring), kept so when the desktop's palette changes."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        _plain(self, text)
        self._colouring = False
        self._colour()

    def changeEvent(self, event: QEvent) -> None:
        """Colour the text anew when the palette (the desktop's, a parent's) changes."""
        super().changeEvent(event)
        if getattr(self, "_colouring", True):
            return  # the label's own colour, just set (or not yet made)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ParentChange):
            self._colour()

    def _colour(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Window)
        readable = [
            QColor(colour)
            for colour in ERROR_COLOURS
            if contrast(QColor(colour), background) >= MIN_CONTRAST
        ]
        if readable:
            palette.setColor(QPalette.ColorRole.WindowText, readable[0])
        else:  # a theme of its own colours: its text colour is the one that reads
            palette.setColor(QPalette.ColorRole.WindowText, _inherited_text(self))
        self._colouring = True
        try:
            self.setPalette(palette)
        finally:
            self._colouring = False


def _inherited_text(label: QLabel) -> QColor:
    """The text colour ``label`` would have of its own: its parent's, or the application's."""
    parent = label.parentWidget()
    source = parent.palette() if parent is not None else QApplication.palette(label)
    return source.color(QPalette.ColorRole.WindowText)


def error_label() -> QLabel:
    """An empty, hidden :class:`ErrorLabel` for saying what is wrong."""
    return ErrorLabel()
