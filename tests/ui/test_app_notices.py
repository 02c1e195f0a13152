"""A notification's buttons, carried out by the app: a real runtime thread and monitor against
local servers, offscreen.

The buttons are pressed as desktop-notifier presses them: :meth:`Bridge.act_on_notice` called
on the runtime's thread with the notification (what the daemon sends back is tested in
tests/ui/test_notifier.py and tests/e2e/test_notices.py).
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.support.servers import LocalSites
from trayapp.core.models import Status, TrayStatus
from trayapp.core.monitor import (
    NoticeAction,
    NoticeLink,
    Notification,
    StatusChanged,
)
from trayapp.core.paths import Paths
from trayapp.ui.app import TrayApp
from trayapp.ui.notifier import SNOOZE_FOR
from trayapp.ui.tray import Tray

CONFIG = """[defaults]
interval = "200ms"
failure_threshold = 1
success_threshold = 1

[notifications]
coalesce = "100ms"
on_degraded = true

[network]
canaries = []

[[services]]
name = "web"
status_page = "{page}"
[[services.checks]]
type = "http"
url = "{home}"
[[services.checks]]
type = "http"
url = "{api}"
"""


@pytest.fixture(autouse=True)
def _apps_go_with_their_test() -> Iterator[None]:
    """Each test's app is deleted when the test ends, not in a later test (see test_app.py)."""
    yield
    gc.collect()


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, sites: LocalSites) -> Iterator[TrayApp]:
    sites.site.scenarios.update(home="/up", api="/up")
    config = tmp_path / "config.toml"
    config.write_text(
        CONFIG.format(
            page="https://status.web.test/?token=s3cret",
            home=sites.http("/scenario/home"),
            api=sites.http("/scenario/api"),
        )
    )
    paths = Paths(config=config, data_dir=tmp_path / "data", log_dir=tmp_path / "logs")

    tray_app = TrayApp(paths, make_prober=sites.prober, send_notices=False)
    tray_app.start()
    yield tray_app
    tray_app.stop()


class Told:
    """What the app would have shown, in order (the tray's balloons stand in: no daemon)."""

    def __init__(self, app: TrayApp) -> None:
        self.notices: list[Notification] = []
        self.events: list[object] = []
        app.bridge.noticeFailed.connect(self.notices.append)
        app.bridge.eventHappened.connect(self.events.append)

    def titles(self) -> list[str]:
        return [n.title for n in self.notices]


def press(app: TrayApp, action: NoticeAction, notification: Notification) -> None:
    """Press a button of ``notification`` as the desktop does: on the runtime's thread."""
    app.runtime.call_soon(lambda: app.bridge.act_on_notice(action, notification))


def web_goes_down(qtbot: QtBot, app: TrayApp, sites: LocalSites, told: Told) -> Notification:
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.UP, timeout=10_000)
    sites.site.scenarios.update(home="/reset", api="/reset")
    qtbot.waitUntil(lambda: told.titles() == ["web is down"], timeout=10_000)
    return told.notices[0]


def test_snooze_1_h_snoozes_the_failing_services_for_an_hour(
    qtbot: QtBot, app: TrayApp, sites: LocalSites
) -> None:
    told = Told(app)
    down = web_goes_down(qtbot, app, sites, told)
    assert (down.kind, down.failing, down.actions) == ("down", ("web",), ("snooze", "open", "mute"))
    before = datetime.now().astimezone()
    press(app, "snooze", down)
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.PAUSED, timeout=10_000)
    assert app.snapshot is not None
    until = app.snapshot.services[0].paused_until
    assert until is not None
    assert before + SNOOZE_FOR <= until <= datetime.now().astimezone() + SNOOZE_FOR


def test_mute_until_back_tells_nothing_more_of_the_outage_but_its_recovery(
    qtbot: QtBot, app: TrayApp, sites: LocalSites
) -> None:
    told = Told(app)
    down = web_goes_down(qtbot, app, sites, told)
    asked: list[object] = []
    app.bridge.noticeMuteWanted.connect(asked.append)  # after the app's own: called after it
    press(app, "mute", down)
    qtbot.waitUntil(lambda: asked == [("web",)], timeout=10_000)
    # The app has handed the mute to the runtime's loop: what is submitted now runs after it.
    app.runtime.submit(asyncio.sleep(0)).result(timeout=10)

    def went(to: Status) -> bool:
        return any(isinstance(e, StatusChanged) and e.to is to for e in told.events)

    # The home page comes back, the api still fails: degraded, which on_degraded would tell.
    sites.site.scenarios["home"] = "/up"
    qtbot.waitUntil(lambda: went(Status.DEGRADED), timeout=10_000)
    sites.site.scenarios["api"] = "/up"
    qtbot.waitUntil(lambda: len(told.notices) == 2, timeout=10_000)
    assert told.titles() == ["web is down", "web is back up"]
    # The next outage is told again.
    sites.site.scenarios["home"] = "/reset"
    qtbot.waitUntil(lambda: len(told.notices) == 3, timeout=10_000)
    assert told.titles()[-1] == "web is degraded"


class Browser(QObject):
    """Where the desktop would open a web page: Qt's own hook for a URL scheme."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def browser() -> Iterator[Browser]:
    opener = Browser()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, opener, "open")
    yield opener
    for scheme in ("http", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


def test_open_status_page_opens_the_real_address_and_the_json_masks_it(
    qtbot: QtBot, app: TrayApp, sites: LocalSites, browser: Browser
) -> None:
    told = Told(app)
    down = web_goes_down(qtbot, app, sites, told)
    real = "https://status.web.test/?token=s3cret"
    assert down.link == NoticeLink("Open status page", real)
    assert "s3cret" not in down.to_json()
    press(app, "open", down)
    qtbot.waitUntil(lambda: browser.opened != [], timeout=10_000)
    assert browser.opened == [QUrl(real).toString()]


def test_a_button_of_a_notification_without_it_does_nothing(
    qtbot: QtBot, app: TrayApp, sites: LocalSites, browser: Browser
) -> None:
    told = Told(app)
    web_goes_down(qtbot, app, sites, told)
    sites.site.scenarios.update(home="/up", api="/up")
    qtbot.waitUntil(lambda: len(told.notices) == 2, timeout=10_000)
    back = told.notices[1]
    assert (back.kind, back.failing, back.actions) == ("up", (), ("open",))
    asked: list[object] = []
    app.bridge.noticeSnoozeWanted.connect(asked.append)
    app.bridge.noticeMuteWanted.connect(asked.append)
    app.bridge.act_on_notice("snooze", back)
    app.bridge.act_on_notice("mute", back)
    assert asked == []


# --- the tray's balloon, when no daemon takes a notification --------------------------------


def balloon(qtbot: QtBot, notification: Notification, monkeypatch: pytest.MonkeyPatch) -> object:
    tray = Tray()
    shown: list[object] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda *args: shown.append(args[2]))
    tray.show_notice(notification)
    (icon,) = shown
    return icon


def colour_of(icon: QIcon) -> str:
    """The glyph's colour: the commonest of its opaque pixels (its mark is smaller)."""
    image = icon.pixmap(32, 32).toImage()
    colours = Counter(
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    )
    return colours.most_common(1)[0][0]


@pytest.mark.parametrize(
    ("kind", "colour"),
    [("down", "#c62828"), ("up", "#2e7d32"), ("network", "#546e7a"), ("degraded", "#f9a825")],
)
def test_the_balloon_shows_the_glyph_of_what_it_tells(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, kind: str, colour: str
) -> None:
    notice = Notification(at=datetime.now().astimezone(), title="t", body="b", kind=kind)  # type: ignore[arg-type]
    icon = balloon(qtbot, notice, monkeypatch)
    assert isinstance(icon, QIcon)
    assert colour_of(icon) == colour


def test_trayapp_s_own_word_shows_as_information(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice = Notification(at=datetime.now().astimezone(), title="trayapp stopped", body="why")
    assert balloon(qtbot, notice, monkeypatch) is QSystemTrayIcon.MessageIcon.Information
