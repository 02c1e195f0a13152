"""Desktop notifications through desktop-notifier, to a notification daemon on a bus of the
test's own (a stand-in: tests/support/notifications.py), and back: the buttons each
notification offers, the picture it shows, and what pressing a button or the body calls.

The same, with dunst and trayapp as a process in a desktop session: tests/e2e/test_notices.py.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.support.notifications import NotifyCall, StandInNotifications
from tests.support.systembus import SystemBus, private_system_bus
from trayapp.core.monitor import NoticeAction, NoticeKind, NoticeLink, Notification
from trayapp.core.paths import resource_path
from trayapp.ui.notifier import DesktopNotices, NoticeIcons

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(
        shutil.which("dbus-daemon") is None, reason="no dbus-daemon here (Debian's dbus-daemon)"
    ),
]

AT = datetime(2012, 7, 26, 11, 28, tzinfo=UTC)
STATUS_PAGE = "https://status.twitterstat.us/"
DOWN = Notification(
    at=AT,
    title="Twitter is down",
    body="https://twitter.com/: timeout",
    services=("Twitter",),
    kind="down",
    failing=("Twitter",),
    link=NoticeLink("Open status page", STATUS_PAGE),
)


@pytest.fixture
def bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SystemBus]:
    """A session bus of the test's own, the one desktop-notifier connects to."""
    with private_system_bus(tmp_path) as running:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", running.address)
        yield running


def stand_in(bus: SystemBus, *capabilities: str) -> StandInNotifications:
    return StandInNotifications(bus.address, list(capabilities))


class Asked:
    """What the notices called back, on the test's loop."""

    def __init__(self) -> None:
        self.clicked: list[tuple[str, ...]] = []
        self.failed: list[Notification] = []
        self.actions: list[tuple[NoticeAction, Notification]] = []
        self.changed = asyncio.Event()
        self.made: list[DesktopNotices] = []

    def notices(self, icons: NoticeIcons) -> DesktopNotices:
        def keep(into: list[object]):  # type: ignore[no-untyped-def]
            def call(*args: object) -> None:
                into.append(args[0] if len(args) == 1 else args)
                self.changed.set()

            return call

        notices = DesktopNotices(
            icons=icons,
            on_clicked=keep(self.clicked),  # type: ignore[arg-type]
            on_failed=keep(self.failed),  # type: ignore[arg-type]
            on_action=keep(self.actions),
        )
        self.made.append(notices)
        return notices

    async def wait(self, done: object) -> None:
        async with asyncio.timeout(10):
            while not done():  # type: ignore[operator]
                self.changed.clear()
                await self.changed.wait()


@pytest.fixture
async def asked() -> AsyncIterator[Asked]:
    """What the test's notices call back; their connections closed after the test."""
    told = Asked()
    yield told
    for notices in told.made:
        notices.close()


@pytest.fixture
def icons(qapp: QApplication, tmp_path: Path) -> NoticeIcons:
    return NoticeIcons(tmp_path / "cache" / "notices", resource_path("icons", "trayapp.svg"))


def only_call(daemon: StandInNotifications) -> NotifyCall:
    (call,) = daemon.calls
    return call


def picture(call: NotifyCall) -> Path:
    parts = urlsplit(call.app_icon)
    assert parts.scheme == "file"
    return Path(unquote(parts.path))


def colour_of(path: Path) -> str:
    """The glyph's colour: the commonest of its opaque pixels."""
    image = QImage(str(path))
    assert not image.isNull()
    colours = Counter(
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if image.pixelColor(x, y).alpha() == 255
    )
    return colours.most_common(1)[0][0]


async def test_a_failure_offers_its_buttons_and_shows_the_down_glyph(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    with stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(DOWN)
        call = only_call(daemon)
    assert call.summary == "Twitter is down"
    assert call.actions[:2] == ["default", ""]  # a click on the body
    assert list(call.buttons()) == ["Snooze 1 h", "Open status page", "Mute until it's back"]
    assert picture(call) == icons.folder / "notice-down.png"
    assert colour_of(picture(call)) == "#c62828"
    assert stat.S_IMODE(os.stat(icons.folder).st_mode) == 0o700


@pytest.mark.parametrize(
    ("words", "action"),
    [("Snooze 1 h", "snooze"), ("Open status page", "open"), ("Mute until it's back", "mute")],
)
async def test_pressing_a_button_calls_back_with_its_action_and_notification(
    bus: SystemBus, icons: NoticeIcons, asked: Asked, words: str, action: NoticeAction
) -> None:
    with stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(DOWN)
        call = only_call(daemon)
        daemon.press(call, call.buttons()[words])
        await asked.wait(lambda: asked.actions)
    assert asked.actions == [(action, DOWN)]
    assert asked.clicked == []


async def test_a_click_on_the_body_calls_back_with_its_services(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    with stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(DOWN)
        daemon.press(only_call(daemon), "default")
        await asked.wait(lambda: asked.clicked)
    assert asked.clicked == [("Twitter",)]
    assert asked.actions == []


async def test_a_daemon_without_buttons_is_sent_none(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    with stand_in(bus, "body") as daemon:
        await asked.notices(icons).show(DOWN)
        call = only_call(daemon)
    assert call.buttons() == {}
    assert picture(call).name == "notice-down.png"


@pytest.mark.parametrize(
    ("kind", "glyph", "colour"),
    [
        ("degraded", "notice-degraded.png", "#f9a825"),
        ("up", "notice-up.png", "#2e7d32"),
        ("online", "notice-up.png", "#2e7d32"),
        ("network", "notice-offline.png", "#546e7a"),
    ],
)
async def test_each_kind_shows_its_glyph(
    bus: SystemBus, icons: NoticeIcons, asked: Asked, kind: NoticeKind, glyph: str, colour: str
) -> None:
    notice = Notification(at=AT, title="t", body="b", kind=kind)
    with stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(notice)
        call = only_call(daemon)
    assert picture(call) == icons.folder / glyph
    assert colour_of(picture(call)) == colour
    assert call.buttons() == {}  # nothing failing, nothing to open


async def test_a_recovery_offers_only_its_page_and_trayapp_s_word_shows_trayapp(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    back = Notification(
        at=AT,
        title="Twitter is back up",
        body="It was down for 41 min.",
        services=("Twitter",),
        kind="up",
        link=NoticeLink("Open status page", STATUS_PAGE),
    )
    own = Notification(at=AT, title="trayapp test notification", body="Notifications work")
    with stand_in(bus, "actions", "body") as daemon:
        notices = asked.notices(icons)
        await notices.show(back)
        await notices.show(own)
        recovery, word = daemon.calls
    assert list(recovery.buttons()) == ["Open status page"]
    assert picture(word) == resource_path("icons", "trayapp.svg")
    assert word.buttons() == {}


async def test_the_body_shows_as_written(bus: SystemBus, icons: NoticeIcons, asked: Asked) -> None:
    notice = Notification(at=AT, title="Shop is down", body="<b>503</b> & gone", kind="down")
    with stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(notice)
        call = only_call(daemon)
    assert call.body == "&lt;b&gt;503&lt;/b&gt; &amp; gone"


async def test_without_a_daemon_the_notification_is_handed_back(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    await asked.notices(icons).show(DOWN)
    assert asked.failed == [DOWN]


async def test_a_picture_that_cannot_be_written_leaves_trayapp_s_own(
    bus: SystemBus, qapp: QApplication, tmp_path: Path, asked: Asked
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    icons = NoticeIcons(blocked / "notices", resource_path("icons", "trayapp.svg"))
    with stand_in(bus, "actions", "body") as daemon:
        await asked.notices(icons).show(DOWN)
        call = only_call(daemon)
    assert picture(call) == resource_path("icons", "trayapp.svg")
    assert list(call.buttons()) == ["Snooze 1 h", "Open status page", "Mute until it's back"]


# --- updates: shown instead of the notification they update -----------------------------------


def update_of(earlier: Notification, title: str) -> Notification:
    return Notification(
        at=AT,
        title=title,
        body="Twitter: timeout\nGmail: refused",
        services=("Twitter", "Gmail"),
        kind="down",
        failing=("Twitter", "Gmail"),
        replaces=earlier.id,
    )


async def test_an_update_closes_the_notification_it_replaces_then_is_sent(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    update = update_of(DOWN, "2 services down: Twitter, Gmail")
    again = update_of(update, "3 services down: Twitter, Gmail, Yahoo")
    with stand_in(bus, "actions", "body") as daemon:
        notices = asked.notices(icons)
        for notice in (DOWN, update, again):
            await notices.show(notice)
        first, second, third = daemon.calls
        requests = daemon.requests
        # Its buttons act on the update, not on the notification it replaced.
        daemon.press(third, third.buttons()["Snooze 1 h"])
        await asked.wait(lambda: asked.actions)
    # desktop-notifier cannot send replaces_id: the earlier one is closed, then the new sent.
    assert requests == [
        ("Notify", first.id),
        ("CloseNotification", first.id),
        ("Notify", second.id),
        ("CloseNotification", second.id),
        ("Notify", third.id),
    ]
    assert [call.replaces_id for call in (first, second, third)] == [0, 0, 0]
    assert third.summary == "3 services down: Twitter, Gmail, Yahoo"
    assert asked.actions == [("snooze", again)]
    assert asked.failed == []


async def test_an_update_of_one_the_user_closed_or_never_shown_is_sent_all_the_same(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    stranger = Notification(at=AT, title="Yahoo is down", body="timeout", kind="down")
    with stand_in(bus, "actions", "body") as daemon:
        notices = asked.notices(icons)
        await notices.show(DOWN)
        daemon.dismiss(only_call(daemon))
        await notices.show(stranger)  # a round trip: the dismissal has arrived by its answer
        await notices.show(update_of(DOWN, "2 services down: Twitter, Gmail"))
        never_shown = Notification(at=AT, title="Gmail is down", body="refused")
        await notices.show(update_of(never_shown, "Again"))
        summaries = [call.summary for call in daemon.calls]
    assert summaries == [
        "Twitter is down",
        "Yahoo is down",
        "2 services down: Twitter, Gmail",
        "Again",
    ]
    assert asked.failed == []


async def test_without_a_daemon_an_update_is_handed_back_for_the_tray_to_show(
    bus: SystemBus, icons: NoticeIcons, asked: Asked
) -> None:
    update = update_of(DOWN, "2 services down: Twitter, Gmail")
    await asked.notices(icons).show(update)
    assert asked.failed == [update]
