"""Labels that show their text as it is: names, addresses and messages are never markup.

A ``QLabel`` left to guess renders text that looks like markup as rich text; every message of
the settings dialog and its forms quotes the user's config or a server, so it is set plain.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

__all__ = ["error_label", "plain_label"]


def plain_label(text: str = "") -> QLabel:
    """A label showing ``text`` as it is (not as markup), wrapped; hidden while empty."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setVisible(bool(text))
    return label


def error_label() -> QLabel:
    """An empty, hidden :func:`plain_label` for saying what is wrong, in bold.

    Bold, not a colour of its own: the text keeps the palette's colour, which a high-contrast
    theme chose to be readable, and what is wrong is said in words, never by colour alone.
    """
    label = plain_label()
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
