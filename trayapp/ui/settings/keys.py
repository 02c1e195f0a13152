"""The keyboard in the settings' windows: keys between tabs, and a Tab order without stops
that do nothing.

A ``QTabWidget`` takes Ctrl+Tab only while the focus is in it, and Ctrl+PgDown hardly ever (a
line edit, a table, a button keep it): :func:`tab_keys` makes both work from anywhere in the
window, as browsers and desktop applications do. A scroll area would be a stop of its own in
the Tab order, where nothing can be done: :func:`scrolled` makes one that Tab passes through,
to the fields inside, which it scrolls into view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

__all__ = ["NEXT_TAB", "PREVIOUS_TAB", "focus_chain", "scrolled", "step_focus", "tab_keys"]

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


def scrolled(widget: QWidget) -> QScrollArea:
    """A frameless scroll area showing ``widget``, at its width, which Tab passes through."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidget(widget)
    return scroll


def focus_chain(container: QWidget) -> list[QWidget]:
    """The widgets inside ``container`` (or the window ``container`` is) that Tab stops at,
    in the order of its window's focus chain."""
    window = container.window()
    found = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window:
        inside = container is window or container.isAncestorOf(widget)
        if inside and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.focusProxy():
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def step_focus(window: QWidget, order: list[QWidget], forward: bool) -> bool:
    """Move the focus in ``window`` to the next (or previous) of ``order`` that can take it
    now; what a window's ``focusNextPrevChild`` does when its order is not the one its widgets
    joined it in. False when none can (Qt's own order then applies)."""
    able = [
        widget
        for widget in order
        if (widget.isVisibleTo(window) and widget.isEnabled()) or widget is window.focusWidget()
    ]
    if not able:
        return False
    current = window.focusWidget()
    at = able.index(current) if current in able else -1
    target = able[(at + (1 if forward else -1)) % len(able)]
    reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
    target.setFocus(reason)
    return True
