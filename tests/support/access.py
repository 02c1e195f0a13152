"""Accessibility checks for widget tests: accessible names, the tab order, mnemonics.

::

    assert nameless(window) == []                  # every focusable widget has a name
    assert tab_walk(window, start) == [start, ...] # where Tab goes, once round
    assert clashing_mnemonics(window) == {}        # no Alt+letter used twice
"""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

__all__ = ["accessible_name", "clashing_mnemonics", "focusable", "nameless", "tab_walk"]

_MNEMONIC = re.compile(r"&([^&\s])")


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says ``widget`` is called, through Qt's accessibility interface."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, widget
    return interface.text(QAccessible.Text.Name)


def focusable(root: QWidget) -> list[QWidget]:
    """The widgets in ``root`` that Tab can reach now: shown, enabled, taking Tab focus."""
    return [
        widget
        for widget in [root, *root.findChildren(QWidget)]
        if widget.isVisibleTo(root)
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]


def nameless(root: QWidget) -> list[QWidget]:
    """The focusable widgets of ``root`` with no accessible name."""
    return [widget for widget in focusable(root) if not accessible_name(widget).strip()]


def tab_walk(root: QWidget, start: QWidget, *, backwards: bool = False) -> list[QWidget]:
    """The widgets Tab (Shift+Tab when ``backwards``) gives the focus to, from ``start`` until
    it comes back to it (or has gone through twice as many as there are)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    walked = [start]
    for _step in range(2 * len(focusable(root)) + 2):
        here = QApplication.focusWidget()
        assert here is not None
        QTest.keyClick(here, key, modifier)
        there = QApplication.focusWidget()
        if there is start:
            return walked
        assert there is not None
        walked.append(there)
    raise AssertionError(f"Tab never came back to {start}: {walked}")


def clashing_mnemonics(root: QWidget) -> dict[str, list[str]]:
    """The Alt+letter shortcuts of ``root``'s visible buttons and labels used more than
    once, by letter (case folded), with the texts that use each."""
    texts = [
        widget.text()
        for widget in root.findChildren(QWidget)
        if isinstance(widget, QAbstractButton | QLabel) and widget.isVisibleTo(root)
    ]
    letters = {text: match[1].casefold() for text in texts if (match := _MNEMONIC.search(text))}
    counts = Counter(letters.values())
    return {
        letter: [text for text, used in letters.items() if used == letter]
        for letter, count in counts.items()
        if count > 1
    }
