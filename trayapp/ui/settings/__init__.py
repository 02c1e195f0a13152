"""The settings dialog: config.toml's services, sources and tables, edited and saved.

The face of the package: callers import from here, not from its modules::

    dialog     SettingsDialog, open_settings: the tabs, Save, a file changed on disk
    backend    what the dialog asks of the rest of trayapp, off the GUI thread
    general    the tabs of the config's tables: General, Notifications
    saying     what the dialog says when it cannot save
    keys       Ctrl+Tab and Ctrl+PgDown between tabs, wherever the focus is
    services   the Services tab; editor: the editor of one service, with its checks'
               forms (checkforms) and its Remote tab (remote)
    sources    the Sources tab and the editor of one source
    maintenance  the Maintenance tab and the editor of one window
    entries    the list both tabs share; entry: the editor both editors share
    sharing    Import and Export of services through a TOML file
    results    what a "Test now" found, in words
"""

from __future__ import annotations

from trayapp.ui.settings.backend import RuntimeSettingsBackend, SettingsBackend, TestNotifier
from trayapp.ui.settings.dialog import SettingsDialog, open_settings

__all__ = [
    "RuntimeSettingsBackend",
    "SettingsBackend",
    "SettingsDialog",
    "TestNotifier",
    "open_settings",
]
