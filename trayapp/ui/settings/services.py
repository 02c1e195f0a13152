"""The Services tab of the settings dialog: the services trayapp checks, in order.

Each service is edited in a :class:`~trayapp.ui.settings.editor.ServiceEditor`. Add offers
two ways: from the catalogue of well-known services (the picker,
:class:`~trayapp.ui.catalog.CatalogPicker`, whose services are listed here, to be saved with
the rest) or any address (the editor). Below the list's buttons, Import and Export share
services through a TOML file; the settings dialog does them, as it does every read and write
of a file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMenu, QWidget

from trayapp.core.config import Config, Service, Source, group_names, secret_refs
from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext
from trayapp.ui.catalog import CatalogPicker
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.editor import ServiceEditor
from trayapp.ui.settings.entries import EntriesPage

__all__ = ["ServicesPage"]


class ServicesPage(EntriesPage[Service]):
    """The Services tab: the services in order, with buttons to add, edit, duplicate, remove
    and move them, and ``import`` and ``export`` buttons for the settings dialog to connect.

    Args:
        backend: For the editors' "Test now".
        sources: The sources as edited: the keyring names they use, the names a remote takes.
        config: The settings a "Test now" uses.
        pending: The settings dialog's secret values typed but not yet stored, by keyring
            name; the values typed in a service's editor are added to it.

    Signals:
        changed(): a service was added, edited, duplicated, removed or moved.
        renamed(str, str): a service was renamed, from the first name to the second.
        said(str): what came of adding from the catalogue, in words for the dialog to show.
    """

    said = Signal(str)

    def __init__(
        self,
        backend: SettingsBackend,
        *,
        sources: Callable[[], Sequence[Source]],
        config: Callable[[], Config],
        pending: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            backend,
            noun="service",
            title=_("Services"),
            tips={
                "add": _(
                    "Add services: find them in the catalogue of well-known services, or "
                    "type any address."
                ),
                "edit": _("Edit the selected service."),
                "duplicate": _("Add a copy of the selected service."),
                "remove": _("Remove the selected service."),
                "up": _("Check and show this service earlier."),
                "down": _("Check and show this service later."),
            },
            config=config,
            pending=pending,
            more_buttons=[
                (
                    "import",
                    _("&Import…"),
                    _("Add the services of a TOML file (a config or an export)."),
                ),
                (
                    "export",
                    _("E&xport…"),
                    _("Write the services to a TOML file, to share or keep."),
                ),
            ],
            parent=parent,
        )
        self._sources = sources
        self.picker: CatalogPicker | None = None
        """The catalogue's picker, once opened."""
        self.add_menu = QMenu(self)
        self.add_menu.addAction(_("From the &catalogue…")).triggered.connect(self.add_from_catalog)
        self.add_menu.addAction(_("Any &address…")).triggered.connect(self.add_entry)
        self.buttons["add"].setMenu(self.add_menu)

    def add_from_catalog(self) -> CatalogPicker:
        """Open the catalogue's picker; what it adds is listed here, to be saved with the rest."""
        if self.picker is not None:
            self.picker.deleteLater()  # a child of this tab's: gone with it, or now
        picker = CatalogPicker([entry.name for entry in self._entries], parent=self)
        picker.load(self._backend.catalog())
        picker.chosen.connect(self._on_picker_chosen)
        self.picker = picker
        picker.open()
        return picker

    @Slot(object)
    def _on_picker_chosen(self, services: list[Service]) -> None:
        self.add_entries(services)
        count = len(services)
        self.said.emit(
            ngettext(
                "Added {count} service; save to keep it.",
                "Added {count} services; save to keep them.",
                count,
            ).format(count=format_number(count))
        )

    @Slot()
    def _on_add_button_clicked(self) -> None:
        """Nothing: the Add button opens its menu by itself."""

    def _title(self, entry: Service) -> str:
        count = len(entry.all_checks)
        parts = [_("group: {group}").format(group=entry.group)] if entry.group else []
        parts.append(
            ngettext("{count} check", "{count} checks", count).format(count=format_number(count))
        )
        if entry.status_page:
            parts.append(_("status page"))
        if entry.remote:
            sources = ", ".join(dict.fromkeys(r.source for r in entry.remote))
            parts.append(_("remote: {sources}").format(sources=sources))
        return f"{entry.name}    ({', '.join(parts)})"

    def _tooltip_lines(self, entry: Service) -> list[str]:
        lines = [_("group: {group}").format(group=entry.group)] if entry.group else []
        lines += [f"{check.type}: {check.target}" for check in entry.all_checks]
        if entry.status_page:
            lines.append(_("status page: {url}").format(url=entry.status_page))
        lines += [
            _("remote: {sources}").format(sources=f"{r.source}/{entry.remote_target(r)}")
            for r in entry.remote
        ]
        return lines

    def _new_editor(self, entry: Service | None, others: list[Service]) -> ServiceEditor:
        sources = self._sources()
        return ServiceEditor(
            entry,
            backend=self._backend,
            config=self._config(),
            sources=sources,
            taken_names=[s.name for s in others],
            groups=list(dict.fromkeys(group_names(others).values())),
            reserved_secrets=secret_refs([*others, *sources]),
            pending_secrets=self._pending,
            secrets_problem=self.secrets_problem,
            parent=self,
        )

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.buttons["export"].setEnabled(bool(self._entries))
