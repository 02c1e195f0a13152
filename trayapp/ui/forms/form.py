"""A form for one pydantic model: a labelled editor and an error line for each field.

:class:`ModelForm` walks the model's fields and makes an editor for each from what
:func:`~trayapp.ui.forms.spec.field_spec` reads of it; the field's description is the tooltip.
Validation is the model's: :meth:`ModelForm.validate` builds the model from
:meth:`ModelForm.data` with ``model_validate`` and puts each of its errors, in the loader's
words (:func:`~trayapp.ui.forms.spec.place_problems`), under its field. A key is only written
when the user set it or the file had it, so a save does not fill the file with defaults.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trayapp.core.config import KeyPath
from trayapp.core.i18n import _
from trayapp.ui.forms.editors import BoolEdit, OfferEdit, as_editor, field_editor, name_widgets
from trayapp.ui.forms.secret import SecretEdit
from trayapp.ui.forms.spec import (
    UNSET,
    FieldSpec,
    Problems,
    field_label,
    field_spec,
    place_problems,
    where,
    with_mnemonic,
)
from trayapp.ui.forms.tables import HeadersEdit, RowsEdit
from trayapp.ui.labels import error_label

__all__ = ["ModelForm"]


class ModelForm(QWidget):
    """A form for one pydantic model: a labelled editor and an error line for each field.

    Args:
        model: The model class whose fields are edited.
        fields: Only these fields (in this order); by default all of them.
        exclude: Fields edited elsewhere (a service's list of checks).
        placeholders: Grey text shown in empty fields, by name ("60s, from General").
        labels: The fields' labels in the owner's words, by name; by default the field's
            title (:func:`~trayapp.ui.forms.spec.field_label`).
        shortcuts: The letters already taken as keyboard shortcuts where the form is shown;
            each label takes one of the rest (and adds it), so that Alt and the letter
            reaches its field.
        offers: Values offered for text fields, by name: each such field may be typed or
            picked from a drop-down list of them (a service's group: the groups in use).

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
        labels: Mapping[str, str] | None = None,
        offers: Mapping[str, Sequence[str]] | None = None,
        shortcuts: set[str] | None = None,
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
        self._help: dict[str, str] = {}
        taken = shortcuts if shortcuts is not None else set()
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form_error = error_label()
        layout.addRow(self.form_error)
        for name in names:
            info = model.model_fields[name]
            spec = field_spec(name, info)
            if spec.kind == "fixed":
                self._fixed[name] = spec.choices[0]
                continue
            if info.is_required():
                self._required.add(name)
            placeholder = (placeholders or {}).get(name, _("not set") if spec.optional else "")
            if spec.kind == "text" and offers is not None and name in offers:
                editor: QWidget = OfferEdit(spec, placeholder, offers[name])
            else:
                editor = _editor(spec, info.is_required(), placeholder)
            editor.setObjectName(name)
            help_text = _(info.description) if info.description else ""
            editor.setToolTip(help_text)
            editor.edited.connect(self._on_editor_edited)  # type: ignore[attr-defined]
            error = error_label()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            text = (labels or {}).get(name) or field_label(name, info)
            if isinstance(editor, BoolEdit):
                editor.setText(with_mnemonic(text, taken))
                layout.addRow("", cell)
            else:
                # Translators: a field's label in a form, before its editor ("Interval:").
                label = QLabel(_("{label}:").format(label=with_mnemonic(text, taken)))
                label.setBuddy(editor)
                label.setToolTip(help_text)
                layout.addRow(label, cell)
            self._help[name] = help_text
            name_widgets(editor, text, help_text)
            for button in editor.findChildren(QPushButton):  # a table's Add and Remove
                button.setText(with_mnemonic(button.text(), taken))
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
                as_editor(editor).set_value(value)
            finally:
                editor.blockSignals(False)
        self._loaded = {name: as_editor(e).value() for name, e in self._editors.items()}
        self._touched.clear()
        self.show_problems([])

    def data(self) -> dict[str, Any]:
        """The values for ``model_validate``: the keys the user set or the entry had."""
        values: dict[str, Any] = dict(self._fixed)
        for name, editor in self._editors.items():
            value = as_editor(editor).value()
            if value is UNSET:
                continue
            if name in self._required or name in self._set or value != self._loaded[name]:
                values[name] = value
        return values

    def pending_secrets(self) -> dict[str, str]:
        """The secret values typed in the form's secret fields, by the keyring names they go
        to (:class:`~trayapp.ui.forms.secret.SecretEdit`)."""
        pending: dict[str, str] = {}
        for editor in self._editors.values():
            if isinstance(editor, SecretEdit):
                pending |= editor.pending_secrets()
        return pending

    def reserve_secrets(self, names: Collection[str]) -> None:
        """Keep the secret fields from giving a new value any of ``names`` (used elsewhere)."""
        for editor in self._editors.values():
            if isinstance(editor, SecretEdit):
                editor.reserved = set(names)

    def set_secrets_problem(self, problem: str | None) -> None:
        """Say, by each secret field, why secrets cannot be kept (None: they can)."""
        for editor in self._editors.values():
            if isinstance(editor, SecretEdit | HeadersEdit):
                editor.set_secrets_problem(problem)

    def local_problems(self) -> Problems:
        """What the editors find wrong that the model cannot see (a secret without a value)."""
        return [
            ((name,), problem)
            for name, editor in self._editors.items()
            if (problem := as_editor(editor).problem()) is not None
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
                say_where = getattr(self._editors[name], "where", where)
                by_field.setdefault(name, []).append(say_where(loc[1:]) + message)
            elif name is None or name not in self._fixed:
                general.append(where(loc) + message)
        for name, label in self._errors.items():
            shown = show_all or name in self._touched
            messages = by_field.get(name, []) if shown else []
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))
            # A screen reader says what is wrong with a field when it reaches it.
            help_text = "\n".join([*messages, self._help[name]]).strip()
            name_widgets(self._editors[name], None, help_text)
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


def _editor(spec: FieldSpec, required: bool, placeholder: str) -> QWidget:
    if spec.kind == "headers":
        return HeadersEdit()
    if spec.kind == "secret":
        return SecretEdit(spec)
    if spec.kind == "rows" and spec.item is not None:
        return RowsEdit(spec.item, optional=spec.optional)
    return field_editor(spec, required, placeholder)
