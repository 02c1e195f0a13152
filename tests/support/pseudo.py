"""The pseudo-locale's checker: finds any text a user sees that did not go through translation.

Under ``x-pseudo`` (:func:`trayapp.core.i18n.pseudo`) every translated string is accented and
between ``⟦`` and ``⟧``, and so is every date or number :mod:`trayapp.core.formats` writes, and
every string of Qt's own (:class:`trayapp.ui.language.PseudoTranslator`). What is left once the
marked pieces are taken out must be data: digits and punctuation, the names and addresses the
test itself gave (``data=``), or words matching ``patterns=``. Anything else is English that
bypassed translation::

    with pseudo_locale():
        dialog = open_settings(...)
        assert_marked(widget_texts(dialog), data=["GitHub", "https://example.com/"])

    result = subprocess.run([...], env={**child_env, "TRAYAPP_LANGUAGE": "x-pseudo"}, ...)
    assert_marked(output_texts(result.stdout), patterns=[r"--[a-z-]+"])

:func:`widget_texts` walks a widget tree (and a :class:`QSystemTrayIcon`, a :class:`QMenu` or
a :class:`QAction`): window titles, labels, buttons, actions and menus, tooltips, status tips,
what's-this, accessible names and descriptions, group boxes, tabs, combo items, placeholders,
spin boxes' prefixes and suffixes, and the headers and cells of item views.
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from trayapp.core import i18n

__all__ = [
    "ALWAYS_DATA",
    "assert_marked",
    "output_texts",
    "pseudo_locale",
    "unmarked",
    "widget_texts",
]

ALWAYS_DATA = (
    r"[a-z][a-z0-9+.-]*://\S+",  # a URL
    r"(~|\.{0,2}/|[A-Za-z]:\\)\S*",  # a path
    r"trayapp",  # the program's name
)
"""Words that are data in any test: never translated."""

_INNERMOST = re.compile(f"{i18n.MARK_OPEN}[^{i18n.MARK_OPEN}{i18n.MARK_CLOSE}]*{i18n.MARK_CLOSE}")
_ACCENTED = set(i18n.pseudo("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")[1:-1])
_SEPARATOR = "\x00"
_CELLS_PER_VIEW = 500


@contextlib.contextmanager
def pseudo_locale() -> Iterator[None]:
    """trayapp, and Qt's own strings when a QApplication exists, in the pseudo-locale."""
    spoken = i18n.set_language(i18n.PSEUDO)
    app: Any = None
    with contextlib.suppress(ImportError):  # a test of the command line may run without Qt
        from PySide6.QtCore import QCoreApplication, QLocale

        app = QCoreApplication.instance()
    if app is None:
        try:
            yield
        finally:
            i18n.set_language(i18n.ENGLISH)
        return
    from trayapp.ui.language import speak

    locale = QLocale()
    translator = speak(app, spoken)
    try:
        yield
    finally:
        i18n.set_language(i18n.ENGLISH)
        if translator is not None:
            app.removeTranslator(translator)
        QLocale.setDefault(locale)


def unmarked(
    text: str, *, data: Iterable[str] = (), patterns: Iterable[str | re.Pattern[str]] = ()
) -> list[str]:
    """The words of ``text`` that are neither translated (marked) nor data.

    Args:
        text: What the user sees.
        data: Strings that are data, wherever they appear (a service's name, a URL).
        patterns: Regular expressions a whole word may match to be data.

    Returns:
        The offending words, in order; none when the text is all translated or data.
    """
    rest = text
    while True:
        stripped = _INNERMOST.sub(_SEPARATOR, rest)
        if stripped == rest:
            break
        rest = stripped
    for item in sorted((item for item in data if item), key=len, reverse=True):
        rest = rest.replace(item, _SEPARATOR)
    allowed = [re.compile(p) if isinstance(p, str) else p for p in (*ALWAYS_DATA, *patterns)]
    offending = []
    for word in re.split(rf"[\s{_SEPARATOR}]+", rest):
        core = word.strip(".,;:!?()[]{}'\"“”„«»…·—–-/|*+=<>%#")
        letters = [char for char in core if unicodedata.category(char).startswith("L")]
        if not letters or all(char in _ACCENTED for char in letters):
            continue  # digits and signs, or pseudo text whose closing mark was cut off
        if any(pattern.fullmatch(core) or pattern.fullmatch(word) for pattern in allowed):
            continue
        offending.append(word)
    return offending


def assert_marked(
    texts: Iterable[tuple[str, str]],
    *,
    data: Iterable[str] = (),
    patterns: Iterable[str | re.Pattern[str]] = (),
) -> None:
    """Fail, listing each one, when any of ``texts`` (where, text) has an unmarked word."""
    data, patterns = list(data), list(patterns)
    found = [
        f"{where}: {text!r} has {words}"
        for where, text in texts
        if (words := unmarked(text, data=data, patterns=patterns))
    ]
    assert not found, "text that bypassed translation:\n" + "\n".join(found)


def output_texts(output: str, where: str = "output") -> list[tuple[str, str]]:
    """The lines of a command's output, as :func:`assert_marked` takes them."""
    return [(f"{where} line {number}", line) for number, line in enumerate(output.splitlines(), 1)]


def widget_texts(root: Any) -> list[tuple[str, str]]:
    """Every text the user can see or hear in ``root`` and what it holds, as (where, text).

    ``root`` is a QWidget (its whole tree, hidden children too: they may show later), a
    QSystemTrayIcon (its tooltip and menu), a QMenu or a QAction.
    """
    from PySide6.QtWidgets import QSystemTrayIcon, QWidget

    found: list[tuple[str, str]] = []
    if isinstance(root, QSystemTrayIcon):
        found.append(("tray icon: tooltip", root.toolTip()))
        if root.contextMenu() is not None:
            found += _menu_texts(root.contextMenu(), "tray menu")
    elif isinstance(root, QWidget):
        for widget in [root, *root.findChildren(QWidget)]:
            found += _own_texts(widget)
    else:
        found += _action_texts(root, "action")
    return [(where, text) for where, text in found if text and text.strip()]


def _name(widget: Any) -> str:
    return f"{type(widget).__name__}({widget.objectName()!r})"


def _own_texts(widget: Any) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QDoubleSpinBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QPlainTextEdit,
        QSpinBox,
        QTabBar,
        QTextEdit,
    )

    name = _name(widget)
    texts = [
        (f"{name}: tooltip", widget.toolTip()),
        (f"{name}: status tip", widget.statusTip()),
        (f"{name}: what's this", widget.whatsThis()),
        (f"{name}: accessible name", widget.accessibleName()),
        (f"{name}: accessible description", widget.accessibleDescription()),
    ]
    if widget.isWindow():
        texts.append((f"{name}: window title", widget.windowTitle()))
    if isinstance(widget, QLabel):
        texts.append((f"{name}: text", _plain(widget.text())))
    elif isinstance(widget, QAbstractButton):
        texts.append((f"{name}: text", widget.text()))
    elif isinstance(widget, QGroupBox):
        texts.append((f"{name}: title", widget.title()))
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        texts.append((f"{name}: placeholder", widget.placeholderText()))
    elif isinstance(widget, QComboBox):
        texts += [(f"{name}: item {i}", widget.itemText(i)) for i in range(widget.count())]
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            texts += [(f"{name}: tab {i}", widget.tabText(i))]
            texts += [(f"{name}: tab {i} tooltip", widget.tabToolTip(i))]
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        texts += [(f"{name}: prefix", widget.prefix()), (f"{name}: suffix", widget.suffix())]
    if isinstance(widget, QAbstractSpinBox):
        texts.append((f"{name}: special value", widget.specialValueText()))
    if isinstance(widget, QMenu):
        texts += _menu_texts(widget, name)
    else:
        for action in widget.actions():
            texts += _action_texts(action, f"{name}: action")
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts += _model_texts(widget.model(), name)
    return texts


def _menu_texts(menu: Any, where: str) -> list[tuple[str, str]]:
    texts = [(f"{where}: title", menu.title())]
    for action in menu.actions():
        texts += _action_texts(action, where)
    return texts


def _action_texts(action: Any, where: str) -> list[tuple[str, str]]:
    if action.isSeparator():
        return []
    label = f"{where} {action.text()!r}"
    texts = [(label, action.text()), (f"{label}: status tip", action.statusTip())]
    if action.toolTip() != action.text().replace("&", ""):  # Qt's default is the text
        texts.append((f"{label}: tooltip", action.toolTip()))
    if action.menu() is not None:
        texts += _menu_texts(action.menu(), label)
    return texts


def _model_texts(model: Any, where: str) -> list[tuple[str, str]]:
    from PySide6.QtCore import QModelIndex, Qt

    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    texts = [
        (f"{where}: header {section}", value)
        for section in range(_columns(model, QModelIndex()))
        for role in roles
        if isinstance(value := model.headerData(section, Qt.Orientation.Horizontal, role), str)
    ]
    pending = [QModelIndex()]
    cells = 0
    while pending and cells < _CELLS_PER_VIEW:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                cells += 1
                for role in roles:
                    value = model.data(index, role)
                    if isinstance(value, str):
                        texts.append((f"{where}: cell {row},{column}", _plain(value)))
                if column == 0 and model.rowCount(index) > 0:
                    pending.append(index)
    return texts


def _columns(model: Any, parent: Any) -> int:
    try:
        return int(model.columnCount(parent))
    except TypeError:  # a list model's is private to it (QAbstractListModel): one column
        return 1


def _plain(text: str) -> str:
    """Rich text's words: its tags taken out, its entities read."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(re.sub(r"<[^<>]*>", " ", text))
