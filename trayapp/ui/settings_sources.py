"""The Sources tab of the settings dialog: the monitoring systems trayapp reads, and their editor.

A source (``[[sources]]``, :class:`~trayapp.core.config.Source`) is edited in a form generated
from its model, as a check is, with the loader's messages under its fields. A request header
marked secret is named in the file and its value goes to the keyring when the dialog saves,
as a check's does. :class:`SourcesPage` holds the sources as edited; the settings dialog reads
them when it saves, and follows a renamed source in the services' ``remote``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping, Sequence

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import Config, Service, Source
from trayapp.core.durations import format_duration
from trayapp.core.probes.text import redact_url
from trayapp.core.secrets import secret_refs
from trayapp.ui.forms import ERROR_STYLE, HeadersEdit, ModelForm, place_problems
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.settings_backend import SettingsBackend
from trayapp.ui.settings_editor import secret_name, unique_name
from trayapp.ui.settings_results import describe_reading

__all__ = ["SOURCES_HINT", "SourceEditor", "SourcesPage", "plain_tooltip"]

SOURCES_HINT = (
    "Monitoring systems you already run — Prometheus, Alertmanager, Gatus, Uptime Kuma — "
    "read for what they see from elsewhere."
)


class SourceEditor(QDialog):
    """Edits one source (or a new one, when ``source`` is None).

    Opened by the Sources tab with ``open()``; when the user presses OK and the source is
    valid, :attr:`source` holds it and the dialog is accepted.

    Args:
        source: The source to edit; None for a new one.
        backend: For "Test now".
        config: The settings around the source: the defaults it inherits, the network.
        taken_names: The names of the other sources.
        reserved_secrets: Keyring names used elsewhere: never overwritten from here.
        pending_secrets: Secret values typed earlier in the settings dialog, not yet stored.
        secrets_problem: Why secrets cannot be stored here, if they cannot.
    """

    def __init__(
        self,
        source: Source | None,
        *,
        backend: SettingsBackend,
        config: Config,
        taken_names: Collection[str] = (),
        reserved_secrets: Collection[str] = (),
        pending_secrets: Mapping[str, str] | None = None,
        secrets_problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit source" if source else "Add a source")
        self._backend = backend
        self._config = config
        self._taken = {name.strip().casefold() for name in taken_names}
        self._earlier_secrets = dict(pending_secrets or {})
        self.source: Source | None = None
        """The edited source, once OK was pressed and it is valid."""
        self.secrets: dict[str, str] = {}
        """Secret values typed in this editor, by keyring name, once OK was pressed."""

        defaults = config.defaults
        self.form = ModelForm(
            Source,
            placeholders={
                "interval": f"{format_duration(defaults.interval)} (from General)",
                "timeout": f"{format_duration(defaults.timeout)} (from General)",
                "query": "probe_success",
            },
        )
        self.headers.namer = self._secret_name
        self.headers.reserved = set(reserved_secrets)
        self.headers.set_secrets_problem(secrets_problem)
        self.form.load(source)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)

        self.test_button = QPushButton("Test &now")
        self.test_button.setAutoDefault(False)
        self.test_button.setToolTip("Read the source once, without saving, and show what it says.")
        self.test_result = QPlainTextEdit()
        self.test_result.setReadOnly(True)
        self.test_result.setPlaceholderText("Test now shows here what the source says.")
        self.test_result.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.test_button)
        bottom.addStretch()
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label(SOURCES_HINT))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.test_result)
        layout.addLayout(bottom)

        self.form.edited.connect(self._on_form_edited)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(680, 640)
        self.form.editor("name").setFocus()

    @property
    def headers(self) -> HeadersEdit:
        """The editor of the source's request headers."""
        editor: HeadersEdit = self.form.editor("headers")
        return editor

    def build(self, *, show_all: bool = True) -> Source | None:
        """The source as edited, or None with every problem shown by its field."""
        data = self.form.data()
        problems = self.form.local_problems()
        source = None
        try:
            source = Source.model_validate(data)
        except ValidationError as error:
            problems += place_problems(error, Source)
        name = str(data.get("name", "")).strip()
        if name and name.casefold() in self._taken:
            problems.append((("name",), f"another source is called {name!r}"))
        self.form.show_problems(problems, show_all=show_all)
        return None if problems else source

    def _secret_name(self, header: str, taken: set[str]) -> str:
        return secret_name(self.form.editor("name").text().strip() or "source", header, taken)

    @Slot()
    def _on_form_edited(self) -> None:
        self.build(show_all=False)

    @Slot()
    def _on_test_button_clicked(self) -> None:
        source = self.build()
        if source is None:
            self.test_result.setPlainText("Not tested: correct the fields marked first.")
            return
        self.test_button.setEnabled(False)
        self.test_result.setPlainText("Reading…")
        secrets = self._earlier_secrets | self.headers.pending_secrets()
        future = self._backend.test_source(source, self._config, secrets)
        when_done(future, self, self._on_backend_tested)

    def _on_backend_tested(self, outcome: Outcome) -> None:
        self.test_button.setEnabled(True)
        if outcome.ok:
            self.test_result.setPlainText(describe_reading(outcome.value))
        else:
            kind = type(outcome.error).__name__
            self.test_result.setPlainText(f"The test could not run: {outcome.error} ({kind})")

    @Slot()
    def _on_buttons_accepted(self) -> None:
        source = self.build()
        if source is None:
            return
        self.source = source
        self.secrets = self.headers.pending_secrets()
        self.accept()


class SourcesPage(QWidget):
    """The Sources tab: the sources in order, with buttons to add, edit, duplicate, remove and
    move them, and what the whole config finds wrong between them and the services.

    Args:
        backend: For the editors' "Test now".
        services: The services as edited: the keyring names they use, the sources they name.
        config: The settings a "Test now" uses.
        pending: The settings dialog's secret values typed but not yet stored, by keyring
            name; the values typed in a source's editor are added to it.

    Signals:
        changed(): a source was added, edited, duplicated, removed or moved.
        renamed(str, str): a source was renamed, from the first name to the second.
    """

    changed = Signal()
    renamed = Signal(str, str)

    def __init__(
        self,
        backend: SettingsBackend,
        *,
        services: Callable[[], Sequence[Service]],
        config: Callable[[], Config],
        pending: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._services = services
        self._config = config
        self._pending = pending
        self._sources: list[Source] = []
        self._editor: SourceEditor | None = None
        self._editing_row: int | None = None
        self.secrets_problem: str | None = None
        """Why secrets cannot be stored, once the settings dialog knows."""

        self.source_list = QListWidget()
        self.source_list.setObjectName("sources")
        self.source_list.setAlternatingRowColors(True)
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for key, text, tip in [
            ("add", "&Add…", "Add a monitoring system to read."),
            ("edit", "&Edit…", "Edit the selected source."),
            ("duplicate", "D&uplicate", "Add a copy of the selected source."),
            ("remove", "Re&move", "Remove the selected source."),
            ("up", "Move u&p", "Show this source earlier."),
            ("down", "Move do&wn", "Show this source later."),
        ]:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            column.addWidget(button)
            self.buttons[key] = button
        column.addStretch()
        self.problems = _plain_label()
        self.problems.setStyleSheet(ERROR_STYLE)
        sides = QHBoxLayout()
        sides.addWidget(self.source_list, 1)
        sides.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain_label(SOURCES_HINT))
        layout.addLayout(sides, 1)
        layout.addWidget(self.problems)

        self.buttons["add"].clicked.connect(self._on_add_button_clicked)
        self.buttons["edit"].clicked.connect(self._on_edit_button_clicked)
        self.buttons["duplicate"].clicked.connect(self._on_duplicate_button_clicked)
        self.buttons["remove"].clicked.connect(self._on_remove_button_clicked)
        self.buttons["up"].clicked.connect(self._on_up_button_clicked)
        self.buttons["down"].clicked.connect(self._on_down_button_clicked)
        self.source_list.itemActivated.connect(self._on_source_list_item_activated)
        self.source_list.currentRowChanged.connect(self._on_source_list_current_row_changed)
        self._refresh()

    # --- state

    @property
    def sources(self) -> list[Source]:
        """The sources as edited so far, in order."""
        return list(self._sources)

    def load(self, sources: Sequence[Source]) -> None:
        """Show ``sources``, dropping every edit."""
        self._sources = list(sources)
        self._refresh(0)

    def add_sources(self, sources: Sequence[Source]) -> None:
        """Add ``sources`` at the end (imported with the services that name them)."""
        self._sources += sources
        self._refresh(len(self._sources) - 1)
        self.changed.emit()

    def refresh(self) -> None:
        """Show the sources again: which services name each may have changed."""
        self._refresh(self._current_row())

    def show_problems(self, text: str) -> None:
        """Show ``text`` (what the whole config finds wrong) under the list; "" hides it."""
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    def problem_text(self) -> str:
        """What is shown under the list, "" when nothing is wrong."""
        return self.problems.text()

    # --- editing

    def add_source(self) -> SourceEditor:
        """Open the editor for a new source; it is added when the editor is accepted."""
        return self._open_editor(None)

    def edit_source(self, row: int) -> SourceEditor:
        """Open the editor for the source at ``row``."""
        return self._open_editor(row)

    def duplicate_source(self, row: int) -> None:
        """Add a copy of the source at ``row`` after it, named ``… (2)``."""
        original = self._sources[row]
        name = unique_name(original.name, [s.name for s in self._sources])
        self._sources.insert(row + 1, original.model_copy(update={"name": name}))
        self._refresh(row + 1)
        self.changed.emit()

    def remove_source(self, row: int) -> None:
        """Remove the source at ``row``; services that name it are then wrong, and say so."""
        del self._sources[row]
        self._refresh(row)
        self.changed.emit()

    def move_source(self, row: int, by: int) -> None:
        """Move the source at ``row`` by ``by`` places (-1: up)."""
        target = row + by
        if 0 <= row < len(self._sources) and 0 <= target < len(self._sources):
            self._sources.insert(target, self._sources.pop(row))
            self._refresh(target)
            self.changed.emit()

    def _open_editor(self, row: int | None) -> SourceEditor:
        others = [s for i, s in enumerate(self._sources) if i != row]
        editor = SourceEditor(
            self._sources[row] if row is not None else None,
            backend=self._backend,
            config=self._config(),
            taken_names=[s.name for s in others],
            reserved_secrets=secret_refs([*others, *self._services()]),
            pending_secrets=self._pending,
            secrets_problem=self.secrets_problem,
            parent=self,
        )
        editor.accepted.connect(self._on_editor_accepted)
        self._editor, self._editing_row = editor, row
        editor.open()
        return editor

    def _refresh(self, current: int | None = None) -> None:
        self.source_list.clear()
        services = self._services()
        for source in self._sources:
            item = QListWidgetItem(f"{source.name}    ({source.kind}, {redact_url(source.url)})")
            item.setToolTip(plain_tooltip(_source_lines(source, services)))
            self.source_list.addItem(item)
        if self._sources and current is not None:
            self.source_list.setCurrentRow(max(0, min(current, len(self._sources) - 1)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.source_list.currentRow()
        chosen = 0 <= row < len(self._sources)
        for key in ("edit", "duplicate", "remove"):
            self.buttons[key].setEnabled(chosen)
        self.buttons["up"].setEnabled(chosen and row > 0)
        self.buttons["down"].setEnabled(chosen and row < len(self._sources) - 1)

    def _current_row(self) -> int | None:
        row = self.source_list.currentRow()
        return row if 0 <= row < len(self._sources) else None

    # --- slots

    @Slot()
    def _on_editor_accepted(self) -> None:
        editor, row = self._editor, self._editing_row
        if editor is None or editor.source is None:
            return
        if row is None:
            self._sources.append(editor.source)
            row = len(self._sources) - 1
        else:
            old = self._sources[row].name
            self._sources[row] = editor.source
            if old != editor.source.name:
                self.renamed.emit(old, editor.source.name)
        self._pending.update(editor.secrets)
        self._editor = self._editing_row = None
        self._refresh(row)
        self.changed.emit()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.add_source()

    @Slot()
    def _on_edit_button_clicked(self) -> None:
        if (row := self._current_row()) is not None:
            self.edit_source(row)

    @Slot(QListWidgetItem)
    def _on_source_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_edit_button_clicked()

    @Slot(int)
    def _on_source_list_current_row_changed(self, _row: int) -> None:
        self._update_buttons()

    @Slot()
    def _on_duplicate_button_clicked(self) -> None:
        if (row := self._current_row()) is not None:
            self.duplicate_source(row)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        if (row := self._current_row()) is not None:
            self.remove_source(row)

    @Slot()
    def _on_up_button_clicked(self) -> None:
        self.move_source(self.source_list.currentRow(), -1)

    @Slot()
    def _on_down_button_clicked(self) -> None:
        self.move_source(self.source_list.currentRow(), 1)


def _source_lines(source: Source, services: Sequence[Service]) -> list[str]:
    """What the tooltip of a source says: what it is, and which services name it."""
    lines = [f"{source.kind} at {redact_url(source.url)}"]
    if source.query is not None:
        lines.append(f"query: {source.query}")
    wanted = source.name.casefold()
    naming = [s.name for s in services if any(r.source.casefold() == wanted for r in s.remote)]
    if naming:
        lines.append(f"named in remote by: {', '.join(naming)}")
    if source.services:
        lines.append("targets no service names show as services of their own")
    else:
        lines.append("read only for the services that name it")
    return lines


def plain_tooltip(lines: Sequence[str]) -> str:
    """A tooltip showing ``lines`` as they are: Qt reads a tooltip that looks like markup as
    rich text, and a name or an address from the config is not markup."""
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setVisible(bool(text))
    return label
