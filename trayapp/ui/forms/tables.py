"""The editors of a form's tables: rows the user adds and removes, a row an entry.

:class:`HeadersEdit` edits request headers, a header a row, each value plain or kept in the
keyring as a secret. :class:`RowsEdit` edits a list of small tables (a service's ``remote``),
an entry a row, a field a column, each cell the editor its field gets in a form
(:mod:`~trayapp.ui.forms.editors`). Both are field editors
(:class:`~trayapp.ui.forms.editors.FieldEditor`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import KeyPath, SecretRef
from trayapp.core.i18n import _
from trayapp.ui.forms.editors import PickEdit, as_editor, field_editor
from trayapp.ui.forms.spec import UNSET, field_label, field_spec, free_name, where
from trayapp.ui.labels import error_label

__all__ = ["HeadersEdit", "RowsEdit", "SecretNamer"]


SecretNamer = Callable[[str, set[str]], str]
"""Names a new secret: ``(header name, names taken) -> a name not taken``."""


@dataclass
class _HeaderRow:
    name: QLineEdit
    value: QLineEdit
    secret: QCheckBox
    ref: str | None = None
    """The keyring name of the value this row was loaded with, when it was a secret."""


@dataclass
class _Resolved:
    headers: dict[str, str | SecretRef] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


_RowT = TypeVar("_RowT")


class _TableEdit(QWidget, Generic[_RowT]):
    """A table of rows the user adds and removes, with a button for each under it.

    Add puts a row at the end, with the cursor in its first cell; Remove takes the selected
    row, or the last one when none is. A subclass sets the columns up, and makes a row
    (:meth:`add_row`), one of :attr:`_rows` a row of the table.

    Args:
        labels: The columns' titles.
        add_text: The text of the button that adds a row ("Add header").
        remove_text: The text of the button that removes one.
        most_rows: How many rows show at most before the table scrolls.

    Signals:
        edited(): the user changed, added or removed a row.
    """

    edited = Signal()

    def __init__(
        self, labels: Sequence[str], *, add_text: str, remove_text: str, most_rows: int
    ) -> None:
        super().__init__()
        self._rows: list[_RowT] = []
        self._labels = list(labels)
        self.table = QTableWidget(0, len(labels))
        self.table.setHorizontalHeaderLabels(list(labels))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(height * 3 + 30)
        self.table.setMaximumHeight(height * most_rows + 30)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.table)
        self._layout.addLayout(buttons)
        # Tab goes through the cells themselves: the table would be a stop of its own.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._order_focus()

    def add_row(self) -> int:
        """Add a row, empty or with the defaults; its index."""
        raise NotImplementedError

    def _name_cell(self, cell: QWidget, column: int, description: str = "") -> None:
        """Give ``cell`` its column's title as its accessible name, and ``description``."""
        cell.setAccessibleName(self._labels[column])
        cell.setAccessibleDescription(description)

    def accessible_parts(self) -> list[QWidget]:
        """What the field's accessible name and description go to: the table as a whole."""
        return [self, self.table]

    def _order_focus(self) -> None:
        """Tab goes through the cells, row by row, then to Add and Remove; the label's
        shortcut to the first cell (to Add while there is none)."""
        cells = []
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                cell = self.table.cellWidget(row, column)
                if cell is None:
                    continue
                for widget in [cell, *cell.findChildren(QWidget)]:
                    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                        cells.append(widget)
                        widget.installEventFilter(self)
                        break
        # The table, first in this widget's focus chain, anchors the order for a moment: Qt
        # orders only widgets that take the focus, and cells after the buttons (added later)
        # would otherwise stay there.
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for first, second in itertools.pairwise(
            [self.table, *cells, self.add_button, self.remove_button]
        ):
            QWidget.setTabOrder(first, second)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusProxy(cells[0] if cells else self.add_button)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A cell that takes the focus makes its row the current one: the one Remove takes."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            for row in range(self.table.rowCount()):
                for column in range(self.table.columnCount()):
                    cell = self.table.cellWidget(row, column)
                    if cell is not None and (cell is watched or cell.isAncestorOf(watched)):
                        self.table.setCurrentCell(row, column)
        return super().eventFilter(watched, event)

    def _clear_rows(self) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        self._order_focus()

    def _row_removed(self) -> None:
        """Called once the user has removed a row; the default does nothing."""

    @Slot()
    def _on_add_button_clicked(self) -> None:
        index = self.add_row()
        self.table.cellWidget(index, 0).setFocus()
        self.edited.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self._rows):
            index = len(self._rows) - 1
        if index < 0:
            return
        self.table.removeRow(index)
        del self._rows[index]
        self._order_focus()
        self._row_removed()
        self.edited.emit()


class HeadersEdit(_TableEdit[_HeaderRow]):
    """Request headers, one a row; a value marked secret goes to the keyring, not the file.

    A secret's value is never read back from the keyring: a row loaded with one shows where
    it is kept, and typing replaces it. :meth:`pending_secrets` gives the values typed, by the
    keyring names chosen for them (:attr:`namer` chooses: by default the header's name).

    Signals:
        edited(): the user changed, added or removed a header.
    """

    def __init__(self) -> None:
        super().__init__(
            [_("Header"), _("Value"), _("Secret")],
            add_text=_("Add header"),
            remove_text=_("Remove header"),
            most_rows=5,
        )
        self.namer: SecretNamer = free_name
        self.reserved: set[str] = set()
        """Keyring names used elsewhere: a new value never replaces one of them."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 150)
        self.notice = error_label()
        self._secrets_problem: str | None = None
        self._layout.addWidget(self.notice)

    # --- the FieldEditor protocol

    def value(self) -> Any:
        return self._resolve().headers

    def set_value(self, value: Any) -> None:
        self._clear_rows()
        for name, header in (value or {}).items():
            if isinstance(header, SecretRef):
                self.add_row(name, "", secret=True, ref=header.secret)
            else:
                self.add_row(name, str(header))

    def problem(self) -> str | None:
        return self._resolve().problem

    # --- the rest

    def pending_secrets(self) -> dict[str, str]:
        """Secret values typed here, by the keyring names chosen for them."""
        return self._resolve().pending

    def loaded_refs(self) -> set[str]:
        """The keyring names of the secrets the rows were loaded with."""
        return {row.ref for row in self._rows if row.ref is not None}

    def set_secrets_problem(self, problem: str | None) -> None:
        """Say (under the table, when a row is marked secret) why secrets cannot be kept."""
        self._secrets_problem = problem
        self._update_notice()

    def add_row(
        self, name: str = "", value: str = "", *, secret: bool = False, ref: str | None = None
    ) -> int:
        """Add a header row; its index."""
        row = _HeaderRow(QLineEdit(name), QLineEdit(value), QCheckBox(), ref)
        row.name.setPlaceholderText("Authorization")
        row.secret.setChecked(secret)
        row.secret.setToolTip(_("Keep the value in the system keyring, not in the config file."))
        self._name_cell(row.name, 0)
        self._name_cell(row.value, 1)
        self._name_cell(row.secret, 2, row.secret.toolTip())
        for line in (row.name, row.value):
            line.textEdited.connect(self._on_row_edited)
        row.secret.toggled.connect(self._on_row_secret_toggled)
        index = len(self._rows)
        self._rows.append(row)
        self.table.insertRow(index)
        self.table.setCellWidget(index, 0, row.name)
        self.table.setCellWidget(index, 1, row.value)
        box = QWidget()
        box_layout = QHBoxLayout(box)
        box_layout.setContentsMargins(6, 0, 6, 0)
        box_layout.addWidget(row.secret)
        self.table.setCellWidget(index, 2, box)
        self._style_row(row)
        self._order_focus()
        return index

    def row_widgets(self, index: int) -> tuple[QLineEdit, QLineEdit, QCheckBox]:
        """The name, value and secret editors of row ``index``."""
        row = self._rows[index]
        return row.name, row.value, row.secret

    def _style_row(self, row: _HeaderRow) -> None:
        secret = row.secret.isChecked()
        row.value.setEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
        if secret and row.ref:
            row.value.setPlaceholderText(_("kept in the keyring; type to replace"))
            row.value.setToolTip(_("Kept in the keyring as '{name}'.").format(name=row.ref))
        elif secret:
            row.value.setPlaceholderText(_("the secret value, kept in the keyring"))
            row.value.setToolTip("")
        else:
            row.value.setPlaceholderText("")
            row.value.setToolTip("")
        self._update_notice()

    def _update_notice(self) -> None:
        wanted = self._secrets_problem is not None and any(r.secret.isChecked() for r in self._rows)
        self.notice.setText(
            _(
                "Secrets cannot be stored: {problem}. trayapp never writes a secret in the "
                "config file."
            ).format(problem=self._secrets_problem)
            if wanted
            else ""
        )
        self.notice.setVisible(wanted)

    def _resolve(self) -> _Resolved:
        resolved = _Resolved()
        own = self.loaded_refs()
        allocated: set[str] = set()
        for row in self._rows:
            name, text = row.name.text().strip(), row.value.text()
            if not name and not text:
                continue
            if not row.secret.isChecked():
                resolved.headers[name] = text
                continue
            mine = row.ref is not None and row.ref not in self.reserved | allocated
            if text:
                # A value typed over a secret this row owns replaces it; over one shared with
                # another service (a duplicate's), it gets a name of its own.
                ref = (
                    row.ref
                    if mine and row.ref
                    else self.namer(name, self.reserved | own | allocated)
                )
                resolved.pending[ref] = text
            elif row.ref is not None:
                ref = row.ref
            else:
                resolved.problem = _("type the value of the secret header '{name}'").format(
                    name=name
                )
                continue
            allocated.add(ref)
            resolved.headers[name] = SecretRef(secret=ref)
        return resolved

    @Slot()
    def _on_row_edited(self) -> None:
        self.edited.emit()

    def _row_removed(self) -> None:
        self._update_notice()

    @Slot(bool)
    def _on_row_secret_toggled(self, _checked: bool) -> None:
        for row in self._rows:
            self._style_row(row)
        self.edited.emit()


class RowsEdit(_TableEdit[dict[str, QWidget]]):
    """A list of small tables, one a row, with a column for each field of the entries' model.

    Each cell is the editor its field gets in a form (text, a number, one of a few values); a
    column whose values the owner offers (:meth:`set_choices`) is a drop-down list of them. A
    row left empty is dropped.

    Args:
        item: The model of each entry (:class:`~trayapp.core.config.model.Remote`).
        optional: Whether no entry at all leaves the key out (its default is an empty list).

    Signals:
        edited(): the user changed, added or removed a row.
    """

    def __init__(self, item: type[BaseModel], *, optional: bool) -> None:
        columns = {name: field_spec(name, info) for name, info in item.model_fields.items()}
        labels = [field_label(name, info) for name, info in item.model_fields.items()]
        super().__init__(labels, add_text=_("Add row"), remove_text=_("Remove row"), most_rows=6)
        self.item = item
        self._optional = optional
        self._columns = columns
        self._choices: dict[str, tuple[str, ...]] = {}
        self._placeholders: dict[str, str] = {}
        for column, info in enumerate(item.model_fields.values()):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(_(info.description) if info.description else "")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column in range(len(self._columns) - 1):
            self.table.setColumnWidth(column, 160)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)

    # --- the FieldEditor protocol

    def value(self) -> Any:
        entries = [entry for row in self._rows if (entry := _entry(row))]
        return entries if entries or not self._optional else UNSET

    def set_value(self, value: Any) -> None:
        self._clear_rows()
        for entry in value or []:
            if isinstance(entry, BaseModel):
                entry = {name: getattr(entry, name) for name in self._columns}
            self.add_row(entry)

    def problem(self) -> str | None:
        return None

    def where(self, loc: KeyPath) -> str:
        """``(0, "source")`` gives ``"row 1, source: "``, for messages about one entry."""
        if not loc or not isinstance(loc[0], int):
            return where(loc)
        rest = ".".join(str(part) for part in loc[1:])
        if rest:
            # Translators: before a message about one cell of a table ("row 2, source: ...").
            return _("row {row}, {key}: ").format(row=loc[0] + 1, key=rest)
        return _("row {row}: ").format(row=loc[0] + 1)

    # --- the rest

    def row_widgets(self, index: int) -> dict[str, QWidget]:
        """The editors of row ``index``, by field name."""
        return dict(self._rows[index])

    def set_choices(self, name: str, choices: Sequence[str]) -> None:
        """Offer ``choices`` as the values of column ``name`` (a drop-down list)."""
        self._choices[name] = tuple(choices)
        self.set_value([_entry(row, blanks=True) for row in self._rows])

    def set_placeholder(self, name: str, text: str) -> None:
        """Show ``text`` in the empty cells of column ``name``."""
        self._placeholders[name] = text
        for row in self._rows:
            cell = row[name]
            if isinstance(cell, QLineEdit):
                cell.setPlaceholderText(text)

    def add_row(self, values: Mapping[str, Any] | None = None) -> int:
        """Add a row showing ``values`` (by field name; the defaults where missing); its index."""
        row = {name: self._cell(name) for name in self._columns}
        index = len(self._rows)
        self._rows.append(row)
        self.table.insertRow(index)
        for column, (name, cell) in enumerate(row.items()):
            info = self.item.model_fields[name]
            default = None if info.is_required() else info.get_default(call_default_factory=True)
            cell.blockSignals(True)
            try:
                as_editor(cell).set_value((values or {}).get(name, default))
            finally:
                cell.blockSignals(False)
            self.table.setCellWidget(index, column, cell)
        self._order_focus()
        return index

    def _cell(self, name: str) -> QWidget:
        spec = self._columns[name]
        info = self.item.model_fields[name]
        cell: QWidget
        if name in self._choices:
            cell = PickEdit(self._choices[name], optional=spec.optional)
        else:
            placeholder = self._placeholders.get(name, _("not set") if spec.optional else "")
            cell = field_editor(spec, info.is_required(), placeholder)
        cell.setObjectName(name)
        cell.setToolTip(_(info.description) if info.description else "")
        self._name_cell(cell, list(self._columns).index(name), cell.toolTip())
        cell.edited.connect(self.edited)  # type: ignore[attr-defined]
        return cell


def _entry(row: Mapping[str, QWidget], *, blanks: bool = False) -> dict[str, Any]:
    """One row's values for ``model_validate``; {} for a row left empty.

    With ``blanks``, every column, None where empty: the row as it is shown.
    """
    values = {name: as_editor(cell).value() for name, cell in row.items()}
    if blanks:
        return {name: None if value is UNSET else value for name, value in values.items()}
    if all(value is UNSET or value == "" for value in values.values()):
        return {}
    return {name: value for name, value in values.items() if value is not UNSET}
