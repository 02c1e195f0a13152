"""The picker that saves: what is chosen goes into config.toml at once.

The tray opens it on the first run and from its menu's "Add services…" while there are no
services; there is no settings dialog around it to save later. :class:`ConfigPicker` saves
through the settings dialog's own backend
(:class:`~trayapp.ui.settings.backend.SettingsBackend`), on the runtime's thread: it reads
the file again (so that it adds to what is on disk now, however it was edited meanwhile),
appends the chosen services, and saves with the dialog's code, which keeps the file's
comments and layout and creates the file when there is none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from trayapp.core.config import Config, ConfigError, LoadedConfig, Service
from trayapp.core.i18n import _
from trayapp.ui.catalog.picker import CatalogPicker
from trayapp.ui.futures import Outcome, when_done

if TYPE_CHECKING:
    from trayapp.ui.settings.backend import SettingsBackend

__all__ = ["ConfigPicker", "with_services"]


def with_services(config: Config, services: Sequence[Service]) -> Config:
    """``config`` with ``services`` added after its own, but for those whose name it has."""
    names = {service.name.strip().casefold() for service in config.services}
    added = [s for s in services if s.name.strip().casefold() not in names]
    return config.model_copy(update={"services": [*config.services, *added]})


class ConfigPicker(CatalogPicker):
    """A :class:`~trayapp.ui.catalog.picker.CatalogPicker` for ``loaded``'s config that saves
    what is chosen into its file, and closes once it is saved.

    Args:
        loaded: The config in use: its services are "already watched"; its file is saved.
        backend: Reads the catalogue, reads and saves the file (off the GUI thread).

    Signals:
        saved(object): the :class:`~trayapp.core.config.LoadedConfig` just saved; the app
            reloads the monitor with it.
    """

    saved = Signal(object)

    def __init__(
        self, loaded: LoadedConfig, backend: SettingsBackend, parent: QWidget | None = None
    ) -> None:
        super().__init__([service.name for service in loaded.config.services], parent)
        self._backend = backend
        self._path = loaded.path
        self.load(backend.catalog())

    def _add(self, services: list[Service]) -> None:
        self.set_busy(True)
        self.message.setText(_("Saving…"))
        self.message.show()
        when_done(
            self._backend.load(self._path),
            self,
            lambda outcome: self._on_backend_loaded(services, outcome),
        )

    def _on_backend_loaded(self, services: list[Service], outcome: Outcome) -> None:
        if not outcome.ok:
            self.say(
                _("Not saved: {path} could not be read:\n{reason}").format(
                    path=self._path, reason=_reason(outcome.error)
                )
            )
            return
        loaded: LoadedConfig = outcome.value
        config = with_services(loaded.config, services)
        future = self._backend.save(loaded, config, {})
        when_done(future, self, lambda saved: self._on_backend_saved(services, saved))

    def _on_backend_saved(self, services: list[Service], outcome: Outcome) -> None:
        if not outcome.ok:
            self.say(_("Not saved: {reason}").format(reason=_reason(outcome.error)))
            return
        self.saved.emit(outcome.value)
        self.chosen.emit(services)
        self.accept()


def _reason(error: BaseException | None) -> str:
    if isinstance(error, ConfigError):
        return "\n".join(str(problem) for problem in error.problems)
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
