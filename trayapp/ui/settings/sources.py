"""The Sources tab of the settings dialog: the monitoring systems trayapp reads, and their editor.

A source (``[[sources]]``, :class:`~trayapp.core.config.model.Source`) is edited in a form generated
from its model, as a check is, with the loader's messages under its fields. A request header
marked secret is named in the file and its value goes to the keyring when the dialog saves,
as a check's does. :class:`SourcesPage` holds the sources as edited; the settings dialog reads
them when it saves, and follows a renamed source in the services' ``remote``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Future

from pydantic import ValidationError
from PySide6.QtWidgets import QWidget

from trayapp.core.config import Config, Service, Source, secret_refs
from trayapp.core.i18n import N_, _
from trayapp.core.probes import redact_url
from trayapp.core.sources import SourceReading
from trayapp.ui.forms import HeadersEdit, ModelForm, mnemonic_letter, place_problems
from trayapp.ui.labels import plain_label
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.entries import EntriesPage
from trayapp.ui.settings.entry import EntryEditor
from trayapp.ui.settings.keys import scrolled
from trayapp.ui.settings.results import describe_reading

__all__ = ["SOURCES_HINT", "SourceEditor", "SourcesPage"]

SOURCES_HINT = N_(
    "Monitoring systems you already run — Prometheus, Alertmanager, Gatus, Uptime Kuma — "
    "read for what they see from elsewhere."
)
"""What a source is, in English (translated where shown)."""


class SourceEditor(EntryEditor[Source]):
    """Edits one source (or a new one, when ``source`` is None).

    Opened by the Sources tab with ``open()``; when the user presses OK and the source is
    valid, :attr:`entry` holds it and the dialog is accepted.

    Args:
        source: The source to edit; None for a new one.
        backend: For "Test now".
        config: The settings around the source: the defaults it inherits, the network.
        taken_names: The names of the other sources.
        reserved_secrets: Keyring names used elsewhere: never overwritten from here.
        pending_secrets: Secret values typed earlier in the settings dialog, not yet stored.
        secrets_problem: Why secrets cannot be stored here, if they cannot.
    """

    noun = "source"
    add_title = N_("Add a source")
    edit_title = N_("Edit source")
    name_taken = N_("another source is called '{name}'")
    test_tip = N_("Read the source once, without saving, and show what it says.")
    test_placeholder = N_("Test now shows here what the source says.")
    test_running = N_("Reading…")
    result_lines = 5

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
        super().__init__(
            editing=source is not None,
            backend=backend,
            config=config,
            taken_names=taken_names,
            reserved_secrets=reserved_secrets,
            pending_secrets=pending_secrets,
            secrets_problem=secrets_problem,
            parent=parent,
        )
        self.form = ModelForm(
            Source,
            placeholders={**self._inherited(), "query": "probe_success"},
            shortcuts={k for t in (self.test_button.text(),) if (k := mnemonic_letter(t))},
        )
        self._own_headers(self.headers)
        self.headers.reserved = self._reserved
        self.form.load(source)
        scroll = scrolled(self.form)
        self._lay_out(plain_label(_(SOURCES_HINT)), scroll)

        self.form.edited.connect(self._on_form_edited)
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
        problems += self._name_problems(data)
        self.form.show_problems(problems, show_all=show_all)
        return None if problems else source

    # --- what the editor of any entry asks

    def _typed_name(self) -> str:
        name: str = self.form.editor("name").text()
        return name.strip()

    def _typed_secrets(self) -> dict[str, str]:
        return self.headers.pending_secrets()

    def _test(self, entry: Source, secrets: Mapping[str, str]) -> Future[SourceReading]:
        return self._backend.test_source(entry, self._config, secrets)

    def _describe(self, found: SourceReading) -> str:
        return describe_reading(found)


class SourcesPage(EntriesPage[Source]):
    """The Sources tab: the sources in order, with buttons to add, edit, duplicate, remove and
    move them, and what the whole config finds wrong between them and the services (a source
    removed that a service names).

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

    def __init__(
        self,
        backend: SettingsBackend,
        *,
        services: Callable[[], Sequence[Service]],
        config: Callable[[], Config],
        pending: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            backend,
            noun="source",
            title=_("Sources"),
            tips={
                "add": _("Add a monitoring system to read."),
                "edit": _("Edit the selected source."),
                "duplicate": _("Add a copy of the selected source."),
                "remove": _("Remove the selected source."),
                "up": _("Show this source earlier."),
                "down": _("Show this source later."),
            },
            config=config,
            pending=pending,
            hint=_(SOURCES_HINT),
            parent=parent,
        )
        self._services = services

    def _title(self, entry: Source) -> str:
        return f"{entry.name}    ({entry.kind}, {redact_url(entry.url)})"

    def _tooltip_lines(self, entry: Source) -> list[str]:
        return _source_lines(entry, self._services())

    def _new_editor(self, entry: Source | None, others: list[Source]) -> SourceEditor:
        return SourceEditor(
            entry,
            backend=self._backend,
            config=self._config(),
            taken_names=[s.name for s in others],
            reserved_secrets=secret_refs([*others, *self._services()]),
            pending_secrets=self._pending,
            secrets_problem=self.secrets_problem,
            parent=self,
        )


def _source_lines(source: Source, services: Sequence[Service]) -> list[str]:
    """What the tooltip of a source says: what it is, and which services name it."""
    # Translators: a source's kind (prometheus, gatus, ...) and its address.
    lines = [_("{kind} at {url}").format(kind=source.kind, url=redact_url(source.url))]
    if source.query is not None:
        lines.append(_("query: {query}").format(query=source.query))
    wanted = source.name.casefold()
    naming = [s.name for s in services if any(r.source.casefold() == wanted for r in s.remote)]
    if naming:
        lines.append(_("named in remote by: {services}").format(services=", ".join(naming)))
    if source.services:
        lines.append(_("targets no service names show as services of their own"))
    else:
        lines.append(_("read only for the services that name it"))
    return lines
