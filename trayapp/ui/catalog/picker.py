"""The "What do you depend on?" picker: search the catalogue, tick, add.

People know *what* they depend on ("GitHub, Slack, AWS us-east-1"), not where each one's
status page is. :class:`CatalogPicker` searches the catalogue as the user types (the list is
a :class:`~trayapp.ui.catalog.model.CatalogModel`: entries, their components under them),
keeps what is ticked across searches, and has a line for any other address. Its Add button
says how many services it adds ("Add 3 services"); pressing it emits
:attr:`CatalogPicker.chosen` with the services, as ``[[services]]`` of the config would have
them. What becomes of them is the owner's business: the settings dialog lists them, to be
saved with the rest (:mod:`trayapp.ui.settings.services`);
:class:`~trayapp.ui.catalog.saving.ConfigPicker` saves them at once.

The picker does no I/O: the catalogue comes as a Future from the runtime's thread
(:meth:`CatalogPicker.load`), and the dialog is shown at once, filled when it arrives.

Keyboard: type to search; Down (or Tab) into the list, arrows to move, Space to tick, Enter
to add; typing in the list goes on searching; Up from the first row returns to the search.
"""

from __future__ import annotations

from collections.abc import Collection
from concurrent.futures import Future

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.catalog import Catalog
from trayapp.core.config import Service, describe_errors
from trayapp.core.formats import format_number
from trayapp.core.i18n import N_, _, ngettext
from trayapp.core.vendors import suggest_service
from trayapp.ui.catalog.model import CatalogModel, status_hosts
from trayapp.ui.forms import free_name
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.labels import error_label, plain_label

__all__ = ["TITLE", "CatalogPicker", "add_text", "service_for_address"]

TITLE = N_("What do you depend on?")
"""The dialog's title (marked: translated where shown)."""


def add_text(count: int) -> str:
    """The Add button's words for ``count`` services: "&Add", "&Add 1 service", "&Add 3 …"."""
    if count == 0:
        return _("&Add")
    # Translators: the picker's Add button; keep its & on the same letter as "&Add"'s.
    return ngettext("&Add {count} service", "&Add {count} services", count).format(
        count=format_number(count)
    )


def service_for_address(address: str, catalog: Catalog, taken: Collection[str]) -> Service:
    """The service to watch for an address the user typed: an http check of it, named from
    its host (or the catalogue's entry for its host), with the status page the catalogue or
    trayapp's known vendors give; its name made free of ``taken``'s.

    Raises:
        ValueError: ``address`` is not an http(s) address; the message says why.
    """
    suggestion = suggest_service(address)
    name, page = suggestion.name, suggestion.status_page
    if suggestion.check_url is not None and (entry := catalog.for_url(suggestion.check_url)):
        name, page = entry.name, page or entry.status_page
    table = {"name": free_name(name, taken)}
    if suggestion.check_url is not None:
        table["url"] = suggestion.check_url
    if page is not None:
        table["status_page"] = page
    try:
        return Service.model_validate(table)
    except ValidationError as error:
        said = "; ".join(message for _, message in describe_errors(error))
        # Translators: an address typed in the picker, and what is wrong with it.
        raise ValueError(
            _("{address}: {problem}").format(address=address.strip(), problem=said)
        ) from None


class CatalogPicker(QDialog):
    """Search the catalogue, tick what you depend on (or type an address), add it.

    Args:
        taken: The names of the services already watched: shown ticked and disabled.

    Signals:
        chosen(object): the list of :class:`~trayapp.core.config.Service` to add, on Add.
    """

    chosen = Signal(object)

    def __init__(self, taken: Collection[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_(TITLE))
        self._taken = list(taken)

        heading = plain_label(
            _(
                "Tick the services you depend on: trayapp checks each one from here and reads "
                "what its status page says."
            )
        )
        self.search_field = QLineEdit()
        # Translators: examples of what to search for in the catalogue (names of services).
        self.search_field.setPlaceholderText(_("GitHub, Slack, AWS us-east-1…"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(_("Search the catalogue"))
        self.search_field.setAccessibleDescription(
            _("Type part of a name; press Down to reach the list.")
        )
        search_label = QLabel(_("&Search:"))
        search_label.setBuddy(self.search_field)

        self.model = CatalogModel(taken, self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Services in the catalogue"))
        self.view.setAccessibleDescription(_("Space ticks a service; Enter adds the ticked ones."))
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Sized once from the whole catalogue (_fit_columns), not to the contents at every
        # search: that asks every row of hundreds for its text at each key typed.
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.summary = plain_label(_("Loading the catalogue…"))
        self.summary.setObjectName("summary")

        self.address = QLineEdit()
        self.address.setPlaceholderText("https://intranet.example.com/")
        self.address.setAccessibleName(_("Any other address to watch"))
        self.address.setAccessibleDescription(
            _("A web address that is not in the catalogue: trayapp checks it too.")
        )
        address_label = QLabel(_("Or any &other address:"))
        address_label.setBuddy(self.address)

        self.message = error_label()
        self.message.setObjectName("message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton(add_text(0))
        self.add_button.setEnabled(False)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        # Enter adds, wherever it is pressed; never Cancel, which a button box may make the
        # default while Add is disabled.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.add_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(search_label)
        layout.addWidget(self.search_field)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(address_label)
        layout.addWidget(self.address)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.search_field, self.view)
        self.setTabOrder(self.view, self.address)

        self.search_field.textChanged.connect(self._on_search_field_text_changed)
        self.address.textChanged.connect(self._on_address_text_changed)
        self.model.tickedChanged.connect(self._update_add_button)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.search_field.installEventFilter(self)
        self.view.installEventFilter(self)
        self.resize(640, 560)
        self.search_field.setFocus()

    # --- the catalogue

    def load(self, catalog: Future[Catalog]) -> None:
        """Fill the list with the catalogue once ``catalog`` (read off the GUI thread) is in."""
        when_done(catalog, self, self._on_catalog_loaded)

    def set_catalog(self, catalog: Catalog) -> None:
        """List ``catalog``, searched for what is typed."""
        self.model.set_catalog(catalog, self.search_field.text())
        self._fit_columns(catalog)
        self._after_search()

    def _fit_columns(self, catalog: Catalog) -> None:
        metrics = self.view.fontMetrics()
        margin = metrics.horizontalAdvance("MM")
        for column, texts in (
            (1, {entry.category for entry in catalog}),
            (2, {host for entry in catalog for host in status_hosts(entry)}),
        ):
            widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
            header_text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(widest, metrics.horizontalAdvance(header_text)) + margin
            self.view.header().resizeSection(column, min(width, 260))

    def _on_catalog_loaded(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.set_catalog(outcome.value)
        else:
            self.summary.setText(
                _("The catalogue could not be read: {error}").format(error=outcome.error)
            )

    def _after_search(self) -> None:
        """Unfold the entries whose components the query named; say how many were found."""
        found = self.model.found
        for row, item in enumerate(found):
            if item.named:
                self.view.expand(self.model.index(row, 0))
        total, query = len(self.model.catalog), self.search_field.text().strip()
        if not query:
            said = ngettext(
                "{count} service in the catalogue", "{count} services in the catalogue", total
            ).format(count=format_number(total))
        elif found:
            # Translators: how many services of the catalogue a search found, of how many.
            said = ngettext(
                "{found} of {count} service in the catalogue",
                "{found} of {count} services in the catalogue",
                total,
            ).format(found=format_number(len(found)), count=format_number(total))
        else:
            said = _("Nothing called {query}: type its address below instead.").format(
                query=repr(query)
            )
        self.summary.setText(said)
        if found and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))

    # --- what is chosen

    @property
    def count(self) -> int:
        """How many services Add would add: the ticked ones, and the address if one is typed."""
        return len(self.model.chosen) + (1 if self.address.text().strip() else 0)

    def services(self) -> list[Service]:
        """The services chosen: the ticked ones in the order they were ticked, then the
        address's.

        Raises:
            ValueError: The address is not one trayapp can check.
        """
        chosen = [Service.model_validate(c.service_table()) for c in self.model.chosen]
        address = self.address.text().strip()
        if address:
            taken = [*self._taken, *(s.name for s in chosen)]
            chosen.append(service_for_address(address, self.model.catalog, taken))
        return chosen

    def add(self) -> None:
        """Add what is chosen (as the Add button does): :attr:`chosen` is emitted, or the
        message says what is wrong with the address."""
        try:
            services = self.services()
        except ValueError as error:
            self.say(str(error))
            self.address.setFocus()
            return
        if services:
            self._add(services)

    def _add(self, services: list[Service]) -> None:
        """Hand ``services`` over; a picker that saves them first overrides this."""
        self.chosen.emit(services)
        self.accept()

    def say(self, text: str) -> None:
        """Show ``text`` (what went wrong) above the buttons, and let the user act again."""
        self.set_busy(False)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        """While busy (saving), nothing can be ticked, typed or added."""
        for widget in (self.search_field, self.view, self.address):
            widget.setEnabled(not busy)
        self.add_button.setEnabled(not busy and self.count > 0)

    # --- slots

    @Slot(str)
    def _on_search_field_text_changed(self, text: str) -> None:
        self.model.search(text)
        self._after_search()

    @Slot(str)
    def _on_address_text_changed(self, _text: str) -> None:
        self.message.hide()
        self._update_add_button()

    @Slot()
    def _update_add_button(self) -> None:
        count = self.count
        self.add_button.setText(add_text(count))
        self.add_button.setEnabled(count > 0 and self.view.isEnabled())

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.add()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys that carry the user between the search and the list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search_field and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self._enter_list()
            return True
        if watched is self.view:
            current = self.view.currentIndex()
            if key == Qt.Key.Key_Space and current.isValid():
                self.model.toggle(current)
                return True
            if key == Qt.Key.Key_Up and _first(current):
                self.search_field.setFocus()
                return True
            text = event.text()
            if text.isprintable() and text.strip() and not _commanding(event):
                self.search_field.setFocus()
                self.search_field.insert(text)
                return True
        return super().eventFilter(watched, event)

    def _enter_list(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus()


def _first(index: QModelIndex) -> bool:
    return not index.isValid() or (index.row() == 0 and not index.parent().isValid())


def _commanding(event: QKeyEvent) -> bool:
    modifiers = event.modifiers()
    return bool(modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
