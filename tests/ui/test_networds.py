"""The user's own network in the tray's words (what the tray shows of them: test_tray.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trayapp.core.models import TrayStatus
from trayapp.core.monitor import MonitorSnapshot, NetworkStatus, NetworkWords
from trayapp.ui.networds import BODY_WIDTH, body_lines, headline, network_words, sign_in_page

NOW = datetime(2012, 7, 26, 11, 30, tzinfo=UTC)


def shot(
    tray: TrayStatus, network: NetworkStatus, words: NetworkWords | None = None
) -> MonitorSnapshot:
    return MonitorSnapshot(NOW, tray, network, (), words or NetworkWords())


def test_a_working_network_has_nothing_to_say() -> None:
    assert network_words(shot(TrayStatus.DOWN, NetworkStatus.ONLINE)) is None


def test_the_monitor_s_words_are_said_as_they_are() -> None:
    words = NetworkWords(NetworkStatus.LIMITED, "Limited connectivity", "Addresses answer.")
    assert network_words(shot(TrayStatus.OFFLINE, NetworkStatus.LIMITED, words)) is words


@pytest.mark.parametrize(
    ("network", "title"),
    [
        (NetworkStatus.OFFLINE, "Offline"),
        (NetworkStatus.DNS_FAILURE, "Names don't resolve"),
        (NetworkStatus.CAPTIVE_PORTAL, "Behind a captive portal"),
        (NetworkStatus.LIMITED, "Limited connectivity"),
        (NetworkStatus.PROXY_FAILURE, "The proxy fails"),
    ],
)
def test_words_of_another_status_give_way_to_the_status_s_own(
    network: NetworkStatus, title: str
) -> None:
    stale = NetworkWords(
        NetworkStatus.OFFLINE if network is not NetworkStatus.OFFLINE else NetworkStatus.ONLINE,
        "Old news",
        "gone",
    )
    assert network_words(shot(TrayStatus.OFFLINE, network, stale)) == NetworkWords(network, title)


def test_a_tray_offline_on_an_online_network_says_offline() -> None:
    assert network_words(shot(TrayStatus.OFFLINE, NetworkStatus.ONLINE)) == NetworkWords(
        NetworkStatus.OFFLINE, "Offline"
    )


def test_the_headline_says_whose_fault_it_is() -> None:
    words = NetworkWords(NetworkStatus.DNS_FAILURE, "Names don't resolve")
    assert headline(words) == "Names don't resolve — it's just you"


def test_the_body_is_said_in_short_lines_keeping_its_own() -> None:
    long = "word " * 40
    words = NetworkWords(NetworkStatus.LIMITED, "Limited", f"First line.\n{long.strip()}")
    lines = body_lines(words)
    assert lines[0] == "First line."
    assert all(0 < len(line) <= BODY_WIDTH for line in lines)
    assert " ".join(lines[1:]) == long.strip()
    assert body_lines(NetworkWords(NetworkStatus.LIMITED, "Limited")) == []


@pytest.mark.parametrize(
    ("portal", "offered"),
    [
        ("http://192.168.1.1/login", True),
        ("https://portal.example/?from=x&lang=en", True),
        ("HTTPS://portal.example/", True),
        (None, False),
        ("", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,hi", False),
        ("ftp://portal.example/", False),
        ("//portal.example/login", False),
        ("http://", False),
        ("http://exa mple/", False),
    ],
)
def test_only_web_pages_are_sign_in_pages(portal: str | None, offered: bool) -> None:
    words = NetworkWords(NetworkStatus.CAPTIVE_PORTAL, "Behind a captive portal", "", portal)
    assert sign_in_page(words) == (portal if offered else None)
