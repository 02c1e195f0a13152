"""Sharing services through a TOML file: Export, then Import, on the Services tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened
from tests.ui.settings.configs import CONFIG
from trayapp.core.config import Service
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.sharing import services_count


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


def test_services_and_their_checks_are_counted_in_words_that_fit(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    assert [services_count(n) for n in (0, 1, 2)] == ["0 services", "1 service", "2 services"]
    dialog = opened(qtbot, config_file, backend)
    two = Service.model_validate(
        {
            "name": "Two",
            "checks": [
                {"type": "http", "url": "https://two.example/"},
                {"type": "tcp", "host": "two.example", "port": 443},
            ],
        }
    )
    dialog.services_page.add_entries([two])
    items = dialog.services_page.entry_list
    assert items.item(0).text() == "Twitter    (1 check, status page)"
    assert items.item(1).text() == "Two    (2 checks)"
