"""The Services tab's Add: from the catalogue, or any address; saved with the rest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.catalogs import write_catalog
from tests.support.settings_dialogs import opened, save
from tests.ui.settings.configs import CONFIG
from trayapp.core.autostart import Autostart
from trayapp.runtime import Runtime
from trayapp.ui.catalog import CatalogPicker
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog
from trayapp.ui.settings.editor import ServiceEditor


@pytest.fixture
def backend(runtime: Runtime, tmp_path: Path) -> RuntimeSettingsBackend:
    """The real backend, with the tests' own catalogue."""
    return RuntimeSettingsBackend(
        runtime,
        notify=lambda: None,
        autostart=Autostart(platform="linux"),
        catalog=write_catalog(tmp_path),
    )


def menu_action(dialog: SettingsDialog, text: str) -> None:
    button = dialog.services_page.buttons["add"]
    menu = button.menu()
    assert menu is not None
    (action,) = [a for a in menu.actions() if a.text().replace("&", "") == text]
    action.trigger()


def catalogue(qtbot: QtBot, dialog: SettingsDialog) -> CatalogPicker:
    menu_action(dialog, "From the catalogue…")
    picker = dialog.services_page.picker
    assert picker is not None
    assert picker.isVisible()
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0)
    return picker


def test_add_offers_the_catalogue_and_any_address(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    menu_action(dialog, "Any address…")
    editor = dialog.services_page.findChild(ServiceEditor)
    assert isinstance(editor, ServiceEditor)
    assert editor.isVisible()
    assert editor.focusWidget() is editor.address
    editor.reject()
    assert catalogue(qtbot, dialog).isModal()  # over the settings dialog


def test_services_added_from_the_catalogue_are_saved_with_the_rest(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    picker = catalogue(qtbot, dialog)
    picker.search_field.setText("github actions")
    assert picker.model.toggle(picker.model.index_of("GitHub Actions"))
    picker.search_field.setText("slack")
    assert picker.model.toggle(picker.model.index_of("Slack"))
    assert picker.add_button.text() == "&Add 2 services"
    picker.add_button.click()
    assert not picker.isVisible()
    page = dialog.services_page
    assert [s.name for s in page.entries] == ["Twitter", "GitHub Actions", "Slack"]
    assert dialog.message.text() == "Added 2 services; save to keep them."
    assert config_file.read_text(encoding="utf-8") == CONFIG  # until Save

    # The component it follows is shown beside its status page, and kept by an edit.
    editor = page.edit_entry(1)
    assert editor.main_form.editor("status_component").text() == "Actions"
    editor.reject()

    save(qtbot, dialog)
    text = config_file.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)
    assert tomllib.loads(text)["services"][1:] == [
        {
            "name": "GitHub Actions",
            "url": "https://github.test",
            "status_page": "https://www.githubstatus.test",
            "status_component": "Actions",
        },
        {"name": "Slack", "url": "https://slack.test", "status_page": "https://slack-status.test"},
    ]


def test_the_services_listed_are_already_watched_in_the_catalogue(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    first = catalogue(qtbot, dialog)
    first.model.toggle(first.model.index_of("Zoom"))
    first.add_button.click()
    again = catalogue(qtbot, dialog)  # not saved yet, but listed: taken all the same
    assert again is not first
    assert again.model.is_taken("Zoom")
    assert not again.model.toggle(again.model.index_of("Zoom"))
    assert again.model.is_taken("twitter")
