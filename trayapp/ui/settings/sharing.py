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
from trayapp.core.text import plural
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
            self.said.emit("Not imported:\n" + "\n".join(str(p) for p in outcome.error.problems))
            return
        if not outcome.ok:
            self.said.emit(f"Not imported: {outcome.error}")
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
            added += f" and {plural(len(sources), 'source')}"
        self.said.emit(f"Imported {added}; save to keep them.")

    def _on_backend_services_written(self, path: Path, outcome: Outcome) -> None:
        if outcome.ok:
            self.said.emit(
                f"Exported {services_count(len(self._services_page.entries))} to {path}."
            )
        else:
            self.said.emit(f"Not exported: {outcome.error}")

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
        chooser = QFileDialog(self._window, title, str(self._folder()))
        chooser.setNameFilters(["TOML files (*.toml)", "All files (*)"])
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if save:
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setDefaultSuffix("toml")
            chooser.selectFile("services.toml")
        else:
            chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        return chooser


def services_count(services: int) -> str:
    """``1 service``, ``2 services``."""
    return plural(services, "service")
