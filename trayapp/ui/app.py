"""The tray app: ``trayapp`` with no command.

:class:`TrayApp` wires the parts together on the GUI thread: the runtime thread that runs
the monitor (:class:`~trayapp.runtime.MonitorHost`), the bridge that brings its news back as
signals, the tray icon, the incidents window, the settings dialog, and the operating system's
word on the network (:class:`~trayapp.ui.netinfo.NetworkWatch`), passed on to the monitor.
Every file and network access goes through the runtime; the GUI thread only shows what
arrives.

Desktop habits it keeps: closing the last window does not quit; a second ``trayapp`` brings
the first one's window forward; with no tray yet (KDE starts autostart programs before its
panel) the icon is made anyway and, if no tray appears within :data:`TRAY_WAIT_MS`, the
incidents window opens so the user is never left with nothing; the config file is watched
and reloaded when it changes on disk. A start with no services opens the "What do you depend
on?" picker instead of an empty tray, once per data folder
(:func:`~trayapp.ui.catalog.first_run_due`); the tray's menu offers it while there are none.

The windows (incidents, settings, the picker) and what only they use are imported when first
opened, not with this module: most starts open none of them, and each costs megabytes.
:func:`trayapp.ui.start.run` starts the app, once its icon is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from trayapp.core.config import ConfigError, ReadConfig, read_aside
from trayapp.core.i18n import _
from trayapp.core.monitor import MonitorSnapshot, NetworkHint, Notification
from trayapp.core.paths import Paths, write_private
from trayapp.runtime import MakeProber, MonitorHost, Runtime, RuntimeStopped
from trayapp.ui.bridge import Bridge
from trayapp.ui.collector import ask_for_collection
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.icons import icon_for
from trayapp.ui.netinfo import NetworkWatch
from trayapp.ui.notifier import SNOOZE_FOR, notice_icons
from trayapp.ui.tray import Tray

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from trayapp.core.config import LoadedConfig

    # The windows are imported when first opened: most starts open none of them.
    from trayapp.ui.catalog import ConfigPicker
    from trayapp.ui.incidents import IncidentsWindow
    from trayapp.ui.settings import RuntimeSettingsBackend, SettingsDialog

__all__ = ["TRAY_WAIT_MS", "TrayApp"]

log = logging.getLogger(__name__)

TRAY_WAIT_MS = 10_000
"""How long to wait for a tray to appear before opening the window instead."""
RELOAD_DELAY_MS = 300
"""Editors save in several steps; reload once they are done."""
INCIDENTS_LISTED = 10_000
"""The most incidents the window lists (the latest)."""


class TrayApp(QObject):
    """trayapp's GUI: the tray, its windows and the monitor behind them.

    Args:
        paths: The config file and data folder.
        make_prober: For tests: probes wired to local servers.
        send_notices: Send desktop notifications (off in widget tests, where the tray's own
            balloon stands in).
        catalog: For tests: the catalogue's file (else the one shipped with trayapp).
        icon: The tray icon already shown while trayapp started (:func:`trayapp.ui.start.run`),
            taken over; by default a new one.
    """

    def __init__(
        self,
        paths: Paths,
        *,
        make_prober: MakeProber | None = None,
        send_notices: bool = True,
        catalog: Path | None = None,
        icon: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._catalog = catalog
        self.loaded: ReadConfig | None = None
        self.runtime = Runtime()
        self.bridge = Bridge(notice_icons(), send_notices=send_notices)
        self.tray = Tray(self, icon=icon)
        self.host = MonitorHost(
            self.runtime,
            data_dir=paths.data_dir,
            emit=self.bridge.deliver_event,
            on_snapshot=self.bridge.deliver_snapshot,
            on_failure=self.bridge.deliver_failure,
            make_prober=make_prober,
            after_changes=ask_for_collection,
        )
        self.network = NetworkWatch(self)
        self.incidents: IncidentsWindow | None = None
        self.settings: SettingsDialog | None = None
        self.picker: ConfigPicker | None = None
        self.first_run: bool | None = None
        """Whether this start opened the picker as a first run; None until that is known."""
        self.snapshot: MonitorSnapshot | None = None
        self._config_problem: str | None = None
        self._problem_box: QMessageBox | None = None
        self._watcher = QFileSystemWatcher(self)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._tray_timer = QTimer(self, singleShot=True, interval=TRAY_WAIT_MS)
        self._connect()

    def _connect(self) -> None:
        bridge, tray = self.bridge, self.tray
        bridge.snapshotChanged.connect(self._on_bridge_snapshot_changed)
        bridge.noticeFailed.connect(tray.show_notice)
        bridge.noticeClicked.connect(self._on_bridge_notice_clicked)
        bridge.noticeSnoozeWanted.connect(self._on_bridge_notice_snooze_wanted)
        bridge.noticeMuteWanted.connect(self._on_bridge_notice_mute_wanted)
        bridge.noticeLinkWanted.connect(self._on_bridge_notice_link_wanted)
        bridge.monitorFailed.connect(self._on_bridge_monitor_failed)
        tray.checkNowWanted.connect(self._on_tray_check_now_wanted)
        tray.snoozeWanted.connect(self._on_tray_snooze_wanted)
        tray.pauseWanted.connect(self._on_tray_pause_wanted)
        tray.resumeWanted.connect(self._on_tray_resume_wanted)
        tray.muteWanted.connect(self._on_tray_mute_wanted)
        tray.incidentsWanted.connect(self.show_incidents)
        tray.settingsWanted.connect(self.show_settings)
        tray.addServicesWanted.connect(self.show_picker)
        tray.quitWanted.connect(QApplication.quit)
        tray.icon.activated.connect(lambda _reason: self._tray_timer.stop())
        self.network.hinted.connect(self._on_network_hinted)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._reload_timer.timeout.connect(self._reload)
        self._tray_timer.timeout.connect(self._on_tray_timer_timeout)

    # --- starting and stopping -------------------------------------------------------------------

    def start(self) -> None:
        """Show the icon, start the runtime, load the config (off the GUI thread) and follow
        the operating system's word on the network."""
        self.tray.show()
        if not QSystemTrayIcon.isSystemTrayAvailable():
            log.info("no system tray yet: waiting %d ms for one", TRAY_WAIT_MS)
            self._tray_timer.start()
        self.runtime.start()
        self._watch_config()
        when_done(self.runtime.submit(read_aside(self.paths.config)), self, self._on_first_load)
        self.network.start(self.runtime)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @Slot()
    def stop(self) -> None:
        """Stop the monitor (closing its files) and the runtime thread."""
        for timer in (self._tray_timer, self._reload_timer):
            timer.stop()
        self.network.stop()
        self.host.stop()
        self.runtime.stop()

    def _on_first_load(self, outcome: Outcome) -> None:
        if not self.runtime.running:
            return  # stopped while the file was read: nothing to start, nobody to tell
        config = (self._take_config(outcome) or ReadConfig.empty(self.paths.config)).config
        self.host.start(config)
        if self.loaded is None or config.services or config.sources:
            self.first_run = False
            return
        from trayapp.ui.catalog import first_run_due

        due = self.runtime.submit(asyncio.to_thread(first_run_due, self.paths.data_dir))
        when_done(due, self, self._on_first_run_checked)

    def _on_first_run_checked(self, outcome: Outcome) -> None:
        if not outcome.ok:
            log.warning("cannot tell whether this is the first run: %s", outcome.error)
        self.first_run = bool(outcome.value)
        if self.first_run:
            self.show_picker()

    def _take_config(self, outcome: Outcome) -> ReadConfig | None:
        """What a load read, or None after telling the user what is wrong."""
        if isinstance(outcome.error, ConfigError):
            self._tell_config_problem(str(outcome.error))
            return None
        if outcome.error is not None:
            # Translators: the config file could not be read; {error} is the system's reason.
            said = _("{path}: cannot be read: {error}")
            self._tell_config_problem(said.format(path=self.paths.config, error=outcome.error))
            return None
        loaded: ReadConfig = outcome.value
        self.loaded = loaded
        self._config_problem = None
        return loaded

    def _tell_config_problem(self, text: str) -> None:
        if text == self._config_problem:
            return  # said already: an editor saving twice should not stack up dialogs
        self._config_problem = text
        from PySide6.QtWidgets import QMessageBox  # a Qt class is made at its first use

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("trayapp: the config file has problems"),
            _(
                "trayapp keeps running with the settings it had, and reads the file again when "
                "it changes. Nothing was written to it."
            ),
            QMessageBox.StandardButton.Ok,
        )
        box.setDetailedText(text)
        box.setInformativeText(text.splitlines()[0] if text else "")
        # What a screen reader says of the box beyond its title: what it says, then the cause.
        box.setAccessibleDescription(f"{box.text()}\n{box.informativeText()}")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setModal(False)
        box.open()
        self._problem_box = box

    # --- the config file --------------------------------------------------------------------

    def _watch_config(self) -> None:
        # The folder too: saving by rename (as trayapp and most editors do) replaces the
        # file, and a watch on the old file ends with it.
        folder = self.paths.config.parent
        if folder.is_dir() and str(folder) not in self._watcher.directories():
            self._watcher.addPath(str(folder))
        if self.paths.config.is_file() and str(self.paths.config) not in self._watcher.files():
            self._watcher.addPath(str(self.paths.config))

    @Slot(str)
    def _on_watcher_changed(self, _path: str) -> None:
        self._reload_timer.start()

    @Slot()
    def _reload(self) -> None:
        self._watch_config()
        when_done(self.runtime.submit(read_aside(self.paths.config)), self, self._on_reloaded)

    def _on_reloaded(self, outcome: Outcome) -> None:
        if not self.runtime.running:
            return
        previous = self.loaded_fingerprint()
        read = self._take_config(outcome)
        if read is None or self.loaded_fingerprint() == previous:
            return  # a problem (told), or the folder changed and not the file
        self.host.reload(read.config)

    def loaded_fingerprint(self) -> str | None:
        """The fingerprint of the config in use."""
        return self.loaded.fingerprint if self.loaded is not None else None

    # --- commands to the monitor (the host runs them on the runtime's thread) ---------------

    @Slot(str)
    def _on_tray_check_now_wanted(self, name: str) -> None:
        self.host.check_now(name or None)  # "": every service

    @Slot(str, object)
    def _on_tray_snooze_wanted(self, name: str, until: datetime) -> None:
        self.host.snooze(name, until)

    @Slot(str)
    def _on_tray_pause_wanted(self, name: str) -> None:
        self.host.pause(name)

    @Slot(str)
    def _on_tray_resume_wanted(self, name: str) -> None:
        self.host.resume(name)

    @Slot(object)
    def _on_network_hinted(self, hint: NetworkHint) -> None:
        with contextlib.suppress(RuntimeStopped):  # the network changed as trayapp quit
            self.host.network_hint(hint)

    # --- the monitor's news ------------------------------------------------------------------

    @Slot(object)
    def _on_bridge_snapshot_changed(self, snapshot: MonitorSnapshot) -> None:
        self.snapshot = snapshot
        self.tray.show_snapshot(snapshot)

    @Slot(str)
    def _on_bridge_monitor_failed(self, message: str) -> None:
        # Translators: the tray's tooltip once the monitor failed; {message} says why.
        self.tray.icon.setToolTip(_("trayapp: stopped: {message}").format(message=message))
        self.tray.show_notice(
            Notification(at=datetime.now(UTC), title=_("trayapp stopped"), body=message)
        )

    @Slot(object)
    def _on_bridge_notice_clicked(self, services: Sequence[str]) -> None:
        window = self.show_incidents()
        if self.snapshot is None:
            return
        ids = [v.incident_id for v in self.snapshot.services if v.name in services]
        chosen = next((i for i in ids if i is not None), None)
        if chosen is not None:
            window.select_incident(chosen)

    @Slot(object)
    def _on_bridge_notice_snooze_wanted(self, services: Sequence[str]) -> None:
        until = datetime.now().astimezone() + SNOOZE_FOR
        with contextlib.suppress(RuntimeStopped):  # pressed as trayapp quit
            for name in services:
                self.host.snooze(name, until)

    @Slot(object)
    def _on_bridge_notice_mute_wanted(self, services: Sequence[str]) -> None:
        with contextlib.suppress(RuntimeStopped):  # pressed as trayapp quit
            for name in services:
                self.host.mute_until_back(name)

    @Slot(str)
    def _on_bridge_notice_link_wanted(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    @Slot(bool)
    def _on_tray_mute_wanted(self, muted: bool) -> None:
        self.bridge.mute(muted)
        self.tray.set_muted(muted)

    @Slot()
    def _on_tray_timer_timeout(self) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            log.warning("no system tray appeared: showing the incidents window")
            self.show_incidents()

    # --- windows -----------------------------------------------------------------------------

    @Slot()
    def show_incidents(self) -> IncidentsWindow:
        """Open (or bring forward) the incidents window; it asks for its list when shown."""
        window = self.incidents
        if window is None:
            from trayapp.ui.incidents import IncidentsWindow

            window = IncidentsWindow()
            window.setWindowIcon(icon_for(self.tray.status))
            window.refreshWanted.connect(self._load_incidents)
            window.refreshWanted.connect(self._load_history)
            window.roundsWanted.connect(self._load_rounds)
            window.exportWanted.connect(self._export)
            self.incidents = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    @Slot()
    def _load_incidents(self) -> None:
        try:
            future = self.host.incidents(limit=INCIDENTS_LISTED)
        except RuntimeStopped:
            return  # quitting: the window asked as the runtime stopped
        when_done(future, self, self._on_incidents_loaded)

    def _on_incidents_loaded(self, outcome: Outcome) -> None:
        if outcome.ok and self.incidents is not None:
            self.incidents.show_incidents(outcome.value, datetime.now(UTC))

    @Slot()
    def _load_history(self) -> None:
        names = [] if self.snapshot is None else [v.name for v in self.snapshot.services]
        try:
            future = self.host.history(names, datetime.now(UTC))
        except RuntimeStopped:
            return  # quitting: the window asked as the runtime stopped
        when_done(future, self, self._on_history_loaded)

    def _on_history_loaded(self, outcome: Outcome) -> None:
        if self.incidents is None or isinstance(outcome.error, RuntimeStopped):
            return  # not started yet, or quitting: the next refresh asks again
        if outcome.ok:
            self.incidents.month.show_services(outcome.value.services)
        else:
            said = _("The history cannot be read: {error}").format(error=outcome.error)
            self.incidents.month.show_message(said)

    @Slot(str)
    def _load_rounds(self, service: str) -> None:
        since = datetime.now(UTC) - timedelta(hours=24)
        try:
            future = self.host.recent_rounds(service, since)
        except RuntimeStopped:
            return  # quitting: the window asked as the runtime stopped
        when_done(future, self, lambda outcome: self._on_rounds_loaded(service, outcome))

    def _on_rounds_loaded(self, service: str, outcome: Outcome) -> None:
        if outcome.ok and self.incidents is not None:
            self.incidents.show_rounds(service, outcome.value, datetime.now(UTC))

    @Slot(str, str)
    def _export(self, path: str, text: str) -> None:
        async def write() -> None:
            # The user's alone (0600), with the format's own line ends (CSV's included).
            await asyncio.to_thread(write_private, Path(path), text)

        when_done(self.runtime.submit(write()), self, self._on_exported)

    def _on_exported(self, outcome: Outcome) -> None:
        if not outcome.ok:
            from PySide6.QtWidgets import QMessageBox

            said = _("Could not export: {error}").format(error=outcome.error)
            QMessageBox.warning(None, "trayapp", said)

    @Slot()
    def show_settings(self) -> SettingsDialog | None:
        """Open (or bring forward) the settings dialog for the config in use."""
        dialog = self.settings
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        if self.loaded is None:
            self._tell_unread()
            return None
        from trayapp.ui.settings import open_settings

        editable = self._editable(self.loaded)
        if editable is None:
            return None
        dialog = open_settings(editable, self._settings_backend())
        dialog.saved.connect(self._on_settings_saved)
        self.settings = dialog
        return dialog

    @Slot()
    def show_picker(self) -> ConfigPicker | None:
        """Open (or bring forward) the picker of the catalogue, which saves what it adds to
        the config file in use."""
        picker = self.picker
        if picker is None or not picker.isVisible():
            if self.loaded is None:
                self._tell_unread()
                return None
            from trayapp.ui.catalog import ConfigPicker

            editable = self._editable(self.loaded)
            if editable is None:
                return None
            picker = ConfigPicker(editable, self._settings_backend())
            picker.saved.connect(self._on_settings_saved)
            self.picker = picker
        picker.show()
        picker.raise_()
        picker.activateWindow()
        return picker

    def _settings_backend(self) -> RuntimeSettingsBackend:
        from trayapp.ui.settings import RuntimeSettingsBackend

        return RuntimeSettingsBackend(
            self.runtime, notify=self.bridge.send_test_notice, catalog=self._catalog
        )

    def _tell_unread(self) -> None:
        # A file trayapp could not read is never overwritten: it must be mended first.
        # Translators: the config file has not been read (yet, or ever): nothing can be set.
        unread = _("{path}: unread").format(path=self.paths.config)
        self._tell_config_problem(self._config_problem or unread)
        if self._problem_box is not None:
            self._problem_box.show()
            self._problem_box.raise_()

    def _editable(self, read: ReadConfig) -> LoadedConfig | None:
        """The model of the config in use, for a window that edits it; None after telling
        the user why there is none."""
        try:
            return read.editable()
        except ConfigError as error:
            self._tell_config_problem(str(error))
            return None

    @Slot(object)
    def _on_settings_saved(self, loaded: LoadedConfig) -> None:
        read = ReadConfig.of(loaded)
        self.loaded = read
        self._config_problem = None
        self._watch_config()  # the first save may have made the file, and its folder
        self.host.reload(read.config)
