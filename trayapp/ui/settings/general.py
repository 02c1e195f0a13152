"""The tabs of the config's tables in the settings dialog: General, Notifications, Network, and
a tab for any other table.

Each table of :class:`~trayapp.core.config.Config` that is not a list of tables gets a form
generated from its model (:class:`~trayapp.ui.forms.ModelForm`), placed by :data:`PLACES`:
``[defaults]`` in a group of the General tab, ``[notifications]`` on a tab of its own,
``[network]`` (how trayapp tells your network failing) and ``[outside]`` (whom it asks
elsewhere in the world) in groups of the Network tab, each said in a line above it
(:data:`INTROS`). A table added to the model and not named there gets a tab titled after it, with no
second list to keep. :class:`NotificationTest` sends a test notification from the
Notifications tab.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pydantic import BaseModel
from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.config import Config
from trayapp.core.i18n import N_, _
from trayapp.ui.forms import ModelForm, field_label, mnemonic_letter, without_mnemonic
from trayapp.ui.futures import Outcome, when_done
from trayapp.ui.labels import plain_label
from trayapp.ui.settings.backend import SettingsBackend
from trayapp.ui.settings.keys import scrolled

__all__ = ["INTROS", "LISTS", "PLACES", "NotificationTest", "add_table_tabs", "table_tab"]

LISTS = ("services", "sources", "maintenance")
"""The lists of tables of the config: each has a tab of its own, a list and an editor."""

_GENERAL = N_("&General")
_NOTIFICATIONS = N_("Noti&fications")

PLACES: dict[str, tuple[str, str]] = {
    "defaults": (_GENERAL, N_("Checks")),
    "network": (N_("&Network"), N_("Your network")),
    "outside": (N_("&Network"), N_("Asking the world")),
    "notifications": (_NOTIFICATIONS, ""),
}
"""Where each table of the config goes: (tab, group), in English (translated where shown).
A table not named here gets a tab."""

INTROS: dict[str, str] = {
    "network": N_("How trayapp tells your own network failing from a service failing."),
    "outside": N_(
        "When a service fails here while your network works, a public measurement "
        "network can load it from a few places in the world: down for you, or for everyone. "
        "Only its host, port and path are sent, never credentials or a query; a private name "
        "or address is not sent unless the service says so (its Remote tab)."
    ),
}
"""What a table is for, said above its form, in English (translated where shown)."""


def table_tab(name: str) -> str:
    """The title of the tab that holds the form of the config's table ``name``, as the user
    reads it (without its shortcut's mark)."""
    tab, _group = PLACES.get(name, (field_label(name), ""))
    return without_mnemonic(_(tab))


def add_table_tabs(
    tabs: QTabWidget,
    *,
    general: Sequence[QWidget] = (),
    notifications: Sequence[QWidget] = (),
    shortcuts: Collection[str] = (),
) -> dict[str, ModelForm]:
    """Add to ``tabs`` the tabs of the config's tables, a form for each table.

    Args:
        tabs: Where the tabs go, after those it has.
        general: Widgets at the top of the General tab (starting at login).
        notifications: Widgets at the foot of the Notifications tab (a test notification).
        shortcuts: The letters the window's shortcuts take (its tabs', its buttons'): the
            forms' labels take others.

    Returns:
        The form of each table, by its name in the config (``defaults``, ``network``, …).
    """
    pages: dict[str, QVBoxLayout] = {}
    taken: dict[str, set[str]] = {}
    forms: dict[str, ModelForm] = {}
    for name, info in Config.model_fields.items():
        model = info.annotation
        if name in LISTS or not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        tab, group = PLACES.get(name, (field_label(name), ""))
        if tab not in pages:
            pages[tab] = _add_page(tabs, _(tab))
            # The tabs' own shortcuts are always there, beside any page's.
            letters = (mnemonic_letter(_(tab)) for tab, _group in PLACES.values())
            taken[tab] = {key.casefold() for key in shortcuts} | {k for k in letters if k}
            if tab == _GENERAL:
                for widget in general:
                    pages[tab].addWidget(widget)
        form = ModelForm(model, shortcuts=taken[tab])
        form.setObjectName(name)
        forms[name] = form
        box = QGroupBox(_(group)) if group else None
        layout = QVBoxLayout(box) if box is not None else pages[tab]
        if name in INTROS:
            layout.addWidget(plain_label(_(INTROS[name])))
        layout.addWidget(form)
        if box is not None:
            pages[tab].addWidget(box)
    if _NOTIFICATIONS not in pages:
        pages[_NOTIFICATIONS] = _add_page(tabs, _(_NOTIFICATIONS))
    for widget in notifications:
        pages[_NOTIFICATIONS].addWidget(widget)
    for layout in pages.values():
        layout.addStretch()
    return forms


def _add_page(tabs: QTabWidget, title: str) -> QVBoxLayout:
    page = QWidget()
    layout = QVBoxLayout(page)
    scroll = scrolled(page)
    tabs.addTab(scroll, title)
    return layout


class NotificationTest(QWidget):
    """A button that sends a test notification, and beside it what came of it.

    Args:
        backend: Sends the notification.
    """

    def __init__(self, backend: SettingsBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self.button = QPushButton(_("Send a &test notification"))
        self.button.setAutoDefault(False)
        self.button.setAccessibleDescription(
            _("Show a notification now, to see that notifications reach the desktop.")
        )
        self.result = plain_label()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.result, 1)
        self.button.clicked.connect(self._on_button_clicked)

    @Slot()
    def _on_button_clicked(self) -> None:
        self.button.setEnabled(False)
        self.result.setText(_("Sending…"))
        self.result.show()
        when_done(self._backend.send_test_notification(), self, self._on_backend_sent)

    def _on_backend_sent(self, outcome: Outcome) -> None:
        self.button.setEnabled(True)
        if outcome.ok:
            self.result.setText(_("Sent: it should show on your desktop now."))
        else:
            self.result.setText(_("Could not send it: {error}").format(error=outcome.error))
