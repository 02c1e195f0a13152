"""The editor of one service: its fields, its checks, whether it may be asked about from
outside, the loader's messages, Test now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.support.servers import LocalSites
from tests.support.settings_dialogs import opened, press_ok, save
from tests.ui.settings.configs import CONFIG
from trayapp.core.config import load_config
from trayapp.ui.settings.backend import RuntimeSettingsBackend


def test_add_a_service_edit_its_check_see_a_message_and_save_it_with_the_comments(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    assert [s.name for s in dialog.services_page.entries] == ["Twitter"]

    editor = dialog.services_page.add_entry()
    assert editor.isVisible()
    qtbot.keyClicks(editor.address, "https://github.com/trayapp")
    editor.fill_button.click()
    assert editor.main_form.editor("name").text() == "GitHub"
    assert editor.main_form.editor("status_page").text() == "https://www.githubstatus.com"
    assert "GitHub publishes its status" in editor.suggestion.text()
    (check,) = editor.check_forms
    assert check.editor("url").text() == "https://github.com/trayapp"

    status = check.editor("expect_status")
    status.clear()
    qtbot.keyClicks(status, "two hundred")
    assert check.problem_text("expect_status") == (
        'not a status range: \'two hundred\' (use e.g. "200-399" or "200,204")'
    )
    press_ok(editor)
    assert editor.isVisible()  # refused: the field is wrong
    assert editor.tabs.currentIndex() == 1  # and shown: the Checks tab
    status.clear()
    qtbot.keyClicks(status, "200-299")
    assert check.problem_text("expect_status") == ""
    check.editor("body_absent").setText("Unicorn")
    press_ok(editor)
    assert not editor.isVisible()
    assert [s.name for s in dialog.services_page.entries] == ["Twitter", "GitHub"]
    assert config_file.read_text(encoding="utf-8") == CONFIG  # nothing written before Save

    saved = save(qtbot, dialog)
    assert not dialog.isVisible()
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # every comment kept, the old service untouched
    assert text[len(CONFIG) :] == (
        "\n"
        "[[services]]\n"
        'name = "GitHub"\n'
        'status_page = "https://www.githubstatus.com"\n'
        "\n"
        "[[services.checks]]\n"
        'type = "http"\n'
        'url = "https://github.com/trayapp"\n'
        'expect_status = "200-299"\n'
        'body_absent = "Unicorn"\n'
    )
    assert saved.config == load_config(config_file).config


def test_a_second_service_may_not_take_a_name_in_use(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    editor = dialog.services_page.add_entry()
    editor.main_form.editor("name").setText("twitter")
    editor.main_form.editor("url").setText("https://twitter.com/home")
    press_ok(editor)
    assert editor.isVisible()
    assert editor.main_form.problem_text("name") == "another service is called 'twitter'"


def test_test_now_runs_the_checks_without_saving(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, sites: LocalSites
) -> None:
    dialog = opened(qtbot, config_file, backend)
    editor = dialog.services_page.add_entry()
    editor.main_form.editor("name").setText("Local")
    editor.add_check("http").editor("url").setText(sites.http("/up"))
    broken = editor.add_check("http")
    broken.editor("url").setText(sites.http("/status/503"))
    editor.test_button.click()
    qtbot.waitUntil(lambda: editor.test_result.toPlainText().startswith("Status:"))
    lines = editor.test_result.toPlainText().splitlines()
    assert lines[0] == "Status: degraded"  # one check answers, the other fails
    assert lines[1] == f"✓ http {sites.http('/up')}: up — HTTP 200 OK"
    assert lines[2].startswith("  took ")
    assert "connect" in lines[2]
    assert lines[3] == (
        f"✗ http {sites.http('/status/503')}: failed (http_status) — HTTP 503 Service Unavailable"
    )
    assert config_file.read_text(encoding="utf-8") == CONFIG
    assert [s.name for s in dialog.services_page.entries] == ["Twitter"]


def test_whether_to_ask_the_outside_network_is_said_in_words_and_saved_as_written(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    editor = dialog.services_page.edit_entry(0)
    choice = editor.outside_form.editor("outside")
    assert editor.remote_form.parentWidget() is editor.outside_form.parentWidget()  # Remote tab
    assert "outside" not in editor.timing_form.names
    labels = [
        w.text().replace("&", "") for w in editor.outside_form.findChildren(QLabel) if w.text()
    ]  # shortcut marks aside
    assert "Ask the outside network when it fails:" in labels
    assert [choice.itemText(i) for i in range(choice.count())] == ["automatic", "always", "never"]
    assert choice.currentText() == "automatic"
    assert "private" in choice.itemData(0, Qt.ItemDataRole.ToolTipRole)

    choice.setCurrentIndex(2)
    press_ok(editor)
    save(qtbot, dialog)
    assert config_file.read_text(encoding="utf-8") == CONFIG + "outside = false\n"

    # Opened again, "never" stays never, through a save that changes something else.
    again = opened(qtbot, config_file, backend)
    editor = again.services_page.edit_entry(0)
    assert editor.outside_form.editor("outside").currentText() == "never"
    editor.timing_form.editor("interval").setText("2m")
    press_ok(editor)
    save(qtbot, again)
    assert load_config(config_file).config.services[0].outside is False
