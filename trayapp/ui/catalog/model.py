"""The catalogue as the picker lists it: the entries a search found, each with its components.

:class:`CatalogModel` is a tree of two levels: an entry of the catalogue ("AWS"), and under
it its components ("EC2 us-east-1"). Each row has a checkbox; what is ticked is kept by full
name ("AWS EC2 us-east-1"), apart from the rows, so that a tick survives the searches that
hide it: tick GitHub, search for Slack, tick it, and both are chosen. Names already in the
config are shown ticked and disabled, "already watched".

A search (:meth:`CatalogModel.search`) asks :meth:`Catalog.search` for the entries, best
first, and lists under each one the components the query names ("aws ec2 us-east-1" lists
that region alone, expanded); when the query names the entry alone, all its components are
listed, folded. The model is reset, not rebuilt: a row is made only when the view asks for
it, so a search of a catalogue of hundreds of entries and components costs a few
milliseconds.

Columns: the name, the category, and the host of the status page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from trayapp.core.catalog import Catalog, CatalogEntry, Choice, Component
from trayapp.core.i18n import N_, _

__all__ = ["COLUMNS", "CatalogModel", "Found", "components_named", "status_hosts"]

COLUMNS = (N_("Service"), N_("Category"), N_("Status page"))
"""The columns' names (marked: translated where shown)."""

_WORD = re.compile(r"[\w.+-]+")

ModelIndex = QModelIndex | QPersistentModelIndex
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_TAKEN = Qt.ItemFlag.ItemIsSelectable
_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CHECKABLE = _ENABLED | Qt.ItemFlag.ItemIsUserCheckable
_TOP = 0
"""The internal id of an entry's row; a component's is its entry's row plus one."""


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """``text``'s words as the catalogue's search compares them (folded case); remembered,
    as the same names are compared at every key typed."""
    return tuple(_WORD.findall(text.casefold()))


@functools.cache
def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def status_hosts(entry: CatalogEntry) -> set[str]:
    """The hosts of the status pages of ``entry`` and its components, as the list shows them."""
    pages = [entry.status_page, *(c.status_page for c in entry.components if c.status_page)]
    return {_host(page) for page in pages}


@dataclass(frozen=True, slots=True)
class Found:
    """An entry a search found, with the components listed under it."""

    entry: CatalogEntry
    components: tuple[Component, ...]
    named: bool
    """Whether the query named these components (shown unfolded) rather than the entry."""
    names: tuple[str, ...] = ()
    """The components' full names ("AWS EC2 us-east-1"), in order."""

    @classmethod
    def of(cls, entry: CatalogEntry, components: tuple[Component, ...], named: bool) -> Found:
        """``entry`` listed with ``components``."""
        names = tuple(entry.component_name(component) for component in components)
        return cls(entry, components, named, names)

    def name(self, place: int) -> str:
        """The full name of the row at ``place`` (-1: the entry's own)."""
        return self.entry.name if place < 0 else self.names[place]


def components_named(entry: CatalogEntry, words: Sequence[str]) -> tuple[Component, ...]:
    """The components of ``entry`` that ``words`` name: each word starts a word of the
    entry's name (or an alias) or of the component's, and one at least the component's.
    Failing that, those whose words contain each word; () when none does."""
    own = [w for name in (entry.name, *entry.aliases) for w in _words(name)]
    for test in (str.startswith, str.__contains__):
        named = []
        for component in entry.components:
            theirs = _words(component.name)
            if all(any(test(word, w) for word in (*own, *theirs)) for w in words) and any(
                test(word, w) for w in words for word in theirs
            ):
                named.append(component)
        if named:
            return tuple(named)
    return ()


class CatalogModel(QAbstractItemModel):
    """The entries of a catalogue that a search found, their components under them.

    Args:
        taken: The names of the services already in the config (any case): shown ticked,
            disabled, "already watched".

    Signals:
        tickedChanged(): a row was ticked or unticked.
    """

    tickedChanged = Signal()

    def __init__(self, taken: Collection[str] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._catalog = Catalog(())
        self._found: list[Found] = []
        self._ticked: dict[str, Choice] = {}
        self._taken = {name.strip().casefold() for name in taken}
        self._taken_listed: set[str] = set()

    # --- what is listed and chosen

    @property
    def catalog(self) -> Catalog:
        """The catalogue searched."""
        return self._catalog

    def set_catalog(self, catalog: Catalog, query: str = "") -> None:
        """Search ``catalog`` from now on, and list what ``query`` finds in it."""
        self._catalog = catalog
        every = (n for e in catalog for n in (e.name, *map(e.component_name, e.components)))
        self._taken_listed = {name for name in every if self.is_taken(name)}
        self.search(query)

    def search(self, query: str) -> None:
        """List the entries that ``query`` finds, best first (every entry for "")."""
        words = _words(query)
        found = []
        for entry in self._catalog.search(query):
            named = components_named(entry, words) if words and entry.components else ()
            found.append(Found.of(entry, named or entry.components, bool(named)))
        self.beginResetModel()
        self._found = found
        self.endResetModel()

    @property
    def found(self) -> list[Found]:
        """The entries listed, in order, with the components under each."""
        return list(self._found)

    @property
    def chosen(self) -> list[Choice]:
        """What is ticked (and not already watched), in the order it was ticked."""
        return list(self._ticked.values())

    def is_taken(self, name: str) -> bool:
        """Whether a service called ``name`` is already watched."""
        return name.strip().casefold() in self._taken

    def clear_ticks(self) -> None:
        """Untick every row."""
        if self._ticked:
            self._ticked.clear()
            self._changed_all()

    # --- rows

    def entry_at(self, index: ModelIndex) -> tuple[CatalogEntry, Component | None] | None:
        """The entry (and component) of the row at ``index``; None for no row."""
        if not index.isValid():
            return None
        found, place = self._row(index)
        return found.entry, found.components[place] if place >= 0 else None

    def _row(self, index: ModelIndex) -> tuple[Found, int]:
        """What the valid ``index`` shows: its entry, and its component's place (-1: none)."""
        ident = index.internalId()
        if ident == _TOP:
            return self._found[index.row()], -1
        return self._found[ident - 1], index.row()

    def index_of(self, name: str) -> QModelIndex:
        """The index (column 0) of the row of the full name ``name``; invalid when not listed."""
        for row, found in enumerate(self._found):
            if found.entry.name == name:
                return self.index(row, 0)
            if name in found.names:
                return self.index(found.names.index(name), 0, self.index(row, 0))
        return QModelIndex()

    def toggle(self, index: ModelIndex) -> bool:
        """Tick or untick the row at ``index``; False when it cannot be (already watched)."""
        if not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable:
            return False
        state = self.data(index, Qt.ItemDataRole.CheckStateRole)
        ticked = state == Qt.CheckState.Checked
        new = Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked
        return self.setData(index.sibling(index.row(), 0), new, Qt.ItemDataRole.CheckStateRole)

    def _choice(self, index: ModelIndex) -> Choice | None:
        chosen = self.entry_at(index)
        return chosen[0].choice(chosen[1]) if chosen is not None else None

    def _changed_all(self) -> None:
        if self._found:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._found) - 1, 0))
            for row, found in enumerate(self._found):
                if found.components:
                    parent = self.index(row, 0)
                    last = self.index(len(found.components) - 1, 0, parent)
                    self.dataChanged.emit(self.index(0, 0, parent), last)
        self.tickedChanged.emit()

    # --- QAbstractItemModel

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here, not with hasIndex(), which calls back into rowCount().
        if not 0 <= column < len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._found) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        if row >= len(self._found[parent.row()].components):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._found)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._found[parent.row()].components)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        # Asked of every row at each search: kept to lookups of what was made beforehand.
        if not index.isValid():
            return _NO_FLAGS
        found, place = self._row(index)
        if found.name(place) in self._taken_listed:
            return _TAKEN  # shown, ticked, not enabled
        return _CHECKABLE if index.column() == 0 else _ENABLED

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        chosen = self.entry_at(index)
        if chosen is None:
            return None
        entry, component = chosen
        found, place = self._row(index)
        full = found.name(place)
        taken = full in self._taken_listed
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            ticked = taken or full in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                shown = component.name if component is not None else entry.name
                # Translators: a service of the catalogue that the config already has.
                return _("{name} (already watched)").format(name=shown) if taken else shown
            if column == 1:
                return entry.category if component is None else ""
            page = component.status_page if component is not None else None
            return _host(page or entry.status_page)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            # Translators: a service of the catalogue that the config already has, as a screen
            # reader says it.
            return _("{name}, already watched").format(name=full) if taken else full
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(entry.choice(component), taken)
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        choice = self._choice(index)
        if (
            choice is None
            or role != Qt.ItemDataRole.CheckStateRole
            or index.column() != 0
            or self.is_taken(choice.name)
        ):
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._ticked[choice.name] = choice
        else:
            self._ticked.pop(choice.name, None)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.tickedChanged.emit()
        return True


def _tooltip(choice: Choice, taken: bool) -> str:
    # Translators: what a service of the catalogue checks: its address.
    lines = [choice.name, _("checks {url}").format(url=choice.url)]
    if choice.status_page is not None:
        if choice.status_component:
            # Translators: a status page, and the component of it that the service reads.
            page = _("status page {url} ({component})").format(
                url=choice.status_page, component=choice.status_component
            )
        else:
            page = _("status page {url}").format(url=choice.status_page)
        lines.append(page)
    if taken:
        lines.append(_("already watched"))
    return "\n".join(lines)
