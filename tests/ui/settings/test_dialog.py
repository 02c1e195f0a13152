"""The settings dialog, built and inspected (never exec()ed), saving through a real runtime."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.support.keyrings import FileKeyring, no_keyring, using_keyring
from tests.support.servers import LocalSites
from tests.support.settings_dialogs import opened, press_ok, save
from tests.ui.settings.configs import CONFIG
from trayapp.core.autostart import Autostart
from trayapp.core.config import KEYRING_SERVICE
from trayapp.ui.settings.backend import RuntimeSettingsBackend


def test_cancel_changes_nothing(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    dialog.services_page.remove_entry(0)
    dialog.forms["defaults"].editor("interval").setText("1h")
    dialog.autostart_box.setChecked(True)
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()
    assert config_file.read_text(encoding="utf-8") == CONFIG
    assert not Autostart(platform="linux").is_enabled()


def test_start_at_login_writes_and_removes_the_autostart_file(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, isolated_home: Path
) -> None:
    entry = isolated_home / ".config" / "autostart" / "trayapp.desktop"
    dialog = opened(qtbot, config_file, backend)
    assert not dialog.autostart_box.isChecked()
    dialog.autostart_box.setChecked(True)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "\nExec=" in entry.read_text(encoding="utf-8")

    again = opened(qtbot, config_file, backend)
    assert again.autostart_box.isChecked()
    again.autostart_box.setChecked(False)
    save(qtbot, again)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert not entry.exists()


def test_a_file_changed_on_disk_is_not_overwritten_and_can_be_reloaded(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    dialog.services_page.remove_entry(0)
    changed = CONFIG + '\n[[services]]\nname = "Slack"\nurl = "https://slack.com/"\n'
    config_file.write_text(changed, encoding="utf-8")
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.save_button.click()
        qtbot.waitUntil(dialog.reload_button.isVisible)
    assert dialog.message.text() == (
        "config.toml changed on disk since this dialog opened: reload it, or save over it."
    )
    assert dialog.isVisible()
    assert config_file.read_text(encoding="utf-8") == changed
    dialog.reload_button.click()
    qtbot.waitUntil(lambda: len(dialog.services_page.entries) == 2)
    assert [s.name for s in dialog.services_page.entries] == ["Twitter", "Slack"]
    assert not dialog.reload_button.isVisible()


def test_save_over_a_changed_file_keeps_its_new_comments(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    dialog.forms["defaults"].editor("timeout").setText("20s")
    config_file.write_text("# a note added meanwhile\n" + CONFIG, encoding="utf-8")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.overwrite_button.isVisible)
    save(qtbot, dialog, dialog.overwrite_button)
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith("# a note added meanwhile\n")
    assert 'timeout = "20s"' in text


def test_a_secret_goes_to_the_keyring_and_only_its_name_to_the_file(
    qtbot: QtBot,
    config_file: Path,
    backend: RuntimeSettingsBackend,
    sites: LocalSites,
    keyring_file: FileKeyring,
) -> None:
    dialog = opened(qtbot, config_file, backend)
    editor = dialog.services_page.add_entry()
    editor.main_form.editor("name").setText("Echo")
    check = editor.add_check("http")
    check.editor("url").setText(sites.http("/echo"))
    # The echo page says what it was sent; all but the secret's last letter is looked for, so
    # that the file (which holds this text) can be searched for the secret.
    check.editor("body_contains").setText("authorization: Bearer s3cre")
    check.editor("headers").add_row("Authorization", "Bearer s3cret", secret=True)
    # Test now sends the typed value, not yet stored anywhere.
    editor.test_button.click()
    qtbot.waitUntil(lambda: editor.test_result.toPlainText().startswith("Status:"))
    assert editor.test_result.toPlainText().startswith("Status: up"), (
        editor.test_result.toPlainText()
    )
    assert keyring_file.entries() == {}
    press_ok(editor)
    assert dialog.pending_secret_names == ["Echo/Authorization"]

    save(qtbot, dialog)
    assert keyring_file.entries() == {KEYRING_SERVICE: {"Echo/Authorization": "Bearer s3cret"}}
    text = config_file.read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert 'headers = {Authorization = {secret = "Echo/Authorization"}}' in text

    # Opened again, the secret shows where it is kept, not what it is; the check still passes.
    again = opened(qtbot, config_file, backend)
    editor = again.services_page.edit_entry(1)
    headers = editor.check_forms[0].editor("headers")
    _, value, secret = headers.row_widgets(0)
    assert (value.text(), secret.isChecked()) == ("", True)
    assert "Echo/Authorization" in value.toolTip()
    editor.test_button.click()
    qtbot.waitUntil(lambda: editor.test_result.toPlainText().startswith("Status:"))
    assert editor.test_result.toPlainText().startswith("Status: up")


def test_without_a_keyring_a_secret_is_refused_and_not_written(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    with using_keyring(no_keyring()):
        dialog = opened(qtbot, config_file, backend)
        qtbot.waitUntil(lambda: dialog._secrets_problem is not None)
        editor = dialog.services_page.add_entry()
        editor.main_form.editor("name").setText("API")
        headers = editor.add_check("http")
        headers.editor("url").setText("https://api.example.com/")
        headers.editor("headers").add_row("Authorization", "Bearer s3cret", secret=True)
        notice = headers.editor("headers").notice
        assert not notice.isHidden()
        assert notice.text().startswith("Secrets cannot be stored: no keyring is available")
        press_ok(editor)
        with qtbot.assertNotEmitted(dialog.saved):
            dialog.save_button.click()
        assert dialog.message.text().startswith(
            "Not saved: secrets cannot be stored: no keyring is available on this system"
        )
        assert "never written to the config file in clear" in dialog.message.text()
        assert dialog.isVisible()
        assert config_file.read_text(encoding="utf-8") == CONFIG


def test_each_tab_renders(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, tmp_path: Path
) -> None:
    # Set TRAYAPP_SCREENSHOTS to a folder to keep the pictures and look at them.
    folder = Path(os.environ.get("TRAYAPP_SCREENSHOTS") or tmp_path)
    dialog = opened(qtbot, config_file, backend)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        QApplication.processEvents()  # lay the page out before taking its picture
        assert dialog.grab().save(str(folder / f"settings-{index}.png"))
    editor = dialog.services_page.edit_entry(0)
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert editor.grab().save(str(folder / f"service-{index}.png"))
    source = dialog.sources_page.add_entry()
    QApplication.processEvents()
    assert source.grab().save(str(folder / "source.png"))
