"""The editor of one service: its name, address, status page (and the component it follows
there, as a service added from the catalogue may), group, checks, remote, whether it may be
asked about from outside, and timing.

Opened by the Services tab with ``open()``; when the user presses OK and the service is
valid, :attr:`ServiceEditor.entry` holds it and the dialog is accepted. Every field comes from
the config model (:class:`~trayapp.ui.forms.ModelForm`), every message from its validation.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import Future
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import (
    Config,
    DnsCheck,
    HttpCheck,
    PingCheck,
    SecretRef,
    Service,
    Source,
    TcpCheck,
    describe_errors,
)
from trayapp.core.i18n import N_, _
from trayapp.core.models import CheckResult
from trayapp.core.vendors import suggest_service
from trayapp.ui.forms import (
    ModelForm,
    Problems,
    RowsEdit,
    free_name,
    mnemonic_letter,
    place_problems,
    with_mnemonic,
)
from trayapp.ui.labels import plain_label
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.checkforms import CHECK_MODELS, check_form, check_title, ping_note, worded
from trayapp.ui.settings.entry import EntryEditor
from trayapp.ui.settings.keys import focus_chain, scrolled, step_focus, tab_keys
from trayapp.ui.settings.remote import OUTSIDE_WORDS, remote_page
from trayapp.ui.settings.results import describe_results

__all__ = ["CHECK_MODELS", "OUTSIDE_WORDS", "ServiceEditor"]

_MAIN_FIELDS = ("name", "url", "status_page", "status_component", "group")
_REMOTE_FIELDS = ("remote",)
_OUTSIDE_FIELDS = ("outside",)


class ServiceEditor(EntryEditor[Service]):
    """Edits one service (or a new one, when ``service`` is None).

    Opened by the Services tab with ``open()``; when the user presses OK and the service is
    valid, :attr:`entry` holds it and the dialog is accepted.

    Args:
        service: The service to edit; None for a new one.
        backend: For "Test now".
        config: The settings around the service: the defaults it inherits, the network.
        sources: The sources its remote vantage points may name.
        taken_names: The names of the other services.
        groups: The groups the other services are in, offered for this one's.
        reserved_secrets: Keyring names that other services use: never overwritten from here.
        pending_secrets: Secret values typed earlier in the settings dialog, not yet stored.
        secrets_problem: Why secrets cannot be stored here, if they cannot.
    """

    noun = "service"
    add_title = N_("Add a service")
    edit_title = N_("Edit service")
    name_taken = N_("another service is called '{name}'")
    test_tip = N_("Run the checks once, without saving, and show what they find.")
    test_placeholder = N_("Test now shows here what the checks find.")
    test_running = N_("Testing…")
    result_lines = 4

    def __init__(
        self,
        service: Service | None,
        *,
        backend: SettingsBackend,
        config: Config,
        sources: Sequence[Source] = (),
        taken_names: Collection[str] = (),
        groups: Sequence[str] = (),
        reserved_secrets: Collection[str] = (),
        pending_secrets: Mapping[str, str] | None = None,
        secrets_problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            editing=service is not None,
            backend=backend,
            config=config,
            taken_names=taken_names,
            reserved_secrets=reserved_secrets,
            pending_secrets=pending_secrets,
            secrets_problem=secrets_problem,
            parent=parent,
        )
        self._sources = list(sources)
        self._check_forms: list[ModelForm] = []
        self._ping_note: str | None = None  # asked of the system at the first ping check

        self.address = QLineEdit()
        self.address.setPlaceholderText("https://twitter.com/")
        self.address.setToolTip(
            _(
                "Type the address of the service: a name, a check of it and, where one is "
                "known, its status page are filled in."
            )
        )
        self.address.setAccessibleName(_("Address"))
        self.address.setAccessibleDescription(self.address.toolTip())
        self.fill_button = QPushButton(_("&Fill in"))
        self.fill_button.setAutoDefault(False)
        self.fill_button.setAccessibleDescription(
            _("Fill in a name, a check and a status page from the address.")
        )
        self.suggestion = plain_label()
        address_row = QHBoxLayout()
        address_label = QLabel(_("&Address:"))
        address_label.setBuddy(self.address)
        address_row.addWidget(address_label)
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.fill_button)

        tab_titles = [_("&Service"), _("C&hecks"), _("&Remote"), _("&Timing")]
        own = [*tab_titles, address_label.text(), self.fill_button.text(), _("Test &now")]
        self._shortcuts = {letter for text in own if (letter := mnemonic_letter(text))}
        """The letters the window's own shortcuts take: its forms' labels take others."""
        self.main_form = ModelForm(
            Service,
            fields=_MAIN_FIELDS,
            offers={"group": groups},
            shortcuts=set(self._shortcuts),
        )
        self.timing_form = ModelForm(
            Service,
            exclude=(*_MAIN_FIELDS, *_REMOTE_FIELDS, *_OUTSIDE_FIELDS, "checks"),
            placeholders=self._inherited(),
            shortcuts=set(self._shortcuts),
        )
        remote_keys = set(self._shortcuts)
        self.remote_form = ModelForm(Service, fields=_REMOTE_FIELDS, shortcuts=remote_keys)
        self.outside_form = ModelForm(
            Service,
            fields=_OUTSIDE_FIELDS,
            labels={"outside": _("Ask the outside network when it fails")},
            shortcuts=remote_keys,
        )
        self.outside_form.editor("outside").set_choice_texts(worded(OUTSIDE_WORDS))

        self.check_list = QListWidget()
        self.check_list.setMaximumWidth(200)
        self.check_list.setAccessibleName(_("Checks"))
        self.check_stack = QStackedWidget()
        check_scroll = scrolled(self.check_stack)
        check_scroll.viewport().setAutoFillBackground(False)
        self.check_stack.setAutoFillBackground(False)
        self.check_type = QComboBox()
        self.check_type.addItems(list(CHECK_MODELS))
        self.check_type.setToolTip(_("The kind of check to add."))
        self.check_type.setAccessibleName(_("Kind of check"))
        self.check_type.setAccessibleDescription(self.check_type.toolTip())
        self.add_check_button = QPushButton(_("A&dd check"))
        self.remove_check_button = QPushButton(_("Remo&ve check"))
        for button in (self.add_check_button, self.remove_check_button):
            button.setAutoDefault(False)
        check_buttons = QHBoxLayout()
        check_buttons.addWidget(self.check_type)
        check_buttons.addWidget(self.add_check_button)
        check_buttons.addWidget(self.remove_check_button)
        check_buttons.addStretch()
        checks_side = QHBoxLayout()
        checks_side.addWidget(self.check_list)
        checks_side.addWidget(check_scroll, 1)
        checks_page = QWidget()
        checks_layout = QVBoxLayout(checks_page)
        checks_layout.addWidget(
            plain_label(
                _(
                    "The URL of the Service tab is an http check with the defaults; add checks "
                    "here to set more (status codes, headers, body text), to check a port or a "
                    "name, or to ping a host."
                )
            )
        )
        self.ping_note = plain_label()
        checks_layout.addWidget(self.ping_note)
        checks_layout.addLayout(checks_side, 1)
        checks_layout.addLayout(check_buttons)

        self.remote.add_button.setText(with_mnemonic(_("Add remote"), self._shortcuts))
        self.remote.remove_button.setText(with_mnemonic(_("Remove remote"), self._shortcuts))
        remote_tab = remote_page(self.remote_form, self.outside_form, self._sources)

        timing_page = QWidget()
        timing_layout = QVBoxLayout(timing_page)
        timing_hint = plain_label(_("Left empty, a setting is taken from the General tab."))
        timing_layout.addWidget(timing_hint)
        timing_layout.addWidget(self.timing_form)
        timing_layout.addStretch()

        service_page = QWidget()
        service_layout = QVBoxLayout(service_page)
        service_layout.addLayout(address_row)
        service_layout.addWidget(self.suggestion)
        service_layout.addWidget(self.main_form)
        service_layout.addStretch()

        self.tabs = QTabWidget()
        for page, title in zip(
            (service_page, checks_page, remote_tab, timing_page), tab_titles, strict=True
        ):
            self.tabs.addTab(page, title)
        self.tabs.tabBar().setAccessibleName(_("Service"))
        tab_keys(self, self.tabs)
        self._pages = {
            "main": service_page,
            "checks": checks_page,
            "remote": remote_tab,
            "timing": timing_page,
        }

        self._lay_out(self.tabs)

        self.fill_button.clicked.connect(self._on_fill_button_clicked)
        self.address.installEventFilter(self)
        self.add_check_button.clicked.connect(self._on_add_check_button_clicked)
        self.remove_check_button.clicked.connect(self._on_remove_check_button_clicked)
        self.check_list.currentRowChanged.connect(self._on_check_list_current_row_changed)
        for form in self._forms:
            form.edited.connect(self._on_form_edited)

        for form in self._forms:
            form.load(service)
        for check in service.checks if service else ():
            self.add_check(check)
        if service is not None:
            self.check_list.setCurrentRow(0)
        self.resize(780, 620)
        (self.main_form.editor("name") if service else self.address).setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the address fills in (its own action), rather than pressing OK."""
        if watched is self.address and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.type() == QEvent.Type.KeyPress:
                self.fill_from_address(self.address.text())
                return True
        return super().eventFilter(watched, event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab goes from the list of checks through the check shown, then on to adding one:
        the checks' forms join the window last, and Qt's own order would put them last."""
        chain = [w for w in focus_chain(self) if not self.check_stack.isAncestorOf(w)]
        at = chain.index(self.check_list) + 1
        chain[at:at] = focus_chain(self.check_stack)
        return step_focus(self, chain, forward) or super().focusNextPrevChild(forward)

    @property
    def _forms(self) -> tuple[ModelForm, ...]:
        """The forms of the service's own fields (not its checks')."""
        return (self.main_form, self.timing_form, self.remote_form, self.outside_form)

    # --- remote

    @property
    def remote(self) -> RowsEdit:
        """The editor of the service's remote vantage points, a row each."""
        editor: RowsEdit = self.remote_form.editor("remote")
        return editor

    # --- checks

    @property
    def check_forms(self) -> list[ModelForm]:
        """The form of each check, in order."""
        return list(self._check_forms)

    def add_check(self, check: HttpCheck | TcpCheck | DnsCheck | PingCheck | str) -> ModelForm:
        """Add a check: an existing one, or a new one of the type named. Its form."""
        form = check_form(check, self._shortcuts)
        if "headers" in form.names:
            self._own_headers(form.editor("headers"))
        form.edited.connect(self._on_form_edited)
        self._check_forms.append(form)
        self._note_ping()
        self.check_stack.addWidget(form)
        self.check_list.addItem(check_title(form))
        self.check_list.setCurrentRow(len(self._check_forms) - 1)
        return form

    def _note_ping(self) -> None:
        """Say, above the checks while there is a ping check, when this system lets none run."""
        pinging = any(form.fixed.get("type") == "ping" for form in self._check_forms)
        if pinging and self._ping_note is None:
            self._ping_note = ping_note()
        self.ping_note.setText((self._ping_note or "") if pinging else "")
        self.ping_note.setVisible(bool(self.ping_note.text()))

    # --- building the service

    def _collect(self) -> tuple[dict[str, Any], dict[str, str], Problems]:
        """The service's data, the secrets typed, and what the editors find wrong."""
        data: dict[str, Any] = {}
        for form in self._forms:
            data |= form.data()
        problems: Problems = list(self.main_form.local_problems())
        pending: dict[str, str] = {}
        owned = [self._own_refs(form) for form in self._check_forms]
        allocated: set[str] = set()
        checks = []
        for index, form in enumerate(self._check_forms):
            if "headers" in form.names:
                others = set().union(*(refs for i, refs in enumerate(owned) if i != index))
                form.editor("headers").reserved = self._reserved | others | allocated
                pending |= form.editor("headers").pending_secrets()
            check = form.data()
            allocated |= {
                v.secret for v in check.get("headers", {}).values() if isinstance(v, SecretRef)
            }
            checks.append(check)
            problems += [
                (("checks", index, *loc), message) for loc, message in form.local_problems()
            ]
        if checks:
            data["checks"] = checks
        problems += self._name_problems(data)
        return data, pending, problems

    @staticmethod
    def _own_refs(form: ModelForm) -> set[str]:
        if "headers" not in form.names:
            return set()
        return set(form.editor("headers").loaded_refs())

    def build(self, *, show_all: bool = True) -> Service | None:
        """The service as edited, or None with every problem shown by its field."""
        data, _, problems = self._collect()
        service = None
        try:
            service = Service.model_validate(data)
        except ValidationError as error:
            problems += place_problems(error, Service)
        if service is not None and not problems:
            problems += self._problems_with_sources(service)
        self._show(problems, show_all=show_all)
        for index, form in enumerate(self._check_forms):
            self.check_list.item(index).setText(check_title(form))
        return None if problems else service

    def _problems_with_sources(self, service: Service) -> Problems:
        """What the whole config would find wrong with ``service`` among the sources: a
        remote naming no source, a name that a source's targets take."""
        try:
            Config.model_validate({"sources": self._sources, "services": [service]})
        except ValidationError as error:
            return [
                (loc[2:] if loc[:2] == ("services", 0) else (), message)
                for loc, message in describe_errors(error)
            ]
        return []

    def _show(self, problems: Problems, *, show_all: bool) -> None:
        main: Problems = []
        timing: Problems = []
        remote: Problems = []
        per_check: list[Problems] = [[] for _ in self._check_forms]
        for loc, message in problems:
            head = loc[0] if loc else None
            if head == "checks" and len(loc) >= 2 and isinstance(loc[1], int):
                if loc[1] < len(per_check):
                    per_check[loc[1]].append((loc[2:], message))
            elif head in self.timing_form.names:
                timing.append((loc, message))
            elif head in self.remote_form.names or head in self.outside_form.names:
                remote.append((loc, message))
            else:
                main.append((loc, message))
        self.main_form.show_problems(main, show_all=show_all)
        self.timing_form.show_problems(timing, show_all=show_all)
        self.remote_form.show_problems(
            [p for p in remote if p[0][0] in self.remote_form.names], show_all=show_all
        )
        self.outside_form.show_problems(
            [p for p in remote if p[0][0] in self.outside_form.names], show_all=show_all
        )
        for form, found in zip(self._check_forms, per_check, strict=True):
            form.show_problems(found, show_all=show_all)
        if not show_all:
            return
        if main:
            self.tabs.setCurrentWidget(self._pages["main"])
        elif any(per_check):
            self.tabs.setCurrentWidget(self._pages["checks"])
            first = next(i for i, found in enumerate(per_check) if found)
            self.check_list.setCurrentRow(first)
        elif remote:
            self.tabs.setCurrentWidget(self._pages["remote"])
        elif timing:
            self.tabs.setCurrentWidget(self._pages["timing"])

    def fill_from_address(self, address: str) -> None:
        """Fill in a name, an http check of ``address`` and, if known, its status page."""
        if not address.strip():
            return
        suggestion = suggest_service(address)
        name = self.main_form.editor("name")
        if not name.text().strip() and suggestion.name:
            name.setText(free_name(suggestion.name, self._taken_names))
        status_page = self.main_form.editor("status_page")
        notes = []
        if suggestion.status_page and not status_page.text().strip():
            status_page.setText(suggestion.status_page)
            notes.append(
                _("Status page offered: {reason}. Clear it to leave it out.").format(
                    reason=suggestion.reason
                )
            )
        if suggestion.check_url:
            urls = [f.data().get("url") for f in self._check_forms]
            urls.append(self.main_form.editor("url").text().strip())
            if suggestion.check_url not in urls:
                form = self.add_check("http")
                form.editor("url").setText(suggestion.check_url)
            notes.append(
                _("Added an http check of {url} (see Checks).").format(url=suggestion.check_url)
            )
        self.suggestion.setText(" ".join(notes))
        self.suggestion.setVisible(bool(notes))
        self.build(show_all=False)

    # --- slots

    @Slot()
    def _on_fill_button_clicked(self) -> None:
        self.fill_from_address(self.address.text())

    @Slot()
    def _on_add_check_button_clicked(self) -> None:
        form = self.add_check(self.check_type.currentText())
        if form.names:
            form.editor(form.names[0]).setFocus()

    @Slot()
    def _on_remove_check_button_clicked(self) -> None:
        index = self.check_list.currentRow()
        if not 0 <= index < len(self._check_forms):
            return
        form = self._check_forms.pop(index)
        self.check_stack.removeWidget(form)
        form.deleteLater()
        self.check_list.takeItem(index)
        self._note_ping()
        self.build(show_all=False)

    @Slot(int)
    def _on_check_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < self.check_stack.count():
            self.check_stack.setCurrentIndex(row)

    # --- what the editor of any entry asks

    def _typed_name(self) -> str:
        name: str = self.main_form.editor("name").text()
        return name.strip()

    def _typed_secrets(self) -> dict[str, str]:
        return self._collect()[1]

    def _test(self, entry: Service, secrets: Mapping[str, str]) -> Future[list[CheckResult]]:
        return self._backend.test(entry, self._config, secrets)

    def _describe(self, found: list[CheckResult]) -> str:
        return describe_results(found)
