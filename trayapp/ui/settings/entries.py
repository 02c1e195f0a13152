"""A list of the config's entries (``[[services]]``, ``[[sources]]``): the Services and Sources
tabs of the settings dialog share it.

:class:`EntriesPage` shows the entries in order, with buttons to add, edit, duplicate, remove
and move them, and what the whole config finds wrong under them; each entry is edited in an
:class:`~trayapp.ui.settings.entry.EntryEditor`. A tab of one kind says only what is its own:
how its entries are titled and described, and which editor opens them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Generic

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import Config
from trayapp.core.i18n import N_, _
from trayapp.ui.forms import free_name
from trayapp.ui.labels import error_label, plain_label
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.entry import EntryEditor, EntryT

__all__ = ["EntriesPage", "plain_tooltip"]


_BUTTONS = [
    ("add", N_("&Add…")),
    ("edit", N_("&Edit…")),
    ("duplicate", N_("D&uplicate")),
    ("remove", N_("Re&move")),
    ("up", N_("Move u&p")),
    ("down", N_("Move do&wn")),
]
"""The buttons of every list of entries: (key, text in English, translated where shown)."""


class EntriesPage(QWidget, Generic[EntryT]):
    """A tab of the settings dialog with one list of the config's entries in order, buttons
    to add, edit, duplicate, remove and move them, and what the whole config finds wrong.

    The settings dialog finds what the whole config finds wrong and shows it here
    (:meth:`show_problems`), on ``changed``. A subclass says how an entry is shown in the
    list (:meth:`_title`, :meth:`_tooltip_lines`) and which editor opens it (:meth:`_new_editor`).

    Args:
        backend: For the editors' "Test now".
        noun: What an entry is called in the config (``source``): the list's object name.
        title: What the list is called, for a screen reader ("Sources").
        tips: The tooltips of the buttons, by key (each in the user's language).
        config: The settings a "Test now" uses.
        pending: The settings dialog's secret values typed but not yet stored, by keyring
            name; the values typed in an editor are added to it.
        hint: What the entries are, said above the list; "" for nothing.
        more_buttons: (key, text, tooltip) of buttons of the owner's, after a gap below the
            others, in :attr:`buttons` too.

    Signals:
        changed(): an entry was added, edited, duplicated, removed or moved.
        renamed(str, str): an entry was renamed, from the first name to the second.
    """

    changed = Signal()
    renamed = Signal(str, str)

    def __init__(
        self,
        backend: SettingsBackend,
        *,
        noun: str,
        title: str,
        tips: Mapping[str, str],
        config: Callable[[], Config],
        pending: dict[str, str],
        hint: str = "",
        more_buttons: Sequence[tuple[str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._config = config
        self._pending = pending
        self._entries: list[EntryT] = []
        self._editor: EntryEditor[EntryT] | None = None
        self._editing_row: int | None = None
        self.secrets_problem: str | None = None
        """Why secrets cannot be stored, once the settings dialog knows."""

        self.entry_list = QListWidget()
        self.entry_list.setObjectName(f"{noun}s")
        self.entry_list.setAlternatingRowColors(True)
        self.entry_list.setAccessibleName(title)
        self.buttons: dict[str, QPushButton] = {}
        """The buttons by key: ``add``, ``edit``, ``duplicate``, ``remove``, ``up``, ``down``,
        and the owner's."""
        column = QVBoxLayout()
        for index, (key, text, tip) in enumerate(
            [*((key, _(text), tips[key]) for key, text in _BUTTONS), *more_buttons]
        ):
            if index == len(_BUTTONS):
                column.addSpacing(12)
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            button.setAutoDefault(False)
            column.addWidget(button)
            self.buttons[key] = button
        column.addStretch()
        self.problems = error_label()
        sides = QHBoxLayout()
        sides.addWidget(self.entry_list, 1)
        sides.addLayout(column)
        layout = QVBoxLayout(self)
        if hint:
            layout.addWidget(plain_label(hint))
        layout.addLayout(sides, 1)
        layout.addWidget(self.problems)

        self.buttons["add"].clicked.connect(self._on_add_button_clicked)
        self.buttons["edit"].clicked.connect(self._on_edit_button_clicked)
        self.buttons["duplicate"].clicked.connect(self._on_duplicate_button_clicked)
        self.buttons["remove"].clicked.connect(self._on_remove_button_clicked)
        self.buttons["up"].clicked.connect(self._on_up_button_clicked)
        self.buttons["down"].clicked.connect(self._on_down_button_clicked)
        self.entry_list.itemActivated.connect(self._on_entry_list_item_activated)
        self.entry_list.currentRowChanged.connect(self._on_entry_list_current_row_changed)
        self._update_buttons()

    # --- what each kind of entry says

    def _title(self, entry: EntryT) -> str:
        """The text of ``entry``'s row in the list."""
        raise NotImplementedError

    def _tooltip_lines(self, entry: EntryT) -> list[str]:
        """The lines of the tooltip of ``entry``'s row."""
        raise NotImplementedError

    def _new_editor(self, entry: EntryT | None, others: list[EntryT]) -> EntryEditor[EntryT]:
        """The editor of ``entry`` (None: a new one), among ``others``, the rest of the list."""
        raise NotImplementedError

    # --- state

    @property
    def entries(self) -> list[EntryT]:
        """The entries as edited so far, in order."""
        return list(self._entries)

    def load(self, entries: Sequence[EntryT], *, current: int = 0) -> None:
        """Show ``entries`` in place of those shown, the one at ``current`` selected."""
        self._entries = list(entries)
        self._refresh(current)

    def add_entries(self, entries: Sequence[EntryT]) -> None:
        """Add ``entries`` at the end (imported)."""
        self._entries += entries
        self._refresh(len(self._entries) - 1)
        self.changed.emit()

    def refresh(self) -> None:
        """Show the entries again: what their rows say about the rest of the config may have
        changed."""
        self._refresh(self._current_row())

    def show_problems(self, text: str) -> None:
        """Show ``text`` (what the whole config finds wrong) under the list; "" hides it."""
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    def problem_text(self) -> str:
        """What is shown under the list, "" when nothing is wrong."""
        return self.problems.text()

    # --- editing

    def add_entry(self) -> EntryEditor[EntryT]:
        """Open the editor for a new entry; it is added when the editor is accepted."""
        return self._open_editor(None)

    def edit_entry(self, row: int) -> EntryEditor[EntryT]:
        """Open the editor for the entry at ``row``."""
        return self._open_editor(row)

    def duplicate_entry(self, row: int) -> None:
        """Add a copy of the entry at ``row`` after it, named ``… (2)`` (an entry without a
        name, such as a maintenance window, stays without one)."""
        original = self._entries[row]
        update = {}
        if original.name is not None:
            update["name"] = free_name(original.name, [e.name or "" for e in self._entries])
        self._entries.insert(row + 1, original.model_copy(update=update))
        self._refresh(row + 1)
        self.changed.emit()

    def remove_entry(self, row: int) -> None:
        """Remove the entry at ``row``."""
        del self._entries[row]
        self._refresh(row)
        self.changed.emit()

    def move_entry(self, row: int, by: int) -> None:
        """Move the entry at ``row`` by ``by`` places (-1: up)."""
        target = row + by
        if 0 <= row < len(self._entries) and 0 <= target < len(self._entries):
            self._entries.insert(target, self._entries.pop(row))
            self._refresh(target)
            self.changed.emit()

    def _open_editor(self, row: int | None) -> EntryEditor[EntryT]:
        others = [e for i, e in enumerate(self._entries) if i != row]
        editor = self._new_editor(self._entries[row] if row is not None else None, others)
        editor.accepted.connect(self._on_editor_accepted)
        self._editor, self._editing_row = editor, row
        editor.open()
        return editor

    def _refresh(self, current: int | None = None) -> None:
        self.entry_list.clear()
        for entry in self._entries:
            item = QListWidgetItem(self._title(entry))
            item.setToolTip(plain_tooltip(self._tooltip_lines(entry)))
            self.entry_list.addItem(item)
        if self._entries and current is not None:
            self.entry_list.setCurrentRow(max(0, min(current, len(self._entries) - 1)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Enable the buttons that act on the selected entry when there is one to act on."""
        row = self.entry_list.currentRow()
        chosen = 0 <= row < len(self._entries)
        for key in ("edit", "duplicate", "remove"):
            self.buttons[key].setEnabled(chosen)
        self.buttons["up"].setEnabled(chosen and row > 0)
        self.buttons["down"].setEnabled(chosen and row < len(self._entries) - 1)

    def _current_row(self) -> int | None:
        row = self.entry_list.currentRow()
        return row if 0 <= row < len(self._entries) else None

    # --- slots

    @Slot()
    def _on_editor_accepted(self) -> None:
        editor, row = self._editor, self._editing_row
        if editor is None or editor.entry is None:
            return
        if row is None:
            self._entries.append(editor.entry)
            row = len(self._entries) - 1
        else:
            old = self._entries[row].name
            self._entries[row] = editor.entry
            if old != editor.entry.name:
                self.renamed.emit(old, editor.entry.name)
        self._pending.update(editor.secrets)
        self._editor = self._editing_row = None
        self._refresh(row)
        self.changed.emit()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.add_entry()

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        if (row := self._current_row()) is not None:
            self.edit_entry(row)

    @Slot(QListWidgetItem)
    def _on_entry_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_edit_button_clicked()

    @Slot(int)
    def _on_entry_list_current_row_changed(self, _row: int) -> None:
        self._update_buttons()

    @Slot()
    def _on_duplicate_button_clicked(self) -> None:
        if (row := self._current_row()) is not None:
            self.duplicate_entry(row)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        if (row := self._current_row()) is not None:
            self.remove_entry(row)

    @Slot()
    def _on_up_button_clicked(self) -> None:
        self.move_entry(self.entry_list.currentRow(), -1)

    @Slot()
    def _on_down_button_clicked(self) -> None:
        self.move_entry(self.entry_list.currentRow(), 1)


def plain_tooltip(lines: Sequence[str]) -> str:
    """A tooltip showing ``lines`` as they are: Qt reads a tooltip that looks like markup as
    rich text, and a name or an address from the config is not markup."""
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"
