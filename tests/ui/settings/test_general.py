"""The tabs of the config's tables: General, Notifications, Network (beside it, asking the
world, with its token kept in the keyring), and one for a table added."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field
from PySide6.QtWidgets import QGroupBox, QLabel
from pytestqt.qtbot import QtBot

from tests.support.keyrings import FileKeyring, no_keyring, using_keyring
from tests.support.settings_dialogs import opened, save
from tests.ui.settings.configs import CONFIG
from trayapp.core.config import KEYRING_SERVICE, SecretRef, load_config
from trayapp.core.config import model as config_module
from trayapp.ui.forms import SecretEdit
from trayapp.ui.settings import general as general_module
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog
from trayapp.ui.settings.general import table_tab


def test_defaults_are_saved_in_place_and_a_bad_one_is_refused(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    defaults = dialog.forms["defaults"]
    defaults.editor("interval").setText("5 minutes")
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.save_button.click()
    assert defaults.problem_text("interval").startswith("not a duration: '5 minutes'")
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()).replace("&", "") == "General"
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
    dialog.notification_test.button.click()
    qtbot.waitUntil(lambda: dialog.notification_test.result.text().startswith("Sent"))
    assert notices == ["test"]


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
    monkeypatch.setattr(general_module, "Config", LouderConfig)
    dialog = opened(qtbot, config_file, backend)
    titles = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
    assert titles == [
        "Services",
        "Sources",
        "Maintenance",
        "General",
        "Notifications",
        "Network",
        "Sounds",
    ]
    assert dialog.forms["sounds"].editor("play").toolTip() == "Play a sound with each notification."


def token_editor(dialog: SettingsDialog) -> SecretEdit:
    editor = dialog.forms["outside"].editor("token")
    assert isinstance(editor, SecretEdit)
    return editor


def test_asking_the_world_sits_beside_the_network_settings(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    groups = {
        box.title(): box
        for box in dialog.findChildren(QGroupBox)
        if box.title() in ("Your network", "Asking the world")
    }
    assert set(groups) == {"Your network", "Asking the world"}
    assert groups["Your network"].parentWidget() is groups["Asking the world"].parentWidget()
    assert dialog.forms["network"].isAncestorOf(dialog.forms["network"].editor("proxy"))
    assert groups["Asking the world"].isAncestorOf(dialog.forms["outside"])
    assert groups["Your network"].isAncestorOf(dialog.forms["network"])
    assert table_tab("outside") == table_tab("network") == "Network"
    texts = [label.text() for label in groups["Asking the world"].findChildren(QLabel)]
    assert any("Only its host, port and path are sent" in text for text in texts)


def test_the_outside_token_goes_to_the_keyring_and_only_its_name_to_the_file(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend, keyring_file: FileKeyring
) -> None:
    dialog = opened(qtbot, config_file, backend)
    qtbot.keyClicks(token_editor(dialog).line, "gp-s3cret")
    assert dialog.pending_secret_names == ["globalping"]
    assert keyring_file.entries() == {}
    save(qtbot, dialog)
    assert keyring_file.entries() == {KEYRING_SERVICE: {"globalping": "gp-s3cret"}}
    text = config_file.read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert '[outside]\ntoken = {secret = "globalping"}\n' in text
    assert text.startswith(CONFIG)  # the user's notes, untouched

    # Opened again, it says where the token is kept, and shows nothing of it.
    again = opened(qtbot, config_file, backend)
    token = token_editor(again)
    assert token.line.text() == ""
    assert token.state.text() == "Stored in the keyring as 'globalping'. Type to replace it."
    # Saved again with nothing typed, the keyring and the reference stay as they were.
    again.forms["outside"].editor("probes").setValue(3)
    save(qtbot, again)
    assert keyring_file.entries() == {KEYRING_SERVICE: {"globalping": "gp-s3cret"}}
    assert load_config(config_file).config.outside.token == SecretRef(secret="globalping")

    # Typed over, the value is replaced under the same name; removed, the file no longer
    # names it.
    third = opened(qtbot, config_file, backend)
    qtbot.keyClicks(token_editor(third).line, "gp-n3w")
    save(qtbot, third)
    assert keyring_file.entries() == {KEYRING_SERVICE: {"globalping": "gp-n3w"}}
    fourth = opened(qtbot, config_file, backend)
    token_editor(fourth).remove_button.click()
    save(qtbot, fourth)
    outside = load_config(config_file).config.outside
    assert (outside.token, outside.probes) == (None, 3)
    assert "token" not in config_file.read_text(encoding="utf-8")


def test_without_a_keyring_the_token_is_refused_and_not_written(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    with using_keyring(no_keyring()):
        dialog = opened(qtbot, config_file, backend)
        qtbot.waitUntil(lambda: dialog._secrets_problem is not None)
        token = token_editor(dialog)
        qtbot.keyClicks(token.line, "gp-s3cret")
        assert token.notice.text().startswith(
            "Secrets cannot be stored: no keyring is available on this system"
        )
        with qtbot.assertNotEmitted(dialog.saved):
            dialog.save_button.click()
        assert dialog.message.text().startswith(
            "Not saved: secrets cannot be stored: no keyring is available on this system"
        )
        assert "never written to the config file in clear" in dialog.message.text()
        assert dialog.isVisible()
        assert config_file.read_text(encoding="utf-8") == CONFIG
