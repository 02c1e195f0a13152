"""Forms generated from the config model: one editor a field, read from the field itself.

:class:`ModelForm` walks a pydantic model's fields and makes an editor for each from its type
annotation, its default and its bounds; the field's description is the tooltip. A key added
to :mod:`trayapp.core.config.model` appears in the settings dialog with no second list to keep::

    bool                         check box
    Duration (float, "30s")      line edit, read by the model's own duration parser
    int with ge/le bounds        spin box within the bounds
    Literal[...]                 combo box (a single-choice Literal is fixed: no editor)
    str, URLs, hosts             line edit
    StatusRanges, QuietHours     line edit ("200-399", "22:00-07:00")
    list[str]                    one entry a line
    dict[str, str | SecretRef]   a table of headers, each value plain or kept as a secret
    list[Model]                  a table, one row an entry, one column a field (of the kinds
                                 above, text or one of a few); the owner may offer a column's
                                 values (a service's remote: the configured sources)
    X | None                     as X; left empty, the key is left out (unset)

Validation is the model's: the owner builds the model from :meth:`ModelForm.data` with
``model_validate`` and hands the errors, in the loader's words
(:func:`place_problems`), to :meth:`ModelForm.show_problems`, which puts each under its
field. A key is only written when the user set it or the file had it, so a
save does not fill the file with defaults.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

import annotated_types
from pydantic import BaseModel, PlainSerializer, ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config.durations import format_duration
from trayapp.core.config.file import describe_errors
from trayapp.core.config.model import QuietHours, SecretRef, StatusRanges
from trayapp.core.config.tomllines import KeyPath
from trayapp.ui.labels import error_label

__all__ = [
    "UNSET",
    "FieldEditor",
    "HeadersEdit",
    "KeyPath",
    "ModelForm",
    "Problems",
    "RowsEdit",
    "field_label",
    "free_name",
    "has_editor",
    "place_problems",
]

Problems = list[tuple[KeyPath, str]]
"""Validation problems: ``(key path relative to the model, message)``."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""What an editor gives for an optional value left empty: the key is left out."""

_WORDS = {"url": "URL", "tls": "TLS", "dns": "DNS", "http": "HTTP", "tcp": "TCP"}


def field_label(name: str) -> str:
    """``verify_tls`` gives ``Verify TLS``."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


# --- what kind of editor a field gets -----------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    kind: Literal["bool", "duration", "int", "choice", "fixed", "text", "lines", "headers", "rows"]
    optional: bool
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int = 2**31 - 1
    to_text: Callable[[Any], str] = str
    short: bool = False
    """A value of a few characters (a duration, "200-399"): a narrow editor."""
    item: type[BaseModel] | None = None
    """The model of each entry of a list of tables."""


_CELL_KINDS = frozenset({"bool", "duration", "int", "choice", "text"})
"""What a column of a list of tables may hold: one small editor a cell."""


def _flatten(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any], bool]:
    """The annotation without ``None`` and ``Annotated``; its metadata; whether it is optional."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata = [*metadata, *(item.metadata if isinstance(item, FieldInfo) else [item])]
        elif origin in (typing.Union, types.UnionType):
            arms = [arm for arm in get_args(annotation) if arm is not type(None)]
            if len(arms) == len(get_args(annotation)) or len(arms) != 1:
                return annotation, metadata, optional
            optional = True
            annotation = arms[0]
        else:
            return annotation, metadata, optional


def _spec(name: str, info: FieldInfo) -> _Spec:
    """What editor ``name`` needs.

    Raises:
        TypeError: no editor fits the field's type: teach this function about it.
    """
    base, metadata, optional = _flatten(info.annotation, list(info.metadata))
    if base is bool:
        return _Spec("bool", optional)
    if any(isinstance(m, PlainSerializer) and m.func is format_duration for m in metadata):
        return _Spec("duration", optional, to_text=format_duration, short=True)
    if base is int:
        low, high = 0, 2**31 - 1
        for m in metadata:
            if isinstance(m, annotated_types.Ge):
                low = int(m.ge)  # type: ignore[call-overload]
            elif isinstance(m, annotated_types.Gt):
                low = int(m.gt) + 1  # type: ignore[call-overload]
            elif isinstance(m, annotated_types.Le):
                high = int(m.le)  # type: ignore[call-overload]
            elif isinstance(m, annotated_types.Lt):
                high = int(m.lt) - 1  # type: ignore[call-overload]
        return _Spec("int", optional, minimum=low, maximum=high)
    if get_origin(base) is Literal:
        choices = tuple(str(arg) for arg in get_args(base))
        kind: Literal["choice", "fixed"] = "fixed" if len(choices) == 1 else "choice"
        return _Spec(kind, optional, choices=choices)
    if base in (StatusRanges, QuietHours):
        return _Spec("text", optional, short=True)
    if base is str:
        return _Spec("text", optional)
    origin = get_origin(base)
    if origin is list and _flatten(get_args(base)[0], [])[0] is str:
        return _Spec("lines", optional)
    if origin is list and _is_table(get_args(base)[0]):
        # An empty list is the default: left empty, the key is left out.
        empty = not info.is_required() and info.get_default(call_default_factory=True) == []
        return _Spec("rows", optional or empty, item=get_args(base)[0])
    if origin is dict and get_args(base)[0] is str:
        values = _flatten(get_args(base)[1], [])[0]
        arms = (
            set(get_args(values))
            if get_origin(values) in (typing.Union, types.UnionType)
            else {values}
        )
        if arms <= {str, SecretRef}:
            return _Spec("headers", optional)
    raise TypeError(f"no editor for the field {name!r} of type {info.annotation!r}")


def _is_table(annotation: Any) -> bool:
    """Whether ``annotation`` is a model whose every field fits in a cell of a table."""
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return False
    for name, info in annotation.model_fields.items():
        try:
            kind = _spec(name, info).kind
        except TypeError:
            return False
        if kind not in _CELL_KINDS:
            return False
    return True


def has_editor(info: FieldInfo, name: str = "") -> bool:
    """Whether :class:`ModelForm` can make an editor for a field like ``info``."""
    try:
        _spec(name, info)
    except TypeError:
        return False
    return True


# --- editors ------------------------------------------------------------------------------


class FieldEditor(typing.Protocol):
    """What :class:`ModelForm` asks of an editor (each is also a QWidget)."""

    def value(self) -> Any:
        """The value for ``model_validate``, or :data:`UNSET`."""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (None: empty)."""

    def problem(self) -> str | None:
        """What is wrong that the model cannot see, or None."""


class _BoolEdit(QCheckBox):
    """A yes or no.

    Signals:
        edited(): the user changed the value.
    """

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.toggled.connect(self.edited)

    def value(self) -> Any:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))

    def problem(self) -> str | None:
        return None


class _TextEdit(QLineEdit):
    """A value written as text; the model reads it (durations, status ranges, URLs).

    Signals:
        edited(): the user changed the text.
    """

    edited = Signal()

    def __init__(self, spec: _Spec, placeholder: str) -> None:
        super().__init__()
        self._spec = spec
        self.setPlaceholderText(placeholder)
        if spec.short:
            self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.textEdited.connect(self.edited)

    def value(self) -> Any:
        text = self.text().strip()
        return UNSET if self._spec.optional and not text else text

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else self._spec.to_text(value))

    def problem(self) -> str | None:
        return None


class _IntEdit(QSpinBox):
    """A whole number within the field's bounds; below them, "not set" when optional.

    Signals:
        edited(): the user changed the number.
    """

    edited = Signal()

    def __init__(self, spec: _Spec, required: bool, placeholder: str) -> None:
        super().__init__()
        # One below the minimum stands for "no value": "not set", or "required" when it is.
        self._blank = spec.minimum - 1 if spec.optional or required else None
        self.setRange(self._blank if self._blank is not None else spec.minimum, spec.maximum)
        if self._blank is not None:
            self.setSpecialValueText("required" if required else placeholder or "not set")
        self.valueChanged.connect(self.edited)

    def value(self) -> Any:
        number = super().value()
        return UNSET if number == self._blank else number

    def set_value(self, value: Any) -> None:
        self.setValue(self.minimum() if value is None else int(value))

    def problem(self) -> str | None:
        return None


class _ChoiceEdit(QComboBox):
    """One of a Literal's values; optional ones start with "default".

    Signals:
        edited(): the user picked another value.
    """

    edited = Signal()

    def __init__(self, spec: _Spec) -> None:
        super().__init__()
        self._optional = spec.optional
        if spec.optional:
            self.addItem("default", UNSET)
        for choice in spec.choices:
            self.addItem(choice, choice)
        self.activated.connect(self.edited)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def problem(self) -> str | None:
        return None


class _LinesEdit(QPlainTextEdit):
    """A list of strings, one a line; blank lines are dropped.

    Signals:
        edited(): the user changed the text.
    """

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setPlaceholderText("one a line")
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.textChanged.connect(self.edited)

    def value(self) -> Any:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setPlainText("\n".join(value or []))
        self.blockSignals(False)

    def problem(self) -> str | None:
        return None


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
        noun: What a row is called, on the buttons (``header``: "Add header").
        most_rows: How many rows show at most before the table scrolls.

    Signals:
        edited(): the user changed, added or removed a row.
    """

    edited = Signal()

    def __init__(self, labels: Sequence[str], *, noun: str, most_rows: int) -> None:
        super().__init__()
        self._rows: list[_RowT] = []
        self.table = QTableWidget(0, len(labels))
        self.table.setHorizontalHeaderLabels(list(labels))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(height * 3 + 30)
        self.table.setMaximumHeight(height * most_rows + 30)
        self.add_button = QPushButton(f"Add {noun}")
        self.remove_button = QPushButton(f"Remove {noun}")
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

    def add_row(self) -> int:
        """Add a row, empty or with the defaults; its index."""
        raise NotImplementedError

    def _clear_rows(self) -> None:
        self.table.setRowCount(0)
        self._rows.clear()

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
        super().__init__(["Header", "Value", "Secret"], noun="header", most_rows=5)
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
        row.secret.setToolTip("Keep the value in the system keyring, not in the config file.")
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
        return index

    def row_widgets(self, index: int) -> tuple[QLineEdit, QLineEdit, QCheckBox]:
        """The name, value and secret editors of row ``index``."""
        row = self._rows[index]
        return row.name, row.value, row.secret

    def _style_row(self, row: _HeaderRow) -> None:
        secret = row.secret.isChecked()
        row.value.setEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
        if secret and row.ref:
            row.value.setPlaceholderText("kept in the keyring; type to replace")
            row.value.setToolTip(f"Kept in the keyring as {row.ref!r}.")
        elif secret:
            row.value.setPlaceholderText("the secret value, kept in the keyring")
            row.value.setToolTip("")
        else:
            row.value.setPlaceholderText("")
            row.value.setToolTip("")
        self._update_notice()

    def _update_notice(self) -> None:
        wanted = self._secrets_problem is not None and any(r.secret.isChecked() for r in self._rows)
        self.notice.setText(
            f"Secrets cannot be stored: {self._secrets_problem}. trayapp never writes a "
            "secret in the config file."
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
                resolved.problem = f"type the value of the secret header {name!r}"
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


def free_name(name: str, taken: Collection[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when ``taken`` has it (ignoring case and the
    spaces around it, as service names and keyring names are compared)."""
    folded = {t.strip().casefold() for t in taken}
    candidate, number = name, 2
    while candidate.strip().casefold() in folded:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


class _PickEdit(QComboBox):
    """One of the values the owner offers (the configured sources). A value loaded that is not
    among them is kept and shown, so that what is wrong with it can be said.

    Signals:
        edited(): the user picked another value.
    """

    edited = Signal()

    def __init__(self, choices: Sequence[str], *, optional: bool) -> None:
        super().__init__()
        self._optional = optional
        if optional:
            self.addItem("not set", UNSET)
        for choice in choices:
            self.addItem(choice, choice)
        self.activated.connect(self.edited)

    def value(self) -> Any:
        if self.currentIndex() < 0:
            return UNSET if self._optional else ""
        return self.currentData()

    def set_value(self, value: Any) -> None:
        if value is None or value is UNSET:
            self.setCurrentIndex(0 if self.count() else -1)
            return
        index = self.findData(value)
        if index < 0:
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def problem(self) -> str | None:
        return None


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
        columns = {name: _spec(name, info) for name, info in item.model_fields.items()}
        labels = [field_label(name) for name in columns]
        super().__init__(labels, noun=item.__name__.lower(), most_rows=6)
        self.item = item
        self._optional = optional
        self._columns = columns
        self._choices: dict[str, tuple[str, ...]] = {}
        self._placeholders: dict[str, str] = {}
        for column, info in enumerate(item.model_fields.values()):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(info.description or "")
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
            return _where(loc)
        rest = ".".join(str(part) for part in loc[1:])
        return f"row {loc[0] + 1}, {rest}: " if rest else f"row {loc[0] + 1}: "

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
                _as_editor(cell).set_value((values or {}).get(name, default))
            finally:
                cell.blockSignals(False)
            self.table.setCellWidget(index, column, cell)
        return index

    def _cell(self, name: str) -> QWidget:
        spec = self._columns[name]
        info = self.item.model_fields[name]
        cell: QWidget
        if name in self._choices:
            cell = _PickEdit(self._choices[name], optional=spec.optional)
        else:
            placeholder = self._placeholders.get(name, "not set" if spec.optional else "")
            cell = _editor(spec, info.is_required(), placeholder)
        cell.setObjectName(name)
        cell.setToolTip(info.description or "")
        cell.edited.connect(self.edited)  # type: ignore[attr-defined]
        return cell


def _entry(row: Mapping[str, QWidget], *, blanks: bool = False) -> dict[str, Any]:
    """One row's values for ``model_validate``; {} for a row left empty.

    With ``blanks``, every column, None where empty: the row as it is shown.
    """
    values = {name: _as_editor(cell).value() for name, cell in row.items()}
    if blanks:
        return {name: None if value is UNSET else value for name, value in values.items()}
    if all(value is UNSET or value == "" for value in values.values()):
        return {}
    return {name: value for name, value in values.items() if value is not UNSET}


def _editor(spec: _Spec, required: bool, placeholder: str) -> QWidget:
    if spec.kind == "bool":
        return _BoolEdit()
    if spec.kind == "int":
        return _IntEdit(spec, required, placeholder)
    if spec.kind == "choice":
        return _ChoiceEdit(spec)
    if spec.kind == "lines":
        return _LinesEdit()
    if spec.kind == "headers":
        return HeadersEdit()
    if spec.kind == "rows" and spec.item is not None:
        return RowsEdit(spec.item, optional=spec.optional)
    return _TextEdit(spec, placeholder)


# --- the form -----------------------------------------------------------------------------


class ModelForm(QWidget):
    """A form for one pydantic model: a labelled editor and an error line for each field.

    Args:
        model: The model class whose fields are edited.
        fields: Only these fields (in this order); by default all of them.
        exclude: Fields edited elsewhere (a service's list of checks).
        placeholders: Grey text shown in empty fields, by name ("60s, from General").

    Signals:
        edited(): the user changed a value.
    """

    edited = Signal()

    def __init__(
        self,
        model: type[BaseModel],
        *,
        fields: Sequence[str] | None = None,
        exclude: Iterable[str] = (),
        placeholders: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        excluded = set(exclude)
        names = [n for n in (fields or model.model_fields) if n not in excluded]
        self._fixed: dict[str, str] = {}
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._required: set[str] = set()
        self._set: set[str] = set()
        self._loaded: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._problems: Problems = []
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form_error = error_label()
        layout.addRow(self.form_error)
        for name in names:
            info = model.model_fields[name]
            spec = _spec(name, info)
            if spec.kind == "fixed":
                self._fixed[name] = spec.choices[0]
                continue
            if info.is_required():
                self._required.add(name)
            placeholder = (placeholders or {}).get(name, "not set" if spec.optional else "")
            editor = _editor(spec, info.is_required(), placeholder)
            editor.setObjectName(name)
            editor.setToolTip(info.description or "")
            editor.edited.connect(self._on_editor_edited)  # type: ignore[attr-defined]
            error = error_label()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            if isinstance(editor, _BoolEdit):
                editor.setText(field_label(name))
                layout.addRow("", cell)
            else:
                label = QLabel(field_label(name) + ":")
                label.setBuddy(editor)
                label.setToolTip(info.description or "")
                layout.addRow(label, cell)
            self._editors[name] = editor
            self._errors[name] = error
        self.load(None)

    @property
    def names(self) -> list[str]:
        """The fields with an editor, in order."""
        return list(self._editors)

    @property
    def fixed(self) -> dict[str, str]:
        """Fields with one possible value (a check's ``type``), always written."""
        return dict(self._fixed)

    def editor(self, name: str) -> Any:
        """The editor of field ``name`` (a QWidget)."""
        return self._editors[name]

    def load(self, instance: BaseModel | None) -> None:
        """Show ``instance``'s values; None shows the model's defaults (a new entry)."""
        self._set = set(instance.model_fields_set) if instance is not None else set()
        for name, editor in self._editors.items():
            info = self.model.model_fields[name]
            if instance is not None:
                value = getattr(instance, name)
            elif info.is_required():
                value = None
            else:
                value = info.get_default(call_default_factory=True)
            editor.blockSignals(True)
            try:
                _as_editor(editor).set_value(value)
            finally:
                editor.blockSignals(False)
        self._loaded = {name: _as_editor(e).value() for name, e in self._editors.items()}
        self._touched.clear()
        self.show_problems([])

    def data(self) -> dict[str, Any]:
        """The values for ``model_validate``: the keys the user set or the entry had."""
        values: dict[str, Any] = dict(self._fixed)
        for name, editor in self._editors.items():
            value = _as_editor(editor).value()
            if value is UNSET:
                continue
            if name in self._required or name in self._set or value != self._loaded[name]:
                values[name] = value
        return values

    def local_problems(self) -> Problems:
        """What the editors find wrong that the model cannot see (a secret without a value)."""
        return [
            ((name,), problem)
            for name, editor in self._editors.items()
            if (problem := _as_editor(editor).problem()) is not None
        ]

    def validate(self, *, show_all: bool = True) -> BaseModel | None:
        """The model from the editors' values, or None with the problems shown."""
        problems = self.local_problems()
        try:
            instance = self.model.model_validate(self.data())
        except ValidationError as error:
            problems += place_problems(error, self.model)
            instance = None
        self.show_problems(problems, show_all=show_all)
        return None if problems else instance

    def show_problems(
        self, problems: Iterable[tuple[KeyPath, str]], *, show_all: bool = True
    ) -> None:
        """Put each problem under its field (only fields the user touched, unless ``show_all``)."""
        self._problems = list(problems)
        by_field: dict[str, list[str]] = {}
        general = []
        for loc, message in self._problems:
            name = loc[0] if loc and isinstance(loc[0], str) else None
            if name in self._errors:
                where = getattr(self._editors[name], "where", _where)
                by_field.setdefault(name, []).append(where(loc[1:]) + message)
            elif name is None or name not in self._fixed:
                general.append(_where(loc) + message)
        for name, label in self._errors.items():
            shown = show_all or name in self._touched
            messages = by_field.get(name, []) if shown else []
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
        self.form_error.setText("\n".join(general) if show_all else "")
        self.form_error.setVisible(bool(general) and show_all)

    def problem_text(self, name: str | None = None) -> str:
        """The message shown under field ``name`` (or for the whole form), "" when none."""
        label = self.form_error if name is None else self._errors[name]
        return label.text()

    @Slot()
    def _on_editor_edited(self) -> None:
        sender = self.sender()
        if sender is not None:
            self._touched.add(sender.objectName())
        self.edited.emit()


def place_problems(error: ValidationError, model: type[BaseModel]) -> Problems:
    """The problems of validating ``model``, in the loader's words, each by its field.

    As :func:`~trayapp.core.config.file.describe_errors`; besides, a rule of the whole model
    that is about one of its fields without saying so (an error named after the field, as a
    service's ``status_component``) goes under that field rather than above the form.
    """
    owners = iter(
        [
            item["type"]
            for item in error.errors()
            if not (*item["loc"], *(item.get("ctx") or {}).get("loc", ()))
        ]
    )
    placed: Problems = []
    for loc, message in describe_errors(error, model):
        if not loc:
            owner = next(owners, None)
            loc = (owner,) if owner in model.model_fields else loc
        placed.append((loc, message))
    return placed


def _as_editor(widget: QWidget) -> FieldEditor:
    return typing.cast(FieldEditor, widget)


def _where(loc: KeyPath) -> str:
    """``("Authorization",)`` gives ``"Authorization: "``, for messages about a part of a field."""
    parts = [str(part) for part in loc]
    return f"{'.'.join(parts)}: " if parts else ""
