"""The tabs of the config's tables: General, Notifications, and one for a table added."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened, save
from trayapp.core.config import model as config_module
from trayapp.ui.settings import general as general_module
from trayapp.ui.settings.backend import RuntimeSettingsBackend


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
    assert titles == ["Services", "Sources", "General", "Notifications", "Outside", "Sounds"]
    assert dialog.forms["sounds"].editor("play").toolTip() == "Play a sound with each notification."
