"""The editor of a secret on its own (``[outside] token``): typed here, kept in the keyring.

:class:`SecretEdit` is a field editor (:class:`~trayapp.ui.forms.editors.FieldEditor`) for a
field whose value is a :class:`~trayapp.core.config.SecretRef`. Its value for the model is the
reference only; what is typed is given apart (:meth:`SecretEdit.pending_secrets`), for the
settings dialog to store in the keyring when it saves. A stored value is never read back: the
editor says where it is kept, and typing replaces it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trayapp.core.config import SecretRef
from trayapp.core.i18n import _
from trayapp.ui.forms.spec import UNSET, FieldSpec, free_name
from trayapp.ui.labels import error_label, plain_label

__all__ = ["SecretEdit"]


class SecretEdit(QWidget):
    """A value kept in the OS keyring: a password-style line, what is stored, and Remove.

    The state line says what a save does: "Stored in the keyring as 'globalping'", "Goes to
    the keyring as 'globalping' when you save", or "Not set". Remove leaves the field unset
    (the file no longer names the secret); the keyring keeps the value, which another config
    or an exported service may name, and the state line says so. Without a working keyring
    (:meth:`set_secrets_problem`) a typed value is refused, said under the field.

    Args:
        spec: The field (``secret``): whether it may be left unset, the name a new secret
            gets in the keyring.

    Signals:
        edited(): the user typed, or removed the secret.
    """

    edited = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self._optional = spec.optional
        self.default_name = spec.secret_name
        """The keyring name a new value gets."""
        self.reserved: set[str] = set()
        """Keyring names used elsewhere: a new value never replaces one of them."""
        self._ref: str | None = None
        self._removed: str | None = None
        self._secrets_problem: str | None = None
        self.line = QLineEdit()
        self.line.setEchoMode(QLineEdit.EchoMode.Password)
        # Translators: a button beside a secret's field (the outside network's token).
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(
            _("Stop using the secret: the config file no longer names it.")
        )
        self.remove_button.setAccessibleDescription(self.remove_button.toolTip())
        self.state = plain_label()
        self.state.setObjectName("state")
        self.notice = error_label()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.state)
        layout.addWidget(self.notice)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._on_line_text_edited)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._update()

    # --- the FieldEditor protocol

    def value(self) -> Any:
        ref = self._target()
        return UNSET if ref is None and self._optional else (SecretRef(secret=ref) if ref else "")

    def set_value(self, value: Any) -> None:
        self._ref = value.secret if isinstance(value, SecretRef) else None
        self._removed = None
        self.line.clear()
        self._update()

    def problem(self) -> str | None:
        if self._target() is None and not self._optional:
            return _("type the secret")
        return None

    # --- the rest

    @property
    def stored_name(self) -> str | None:
        """The keyring name the field was loaded with (None: none, or removed)."""
        return self._ref

    def pending_secrets(self) -> dict[str, str]:
        """The value typed, by the keyring name it goes to; {} when nothing was typed."""
        text = self.line.text()
        ref = self._target()
        return {ref: text} if text and ref else {}

    def set_secrets_problem(self, problem: str | None) -> None:
        """Say (under the field, once a value is typed) why secrets cannot be kept."""
        self._secrets_problem = problem
        self._update()

    def _target(self) -> str | None:
        """The keyring name the field refers to as edited: None when it is unset."""
        if self.line.text():
            if self._ref is not None and self._ref not in self.reserved:
                return self._ref
            return free_name(self.default_name, self.reserved)
        return self._ref

    def _update(self) -> None:
        typed = bool(self.line.text())
        ref = self._target()
        if typed:
            state = _(
                "Goes to the keyring as '{name}' when you save; never to the config file."
            ).format(name=ref)
            placeholder = ""
        elif ref is not None:
            state = _("Stored in the keyring as '{name}'. Type to replace it.").format(name=ref)
            placeholder = _("stored in the keyring; type to replace")
        elif self._removed is not None:
            state = _("Not set. The keyring keeps what it stored as '{name}'.").format(
                name=self._removed
            )
            placeholder = _("not set; type to keep one in the keyring")
        else:
            state = _("Not set.")
            placeholder = _("not set; type to keep one in the keyring")
        self.line.setPlaceholderText(placeholder)
        self.state.setText(state)
        self.state.show()
        self.remove_button.setEnabled(ref is not None)
        wanted = typed and self._secrets_problem is not None
        self.notice.setText(
            _(
                "Secrets cannot be stored: {problem}. trayapp never writes a secret in the "
                "config file."
            ).format(problem=self._secrets_problem)
            if wanted
            else ""
        )
        self.notice.setVisible(wanted)

    @Slot()
    def _on_line_text_edited(self) -> None:
        self._update()
        self.edited.emit()

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        self._removed = self._ref or self._removed
        self._ref = None
        self.line.clear()
        self._update()
        self.edited.emit()
