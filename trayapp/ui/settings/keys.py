"""Keys that move between the tabs of a window, wherever the focus is in it.

A ``QTabWidget`` takes Ctrl+Tab only while the focus is in it, and Ctrl+PgDown hardly ever (a
line edit, a table, a button keep it): :func:`tab_keys` makes both work from anywhere in the
window, as browsers and desktop applications do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

__all__ = ["NEXT_TAB", "PREVIOUS_TAB", "tab_keys"]

NEXT_TAB = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS_TAB = ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp")
"""Ctrl+Shift+Tab arrives as Backtab on some platforms, as Tab on others."""


def tab_keys(window: QWidget, tabs: QTabWidget) -> list[QShortcut]:
    """Ctrl+Tab and Ctrl+PgDown show the next tab of ``tabs``, Ctrl+Shift+Tab and Ctrl+PgUp
    the one before (round the ends), from anywhere in ``window``; the focus goes to the tabs'
    bar, from which Tab enters the tab shown.

    Returns:
        The shortcuts, children of ``window``.
    """
    shortcuts = []
    for keys, by in ((NEXT_TAB, 1), (PREVIOUS_TAB, -1)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda by=by: _step(tabs, by))
            shortcuts.append(shortcut)
    return shortcuts


def _step(tabs: QTabWidget, by: int) -> None:
    if tabs.count():
        tabs.setCurrentIndex((tabs.currentIndex() + by) % tabs.count())
        tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
