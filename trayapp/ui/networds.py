"""The user's own network in the tray's words: the tooltip's and the menu's first lines, and
the sign-in page of a captive portal.

While the network fails, the tray says so first, in the monitor's words
(:class:`~trayapp.core.monitor.NetworkWords`)::

    trayapp: Names don't resolve — it's just you
    Your DNS server 10.0.0.1 isn't answering, but the internet answers by address.

The menu's heading says the first line (without ``trayapp:``), the lines under it the body,
and behind a captive portal whose page is known it offers "Open the sign-in page". These
lines are what a screen reader reads of the tray: they are complete sentences, never a
colour or a glyph alone. All of it is plain text: a menu's ``&`` is doubled, so that it shows
as written instead of marking a shortcut.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from trayapp.core.i18n import N_, _
from trayapp.core.models import TrayStatus
from trayapp.core.monitor import MonitorSnapshot, NetworkStatus, NetworkWords

__all__ = [
    "BODY_WIDTH",
    "SIGN_IN",
    "NetworkLines",
    "body_lines",
    "headline",
    "menu_text",
    "network_words",
    "sign_in_page",
]

SIGN_IN = N_("Open the sign-in page")
"""The menu's command that opens a captive portal's page (translated where shown)."""
BODY_WIDTH = 72
"""The longest line of the body, in characters: a menu as wide as a sentence is not read."""


def network_words(snapshot: MonitorSnapshot) -> NetworkWords | None:
    """What the tray says of the network, or None while it works.

    The snapshot's own words, when they speak of its network's status; otherwise the
    status's short words, as a title, in the user's language. A tray offline with an
    online network (a snapshot from before the network had a status of its own) says
    "Offline".
    """
    status = snapshot.network
    if status.online:
        if snapshot.tray_status is not TrayStatus.OFFLINE:
            return None
        status = NetworkStatus.OFFLINE
    words = snapshot.network_words
    if words.status is status and words.title:
        return words
    return NetworkWords(status, title=_status_title(status))


def _status_title(status: NetworkStatus) -> str:
    """The network's status as a title: ``Names don't resolve``."""
    return {
        # Translators: the user's own network, as the tray's first line says it.
        NetworkStatus.ONLINE: _("Online"),
        NetworkStatus.OFFLINE: _("Offline"),
        NetworkStatus.DNS_FAILURE: _("Names don't resolve"),
        NetworkStatus.CAPTIVE_PORTAL: _("Behind a captive portal"),
        NetworkStatus.LIMITED: _("Limited connectivity"),
        NetworkStatus.PROXY_FAILURE: _("The proxy fails"),
    }[status]


def headline(words: NetworkWords) -> str:
    """The first line: ``Names don't resolve — it's just you``."""
    # Translators: the tray's first line while the user's own network fails; {title} says
    # how ("Names don't resolve"). The network is the user's, not the services' fault.
    return _("{title} — it's just you").format(title=words.title)


def body_lines(words: NetworkWords) -> list[str]:
    """The body, in lines of at most :data:`BODY_WIDTH` characters (its own lines kept)."""
    return [
        line
        for paragraph in words.body.splitlines()
        for line in textwrap.wrap(paragraph, BODY_WIDTH, break_on_hyphens=False)
    ]


def sign_in_page(words: NetworkWords) -> str | None:
    """The captive portal's sign-in page, when it is a web page (``http`` or ``https``) with a
    host; None otherwise: nothing else is offered to open."""
    if not words.portal:
        return None
    url = QUrl(words.portal, QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme().lower() not in ("http", "https") or not url.host():
        return None
    return words.portal


def menu_text(text: str) -> str:
    """``text`` as a menu shows it as written: ``&`` doubled (one alone marks a shortcut)."""
    return text.replace("&", "&&")


class NetworkLines:
    """The body's lines in a menu, under its heading, then "Open the sign-in page".

    Its actions go just before ``before``. The sign-in action asks, as the menu's rows do,
    through its data: ``("open", url)``.
    """

    def __init__(self, menu: QMenu, before: QAction) -> None:
        self._menu = menu
        self._lines: list[QAction] = []
        self._said: list[str] = []
        # Without text while hidden, as the rows' links: nothing reads a command not offered.
        self.sign_in = QAction("", menu)
        self.sign_in.setData(("open", ""))
        self.sign_in.setVisible(False)
        menu.insertAction(before, self.sign_in)

    def show(self, words: NetworkWords | None) -> None:
        """Show ``words``'s body and its sign-in page; with None, nothing."""
        said = body_lines(words) if words is not None else []
        if said != self._said:  # each change is sent to the desktop's copy of the menu
            for action in self._lines:
                self._menu.removeAction(action)
                action.deleteLater()
            self._lines = []
            for line in said:
                action = QAction(menu_text(line), self._menu)
                action.setEnabled(False)
                self._menu.insertAction(self.sign_in, action)
                self._lines.append(action)
            self._said = said
        page = sign_in_page(words) if words is not None else None
        if self.sign_in.data() != ("open", page or ""):
            self.sign_in.setData(("open", page or ""))
            self.sign_in.setText(_(SIGN_IN) if page is not None else "")
            self.sign_in.setVisible(page is not None)
