"""The settings dialog: services, sources, defaults, network and notifications, saved to
config.toml.

Generated from the config model (:mod:`trayapp.core.config.model`): each table of :class:`Config`
gets a form (:class:`~trayapp.ui.forms.ModelForm`), and each list of tables a tab of its own
with an editor of one entry (the Services tab, :mod:`trayapp.ui.settings.services`, and the
Sources tab, :mod:`trayapp.ui.settings.sources`). What the whole config finds wrong between
them (a service's remote naming a source that was removed) is said on both tabs, in the
loader's words, and the dialog does not save until it is put right. The dialog does no I/O:
it asks its :class:`~trayapp.ui.settings.backend.SettingsBackend` and gets the answers back on
the GUI thread.

Save checks everything with the model, stores typed secrets in the keyring (refusing when there
is no keyring: a secret is never written in clear), saves the file atomically with its comments
kept, writes or removes the autostart entry, and emits :attr:`SettingsDialog.saved` so that the
app applies the new config at once. A file changed on disk since the dialog opened is not
overwritten: the dialog says so and offers to reload it or to save over it. Cancel changes
nothing.

The app opens it with :func:`open_settings`; tests build it and read its widgets, and never
``exec()`` it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import (
    Config,
    ConfigConflict,
    ConfigError,
    LoadedConfig,
    SecretsUnavailable,
    describe_errors,
    secret_refs,
)
from trayapp.ui.forms import ModelForm, field_label, free_name
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.labels import plain_label
from trayapp.ui.settings.backend import SettingsBackend, SharedServices
from trayapp.ui.settings.services import ServicesPage
from trayapp.ui.settings.sources import SourcesPage

__all__ = ["SettingsDialog", "open_settings"]

_LISTS = ("services", "sources")
"""The lists of tables of the config: each has a tab of its own, a list and an editor."""

_PLACES: dict[str, tuple[str, str]] = {
    "defaults": ("General", "Checks"),
    "network": ("General", "Network"),
    "notifications": ("Notifications", ""),
}
"""Where each table of the config goes: (tab, group). A table not named here gets a tab."""


class SettingsDialog(QDialog):
    """The settings of ``loaded``, edited and saved through ``backend``.

    Signals:
        saved(object): the :class:`~trayapp.core.config.file.LoadedConfig` just saved; the app
            reloads the monitor with it.
    """

    saved = Signal(object)

    def __init__(
        self, loaded: LoadedConfig, backend: SettingsBackend, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("trayapp settings")
        self._backend = backend
        self._loaded = loaded
        self._pending: dict[str, str] = {}
        self._secrets_problem: str | None = None
        self._autostart_initial: bool | None = None
        self._busy = False
        self.forms: dict[str, ModelForm] = {}
        """The form of each table of the config (``defaults``, ``network``, …)."""
        self.services_page = ServicesPage(
            backend,
            sources=lambda: self.sources_page.entries,
            config=self._config_for_tests,
            pending=self._pending,
        )
        self.sources_page = SourcesPage(
            backend,
            services=lambda: self.services_page.entries,
            config=self._config_for_tests,
            pending=self._pending,
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(self.services_page, "&Services")
        self.tabs.addTab(self.sources_page, "Sour&ces")
        pages: dict[str, QVBoxLayout] = {}
        self.autostart_box = QCheckBox("Start trayapp when I &log in")
        self.autostart_box.setEnabled(False)
        self.autostart_box.setToolTip("Checking whether trayapp starts at login…")
        for name, info in Config.model_fields.items():
            model = info.annotation
            if name in _LISTS or not (isinstance(model, type) and issubclass(model, BaseModel)):
                continue
            tab, group = _PLACES.get(name, (field_label(name), ""))
            if tab not in pages:
                pages[tab] = self._add_page(tab)
                if tab == "General":
                    pages[tab].addWidget(self.autostart_box)
            form = ModelForm(model)
            form.setObjectName(name)
            self.forms[name] = form
            if group:
                box = QGroupBox(group)
                QVBoxLayout(box).addWidget(form)
                pages[tab].addWidget(box)
            else:
                pages[tab].addWidget(form)
        self.test_notification_button = QPushButton("Send a &test notification")
        self.test_notification_button.setAutoDefault(False)
        self.notification_result = plain_label()
        notification_row = QHBoxLayout()
        notification_row.addWidget(self.test_notification_button)
        notification_row.addWidget(self.notification_result, 1)
        if "Notifications" not in pages:
            pages["Notifications"] = self._add_page("Notifications")
        pages["Notifications"].addLayout(notification_row)
        for layout in pages.values():
            layout.addStretch()

        self.message = plain_label()
        self.message.setObjectName("message")
        self.reload_button = QPushButton("&Reload from disk")
        self.reload_button.setToolTip("Discard the changes made here and read the file again.")
        self.overwrite_button = QPushButton("Save &over it")
        self.overwrite_button.setToolTip("Save what is shown here over the file on disk.")
        for button in (self.reload_button, self.overwrite_button):
            button.setAutoDefault(False)
            button.hide()
        self.banner = QFrame()
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(self.message, 1)
        banner_layout.addWidget(self.reload_button)
        banner_layout.addWidget(self.overwrite_button)
        self.banner.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        self.overwrite_button.clicked.connect(self._on_overwrite_button_clicked)
        self.test_notification_button.clicked.connect(self._on_test_notification_button_clicked)
        for form in self.forms.values():
            form.edited.connect(self._on_form_edited)
        self.services_page.buttons["import"].clicked.connect(self._on_import_button_clicked)
        self.services_page.buttons["export"].clicked.connect(self._on_export_button_clicked)
        for page in (self.services_page, self.sources_page):
            page.changed.connect(self._on_page_changed)
        self.sources_page.renamed.connect(self._on_sources_page_renamed)

        self.load(loaded)
        self.resize(720, 640)
        when_done(backend.autostart_enabled(), self, self._on_backend_autostart_read)
        when_done(backend.keyring_problem(), self, self._on_backend_keyring_checked)

    # --- building -----------------------------------------------------------------------

    def _add_page(self, title: str) -> QVBoxLayout:
        page = QWidget()
        layout = QVBoxLayout(page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        return layout

    # --- state --------------------------------------------------------------------------

    @property
    def loaded(self) -> LoadedConfig:
        """The config as last read or saved: what a save is compared with."""
        return self._loaded

    @property
    def pending_secret_names(self) -> list[str]:
        """The keyring names of the secrets typed but not yet stored."""
        return sorted(self._pending)

    def load(self, loaded: LoadedConfig) -> None:
        """Show ``loaded``'s settings, dropping every edit."""
        self._loaded = loaded
        for name, form in self.forms.items():
            form.load(getattr(loaded.config, name, None))
        self._pending.clear()
        self.services_page.load(loaded.config.services)
        self.sources_page.load(loaded.config.sources)
        self._show_config_problems()
        self._say("")

    def config_problems(self) -> list[str]:
        """What the whole config finds wrong between the services and the sources, in the
        loader's words (``services[1].remote[0].source: service 'Shop': no source named…``)."""
        data = {"sources": self.sources_page.entries, "services": self.services_page.entries}
        try:
            Config.model_validate(data)
        except ValidationError as error:
            return _problem_lines(error)
        return []

    def _show_config_problems(self) -> None:
        text = "\n".join(self.config_problems())
        if text:
            text += "\nNot saved until this is put right."
        # A source's row names the services that name it.
        self.sources_page.refresh()
        for page in (self.services_page, self.sources_page):
            page.show_problems(text)

    def _say(self, text: str, *, conflict: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.banner.setVisible(bool(text))
        self.reload_button.setVisible(conflict)
        self.overwrite_button.setVisible(conflict)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.reload_button.setEnabled(not busy)
        self.overwrite_button.setEnabled(not busy)

    # --- sharing services ---------------------------------------------------------------

    def import_services(self, path: Path) -> None:
        """Add the services of the TOML file at ``path`` (renaming any whose name is taken)."""
        when_done(self._backend.read_services(path), self, self._on_backend_services_read)

    def export_services(self, path: Path) -> None:
        """Write the services, as edited, and the sources they name to a TOML file at ``path``."""
        services = self.services_page.entries
        future = self._backend.write_services(path, services, self.sources_page.entries)
        when_done(future, self, lambda outcome: self._on_backend_services_written(path, outcome))

    # --- saving -------------------------------------------------------------------------

    def _config_for_tests(self) -> Config:
        """The settings a "Test now" uses: as edited where valid, else as loaded."""
        data = {}
        for name, form in self.forms.items():
            try:
                data[name] = form.model.model_validate(form.data())
            except ValidationError:
                data[name] = getattr(self._loaded.config, name)
        return Config.model_validate(data)

    def build_config(self) -> Config | None:
        """The config as edited, or None with every problem shown (by its field, or below)."""
        data: dict[str, object] = {}
        wrong = []
        for name, form in self.forms.items():
            if form.validate() is None:
                wrong.append(name)
            values = form.data()
            if values or name in self._loaded.config.model_fields_set:
                data[name] = values
        if wrong:
            tab, _ = _PLACES.get(wrong[0], (field_label(wrong[0]), ""))
            self._select_tab(tab)
            self._say("Not saved: correct the fields marked in red first.")
            return None
        if services := self.services_page.entries:
            data["services"] = services
        if sources := self.sources_page.entries:
            data["sources"] = sources
        try:
            return Config.model_validate(data)
        except ValidationError as error:
            self._say("Not saved:\n" + "\n".join(_problem_lines(error)))
            return None

    def save(self) -> None:
        """Check and save everything; :attr:`saved` is emitted once the file is written."""
        if self._busy:
            return
        config = self.build_config()
        if config is None:
            return
        refs = secret_refs([*config.sources, *config.services])
        secrets = {ref: value for ref, value in self._pending.items() if ref in refs}
        if secrets and self._secrets_problem is not None:
            self._refuse_secrets(self._secrets_problem)
            return
        self._set_busy(True)
        self._say("Saving…")
        future = self._backend.save(self._loaded, config, secrets)
        when_done(future, self, self._on_backend_saved)

    def _refuse_secrets(self, problem: str) -> None:
        self._say(
            f"Not saved: secrets cannot be stored: {problem}.\nA secret is never written to "
            "the config file in clear: set up a keyring, or untick Secret for the header."
        )

    def _select_tab(self, title: str) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title:
                self.tabs.setCurrentIndex(index)

    # --- slots --------------------------------------------------------------------------

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.save()

    @Slot()
    def _on_form_edited(self) -> None:
        for form in self.forms.values():
            form.validate(show_all=False)

    def _on_backend_saved(self, outcome: Outcome) -> None:
        self._set_busy(False)
        error = outcome.error
        if isinstance(error, ConfigConflict):
            self._say(
                f"{self._loaded.path.name} changed on disk since this dialog opened: "
                "reload it, or save over it.",
                conflict=True,
            )
            return
        if isinstance(error, SecretsUnavailable):
            self._refuse_secrets(str(error))
            return
        if isinstance(error, ConfigError):
            self._say("Not saved:\n" + "\n".join(str(p) for p in error.problems))
            return
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            self._say(f"Not saved: {self._loaded.path} could not be written ({reason}).")
            return
        if error is not None:
            self._say(f"Not saved: {error} ({type(error).__name__}).")
            return
        self._loaded = outcome.value
        self._pending.clear()
        self._say("")
        self.saved.emit(outcome.value)
        wanted = self.autostart_box.isChecked()
        if self._autostart_initial is not None and wanted != self._autostart_initial:
            self._set_busy(True)
            future = self._backend.set_autostart(wanted)
            when_done(future, self, self._on_backend_autostart_set)
            return
        self.accept()

    def _on_backend_autostart_set(self, outcome: Outcome) -> None:
        self._set_busy(False)
        if not outcome.ok:
            self._say(
                f"Saved, but starting at login could not be changed: {outcome.error} "
                f"({type(outcome.error).__name__})."
            )
            return
        self._autostart_initial = self.autostart_box.isChecked()
        self.accept()

    def _on_backend_autostart_read(self, outcome: Outcome) -> None:
        if outcome.ok:
            self._autostart_initial = bool(outcome.value)
            self.autostart_box.setChecked(self._autostart_initial)
            self.autostart_box.setEnabled(True)
            self.autostart_box.setToolTip("Start trayapp when you log in to this computer.")
        else:
            self.autostart_box.setToolTip(
                f"Cannot tell whether trayapp starts at login: {outcome.error}"
            )

    def _on_backend_keyring_checked(self, outcome: Outcome) -> None:
        self._secrets_problem = outcome.value if outcome.ok else str(outcome.error)
        for page in (self.services_page, self.sources_page):
            page.secrets_problem = self._secrets_problem

    @Slot()
    def _on_page_changed(self) -> None:
        """A service or a source changed: say again what the whole config finds wrong."""
        self._show_config_problems()

    @Slot(str, str)
    def _on_sources_page_renamed(self, old: str, new: str) -> None:
        """Follow a renamed source in the services' remote, so that they still name it."""
        services = self.services_page.entries
        count = 0
        for index, service in enumerate(services):
            remote = [
                r.model_copy(update={"source": new}) if r.source.casefold() == old.casefold() else r
                for r in service.remote
            ]
            if remote != service.remote:
                services[index] = service.model_copy(update={"remote": remote})
                count += 1
        if count:
            self.services_page.load(services, current=self.services_page.entry_list.currentRow())
            self._show_config_problems()
            self._say(f"Renamed source {old!r} to {new!r} in the remote of {_count(count)}.")

    @Slot()
    def _on_reload_button_clicked(self) -> None:
        self._set_busy(True)
        when_done(self._backend.load(self._loaded.path), self, self._on_backend_reloaded)

    def _on_backend_reloaded(self, outcome: Outcome) -> None:
        self._set_busy(False)
        if outcome.ok:
            self.load(outcome.value)
            self._say(f"Reloaded {self._loaded.path.name} from disk.")
        else:
            self._say(f"Could not reload:\n{outcome.error}", conflict=True)

    @Slot()
    def _on_overwrite_button_clicked(self) -> None:
        self._set_busy(True)
        when_done(
            self._backend.load(self._loaded.path), self, self._on_backend_loaded_for_overwrite
        )

    def _on_backend_loaded_for_overwrite(self, outcome: Outcome) -> None:
        self._set_busy(False)
        if not outcome.ok:
            self._say(f"Could not read the file on disk:\n{outcome.error}", conflict=True)
            return
        # Saving against what is on disk now writes what this dialog shows, and keeps the
        # file's comments as they are now.
        self._loaded = outcome.value
        self.save()

    @Slot()
    def _on_test_notification_button_clicked(self) -> None:
        self.test_notification_button.setEnabled(False)
        self.notification_result.setText("Sending…")
        self.notification_result.show()
        future = self._backend.send_test_notification()
        when_done(future, self, self._on_backend_notification_sent)

    def _on_backend_notification_sent(self, outcome: Outcome) -> None:
        self.test_notification_button.setEnabled(True)
        if outcome.ok:
            self.notification_result.setText("Sent: it should show on your desktop now.")
        else:
            self.notification_result.setText(f"Could not send it: {outcome.error}")

    def _on_backend_services_read(self, outcome: Outcome) -> None:
        if isinstance(outcome.error, ConfigError):
            self._say("Not imported:\n" + "\n".join(str(p) for p in outcome.error.problems))
            return
        if not outcome.ok:
            self._say(f"Not imported: {outcome.error}")
            return
        shared: SharedServices = outcome.value
        known = {source.name.casefold() for source in self.sources_page.entries}
        # A source of the same name is taken to be the same one: the services name it.
        sources = [s for s in shared.sources if s.name.casefold() not in known]
        if sources:
            self.sources_page.add_entries(sources)
        names = [s.name for s in self.services_page.entries]
        services = []
        for service in shared.services:
            names.append(free_name(service.name, names))
            services.append(service.model_copy(update={"name": names[-1]}))
        self.services_page.add_entries(services)
        added = _count(len(shared.services))
        if sources:
            added += f" and {len(sources)} source{'' if len(sources) == 1 else 's'}"
        self._say(f"Imported {added}; save to keep them.")

    def _on_backend_services_written(self, path: Path, outcome: Outcome) -> None:
        if outcome.ok:
            self._say(f"Exported {_count(len(self.services_page.entries))} to {path}.")
        else:
            self._say(f"Not exported: {outcome.error}")

    @Slot()
    def _on_import_button_clicked(self) -> None:
        chooser = self._file_dialog("Import services", save=False)
        chooser.fileSelected.connect(self._on_import_chooser_file_selected)
        chooser.open()

    @Slot()
    def _on_export_button_clicked(self) -> None:
        chooser = self._file_dialog("Export services", save=True)
        chooser.fileSelected.connect(self._on_export_chooser_file_selected)
        chooser.open()

    @Slot(str)
    def _on_import_chooser_file_selected(self, name: str) -> None:
        self.import_services(Path(name))

    @Slot(str)
    def _on_export_chooser_file_selected(self, name: str) -> None:
        self.export_services(Path(name))

    def _file_dialog(self, title: str, *, save: bool) -> QFileDialog:
        chooser = QFileDialog(self, title, str(self._loaded.path.parent))
        chooser.setNameFilters(["TOML files (*.toml)", "All files (*)"])
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if save:
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setDefaultSuffix("toml")
            chooser.selectFile("services.toml")
        else:
            chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        return chooser


def open_settings(
    loaded: LoadedConfig, backend: SettingsBackend, parent: QWidget | None = None
) -> SettingsDialog:
    """Build the settings dialog for ``loaded`` and show it (``open()``, not ``exec()``).

    Connect :attr:`SettingsDialog.saved` to apply a saved config. The dialog is window-modal
    to ``parent`` (application-modal without one) and returns at once.
    """
    dialog = SettingsDialog(loaded, backend, parent)
    dialog.open()
    return dialog


def _count(services: int) -> str:
    return f"{services} service{'' if services == 1 else 's'}"


def _problem_lines(error: ValidationError) -> list[str]:
    """The config's problems in the loader's words, each after its key
    (``services[1].remote[0].source: service 'Shop': no source named…``)."""
    lines = []
    for loc, message in describe_errors(error):
        key = ""
        for part in loc:
            key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else part)
        lines.append(f"{key}: {message}" if key else message)
    return lines
