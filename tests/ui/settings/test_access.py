"""The settings dialog for keyboard and screen reader users, and in a high-contrast theme:
every control is named, the Tab key reaches every field of every tab, keys move between the
tabs, Escape closes and Enter saves, and no text has a colour of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened
from tests.support.settings_windows import all_windows
from tests.ui.settings.configs import EVERYTHING
from trayapp.ui.forms import ModelForm
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog


@pytest.fixture
def everything(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(EVERYTHING, encoding="utf-8")
    return path


def _focusable(window: QWidget) -> list[QWidget]:
    """The widgets of ``window`` that Tab may reach (a widget whose focus goes to another,
    its focus proxy, is that other; a drop-down list's popup is a window of its own)."""
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        and widget.window() is window
    ]


def _spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, widget
    return interface.text(QAccessible.Text.Name)


def _where(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName()!r}) in {type(widget.window()).__name__}"


def test_every_control_of_every_window_has_a_name(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog, editors = all_windows(qtbot, everything, backend)
    nameless = [
        _where(widget)
        for window in [dialog, *editors]
        for widget in _focusable(window)
        if not _spoken_name(widget).strip()
    ]
    assert not nameless, sorted(set(nameless))
    assert len([w for window in [dialog, *editors] for w in _focusable(window)]) > 150


def test_every_field_is_named_by_its_label_and_described_by_its_help(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog, editors = all_windows(qtbot, everything, backend)
    forms = [form for window in [dialog, *editors] for form in window.findChildren(ModelForm)]
    assert len(forms) > 15
    for form in forms:
        layout = form.layout()
        for name in form.names:
            editor = form.editor(name)
            info = form.model.model_fields[name]
            label = layout.labelForField(editor.parentWidget())
            shown = label.text() if isinstance(label, QLabel) else editor.text()
            assert editor.accessibleName() == shown.replace("&", "").rstrip(":"), name
            assert editor.accessibleDescription() == (info.description or ""), name


def _walk(qtbot: QtBot, window: QWidget, start: QWidget) -> list[QWidget]:
    """Where the focus goes, from ``start``, pressing Tab until it comes round again."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    reached: list[QWidget] = []
    while (current := QApplication.focusWidget()) not in reached:
        assert current is not None
        assert len(reached) < 500
        reached.append(current)
        QTest.keyClick(current, Qt.Key.Key_Tab)
    return reached


def _inputs(window: QWidget) -> list[QWidget]:
    """What Tab must reach in ``window`` as it is shown now: every control enabled and shown."""
    return [w for w in _focusable(window) if w.isVisibleTo(window) and w.isEnabled()]


def _in_form_order(reached: list[QWidget], window: QWidget) -> None:
    """Each form's fields are reached in the form's order, top to bottom."""
    for form in window.findChildren(ModelForm):
        editors = [form.editor(name) for name in form.names]
        editors = [e.focusProxy() or e for e in editors if e.isVisibleTo(window)]
        order = [reached.index(e) for e in editors if e in reached]
        assert order == sorted(order), form.objectName()


def _walk_tab(qtbot: QtBot, window: QWidget, tabs: QTabWidget, index: int) -> None:
    """Tab reaches every control of tab ``index`` of ``tabs``, and the window's own."""
    tabs.setCurrentIndex(index)
    reached = _walk(qtbot, window, tabs.tabBar())
    missed = [_where(w) for w in _inputs(window) if w not in reached]
    assert not missed, (tabs.tabText(index), missed)
    _in_form_order(reached, window)


def test_tab_reaches_every_field_of_every_tab_in_order(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, everything, backend)
    for index in range(dialog.tabs.count()):
        _walk_tab(qtbot, dialog, dialog.tabs, index)
    for page, rows in (
        (dialog.services_page, [0, 1, None]),
        (dialog.sources_page, [0, None]),
        (dialog.maintenance_page, [0, 1, None]),
    ):
        for row in rows:
            editor = page.add_entry() if row is None else page.edit_entry(row)
            qtbot.addWidget(editor)
            tabs = getattr(editor, "tabs", None)
            if tabs is not None:
                for index in range(tabs.count()):
                    _walk_tab(qtbot, editor, tabs, index)
                checks = tabs.indexOf(editor.check_list.parentWidget())
                for check in range(editor.check_list.count()):  # each check's form
                    editor.check_list.setCurrentRow(check)
                    _walk_tab(qtbot, editor, tabs, checks)
            else:
                reached = _walk(qtbot, editor, editor.form.editor("name"))
                assert not [_where(w) for w in _inputs(editor) if w not in reached]
                _in_form_order(reached, editor)
            editor.reject()


@pytest.mark.parametrize(
    ("key", "modifiers", "step"),
    [
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier, 1),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier, 1),
        (
            Qt.Key.Key_Backtab,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            -1,
        ),
        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier, -1),
    ],
)
def test_keys_move_between_tabs_wherever_the_focus_is(
    qtbot: QtBot,
    everything: Path,
    backend: RuntimeSettingsBackend,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
    step: int,
) -> None:
    dialog = opened(qtbot, everything, backend)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    general = dialog.tabs.indexOf(
        dialog.forms["defaults"].window() and _page_of(dialog, "defaults")
    )
    count = dialog.tabs.count()
    for focus in (
        dialog.forms["defaults"].editor("interval"),  # a line edit
        dialog.save_button,  # below the tabs
    ):
        dialog.tabs.setCurrentIndex(general)
        focus.setFocus()
        QTest.keyClick(focus, key, modifiers)
        assert dialog.tabs.currentIndex() == (general + step) % count
    dialog.tabs.setCurrentIndex(0)
    QTest.keyClick(dialog.services_page.entry_list, key, modifiers)  # a list
    assert dialog.tabs.currentIndex() == step % count
    assert QApplication.focusWidget() is dialog.tabs.tabBar()


def _page_of(dialog: SettingsDialog, table: str) -> QWidget:
    """The page of the settings dialog's tabs that holds the form of ``table``."""
    pages = (dialog.tabs.widget(index) for index in range(dialog.tabs.count()))
    return next(page for page in pages if page.isAncestorOf(dialog.forms[table]))


def test_escape_closes_without_saving(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, everything, backend)
    interval = dialog.forms["defaults"].editor("interval")
    interval.setText("1h")
    with qtbot.assertNotEmitted(dialog.saved):
        QTest.keyClick(interval, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert everything.read_text(encoding="utf-8") == EVERYTHING


def test_enter_in_a_field_saves(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, everything, backend)
    interval = dialog.forms["defaults"].editor("interval")
    interval.setText("45s")
    got: list[object] = []
    dialog.saved.connect(got.append)
    QTest.keyClick(interval, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(got))
    assert 'interval = "45s"' in everything.read_text(encoding="utf-8")


def test_enter_in_a_services_address_fills_it_in_and_leaves_the_editor_open(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, everything, backend)
    editor = dialog.services_page.add_entry()
    qtbot.addWidget(editor)
    editor.address.setText("https://github.com/")
    QTest.keyClick(editor.address, Qt.Key.Key_Return)
    assert editor.main_form.editor("name").text() == "GitHub"
    assert editor.isVisible()
    QTest.keyClick(editor.main_form.editor("name"), Qt.Key.Key_Return)  # OK, elsewhere
    assert not editor.isVisible()
    assert [s.name for s in dialog.services_page.entries][-1] == "GitHub"


@pytest.fixture
def high_contrast(qapp: QApplication) -> Iterator[QPalette]:
    """A dark high-contrast palette for the application, as a desktop theme sets it."""
    before = qapp.palette()
    palette = QPalette()
    dark, light, accent = QColor("black"), QColor("white"), QColor("yellow")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, dark)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(role, light)
    palette.setColor(QPalette.ColorRole.Highlight, accent)
    palette.setColor(QPalette.ColorRole.HighlightedText, dark)
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


TEXT_ROLES = (
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.ButtonText,
    QPalette.ColorRole.PlaceholderText,
)


def test_no_text_has_a_colour_of_its_own_in_a_high_contrast_theme(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend, high_contrast: QPalette
) -> None:
    dialog, editors = all_windows(qtbot, everything, backend)
    # Problems shown: what is wrong is said in the palette's colours too.
    dialog.forms["defaults"].editor("interval").setText("5 minutes")
    dialog.save_button.click()
    assert dialog.forms["defaults"].problem_text("interval")
    editors[0].main_form.editor("name").setText("")
    editors[0].build()
    assert editors[0].main_form.problem_text("name")
    coloured = []
    for window in [dialog, *editors]:
        for widget in [window, *window.findChildren(QWidget)]:
            if "color" in widget.styleSheet():
                coloured.append(f"{_where(widget)}: {widget.styleSheet()!r}")
            for role in TEXT_ROLES:
                if widget.palette().color(role) != high_contrast.color(role):
                    coloured.append(f"{_where(widget)}: {role.name}")
    assert not coloured, coloured
