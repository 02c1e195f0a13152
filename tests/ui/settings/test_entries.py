"""The list of a tab of entries: edit, duplicate, move and remove, then save."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened, press_ok, save
from trayapp.core.config import load_config
from trayapp.ui.settings.backend import RuntimeSettingsBackend


def test_edit_duplicate_reorder_and_remove(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    editor = dialog.services_page.edit_entry(0)
    assert editor.main_form.editor("name").text() == "Twitter"
    assert editor.check_forms == []  # the url shorthand is a field of the service
    editor.timing_form.editor("interval").setText("5m")
    press_ok(editor)
    dialog.services_page.duplicate_entry(0)
    assert [s.name for s in dialog.services_page.entries] == ["Twitter", "Twitter (2)"]
    dialog.services_page.move_entry(1, -1)
    assert [s.name for s in dialog.services_page.entries] == ["Twitter (2)", "Twitter"]
    duplicate = dialog.services_page.edit_entry(0)
    duplicate.main_form.editor("url").setText("https://mobile.twitter.com/")
    press_ok(duplicate)
    save(qtbot, dialog)
    first, second = load_config(config_file).config.services
    assert (first.name, first.url, first.interval) == (
        "Twitter (2)",
        "https://mobile.twitter.com/",
        300.0,
    )
    assert (second.name, second.interval) == ("Twitter", 300.0)

    again = opened(qtbot, config_file, backend)
    again.services_page.remove_entry(0)
    save(qtbot, again)
    text = config_file.read_text(encoding="utf-8")
    assert "Twitter (2)" not in text
    assert 'name = "Twitter"                 # the web site\n' in text
