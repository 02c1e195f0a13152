"""Opening the settings dialog in tests, pressing its buttons, and waiting for what they do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from trayapp.core.config.file import LoadedConfig, load_config
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog, open_settings

__all__ = ["OPEN", "opened", "press_ok", "save"]

OPEN: list[SettingsDialog] = []
"""The dialogs a test opened, kept until pytest-qt has processed the test's last events.

A dialog dropped by Python when the test returns is deleted at once, while a courier of
``when_done`` (its child) may still wait for its deferred deletion: under PySide 6.12 the
event loop then crashes on the deleted courier ("shared QObject was deleted directly").
Cleared after each test by a fixture of ``tests/ui/conftest.py``.
"""


def opened(qtbot: QtBot, path: Path, backend: RuntimeSettingsBackend) -> SettingsDialog:
    """The settings dialog of the config at ``path``, open, once the backend has answered."""
    dialog = open_settings(load_config(path), backend)
    qtbot.addWidget(dialog)
    OPEN.append(dialog)
    assert dialog.isVisible()
    # Ready once the backend has answered: whether autostart is on, whether a keyring works.
    qtbot.waitUntil(dialog.autostart_box.isEnabled)
    return dialog


def press_ok(editor: QDialog) -> None:
    """Press OK in a service's or a source's editor."""
    buttons = editor.findChild(QDialogButtonBox)
    assert isinstance(buttons, QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def save(qtbot: QtBot, dialog: SettingsDialog, button: QPushButton | None = None) -> LoadedConfig:
    """Press Save (or ``button``) and wait for the dialog's ``saved``."""
    # Not qtbot.waitSignal: its nested loop, quit from inside the callback that emits, leaves
    # that callback's courier waiting for deletion after the test lets go of the dialog (a
    # crash under PySide 6.12 when the dialog is then deleted from Python).
    got: list[LoadedConfig] = []
    dialog.saved.connect(got.append)
    (button or dialog.save_button).click()
    qtbot.waitUntil(lambda: bool(got))
    dialog.saved.disconnect(got.append)
    (loaded,) = got
    assert isinstance(loaded, LoadedConfig)
    return loaded
