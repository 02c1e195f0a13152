"""Forms generated from the config model: one editor a field, read from the field itself.

A form (:class:`ModelForm`) walks a pydantic model's fields and makes an editor for each from
its type annotation, its default and its bounds; the field's description is the tooltip. A key
added to :mod:`trayapp.core.config.model` appears in the settings dialog with no second list
to keep::

    bool                         check box
    Duration (float, "30s")      line edit, read by the model's own duration parser
    int with ge/le bounds        spin box within the bounds
    Literal[...]                 combo box (a single-choice Literal is fixed: no editor)
    str, URLs, hosts             line edit; with values the owner offers (a service's
                                 group), an editable drop-down list of them
    StatusRanges, QuietHours     line edit ("200-399", "22:00-07:00")
    list[str]                    one entry a line
    SecretRef                    a password-style line; what is typed goes to the keyring,
                                 the field holds only its name there
    dict[str, str | SecretRef]   a table of headers, each value plain or kept as a secret
    list[Model]                  a table, one row an entry, one column a field (of the kinds
                                 above, text or one of a few); the owner may offer a column's
                                 values (a service's remote: the configured sources)
    X | None                     as X; left empty, the key is left out (unset)

Validation is the model's: the owner builds the model from :meth:`ModelForm.data` with
``model_validate`` and hands the errors, in the loader's words (:func:`place_problems`), to
:meth:`ModelForm.show_problems`, which puts each under its field.

The face of the package: callers import from here, not from its modules::

    spec       what a field is and how it is presented, read from the model: no Qt
    editors    the editor of each kind of value, a QWidget each
    secret     the editor of a secret on its own, kept in the keyring
    tables     the editors of tables: request headers, a list of tables
    form       the form of one model
"""

from __future__ import annotations

from trayapp.ui.forms.editors import FieldEditor, name_widgets, without_mnemonic
from trayapp.ui.forms.form import ModelForm
from trayapp.ui.forms.secret import SecretEdit
from trayapp.ui.forms.spec import (
    UNSET,
    KeyPath,
    Problems,
    field_label,
    free_name,
    has_editor,
    mnemonic_letter,
    place_problems,
    with_mnemonic,
)
from trayapp.ui.forms.tables import HeadersEdit, RowsEdit, SecretNamer

__all__ = [
    "UNSET",
    "FieldEditor",
    "HeadersEdit",
    "KeyPath",
    "ModelForm",
    "Problems",
    "RowsEdit",
    "SecretEdit",
    "SecretNamer",
    "field_label",
    "free_name",
    "has_editor",
    "mnemonic_letter",
    "name_widgets",
    "place_problems",
    "with_mnemonic",
    "without_mnemonic",
]
