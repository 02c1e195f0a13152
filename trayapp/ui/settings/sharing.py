"""Import and Export on the Services tab: services shared through a TOML file.

Import adds the services of a file (a config, or an export), renaming any whose name is taken,
and the sources they name that the config has not (a source of the same name is taken to be
the same one). Export writes the services as edited and the sources they name. The backend
reads and writes the file; nothing reaches config.toml until the settings dialog saves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from trayapp.core.config import ConfigError
from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext
from trayapp.ui.forms import free_name
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.settings.backend import SettingsBackend, SharedServices
from trayapp.ui.settings.services import ServicesPage
from trayapp.ui.settings.sources import SourcesPage

__all__ = ["ServiceSharing", "services_count"]


class ServiceSharing(QObject):
    """Imports and exports the services of the Services tab, on its Import and Export buttons.

    Args:
        backend: Reads and writes the files.
        services_page: The Services tab: its services, its ``import`` and ``export`` buttons.
        sources_page: The Sources tab: the sources an import brings are added to it.
        folder: Where a file chooser starts (the config's folder).
        window: The file choosers' parent (the settings dialog); the owner of this object.

    Signals:
        said(str): what came of an import or an export, in words for the dialog to show.
    """

    said = Signal(str)

    def __init__(
        self,
        backend: SettingsBackend,
        *,
        services_page: ServicesPage,
        sources_page: SourcesPage,
        folder: Callable[[], Path],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._backend = backend
        self._services_page = services_page
        self._sources_page = sources_page
        self._folder = folder
        self._window = window
        services_page.buttons["import"].clicked.connect(self._on_import_button_clicked)
        services_page.buttons["export"].clicked.connect(self._on_export_button_clicked)

    def import_services(self, path: Path) -> None:
        """Add the services of the TOML file at ``path`` (renaming any whose name is taken)."""
        when_done(self._backend.read_services(path), self, self._on_backend_services_read)

    def export_services(self, path: Path) -> None:
        """Write the services, as edited, and the sources they name to a TOML file at ``path``."""
        services = self._services_page.entries
        future = self._backend.write_services(path, services, self._sources_page.entries)
        when_done(future, self, lambda outcome: self._on_backend_services_written(path, outcome))

    def _on_backend_services_read(self, outcome: Outcome) -> None:
        if isinstance(outcome.error, ConfigError):
            problems = "\n".join(str(p) for p in outcome.error.problems)
            self.said.emit(_("Not imported:\n{problems}").format(problems=problems))
            return
        if not outcome.ok:
            self.said.emit(_("Not imported: {error}").format(error=outcome.error))
            return
        shared: SharedServices = outcome.value
        known = {source.name.casefold() for source in self._sources_page.entries}
        # A source of the same name is taken to be the same one: the services name it.
        sources = [s for s in shared.sources if s.name.casefold() not in known]
        if sources:
            self._sources_page.add_entries(sources)
        names = [s.name for s in self._services_page.entries]
        services = []
        for service in shared.services:
            names.append(free_name(service.name, names))
            services.append(service.model_copy(update={"name": names[-1]}))
        self._services_page.add_entries(services)
        added = services_count(len(shared.services))
        if sources:
            count = len(sources)
            # Translators: two counts in one phrase: "2 services and 1 source".
            added = _("{services} and {sources}").format(
                services=added,
                sources=ngettext("{count} source", "{count} sources", count).format(
                    count=format_number(count)
                ),
            )
        # Translators: {added} is "2 services", or "2 services and 1 source".
        self.said.emit(_("Imported {added}; save to keep them.").format(added=added))

    def _on_backend_services_written(self, path: Path, outcome: Outcome) -> None:
        if outcome.ok:
            count = len(self._services_page.entries)
            self.said.emit(
                ngettext(
                    "Exported {count} service to {path}.",
                    "Exported {count} services to {path}.",
                    count,
                ).format(count=format_number(count), path=path)
            )
        else:
            self.said.emit(_("Not exported: {error}").format(error=outcome.error))

    @Slot()
    def _on_import_button_clicked(self) -> None:
        chooser = self._file_dialog(_("Import services"), save=False)
        chooser.fileSelected.connect(self._on_import_chooser_file_selected)
        chooser.open()

    @Slot()
    def _on_export_button_clicked(self) -> None:
        chooser = self._file_dialog(_("Export services"), save=True)
        chooser.fileSelected.connect(self._on_export_chooser_file_selected)
        chooser.open()

    @Slot(str)
    def _on_import_chooser_file_selected(self, name: str) -> None:
        self.import_services(Path(name))

    @Slot(str)
    def _on_export_chooser_file_selected(self, name: str) -> None:
        self.export_services(Path(name))

    def _file_dialog(self, title: str, *, save: bool) -> QFileDialog:
        chooser = QFileDialog(self._window, title, str(self._folder()))
        chooser.setNameFilters([_("TOML files (*.toml)"), _("All files (*)")])
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if save:
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setDefaultSuffix("toml")
            chooser.selectFile("services.toml")
        else:
            chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        return chooser


def services_count(services: int) -> str:
    """``1 service``, ``2 services``, in the user's language."""
    return ngettext("{count} service", "{count} services", services).format(
        count=format_number(services)
    )
