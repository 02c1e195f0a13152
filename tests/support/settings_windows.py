"""Every window of the settings dialog, open at once: the dialog and an editor of each kind of
entry, for the tests that look at all of them (translations, accessibility)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog

__all__ = ["all_windows"]


def all_windows(
    qtbot: QtBot, path: Path, backend: RuntimeSettingsBackend
) -> tuple[SettingsDialog, list[QDialog]]:
    """The settings dialog of the config at ``path``, each of its tabs shown once, and the
    editor of every service, source and maintenance window it has, and of a new one of each.

    Returns:
        The dialog, and the editors (open, each on top of the dialog).
    """
    dialog = opened(qtbot, path, backend)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
    editors: list[QDialog] = []
    for page in (dialog.services_page, dialog.sources_page, dialog.maintenance_page):
        for row in range(len(page.entries)):
            editors.append(page.edit_entry(row))
        editors.append(page.add_entry())
    for editor in editors:
        qtbot.addWidget(editor)
        tabs = getattr(editor, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(index)
    return dialog, editors
