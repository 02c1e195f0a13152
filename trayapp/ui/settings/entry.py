"""The dialog that edits one entry of the config's lists of tables: a service, a source.

:class:`EntryEditor` edits one entry in a dialog opened with ``open()``: the loader's messages
under its fields, the secret values typed kept apart until the settings dialog stores them,
and "Test now", which runs the entry once without saving. An editor of one kind
(:class:`~trayapp.ui.settings.editor.ServiceEditor`,
:class:`~trayapp.ui.settings.sources.SourceEditor`) says only what is its own: its fields,
how its entry is built, tested and described.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from concurrent.futures import Future
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import Config, format_duration
from trayapp.core.i18n import _
from trayapp.ui.forms import HeadersEdit, Problems, free_name
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.settings.backend import SettingsBackend

__all__ = ["EntryEditor", "EntryT", "secret_name"]


class _Entry(Protocol):
    """What a list of entries needs of one (a service, a source): its name, and a copy."""

    @property
    def name(self) -> str: ...

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with the values of ``update`` in place of its own."""


EntryT = TypeVar("EntryT", bound=_Entry)
"""An entry of one of the config's lists: a service or a source."""


class EntryEditor(QDialog, Generic[EntryT]):
    """Edits one entry of a list of the config (or a new one): a service, a source.

    When the user presses OK and the entry is valid, :attr:`entry` holds it, :attr:`secrets`
    the secret values typed, and the dialog is accepted. A subclass builds its fields, hands
    them to :meth:`_lay_out` and connects their ``edited`` to :meth:`_on_form_edited`; it says
    how its entry is built (:meth:`build`), tested (:meth:`_test`) and described
    (:meth:`_describe`), and sets the class attributes below: its texts in English, marked
    with ``N_`` (translated where shown).

    Args:
        editing: Whether an entry is edited; else a new one is added.
        backend: For "Test now".
        config: The settings around the entry: the defaults it inherits, the network.
        taken_names: The names of the other entries of the list.
        reserved_secrets: Keyring names used elsewhere: never overwritten from here.
        pending_secrets: Secret values typed earlier in the settings dialog, not yet stored.
        secrets_problem: Why secrets cannot be stored here, if they cannot.
    """

    noun: ClassVar[str]
    """What an entry is called in the config (``service``): a new secret's name, when the
    entry has none yet."""
    add_title: ClassVar[str]
    """The window's title for a new entry ("Add a service")."""
    edit_title: ClassVar[str]
    """The window's title for an entry edited ("Edit service")."""
    name_taken: ClassVar[str]
    """What is wrong with a name another entry has ("another service is called '{name}'")."""
    test_tip: ClassVar[str]
    """The tooltip of Test now: what it does."""
    test_placeholder: ClassVar[str]
    """What the test's result shows before a test."""
    test_running: ClassVar[str]
    """What the test's result shows while the test runs."""
    result_lines: ClassVar[int]
    """How many lines of the test's result show at once."""

    def __init__(
        self,
        *,
        editing: bool,
        backend: SettingsBackend,
        config: Config,
        taken_names: Collection[str],
        reserved_secrets: Collection[str],
        pending_secrets: Mapping[str, str] | None,
        secrets_problem: str | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_(self.edit_title) if editing else _(self.add_title))
        self._backend = backend
        self._config = config
        self._taken_names = list(taken_names)
        self._reserved = set(reserved_secrets)
        self._earlier_secrets = dict(pending_secrets or {})
        self._secrets_problem = secrets_problem
        self.entry: EntryT | None = None
        """The edited entry, once OK was pressed and it is valid."""
        self.secrets: dict[str, str] = {}
        """Secret values typed in this editor, by keyring name, once OK was pressed."""

        self.test_button = QPushButton(_("Test &now"))
        self.test_button.setAutoDefault(False)
        self.test_button.setToolTip(_(self.test_tip))
        self.test_button.setAccessibleDescription(_(self.test_tip))
        self.test_result = QPlainTextEdit()
        self.test_result.setReadOnly(True)
        self.test_result.setTabChangesFocus(True)
        self.test_result.setPlaceholderText(_(self.test_placeholder))
        self.test_result.setAccessibleName(_("Result of the test"))
        self.test_result.setFixedHeight(self.fontMetrics().lineSpacing() * self.result_lines + 14)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._bottom = QHBoxLayout()
        self._bottom.addWidget(self.test_button)
        self._bottom.addStretch()
        self._bottom.addWidget(self.buttons)

        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    # --- what each kind of entry says

    def build(self, *, show_all: bool = True) -> EntryT | None:
        """The entry as edited, or None with every problem shown by its field."""
        raise NotImplementedError

    def _typed_name(self) -> str:
        """The entry's name as typed so far, without the spaces around it."""
        raise NotImplementedError

    def _typed_secrets(self) -> dict[str, str]:
        """The secret values typed in this editor, by the keyring names chosen for them."""
        raise NotImplementedError

    def _test(self, entry: EntryT, secrets: Mapping[str, str]) -> Future[Any]:
        """Start running ``entry`` once; ``secrets`` are looked up before the keyring."""
        raise NotImplementedError

    def _describe(self, found: Any) -> str:
        """What a test found (the value of :meth:`_test`'s future), for people."""
        raise NotImplementedError

    # --- what they share

    def _lay_out(self, *body: QWidget) -> None:
        """Place ``body`` (its last part takes the height left) above the test's result and
        the buttons."""
        layout = QVBoxLayout(self)
        for part in body[:-1]:
            layout.addWidget(part)
        layout.addWidget(body[-1], 1)
        layout.addWidget(self.test_result)
        layout.addLayout(self._bottom)

    def _name_problems(self, data: Mapping[str, Any]) -> Problems:
        """The problem with the name in ``data``: another entry of the list has it."""
        name = str(data.get("name", "")).strip()
        if name and name.casefold() in {t.strip().casefold() for t in self._taken_names}:
            return [(("name",), _(self.name_taken).format(name=name))]
        return []

    def _own_headers(self, headers: HeadersEdit) -> None:
        """Have ``headers`` name a new secret after the entry (:func:`secret_name`), and say
        why secrets cannot be stored, if they cannot."""
        headers.namer = self._secret_name
        headers.set_secrets_problem(self._secrets_problem)

    def _secret_name(self, header: str, taken: set[str]) -> str:
        return secret_name(self._typed_name() or self.noun, header, taken)

    def _inherited(self) -> dict[str, str]:
        """Grey text for the fields an entry may leave to ``[defaults]``: what it inherits
        (``60s (from General)``), by field name."""
        return {
            # Translators: grey text in an empty field: the value it takes from the General tab.
            name: _("{value} (from General)").format(
                value=format_duration(value) if isinstance(value, float) else value
            )
            for name, value in self._config.defaults.model_dump().items()
        }

    # --- slots

    @Slot()
    def _on_form_edited(self) -> None:
        self.build(show_all=False)

    @Slot()
    def _on_test_button_clicked(self) -> None:
        entry = self.build()
        if entry is None:
            self.test_result.setPlainText(_("Not tested: correct the fields marked first."))
            return
        self.test_button.setEnabled(False)
        self.test_result.setPlainText(_(self.test_running))
        secrets = self._earlier_secrets | self._typed_secrets()
        when_done(self._test(entry, secrets), self, self._on_backend_tested)

    def _on_backend_tested(self, outcome: Outcome) -> None:
        self.test_button.setEnabled(True)
        if outcome.ok:
            self.test_result.setPlainText(self._describe(outcome.value))
        else:
            kind = type(outcome.error).__name__
            self.test_result.setPlainText(
                _("The test could not run: {error} ({kind})").format(error=outcome.error, kind=kind)
            )

    @Slot()
    def _on_buttons_accepted(self) -> None:
        entry = self.build()
        if entry is None:
            return
        self.entry = entry
        self.secrets = self._typed_secrets()
        self.accept()


def secret_name(owner: str, header: str, taken: Collection[str]) -> str:
    """The keyring name of a new secret header: ``Twitter/Authorization``, or ``… (2)``…
    when ``taken`` has it."""
    return free_name(f"{owner}/{header}", taken)
