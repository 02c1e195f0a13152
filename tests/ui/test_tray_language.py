"""The tray in the user's language, and as a screen reader hears it: the tooltip and the whole
menu under the pseudo-locale (every word translated), in German, and through QAccessible
(offscreen).

The snapshots are the tray's everyday ones: services up, down, degraded, in maintenance and
snoozed, a group, a source with its targets, the network down, a captive portal. What the
monitor itself wrote (a vendor's words, a check's detail, a maintenance window's name, the
network's own diagnosis) reaches the tray as it is, and is data here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.support.builders import outside_reading
from tests.support.pseudo import assert_marked, pseudo_locale, widget_texts
from tests.ui.test_tray import NOW, snapshot, view
from trayapp.core import i18n
from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor import MonitorSnapshot, NetworkStatus, NetworkWords
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.core.sources.model import Vantage
from trayapp.ui.networds import body_lines
from trayapp.ui.tray import Tray, tooltip_text

WORK = MaintenanceSpan(NOW + timedelta(hours=2), "Router firmware", "Ask Sam")
VENDOR = "Slack status: partial outage: 'Messages are delayed'"
DETAIL = "am.test:9093: connection refused"
PROMETHEUS = Vantage("prometheus", "", Status.UP, "3 targets")

DATA = [
    *("Shop", "Twitter", "Slack", "NAS", "Gmail", "Jira", "Wiki", "Work", "am"),
    *("prometheus", "prometheus/db", "prometheus/web", "twitter.test", "shop.test"),
    *("slack.test", "nas.test", "gmail.test", "jira.test", "wiki.test", "prometheus/db.test"),
    *("prometheus/web.test", "am.test"),
    *(WORK.name, WORK.reason, VENDOR, DETAIL, PROMETHEUS.detail),
]
"""The services' names and addresses, and what servers and status pages said: data."""


def everyday() -> MonitorSnapshot:
    """Services up, down, degraded, in maintenance, snoozed; a group; a source."""
    return snapshot(
        view("Shop", Status.UP),
        view("Twitter", Status.DOWN, Cause.TIMEOUT, status_page="https://status.twitter.test/"),
        view("Slack", Status.DEGRADED, Cause.SLOW, vendor=VENDOR),
        view("NAS", Status.MAINTENANCE, Cause.REFUSED, maintenance=WORK),
        view("Gmail", Status.PAUSED, paused_until=NOW + timedelta(hours=4)),
        view("Jira", Status.DOWN, Cause.HTTP_STATUS, group="Work"),
        view("Wiki", Status.UP, group="Work"),
        view("prometheus", Status.UP, source="prometheus", remote=(PROMETHEUS,), url=None),
        view("prometheus/db", Status.DOWN, Cause.VENDOR_REPORTED, source="prometheus"),
        view("prometheus/web", Status.UP, source="prometheus"),
        view("am", Status.UNKNOWN, Cause.REFUSED, detail=DETAIL, url=None),
        tray=TrayStatus.DOWN,
    )


FAILS_OUTSIDE = outside_reading(("DE", "EU", False), ("US", "NA", False))
"""The outside network: Twitter fails from Frankfurt and Ashburn."""

PORTAL = NetworkWords(
    NetworkStatus.CAPTIVE_PORTAL,
    "Behind a captive portal",
    "Something answers in the internet's place: sign in to the network's page.",
    portal="http://portal.test/login",
)


def captive_portal() -> MonitorSnapshot:
    return snapshot(view("Twitter", Status.UNKNOWN, Cause.OFFLINE), network=PORTAL)


def network_down() -> MonitorSnapshot:
    """The network down, in a snapshot without the monitor's own words: the tray's own."""
    twitter = view("Twitter", Status.UNKNOWN, Cause.OFFLINE)
    return MonitorSnapshot(NOW, TrayStatus.OFFLINE, NetworkStatus.OFFLINE, (twitter,))


SNAPSHOTS = {
    "everyday": everyday,
    "all up": lambda: snapshot(view("Shop", Status.UP), view("Gmail", Status.UP)),
    "one down": lambda: snapshot(view("Twitter", Status.DOWN, Cause.DNS)),
    "in maintenance": lambda: snapshot(
        view("NAS", Status.MAINTENANCE, maintenance=WORK),
        view("Wiki", Status.UP),
        tray=TrayStatus.MAINTENANCE,
    ),
    "all paused": lambda: snapshot(view("Gmail", Status.PAUSED), view("Shop", Status.PAUSED)),
    "checking": lambda: snapshot(view("Shop", Status.UNKNOWN), tray=TrayStatus.UNKNOWN),
    "no services": lambda: snapshot(tray=TrayStatus.UNKNOWN),
    "network down": network_down,
    "captive portal": captive_portal,
    "seen from outside": lambda: snapshot(
        view("Twitter", Status.DOWN, Cause.TIMEOUT, outside=FAILS_OUTSIDE),
    ),
    "many failing": lambda: snapshot(
        *(view(f"s{n}", Status.DOWN, Cause.TIMEOUT, url=None) for n in range(12))
    ),
}


@pytest.fixture
def tray(qtbot: QtBot) -> Iterator[Tray]:
    made = Tray()
    yield made
    made.icon.hide()


def every_action(menu: QMenu) -> Iterator[QAction]:
    for action in menu.actions():
        yield action
        if action.menu() is not None:
            yield from every_action(action.menu())  # type: ignore[arg-type]


@pytest.mark.parametrize("name", list(SNAPSHOTS))
def test_every_word_of_the_tooltip_and_the_menu_is_translated(qtbot: QtBot, name: str) -> None:
    with pseudo_locale():
        shown = Tray()  # its fixed entries are made in the language too
        shown.show_snapshot(SNAPSHOTS[name]())
        texts = widget_texts(shown.icon)
    assert len(texts) > 10
    assert_marked(
        texts,
        data=[*DATA, PORTAL.title, *body_lines(PORTAL)],
        patterns=[r"s\d+", r"s\d+\.test"],
    )


def test_the_first_tooltip_says_the_tray_is_starting_in_the_language(qtbot: QtBot) -> None:
    with pseudo_locale():
        tray = Tray()
    assert_marked(widget_texts(tray.icon))
    assert tray.icon.toolTip().startswith("⟦")


def test_the_tooltip_and_the_menu_speak_german(qtbot: QtBot, tray: Tray) -> None:
    i18n.set_language("de")
    german = Tray()
    german.show_snapshot(everyday())
    lines = german.icon.toolTip().splitlines()
    assert lines[0] == "trayapp: 3 von 11 Diensten ausgefallen"
    since = (NOW - timedelta(minutes=7)).astimezone().strftime("%H:%M")
    assert f"Twitter: ausgefallen (Zeitüberschreitung) seit {since} Uhr" in lines
    assert f"Slack: beeinträchtigt (langsam) seit {since} Uhr" in lines
    assert "Work – 1 von 2 ausgefallen" in lines
    texts = [a.text() for a in german.menu.actions() if a.isVisible() and a.text()]
    assert texts[0] == "3 von 11 Diensten ausgefallen"
    assert "prometheus: 2 Ziele, davon 1 fehlerhaft" in texts
    assert texts[-5:] == [
        "Alle jetzt prüfen",
        "Alle Benachrichtigungen pausieren",
        "Störungen …",
        "Einstellungen …",
        "trayapp beenden",
    ]
    row = next(a for a in german.menu.actions() if a.text().startswith("Twitter:")).menu()
    assert row is not None
    assert [a.text() for a in row.actions() if a.text()][:5] == [
        "Jetzt prüfen",
        "1 Stunde schlummern",
        "4 Stunden schlummern",
        "8 Stunden schlummern",
        "Bis morgen 08:00 Uhr schlummern",
    ]


def test_what_the_world_sees_is_said_in_german() -> None:
    i18n.set_language("de")
    lines = tooltip_text(SNAPSHOTS["seen from outside"]()).splitlines()
    assert lines[2] == "  Von außen gesehen: scheitert an 2 von 2 Orten, z. B. Frankfurt: HTTP 503"


def test_the_network_s_words_speak_german(tray: Tray) -> None:
    i18n.set_language("de")
    assert tooltip_text(network_down()) == "trayapp: Offline – liegt an Ihrem Netzwerk"
    german = Tray()
    german.show_snapshot(captive_portal())
    texts = [a.text() for a in german.menu.actions() if a.isVisible() and a.text()]
    assert "Anmeldeseite öffnen" in texts


@pytest.mark.parametrize("name", list(SNAPSHOTS))
def test_the_tooltip_says_the_status_in_words(tray: Tray, name: str) -> None:
    """What a screen reader announces of the icon: its status, never its colour alone."""
    shot = SNAPSHOTS[name]()
    tray.show_snapshot(shot)
    first = tray.icon.toolTip().splitlines()[0]
    words = {
        TrayStatus.UP: "up",
        TrayStatus.DOWN: "down",
        TrayStatus.MAINTENANCE: "maintenance",
        TrayStatus.PAUSED: "paused",
        TrayStatus.UNKNOWN: "Checking" if shot.services else "No services",
        TrayStatus.OFFLINE: "just you",
    }
    assert first.startswith("trayapp: ")
    assert words[shot.tray_status] in first


def test_every_entry_of_the_menu_is_named_in_words_for_a_screen_reader(tray: Tray) -> None:
    tray.show_snapshot(everyday())
    menus = [tray.menu, *(a.menu() for a in every_action(tray.menu) if a.menu() is not None)]
    named = []
    for menu in menus:
        reader = QAccessible.queryAccessibleInterface(menu)
        assert reader is not None
        assert reader.childCount() == len(menu.actions())
        for index, action in enumerate(menu.actions()):
            if not action.isVisible() or action.isSeparator():
                continue
            name = reader.child(index).text(QAccessible.Text.Name)
            # Heard by words of its own: no entry is a glyph or a colour alone.
            assert name == action.text().replace("&&", "&")
            assert any(char.isalpha() for char in name)
            named.append(name)
    # The rows say each service's status in words: the icon's colour only repeats it.
    assert any(n.startswith("Twitter: down (timeout)") for n in named)
    assert any(n.startswith("NAS: in maintenance until") for n in named)
    assert any(n.startswith("Gmail: paused") for n in named)
    assert "Work — 1 of 2 down" in named
