"""The editors of a form's fields: one QWidget a kind of value, each a :class:`FieldEditor`.

Which editor a field gets is read from the model by :func:`~trayapp.ui.forms.spec.field_spec`;
:func:`field_editor` makes it. An editor shows a value (:meth:`FieldEditor.set_value`), gives
it back for ``model_validate`` (:meth:`FieldEditor.value`), and says ``edited`` when the user
changes it. The editors of tables (request headers, a list of tables) are in
:mod:`~trayapp.ui.forms.tables`.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from trayapp.core.i18n import _
from trayapp.ui.forms.spec import UNSET, FieldSpec

__all__ = [
    "BoolEdit",
    "ChoiceEdit",
    "FieldEditor",
    "IntEdit",
    "LinesEdit",
    "OfferEdit",
    "PickEdit",
    "TextEdit",
    "as_editor",
    "field_editor",
    "name_widgets",
    "without_mnemonic",
]


class FieldEditor(typing.Protocol):
    """What a form (:class:`~trayapp.ui.forms.form.ModelForm`) asks of an editor (each is also a
    QWidget)."""

    def value(self) -> Any:
        """The value for ``model_validate``, or :data:`UNSET`."""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (None: empty)."""

    def problem(self) -> str | None:
        """What is wrong that the model cannot see, or None."""


class BoolEdit(QCheckBox):
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


class TextEdit(QLineEdit):
    """A value written as text; the model reads it (durations, status ranges, URLs).

    Signals:
        edited(): the user changed the text.
    """

    edited = Signal()

    def __init__(self, spec: FieldSpec, placeholder: str) -> None:
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


class OfferEdit(QComboBox):
    """Text the user may type, or pick from the values the owner offers (a service's group:
    the groups other services are in).

    Signals:
        edited(): the user changed the text.
    """

    edited = Signal()

    def __init__(self, spec: FieldSpec, placeholder: str, offers: Sequence[str]) -> None:
        super().__init__()
        self._spec = spec
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(offers))
        self.setCurrentIndex(-1)
        line = self.lineEdit()
        assert line is not None  # an editable combo box has one
        line.setPlaceholderText(placeholder)
        line.textEdited.connect(self.edited)
        self.activated.connect(self.edited)

    def value(self) -> Any:
        text = self.currentText().strip()
        return UNSET if self._spec.optional and not text else text

    def set_value(self, value: Any) -> None:
        self.setEditText("" if value is None else self._spec.to_text(value))

    def problem(self) -> str | None:
        return None


class IntEdit(QSpinBox):
    """A whole number within the field's bounds; below them, "not set" when optional.

    Signals:
        edited(): the user changed the number.
    """

    edited = Signal()

    def __init__(self, spec: FieldSpec, required: bool, placeholder: str) -> None:
        super().__init__()
        # One below the minimum stands for "no value": "not set", or "required" when it is.
        self._blank = spec.minimum - 1 if spec.optional or required else None
        self.setRange(self._blank if self._blank is not None else spec.minimum, spec.maximum)
        if self._blank is not None:
            self.setSpecialValueText(_("required") if required else placeholder or _("not set"))
        self.valueChanged.connect(self.edited)

    def value(self) -> Any:
        number = super().value()
        return UNSET if number == self._blank else number

    def set_value(self, value: Any) -> None:
        self.setValue(self.minimum() if value is None else int(value))

    def problem(self) -> str | None:
        return None


class ChoiceEdit(QComboBox):
    """One of a Literal's values; optional ones start with "default". Each shows as written in
    the file (``True``, ``auto``) unless the owner words it (:meth:`set_choice_texts`).

    Signals:
        edited(): the user picked another value.
    """

    edited = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self._optional = spec.optional
        if spec.optional:
            # Translators: the choice that leaves a setting to its default.
            self.addItem(_("default"), UNSET)
        for choice in spec.choices:
            self.addItem(choice, choice)
        self.activated.connect(self.edited)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        # The entries hold the choices as text: a Literal's True is the entry "True".
        index = self.findData(str(value)) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def problem(self) -> str | None:
        return None

    def set_choice_texts(self, texts: Mapping[str, tuple[str, str]]) -> None:
        """Show the choices in words: by choice as written (``"True"``), (text, tooltip)."""
        for index in range(self.count()):
            data = self.itemData(index)
            if isinstance(data, str) and data in texts:
                text, tip = texts[data]
                self.setItemText(index, text)
                self.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)


class LinesEdit(QPlainTextEdit):
    """A list of strings, one a line; blank lines are dropped.

    Signals:
        edited(): the user changed the text.
    """

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setPlaceholderText(_("one a line"))
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


class PickEdit(QComboBox):
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
            self.addItem(_("not set"), UNSET)
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


def field_editor(spec: FieldSpec, required: bool, placeholder: str) -> QWidget:
    """The editor of a field of one value, or of a list of lines, as ``spec`` says.

    Args:
        spec: What the field is (a table's kinds, ``headers`` and ``rows``, are not made here).
        required: Whether the field has no default: a number then starts as "required".
        placeholder: Grey text shown while the editor is empty.
    """
    if spec.kind == "bool":
        return BoolEdit()
    if spec.kind == "int":
        return IntEdit(spec, required, placeholder)
    if spec.kind == "choice":
        return ChoiceEdit(spec)
    if spec.kind == "lines":
        return LinesEdit()
    return TextEdit(spec, placeholder)


def as_editor(widget: QWidget) -> FieldEditor:
    """``widget``, one of the editors, seen as the :class:`FieldEditor` it is."""
    return typing.cast(FieldEditor, widget)


def without_mnemonic(text: str) -> str:
    """``text`` as a screen reader says it, without its shortcut's mark: ``"&Name"`` gives
    ``"Name"``, ``"A && B"`` gives ``"A & B"``."""
    return re.sub(r"&(.)", r"\1", text)


def name_widgets(editor: QWidget, name: str | None, description: str) -> None:
    """Give ``editor``, and the part of it that takes the focus (a secret's line, an editable
    list's text), the accessible name ``name`` (a field's label; None keeps the name it has)
    and the accessible ``description`` (the field's help)."""
    parts: list[QWidget] = [editor]
    if hasattr(editor, "accessible_parts"):  # a compound editor says which of its parts
        parts = editor.accessible_parts()
    elif (proxy := editor.focusProxy()) is not None:
        parts.append(proxy)
    if isinstance(editor, QComboBox) and (line := editor.lineEdit()) is not None:
        parts.append(line)
    for part in parts:
        if name is not None:
            part.setAccessibleName(without_mnemonic(name))
        part.setAccessibleDescription(description)
