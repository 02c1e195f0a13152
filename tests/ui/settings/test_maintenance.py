"""Maintenance windows in the settings dialog: the Maintenance tab and a window's editor, with
real widgets offscreen, saved through the same path as the rest (comments kept)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened, press_ok, save
from trayapp.core.config.file import load_config
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog
from trayapp.ui.settings.maintenance import MAINTENANCE_HINT, MaintenanceEditor, when_text

PLAIN = """\
# my services
[network]
canaries = []      # no network verdict in these tests

[[services]]
name = "NAS"                     # the one in the cupboard
url = "http://nas.example/"

[[services]]
name = "Backups"
url = "http://backups.example/"
"""

WITH_WINDOW = (
    PLAIN
    + """
# the router's monthly update
[[maintenance]]
name = "Router firmware"         # ISP's schedule
services = ["NAS"]
every = "sunday"
window = "02:00-04:00"
timezone = "Europe/Berlin"
"""
)

OpenDialog = Callable[[str], SettingsDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, tmp_path: Path, backend: RuntimeSettingsBackend) -> OpenDialog:
    def open_(text: str) -> SettingsDialog:
        path = tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        return opened(qtbot, path, backend)

    return open_


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_the_tab_says_what_a_window_is(open_dialog: OpenDialog) -> None:
    dialog = open_dialog(PLAIN)
    index = dialog.tabs.indexOf(dialog.maintenance_page)
    assert dialog.tabs.tabText(index) == "&Maintenance"
    hints = [label.text() for label in dialog.maintenance_page.findChildren(QLabel)]
    assert MAINTENANCE_HINT in hints
    assert dialog.maintenance_page.entries == []


def test_add_a_window_that_comes_back_and_save_it_with_the_comments(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(PLAIN)
    path = dialog.loaded.path
    page = dialog.maintenance_page
    page.buttons["add"].click()
    editor = page.findChildren(MaintenanceEditor)[-1]
    assert editor.isVisible()
    assert editor.windowTitle() == "Add a maintenance window"
    form = editor.form
    qtbot.keyClicks(form.editor("name"), "Router firmware")
    qtbot.keyClicks(form.editor("services"), "NAS")
    choose(qtbot, form.editor("every"), "sunday")
    qtbot.keyClicks(form.editor("window"), "23:00-01:00")
    qtbot.keyClicks(form.editor("timezone"), "Europe/Berlin")
    press_ok(editor)
    assert not editor.isVisible()
    (window,) = page.entries
    assert page.entry_list.item(0).text() == "Router firmware    (NAS)"
    assert path.read_text(encoding="utf-8") == PLAIN  # nothing written before Save

    saved = save(qtbot, dialog)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(PLAIN)
    assert text[len(PLAIN) :] == (
        "\n"
        "[[maintenance]]\n"
        'name = "Router firmware"\n'
        'services = ["NAS"]\n'
        'every = "sunday"\n'
        'window = "23:00-01:00"\n'
        'timezone = "Europe/Berlin"\n'
    )
    assert saved.config.maintenance == [window]
    assert load_config(path).config.maintenance == [window]


def test_one_window_from_start_to_end(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(PLAIN)
    editor = dialog.maintenance_page.add_entry()
    qtbot.keyClicks(editor.form.editor("start"), "2026-12-24T02:00:00+01:00")
    qtbot.keyClicks(editor.form.editor("end"), "2026-12-24T01:00:00+01:00")
    assert editor.form.problem_text("end") == (
        "ends before it starts (2026-12-24T01:00:00+01:00 is not after 2026-12-24T02:00:00+01:00)"
    )
    press_ok(editor)
    assert editor.isVisible()  # refused
    editor.form.editor("end").setText("2026-12-24T04:00:00+01:00")
    press_ok(editor)
    assert not editor.isVisible()
    save(qtbot, dialog)
    (window,) = load_config(dialog.loaded.path).config.maintenance
    assert (window.start, window.end, window.services) == (
        "2026-12-24T02:00:00+01:00",
        "2026-12-24T04:00:00+01:00",
        [],
    )


def test_a_service_that_is_not_there_is_said_under_services(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(PLAIN)
    editor = dialog.maintenance_page.add_entry()
    editor.form.editor("services").setPlainText("NAS\nTwitter")
    choose(qtbot, editor.form.editor("every"), "day")
    qtbot.keyClicks(editor.form.editor("window"), "02:00-03:00")
    press_ok(editor)
    assert editor.isVisible()
    assert editor.form.problem_text("services") == "1: no service named 'Twitter'"
    editor.form.editor("services").setPlainText("NAS")
    press_ok(editor)
    assert not editor.isVisible()


def test_when_says_whether_it_holds_now_and_when_it_comes_next(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_WINDOW)
    editor = dialog.maintenance_page.edit_entry(0)
    assert editor.test_button.text() == "&When?"
    editor.test_button.click()
    qtbot.waitUntil(lambda: editor.test_result.toPlainText().startswith(("Next", "In force")))
    lines = editor.test_result.toPlainText().splitlines()
    assert len([line for line in lines if line.startswith("Next: Sun ")]) == 3


def test_when_text_of_a_window_in_force_and_of_one_over() -> None:
    from trayapp.core.config import Maintenance

    now = datetime(2026, 7, 5, 12, tzinfo=UTC)
    held = Maintenance(start="2026-07-05T11:00:00Z", end="2026-07-05T13:00:00Z")
    ends = (now + timedelta(hours=1)).astimezone().strftime("%a %d %b %Y %H:%M")
    assert when_text(held, now) == f"In force now, until {ends}."
    over = Maintenance(start="2026-07-01T11:00:00Z", end="2026-07-01T13:00:00Z")
    assert when_text(over, now) == "Over: it ended before now."


def test_editing_a_window_keeps_its_comments(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(WITH_WINDOW)
    path = dialog.loaded.path
    editor = dialog.maintenance_page.edit_entry(0)
    editor.form.editor("window").setText("03:00-05:00")
    press_ok(editor)
    save(qtbot, dialog)
    assert path.read_text(encoding="utf-8") == WITH_WINDOW.replace("02:00-04:00", "03:00-05:00")


def test_duplicate_and_remove_windows(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(WITH_WINDOW)
    page = dialog.maintenance_page
    page.duplicate_entry(0)
    assert [w.name for w in page.entries] == ["Router firmware", "Router firmware (2)"]
    page.remove_entry(0)
    page.remove_entry(0)
    save(qtbot, dialog)
    text = dialog.loaded.path.read_text(encoding="utf-8")
    assert "[[maintenance]]" not in text
    assert load_config(dialog.loaded.path).config.maintenance == []


def test_a_removed_service_a_window_names_is_said_and_not_saved(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_WINDOW)
    path = dialog.loaded.path
    dialog.services_page.remove_entry(0)  # NAS
    message = "maintenance[0].services[0]: no service named 'NAS' (services: 'Backups')"
    assert dialog.maintenance_page.problem_text().splitlines()[0] == message
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.save_button.click()
    assert dialog.message.text() == f"Not saved:\n{message}"
    assert path.read_text(encoding="utf-8") == WITH_WINDOW


def test_a_renamed_service_is_followed_by_the_windows_that_name_it(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_WINDOW)
    editor = dialog.services_page.edit_entry(0)
    editor.main_form.editor("name").setText("Storage")
    press_ok(editor)
    assert dialog.maintenance_page.entries[0].services == ["Storage"]
    assert dialog.maintenance_page.problem_text() == ""
    save(qtbot, dialog)
    assert load_config(dialog.loaded.path).config.maintenance[0].services == ["Storage"]
