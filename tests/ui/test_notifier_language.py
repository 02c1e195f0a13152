"""Notifications in the user's language, as a notification daemon receives them: their
buttons, and trayapp's own test notification (a stand-in daemon on a bus of the test's own:
tests/support/notifications.py).

A service's notification is written by the monitor; its title and body are data here. Its
buttons are the tray's words: "Snooze 1 h", "Mute until it's back", and the link's words,
which the monitor writes in English (as ``watch --json`` prints them).
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.notifications import NotifyCall
from tests.support.pseudo import assert_marked, pseudo_locale
from tests.support.systembus import SystemBus
from tests.ui.test_notifier import (  # noqa: F401 - fixtures
    AT,
    DOWN,
    Asked,
    asked,
    bus,
    icons,
    only_call,
    stand_in,
)
from trayapp.core import i18n
from trayapp.core.monitor import NoticeLink, Notification
from trayapp.ui.bridge import Bridge
from trayapp.ui.notifier import NoticeIcons

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(
        shutil.which("dbus-daemon") is None, reason="no dbus-daemon here (Debian's dbus-daemon)"
    ),
]

SITE = Notification(
    at=AT,
    title="Shop is degraded",
    body="https://shop.test/: slow",
    services=("Shop",),
    kind="degraded",
    failing=("Shop",),
    link=NoticeLink("Open site", "https://shop.test/"),
)
PORTAL = Notification(
    at=AT,
    title="Behind a captive portal",
    body="Sign in to the network's page.",
    kind="network",
    link=NoticeLink("Open the sign-in page", "http://portal.test/login"),
)


def texts(call: NotifyCall) -> list[tuple[str, str]]:
    return [
        ("summary", call.summary),
        ("body", call.body),
        *((f"button {key}", words) for words, key in call.buttons().items()),
    ]


def own_notice(qapp: QApplication, notices: NoticeIcons) -> Notification:
    """trayapp's own test notification, as the settings dialog's button asks for it."""
    bridge = Bridge(notices, send_notices=False)
    sent: list[Notification] = []
    bridge.noticeFailed.connect(sent.append)
    bridge.send_test_notice()
    (notice,) = sent
    return notice


@pytest.mark.parametrize("notice", [DOWN, SITE, PORTAL], ids=["down", "site", "portal"])
async def test_every_button_is_translated(
    bus: SystemBus,  # noqa: F811
    icons: NoticeIcons,  # noqa: F811
    asked: Asked,  # noqa: F811
    notice: Notification,
) -> None:
    with pseudo_locale(), stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(notice)
        call = only_call(daemon)
    assert call.buttons()
    assert_marked(texts(call), data=[notice.title, notice.body])


async def test_trayapp_s_own_notification_is_translated(
    qapp: QApplication,
    bus: SystemBus,  # noqa: F811
    icons: NoticeIcons,  # noqa: F811
    asked: Asked,  # noqa: F811
) -> None:
    with pseudo_locale(), stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(own_notice(qapp, icons))
        call = only_call(daemon)
    assert call.summary.startswith("⟦")
    assert_marked(texts(call))


async def test_a_notification_speaks_german(
    qapp: QApplication,
    bus: SystemBus,  # noqa: F811
    icons: NoticeIcons,  # noqa: F811
    asked: Asked,  # noqa: F811
) -> None:
    i18n.set_language("de")
    with stand_in(bus, "actions", "body") as daemon:
        notices = asked.notices(icons)
        await notices.show(DOWN)
        await notices.show(own_notice(qapp, icons))
        down, own = daemon.calls
    assert list(down.buttons()) == [
        "1 Std. schlummern",
        "Statusseite öffnen",
        "Stumm bis wieder in Betrieb",
    ]
    assert own.summary == "trayapp-Testbenachrichtigung"
    assert own.body == (
        "Benachrichtigungen funktionieren: So meldet trayapp, wenn ein Dienst ausfällt."
    )
