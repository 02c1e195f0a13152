"""The settings dialog, built and inspected (never exec()ed), saving through a real runtime."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import BaseModel, Field
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from tests.support.keyrings import FileKeyring, no_keyring, using_keyring
from tests.support.servers import LocalSites
from tests.support.settings_dialogs import opened, press_ok, save
from trayapp.core.autostart import Autostart
from trayapp.core.config import model as config_module
from trayapp.core.config.file import load_config
from trayapp.core.config.secrets import KEYRING_SERVICE
from trayapp.ui.settings import dialog as settings_module
from trayapp.ui.settings.backend import RuntimeSettingsBackend

CONFIG = """\
# trayapp's settings, with my notes
[defaults]
interval = "30s"   # often: I am impatient

[network]
canaries = []      # no network verdict in these tests

[[services]]
name = "Twitter"                 # the web site
url = "https://twitter.com/"
status_page = "https://status.twitterstat.us"
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _a_working_keyring(keyring_file: FileKeyring) -> None:
    """No test reaches the user's keyring: a file-based one stands in unless a test says."""


# --- services ------------------------------------------------------------------------------


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


# --- general and notifications -------------------------------------------------------------


def test_defaults_are_saved_in_place_and_a_bad_one_is_refused(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    defaults = dialog.forms["defaults"]
    defaults.editor("interval").setText("5 minutes")
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.save_button.click()
    assert defaults.problem_text("interval").startswith("not a duration: '5 minutes'")
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "General"
    assert "correct the fields marked" in dialog.message.text()
    defaults.editor("interval").setText("5m")
    dialog.forms["notifications"].editor("quiet_hours").setText("22:00-07:00")
    save(qtbot, dialog)
    text = config_file.read_text(encoding="utf-8")
    assert 'interval = "5m"   # often: I am impatient\n' in text
    assert '[notifications]\nquiet_hours = "22:00-07:00"\n' in text


def test_send_a_test_notification(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, notices: list[str]
) -> None:
    dialog = opened(qtbot, config_file, backend)
    dialog.test_notification_button.click()
    qtbot.waitUntil(lambda: dialog.notification_result.text().startswith("Sent"))
    assert notices == ["test"]


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


# --- the file changed on disk --------------------------------------------------------------


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


# --- test now ------------------------------------------------------------------------------


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


# --- secrets -------------------------------------------------------------------------------


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


# --- import and export ---------------------------------------------------------------------


def test_export_then_import_the_services(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, tmp_path: Path
) -> None:
    dialog = opened(qtbot, config_file, backend)
    exported = tmp_path / "shared" / "services.toml"
    exported.parent.mkdir()
    dialog.export_services(exported)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Exported"))
    assert exported.read_text(encoding="utf-8") == (
        "[[services]]\n"
        'name = "Twitter"\n'
        'url = "https://twitter.com/"\n'
        'status_page = "https://status.twitterstat.us"\n'
    )
    dialog.import_services(exported)
    qtbot.waitUntil(lambda: len(dialog.services_page.entries) == 2)
    assert [s.name for s in dialog.services_page.entries] == ["Twitter", "Twitter (2)"]
    assert dialog.message.text() == "Imported 1 service; save to keep them."
    assert config_file.read_text(encoding="utf-8") == CONFIG


def test_a_bad_file_is_not_imported_and_its_problems_are_named(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[services]]\nname = "X"\nurl = "ftp://x.example/"\n', encoding="utf-8")
    dialog = opened(qtbot, config_file, backend)
    dialog.import_services(bad)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Not imported"))
    assert (
        f"{bad}:3: services[0].url: not an http(s) URL: ftp://x.example/" in dialog.message.text()
    )
    assert len(dialog.services_page.entries) == 1


def test_the_import_button_asks_for_a_file_without_blocking(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    dialog.services_page.buttons["import"].click()
    (chooser,) = dialog.findChildren(QFileDialog)
    assert chooser.isVisible()
    assert chooser.acceptMode() is QFileDialog.AcceptMode.AcceptOpen
    chooser.reject()


# --- generated from the model --------------------------------------------------------------


class Sounds(BaseModel):
    play: bool = Field(False, description="Play a sound with each notification.")


class LouderConfig(config_module.Config):
    sounds: Sounds = Field(default_factory=Sounds)


def test_a_table_added_to_the_config_gets_its_own_tab(
    qtbot: QtBot,
    config_file: Path,
    backend: RuntimeSettingsBackend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings_module, "Config", LouderConfig)
    dialog = opened(qtbot, config_file, backend)
    titles = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
    assert titles == ["Services", "Sources", "General", "Notifications", "Sounds"]
    assert dialog.forms["sounds"].editor("play").toolTip() == "Play a sound with each notification."


# --- how it looks --------------------------------------------------------------------------


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
