"""The tray icon, tooltip and menu, shown from snapshots (offscreen)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QSize, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from tests.support.builders import outside_reading
from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor import NetworkStatus, NetworkWords
from trayapp.core.monitor.ledger import ServiceView
from trayapp.core.monitor.loop import MonitorSnapshot
from trayapp.core.sources.model import Vantage
from trayapp.ui.icons import status_image
from trayapp.ui.tray import Tray, status_words, tomorrow_morning, tooltip_text

NOW = datetime(2012, 7, 26, 11, 30, tzinfo=UTC)


def view(name: str, status: Status, cause: Cause | None = None, **more: object) -> ServiceView:
    values: dict[str, object] = {
        "name": name,
        "status": status,
        "since": NOW - timedelta(minutes=7),
        "cause": cause,
        "detail": "",
        "last_checked": NOW,
        "last_elapsed_ms": 120.0,
        "paused_until": None,
        "url": f"https://{name.lower()}.test/",
        "status_page": None,
        "incident_id": None,
    }
    values.update(more)
    return ServiceView(**values)  # type: ignore[arg-type]


def snapshot(
    *views: ServiceView,
    tray: TrayStatus | None = None,
    network: NetworkWords | None = None,
) -> MonitorSnapshot:
    """A snapshot of ``views``; with ``network``'s words, of a network failing as they say."""
    if network is not None:
        return MonitorSnapshot(NOW, TrayStatus.OFFLINE, network.status, tuple(views), network)
    worst = tray or max(
        (TrayStatus(v.status.value) for v in views),
        key=lambda s: ["paused", "up", "unknown", "degraded", "down", "offline"].index(s.value),
    )
    return MonitorSnapshot(NOW, worst, NetworkStatus.ONLINE, tuple(views))


@pytest.fixture
def tray(qtbot: QtBot) -> Tray:
    return Tray()


def icon_image(tray: Tray) -> object:
    return tray.icon.icon().pixmap(QSize(32, 32), 1.0).toImage()


def test_the_icon_follows_the_tray_status(tray: Tray) -> None:
    tray.show_snapshot(snapshot(view("Twitter", Status.UP)))
    up = icon_image(tray)
    assert up == status_image(TrayStatus.UP, 32).convertToFormat(up.format())  # type: ignore[attr-defined]
    tray.show_snapshot(
        snapshot(view("Twitter", Status.DOWN, Cause.TIMEOUT), view("Gmail", Status.UP))
    )
    down = icon_image(tray)
    counted = status_image(TrayStatus.DOWN, 32, count=1)
    assert down == counted.convertToFormat(down.format())  # type: ignore[attr-defined]


def test_the_tooltip_says_what_is_wrong_and_since_when(tray: Tray) -> None:
    shot = snapshot(
        view("Twitter", Status.DOWN, Cause.TIMEOUT),
        view("Gmail", Status.UP),
        view("Slack", Status.DEGRADED, Cause.SLOW),
    )
    tray.show_snapshot(shot)
    since = (NOW - timedelta(minutes=7)).astimezone().strftime("%H:%M")
    assert tray.icon.toolTip() == (
        "trayapp: 1 of 3 services down\n"
        f"Twitter: down (timeout) since {since}\n"
        f"Slack: degraded (slow) since {since}"
    )


@pytest.mark.parametrize(
    ("status", "down", "total", "words"),
    [
        (TrayStatus.UNKNOWN, 0, 0, "No services yet: add one in Settings"),
        (TrayStatus.UP, 0, 1, "The service is up"),
        (TrayStatus.UP, 0, 2, "All 2 services up"),
        (TrayStatus.DOWN, 1, 1, "The service is down"),
        (TrayStatus.DOWN, 1, 2, "1 of 2 services down"),
        (TrayStatus.DOWN, 2, 2, "2 of 2 services down"),
        (TrayStatus.DEGRADED, 0, 1, "The service is degraded"),
        (TrayStatus.DEGRADED, 0, 2, "Some services degraded"),
        (TrayStatus.PAUSED, 0, 1, "The service is paused"),
        (TrayStatus.PAUSED, 0, 2, "All services paused"),
        (TrayStatus.UNKNOWN, 0, 1, "Checking…"),
        (TrayStatus.UNKNOWN, 0, 2, "Checking…"),
        (TrayStatus.OFFLINE, 0, 2, "Offline — it's just you"),
    ],
)
def test_the_status_in_words_fits_the_count(
    status: TrayStatus, down: int, total: int, words: str
) -> None:
    assert status_words(status, down, total) == words


@pytest.mark.parametrize(
    ("degraded", "total", "words"),
    [(1, 3, "1 of 3 services degraded"), (2, 3, "2 of 3 services degraded")],
)
def test_degraded_services_are_counted_too(degraded: int, total: int, words: str) -> None:
    assert status_words(TrayStatus.DEGRADED, 0, total, degraded=degraded) == words


@pytest.mark.parametrize(
    ("targets", "summary"),
    [(0, "prometheus: 0 targets"), (1, "prometheus: 1 target"), (2, "prometheus: 2 targets")],
)
def test_a_source_s_entry_counts_its_targets(
    qtbot: QtBot, tray: Tray, targets: int, summary: str
) -> None:
    itself = view("prometheus", Status.UP, source="prometheus", url=None)
    shot = snapshot(
        itself, *(view(f"prometheus/t{n}", Status.UP, source="prometheus") for n in range(targets))
    )
    tray.show_snapshot(shot)
    assert summary in [a.text() for a in tray.menu.actions()]


def test_the_tooltip_says_what_the_vendor_says() -> None:
    said = "Twitter status: major outage: 'Investigating: users may be affected'"
    shot = snapshot(
        view("Twitter", Status.DOWN, Cause.TIMEOUT, vendor=said), view("Gmail", Status.UP)
    )
    lines = tooltip_text(shot).splitlines()
    assert lines[2] == f"  {said}"
    assert len(lines) == 3


def test_the_tooltip_says_what_the_world_sees() -> None:
    seen = outside_reading(("DE", "EU", False), ("US", "NA", False), ("JP", "AS", False))
    shot = snapshot(view("Twitter", Status.DOWN, Cause.TIMEOUT, outside=seen))
    lines = tooltip_text(shot).splitlines()
    assert lines[2] == f"  Seen from outside: {seen.summary}"
    assert seen.summary.startswith("fails from 3 of 3 places")


def test_offline_is_just_you() -> None:
    shot = snapshot(view("Twitter", Status.UNKNOWN, Cause.OFFLINE), tray=TrayStatus.OFFLINE)
    assert tooltip_text(shot) == "trayapp: Offline — it's just you"


def actions(menu: QMenu) -> dict[str, QAction]:
    return {a.text(): a for a in menu.actions() if a.text()}


def test_the_menu_is_rebuilt_from_the_latest_snapshot(qtbot: QtBot, tray: Tray) -> None:
    tray.show_snapshot(snapshot(view("Twitter", Status.UP)))
    tray.menu.aboutToShow.emit()
    first = actions(tray.menu)
    tray.show_snapshot(
        snapshot(view("Twitter", Status.DOWN, Cause.REFUSED), view("Gmail", Status.UP))
    )
    tray.menu.aboutToShow.emit()
    rows = [text for text in actions(tray.menu) if ": " in text]
    since = (NOW - timedelta(minutes=7)).astimezone().strftime("%H:%M")
    assert rows == [f"Twitter: down (refused) · since {since}", "Gmail: up"]
    assert "Twitter: up" in first
    assert {
        "Check all now",
        "Pause all notifications",
        "Incidents…",
        "Settings…",
        "Quit trayapp",
    } <= set(actions(tray.menu))


def test_a_service_submenu_checks_snoozes_and_pauses(qtbot: QtBot, tray: Tray) -> None:
    tray.show_snapshot(snapshot(view("Twitter", Status.DOWN, Cause.REFUSED)))
    tray.menu.aboutToShow.emit()
    row = next(a for a in tray.menu.actions() if a.text().startswith("Twitter"))
    sub = actions(row.menu())
    with qtbot.waitSignal(tray.checkNowWanted) as checked:
        sub["Check now"].trigger()
    assert checked.args == ["Twitter"]
    with qtbot.waitSignal(tray.snoozeWanted) as snoozed:
        sub["Snooze 4 hours"].trigger()
    name, until = snoozed.args
    assert name == "Twitter"
    assert (
        timedelta(hours=3, minutes=59) < until - datetime.now().astimezone() <= timedelta(hours=4)
    )
    before = datetime.now().astimezone()
    with qtbot.waitSignal(tray.snoozeWanted) as tomorrow:
        sub["Snooze until tomorrow 08:00"].trigger()
    after = datetime.now().astimezone()
    # The morning after the moment asked, however old the snapshot shown.
    assert tomorrow_morning(before) <= tomorrow.args[1] <= tomorrow_morning(after)
    with qtbot.waitSignal(tray.pauseWanted) as paused:
        sub["Pause"].trigger()
    assert paused.args == ["Twitter"]
    assert "Open twitter.test" in sub


def test_a_paused_service_offers_resume(qtbot: QtBot, tray: Tray) -> None:
    tray.show_snapshot(snapshot(view("Twitter", Status.PAUSED)))
    tray.menu.aboutToShow.emit()
    row = next(a for a in tray.menu.actions() if a.text().startswith("Twitter"))
    with qtbot.waitSignal(tray.resumeWanted) as resumed:
        actions(row.menu())["Resume"].trigger()
    assert resumed.args == ["Twitter"]


def test_check_all_mute_and_left_click(qtbot: QtBot, tray: Tray) -> None:
    tray.show_snapshot(snapshot(view("Twitter", Status.UP)))
    tray.menu.aboutToShow.emit()
    with qtbot.waitSignal(tray.checkNowWanted) as everything:
        actions(tray.menu)["Check all now"].trigger()
    assert everything.args == [""]
    with qtbot.waitSignal(tray.muteWanted) as muted:
        actions(tray.menu)["Pause all notifications"].trigger()
    assert muted.args == [True]
    tray.menu.aboutToShow.emit()
    assert actions(tray.menu)["Pause all notifications"].isChecked()
    with qtbot.waitSignal(tray.incidentsWanted):
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_tomorrow_morning_is_the_next_local_day() -> None:
    local = NOW.astimezone()
    until = tomorrow_morning(NOW)
    assert until.date() == local.date() + timedelta(days=1)
    assert (until.hour, until.minute) == (8, 0)


def test_the_tooltip_says_where_it_is_seen_from_and_what_cannot_be_read() -> None:
    remote = (
        Vantage("prometheus", "eu-west", Status.UP, "probe_success = 1"),
        Vantage("prometheus", "us-east", Status.DOWN, "probe_success = 0"),
    )
    lost = "cannot read source am: connection refused by 127.0.0.1:9093"
    shot = snapshot(
        view("Shop", Status.DOWN, Cause.TIMEOUT, remote=remote),
        view("am", Status.UNKNOWN, Cause.REFUSED, detail=lost, source="am"),
    )
    lines = tooltip_text(shot).splitlines()
    assert (
        lines[2] == "  down from prometheus/us-east (probe_success = 0), up from prometheus/eu-west"
    )
    assert lines[3] == f"am: {lost}"


def test_a_sources_services_share_one_entry(qtbot: QtBot, tray: Tray) -> None:
    itself = Vantage("prometheus", "", Status.UP, "3 targets")
    tray.show_snapshot(
        snapshot(
            view("Shop", Status.UP),
            view("prometheus", Status.UP, source="prometheus", remote=(itself,), url=None),
            view("prometheus/db", Status.DOWN, Cause.VENDOR_REPORTED, source="prometheus"),
            view("prometheus/web", Status.UP, source="prometheus"),
        )
    )
    tray.menu.aboutToShow.emit()
    top = [a.text() for a in tray.menu.actions() if ": " in a.text()]
    assert top[0].startswith("Shop: up")
    assert top[1] == "prometheus: 2 targets, 1 failing"
    group = next(a for a in tray.menu.actions() if a.text().startswith("prometheus:")).menu()
    inside = [a.text() for a in group.actions() if a.text()]
    assert inside[0] == "up: 3 targets"
    assert inside[1] == "Check now"
    assert inside[2].startswith("prometheus/db: down (vendor_reported)")
    assert inside[3].startswith("prometheus/web: up")
    with qtbot.waitSignal(tray.checkNowWanted) as asked:
        actions(group)["Check now"].trigger()
    assert asked.args == ["prometheus"]


def test_the_tooltip_names_ten_services_at_most() -> None:
    shot = snapshot(*(view(f"s{n}", Status.DOWN, Cause.VENDOR_REPORTED) for n in range(25)))
    lines = tooltip_text(shot).splitlines()
    assert len(lines) == 12
    assert lines[-1] == "and 15 more (see the menu)"


# --- the menu is kept, not rebuilt ---------------------------------------------------------------


def menus() -> int:
    return sum(isinstance(widget, QMenu) for widget in QApplication.allWidgets())


def test_opening_the_menu_again_and_again_makes_nothing_new(qtbot: QtBot, tray: Tray) -> None:
    shot = snapshot(*(view(f"s{n}", Status.UP) for n in range(20)))
    tray.show_snapshot(shot)
    # Earlier tests' windows (a settings dialog's Add menu) go first: they are not counted.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    before = menus()
    rows = [a for a in tray.menu.actions() if a.menu() is not None]
    for _ in range(5):
        tray.menu.aboutToShow.emit()
        tray.show_snapshot(shot)
        QApplication.processEvents()
    assert menus() == before
    assert [a for a in tray.menu.actions() if a.menu() is not None] == rows


def test_a_row_changes_in_place_and_a_gone_service_takes_its_submenu_along(
    qtbot: QtBot, tray: Tray
) -> None:
    tray.show_snapshot(snapshot(view("Twitter", Status.UP), view("Gmail", Status.UP)))
    twitter = next(a for a in tray.menu.actions() if a.text().startswith("Twitter"))
    before = menus()
    tray.show_snapshot(snapshot(view("Twitter", Status.PAUSED)))
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    now = next(a for a in tray.menu.actions() if a.text().startswith("Twitter"))
    assert now is twitter
    assert now.text().startswith("Twitter: paused")
    assert [a.text() for a in now.menu().actions() if a.isVisible() and a.text()][-2:] == [
        "Resume",
        "Open twitter.test",
    ]
    assert not any(a.text().startswith("Gmail") for a in tray.menu.actions())
    assert menus() == before - 1


def test_open_never_shows_credentials_but_opens_the_real_address(
    qtbot: QtBot, tray: Tray, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    real = "https://alice:pa55word@shop.test/?api_key=k3y&page=2"
    tray.show_snapshot(snapshot(view("Shop", Status.UP, url=real)))
    row = next(a for a in tray.menu.actions() if a.text().startswith("Shop"))
    texts = [a.text() for a in row.menu().actions()]
    assert "Open ***@shop.test/?api_key=***&page=2" in texts
    assert not any("pa55word" in text or "k3y" in text for text in texts)
    next(a for a in row.menu().actions() if a.text().startswith("Open ")).trigger()
    assert opened == [QUrl(real).toString()]


def test_the_menu_is_complete_before_it_is_opened(qtbot: QtBot, tray: Tray) -> None:
    """A StatusNotifierItem host reads the exported menu before aboutToShow reaches us."""
    tray.show_snapshot(snapshot(view("Twitter", Status.DOWN, Cause.REFUSED)))
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert texts[0] == "The service is down"
    assert texts[1].startswith("Twitter: down (refused)")
    assert texts[-1] == "Quit trayapp"


def test_every_submenu_is_whole_before_it_is_opened_and_opening_changes_nothing(
    qtbot: QtBot, tray: Tray
) -> None:
    """A StatusNotifierItem host pops a submenu up before aboutToShow reaches us: entries
    made then would show in a window sized for none."""
    # Three groups of 40 (as many as a level shows) and a source: more rows than one pass makes.
    tray.show_snapshot(
        snapshot(
            *(view(f"s{n:03}", Status.UP, group=f"g{n // 40}") for n in range(120)),
            *(view(f"prometheus/t{n}", Status.UP, source="prometheus") for n in range(3)),
        )
    )
    texts = lambda menu: [a.text() for a in menu.actions()]  # noqa: E731
    g2 = next(a for a in tray.menu.actions() if a.text().startswith("g2")).menu()
    qtbot.waitUntil(lambda: any(t.startswith("s119") for t in texts(g2)))
    group = next(a for a in tray.menu.actions() if a.text().startswith("prometheus:")).menu()
    qtbot.waitUntil(lambda: any(t.startswith("prometheus/t1") for t in texts(group)))
    target = next(a for a in group.actions() if a.text().startswith("prometheus/t1")).menu()
    last = next(a for a in g2.actions() if a.text().startswith("s119")).menu()
    for submenu in (target, last):
        before = [(a.text(), a.isVisible()) for a in submenu.actions()]
        assert [text for text, visible in before if visible and text][:2] == [
            "Check now",
            "Snooze 1 hour",
        ]
        submenu.aboutToShow.emit()
        assert [(a.text(), a.isVisible()) for a in submenu.actions()] == before
    with qtbot.waitSignal(tray.checkNowWanted) as asked:
        actions(target)["Check now"].trigger()
    assert asked.args == ["prometheus/t1"]
    assert "Open prometheus/t1.test" in actions(target)


def test_many_new_services_are_shown_over_a_few_passes_in_order(qtbot: QtBot, tray: Tray) -> None:
    # In groups of 40, as many as a level of the menu shows.
    names = [f"s{n:03}" for n in range(150)]
    tray.show_snapshot(
        snapshot(*(view(name, Status.UP, group=f"g{n // 40}") for n, name in enumerate(names)))
    )
    groups = [a.menu() for a in tray.menu.actions() if a.menu()]
    rows = lambda: [  # noqa: E731
        a.text().split(":")[0] for group in groups for a in group.actions() if a.menu()
    ]
    assert len(groups) == 4
    assert 0 < len(rows()) < len(names)  # the first pass made some, not all
    qtbot.waitUntil(lambda: len(rows()) == len(names), timeout=5000)
    assert rows() == names


# --- the user's own network -----------------------------------------------------------------

WORDS = {
    NetworkStatus.OFFLINE: NetworkWords(
        NetworkStatus.OFFLINE,
        "You're offline",
        "Nothing answers, not even a DNS server by its address. Check your Wi-Fi or cable.",
    ),
    NetworkStatus.DNS_FAILURE: NetworkWords(
        NetworkStatus.DNS_FAILURE,
        "Names don't resolve",
        "Your DNS server 10.0.0.1 isn't answering, but the internet answers by address.\n"
        "Restart your router, or set another DNS server.",
    ),
    NetworkStatus.CAPTIVE_PORTAL: NetworkWords(
        NetworkStatus.CAPTIVE_PORTAL,
        "Behind a captive portal",
        "This network wants you to sign in before it lets you out.",
        "http://portal.example/login?from=trayapp&lang=en",
    ),
    NetworkStatus.LIMITED: NetworkWords(
        NetworkStatus.LIMITED,
        "Limited connectivity",
        "Addresses answer, but no web page does.",
    ),
    NetworkStatus.PROXY_FAILURE: NetworkWords(
        NetworkStatus.PROXY_FAILURE,
        "The proxy fails",
        "proxy.example:3128 refuses every connection: check your proxy settings.",
    ),
}


def shown(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and a.text()]


@pytest.mark.parametrize("status", list(WORDS))
def test_the_tray_says_how_the_network_fails_first(
    qtbot: QtBot, tray: Tray, status: NetworkStatus
) -> None:
    words = WORDS[status]
    tray.show_snapshot(snapshot(view("Twitter", Status.UNKNOWN, Cause.OFFLINE), network=words))
    lines = tray.icon.toolTip().splitlines()
    assert lines[0] == f"trayapp: {words.title} — it's just you"
    assert " ".join(lines[1:]) == words.body.replace("\n", " ")
    assert all(len(line) <= 72 for line in lines[1:])
    texts = shown(tray.menu)
    assert texts[0] == f"{words.title} — it's just you"
    assert " ".join(texts[1 : len(lines)]) == words.body.replace("\n", " ")
    image = icon_image(tray)
    badged = status_image(TrayStatus.OFFLINE, 32, network=status)
    assert image == badged.convertToFormat(image.format())  # type: ignore[attr-defined]


def test_the_network_s_words_stand_for_the_services_unknown_details() -> None:
    lost = view("Twitter", Status.UNKNOWN, Cause.DNS, detail="twitter.com: no such name")
    words = WORDS[NetworkStatus.DNS_FAILURE]
    lines = tooltip_text(snapshot(lost, network=words)).splitlines()
    assert lines[0] == "trayapp: Names don't resolve — it's just you"
    assert not any("Twitter" in line for line in lines)


def test_the_glyph_follows_the_network_while_the_tray_stays_offline(tray: Tray) -> None:
    tray.show_snapshot(snapshot(network=WORDS[NetworkStatus.DNS_FAILURE]))
    tray.show_snapshot(snapshot(network=WORDS[NetworkStatus.CAPTIVE_PORTAL]))
    image = icon_image(tray)
    portal = status_image(TrayStatus.OFFLINE, 32, network=NetworkStatus.CAPTIVE_PORTAL)
    assert image == portal.convertToFormat(image.format())  # type: ignore[attr-defined]


def test_the_words_of_a_network_without_its_own_are_its_status_s(tray: Tray) -> None:
    bare = MonitorSnapshot(NOW, TrayStatus.OFFLINE, NetworkStatus.PROXY_FAILURE, ())
    tray.show_snapshot(bare)
    assert tray.icon.toolTip() == "trayapp: The proxy fails — it's just you"
    assert shown(tray.menu)[0] == "The proxy fails — it's just you"


def test_the_sign_in_page_is_offered_behind_a_portal_and_opened(
    qtbot: QtBot, tray: Tray, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    portal = WORDS[NetworkStatus.CAPTIVE_PORTAL]
    tray.show_snapshot(snapshot(network=portal))
    sign_in = actions(tray.menu)["Open the sign-in page"]
    assert sign_in.isVisible()
    assert sign_in.isEnabled()
    assert shown(tray.menu).index("Open the sign-in page") == 2  # under the heading and body
    sign_in.trigger()
    assert opened == [QUrl(portal.portal).toString()]
    tray.show_snapshot(snapshot(view("Twitter", Status.UP)))  # signed in: online again
    assert not sign_in.isVisible()
    assert shown(tray.menu)[:2] == ["The service is up", "Twitter: up"]


@pytest.mark.parametrize(
    "page",
    [
        None,
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://portal.example/",
        "portal.example/login",
        "http://",
        "https:///login",
    ],
)
def test_only_a_web_page_is_offered_to_sign_in(tray: Tray, page: str | None) -> None:
    words = WORDS[NetworkStatus.CAPTIVE_PORTAL]
    tray.show_snapshot(snapshot(network=NetworkWords(words.status, words.title, words.body, page)))
    assert "Open the sign-in page" not in shown(tray.menu)
    assert shown(tray.menu)[:2] == [
        "Behind a captive portal — it's just you",
        "This network wants you to sign in before it lets you out.",
    ]


def test_the_network_s_words_show_as_written_in_the_menu(tray: Tray) -> None:
    said = NetworkWords(
        NetworkStatus.PROXY_FAILURE,
        "The proxy fails <b>now</b>",
        "proxy.example/?user=a&pass=*** & friends refuse",
    )
    tray.show_snapshot(snapshot(network=said))
    heading, body = [a for a in tray.menu.actions() if a.isVisible() and a.text()][:2]
    assert heading.iconText() == "The proxy fails <b>now</b> — it's just you"
    assert body.text() == "proxy.example/?user=a&&pass=*** && friends refuse"
    assert body.iconText() == said.body
    assert not body.isEnabled()


def test_with_no_services_the_menu_offers_to_add_some(qtbot: QtBot, tray: Tray) -> None:
    (offer,) = [a for a in tray.menu.actions() if a.text() == "Add services…"]
    assert not offer.isVisible()  # not before the monitor has said what it watches
    tray.show_snapshot(snapshot(tray=TrayStatus.UNKNOWN))
    assert offer.isVisible()
    with qtbot.waitSignal(tray.addServicesWanted):
        offer.trigger()
    tray.show_snapshot(snapshot(view("Twitter", Status.UP)))
    assert not offer.isVisible()
