"""The settings dialog: services, sources, maintenance windows, defaults, network and
notifications, saved to config.toml.

Generated from the config model (:mod:`trayapp.core.config.model`): each table of :class:`Config`
gets a form (:class:`~trayapp.ui.forms.ModelForm`) on the General tab or a tab of its own
(:mod:`trayapp.ui.settings.general`), and each list of tables a tab of its own with an editor
of one entry (the Services tab, :mod:`trayapp.ui.settings.services`, the Sources tab,
:mod:`trayapp.ui.settings.sources`, and the Maintenance tab,
:mod:`trayapp.ui.settings.maintenance`); the Services tab shares services through a file
(:mod:`trayapp.ui.settings.sharing`). What the whole config finds wrong between
them (a service's remote naming a source that was removed) is said on both tabs, in the
loader's words, and the dialog does not save until it is put right. The dialog does no I/O:
it asks its :class:`~trayapp.ui.settings.backend.SettingsBackend` and gets the answers back on
the GUI thread.

Save checks everything with the model, stores typed secrets (header values marked secret,
``[outside] token``) in the keyring (refusing when there is no keyring: a secret is never
written in clear), saves the file atomically with its comments
kept, writes or removes the autostart entry, and emits :attr:`SettingsDialog.saved` so that the
app applies the new config at once. A file changed on disk since the dialog opened is not
overwritten: the dialog says so and offers to reload it or to save over it. Cancel changes
nothing.

The app opens it with :func:`open_settings`; tests build it and read its widgets, and never
``exec()`` it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import (
    Config,
    ConfigConflict,
    LoadedConfig,
    SecretsUnavailable,
    config_secret_refs,
    secret_refs,
)
from trayapp.core.i18n import _
from trayapp.ui.forms import ModelForm, mnemonic_letter
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.labels import plain_label
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.general import NotificationTest, add_table_tabs, table_tab
from trayapp.ui.settings.keys import tab_keys
from trayapp.ui.settings.maintenance import MaintenancePage
from trayapp.ui.settings.saying import (
    not_saved,
    problem_lines,
    renamed_in_remote,
    save_failed,
    secrets_refused,
)
from trayapp.ui.settings.services import ServicesPage
from trayapp.ui.settings.sharing import ServiceSharing
from trayapp.ui.settings.sources import SourcesPage

__all__ = ["SettingsDialog", "open_settings"]


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
        self.setWindowTitle(_("trayapp settings"))
        self._backend = backend
        self._loaded = loaded
        self._pending: dict[str, str] = {}
        self._secrets_problem: str | None = None
        self._autostart_initial: bool | None = None
        self._busy = False
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
        self.maintenance_page = MaintenancePage(
            backend,
            services=lambda: self.services_page.entries,
            sources=lambda: self.sources_page.entries,
            config=self._config_for_tests,
            pending=self._pending,
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(self.services_page, _("&Services"))
        self.tabs.addTab(self.sources_page, _("Sour&ces"))
        self.tabs.addTab(self.maintenance_page, _("&Maintenance"))
        self.tabs.tabBar().setAccessibleName(_("Settings"))
        self.autostart_box = QCheckBox(_("Start trayapp when I &log in"))
        self.autostart_box.setEnabled(False)
        self.autostart_box.setToolTip(_("Checking whether trayapp starts at login…"))
        self.notification_test = NotificationTest(backend)
        self.reload_button = QPushButton(_("&Reload from disk"))
        self.overwrite_button = QPushButton(_("Save &over it"))
        own = [
            *(self.tabs.tabText(index) for index in range(self.tabs.count())),
            *(b.text() for b in (self.autostart_box, self.reload_button, self.overwrite_button)),
            self.notification_test.button.text(),
        ]
        self.forms: dict[str, ModelForm] = add_table_tabs(
            self.tabs,
            general=[self.autostart_box],
            notifications=[self.notification_test],
            shortcuts=[letter for text in own if (letter := mnemonic_letter(text))],
        )
        """The form of each table of the config (``defaults``, ``network``, …)."""
        self.sharing = ServiceSharing(
            backend,
            services_page=self.services_page,
            sources_page=self.sources_page,
            folder=lambda: self._loaded.path.parent,
            window=self,
        )

        self.message = plain_label()
        self.message.setObjectName("message")
        self.reload_button.setToolTip(_("Discard the changes made here and read the file again."))
        self.overwrite_button.setToolTip(_("Save what is shown here over the file on disk."))
        for button in (self.reload_button, self.overwrite_button):
            button.setAutoDefault(False)
            button.setAccessibleDescription(button.toolTip())
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
        self.save_button.setAccessibleDescription(
            _("Check the settings and save them to the config file.")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
            _("Close without saving the changes made here.")
        )
        tab_keys(self, self.tabs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        self.overwrite_button.clicked.connect(self._on_overwrite_button_clicked)
        for form in self.forms.values():
            form.edited.connect(self._on_form_edited)
        self.sharing.said.connect(self._on_sharing_said)
        self.services_page.said.connect(self._on_sharing_said)
        for page in (self.services_page, self.sources_page, self.maintenance_page):
            page.changed.connect(self._on_page_changed)
        self.sources_page.renamed.connect(self._on_sources_page_renamed)
        self.services_page.renamed.connect(self._on_services_page_renamed)

        self.load(loaded)
        self.resize(720, 640)
        when_done(backend.autostart_enabled(), self, self._on_backend_autostart_read)
        when_done(backend.keyring_problem(), self, self._on_backend_keyring_checked)

    # --- state --------------------------------------------------------------------------

    @property
    def loaded(self) -> LoadedConfig:
        """The config as last read or saved: what a save is compared with."""
        return self._loaded

    @property
    def pending_secret_names(self) -> list[str]:
        """The keyring names of the secrets typed but not yet stored."""
        return sorted(self._typed_secrets())

    def _typed_secrets(self) -> dict[str, str]:
        """The secret values typed in the services, the sources and the tables' forms."""
        typed = dict(self._pending)
        for form in self.forms.values():
            typed |= form.pending_secrets()
        return typed

    def load(self, loaded: LoadedConfig) -> None:
        """Show ``loaded``'s settings, dropping every edit."""
        self._loaded = loaded
        for name, form in self.forms.items():
            form.load(getattr(loaded.config, name, None))
        self._pending.clear()
        self.services_page.load(loaded.config.services)
        self.sources_page.load(loaded.config.sources)
        self.maintenance_page.load(loaded.config.maintenance)
        self._show_config_problems()
        self._say("")

    def config_problems(self) -> list[str]:
        """What the whole config finds wrong between the services and the sources, in the
        loader's words (``services[1].remote[0].source: service 'Shop': no source named…``)."""
        data = {"sources": self.sources_page.entries, "services": self.services_page.entries}
        data["maintenance"] = self.maintenance_page.entries
        try:
            Config.model_validate(data)
        except ValidationError as error:
            return problem_lines(error)
        return []

    def _show_config_problems(self) -> None:
        text = "\n".join(self.config_problems())
        if text:
            text += "\n" + _("Not saved until this is put right.")
        # A source's row names the services that name it.
        self.sources_page.refresh()
        for page in (self.services_page, self.sources_page, self.maintenance_page):
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
        self.sharing.import_services(path)

    def export_services(self, path: Path) -> None:
        """Write the services, as edited, and the sources they name to a TOML file at ``path``."""
        self.sharing.export_services(path)

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
        services, sources = self.services_page.entries, self.sources_page.entries
        taken = secret_refs([*services, *sources])
        for name, form in self.forms.items():
            # A new secret of a table's (the outside token) never takes a service's name.
            form.reserve_secrets(taken)
            if form.validate() is None:
                wrong.append(name)
            values = form.data()
            if values or name in self._loaded.config.model_fields_set:
                data[name] = values
        if wrong:
            self._select_tab(table_tab(wrong[0]))
            self._say(_("Not saved: correct the fields marked first."))
            return None
        if services:
            data["services"] = services
        if sources:
            data["sources"] = sources
        if maintenance := self.maintenance_page.entries:
            data["maintenance"] = maintenance
        try:
            return Config.model_validate(data)
        except ValidationError as error:
            self._say(not_saved(problem_lines(error)))
            return None

    def save(self) -> None:
        """Check and save everything; :attr:`saved` is emitted once the file is written."""
        if self._busy:
            return
        config = self.build_config()
        if config is None:
            return
        refs = config_secret_refs(config)
        secrets = {ref: value for ref, value in self._typed_secrets().items() if ref in refs}
        if secrets and self._secrets_problem is not None:
            self._say(secrets_refused(self._secrets_problem))
            return
        self._set_busy(True)
        self._say(_("Saving…"))
        future = self._backend.save(self._loaded, config, secrets)
        when_done(future, self, self._on_backend_saved)

    def _select_tab(self, title: str) -> None:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title.replace("&", ""):
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
                _(
                    "{file} changed on disk since this dialog opened: reload it, or save over it."
                ).format(file=self._loaded.path.name),
                conflict=True,
            )
            return
        if isinstance(error, SecretsUnavailable):
            self._say(secrets_refused(str(error)))
            return
        if error is not None:
            self._say(save_failed(error, self._loaded.path))
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
                _("Saved, but starting at login could not be changed: {error} ({kind}).").format(
                    error=outcome.error, kind=type(outcome.error).__name__
                )
            )
            return
        self._autostart_initial = self.autostart_box.isChecked()
        self.accept()

    def _on_backend_autostart_read(self, outcome: Outcome) -> None:
        if outcome.ok:
            self._autostart_initial = bool(outcome.value)
            self.autostart_box.setChecked(self._autostart_initial)
            self.autostart_box.setEnabled(True)
            self.autostart_box.setToolTip(_("Start trayapp when you log in to this computer."))
        else:
            self.autostart_box.setToolTip(
                _("Cannot tell whether trayapp starts at login: {error}").format(
                    error=outcome.error
                )
            )
        self.autostart_box.setAccessibleDescription(self.autostart_box.toolTip())

    def _on_backend_keyring_checked(self, outcome: Outcome) -> None:
        self._secrets_problem = outcome.value if outcome.ok else str(outcome.error)
        for page in (self.services_page, self.sources_page):
            page.secrets_problem = self._secrets_problem
        for form in self.forms.values():
            form.set_secrets_problem(self._secrets_problem)

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
            self._say(renamed_in_remote(old, new, count))

    @Slot(str, str)
    def _on_services_page_renamed(self, old: str, new: str) -> None:
        """Follow a renamed service in the maintenance windows that name it."""
        if self.maintenance_page.follow_rename(old, new):
            self._show_config_problems()

    @Slot()
    def _on_reload_button_clicked(self) -> None:
        self._set_busy(True)
        when_done(self._backend.load(self._loaded.path), self, self._on_backend_reloaded)

    def _on_backend_reloaded(self, outcome: Outcome) -> None:
        self._set_busy(False)
        if outcome.ok:
            self.load(outcome.value)
            self._say(_("Reloaded {file} from disk.").format(file=self._loaded.path.name))
        else:
            self._say(_("Could not reload:\n{error}").format(error=outcome.error), conflict=True)

    @Slot()
    def _on_overwrite_button_clicked(self) -> None:
        self._set_busy(True)
        when_done(
            self._backend.load(self._loaded.path), self, self._on_backend_loaded_for_overwrite
        )

    def _on_backend_loaded_for_overwrite(self, outcome: Outcome) -> None:
        self._set_busy(False)
        if not outcome.ok:
            self._say(
                _("Could not read the file on disk:\n{error}").format(error=outcome.error),
                conflict=True,
            )
            return
        # Saving against what is on disk now writes what this dialog shows, and keeps the
        # file's comments as they are now.
        self._loaded = outcome.value
        self.save()

    @Slot(str)
    def _on_sharing_said(self, text: str) -> None:
        self._say(text)


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
