"""Sharing services through a TOML file: Export, then Import, on the Services tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened
from tests.ui.settings.configs import CONFIG
from trayapp.ui.settings.backend import RuntimeSettingsBackend


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
