"""An update in a real desktop session: dunst shows it instead of the notification it updates.

trayapp runs as a real process under Xvfb with dunst (see tests/support/desktop.py); two
local sites fail one after the other inside one coalescing window. ``dbus-monitor`` records
what trayapp asks of dunst, and ``dunstctl`` says how many notifications are on screen.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import eventually
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

FIRST, UPDATE = "Shop is down", "2 services down: Shop, Blog"


@pytest.fixture
def trayapp_process(
    desktop: DesktopSession,
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> Iterator[subprocess.Popen[bytes]]:
    for name in ("shop", "blog"):
        sites.site.scenarios[name] = "/up"
    config = tmp_path / "config.toml"
    config.write_text(
        '[defaults]\ninterval = "300ms"\nfailure_threshold = 1\nsuccess_threshold = 1\n\n'
        '[notifications]\ncoalesce = "1m"\nsettle = "300ms"\n\n[network]\ncanaries = []\n\n'
        f'[[services]]\nname = "Shop"\nurl = "{sites.http("/scenario/shop")}"\n\n'
        f'[[services]]\nname = "Blog"\nurl = "{sites.http("/scenario/blog")}"\n'
    )
    desktop.run("dunstctl", "close-all")  # earlier tests' notifications: off the screen
    with run_trayapp(
        desktop, child_env, python, config, tmp_path / "data", tmp_path / "trayapp.log"
    ) as process:
        yield process


def requests(desktop: DesktopSession) -> list[str]:
    """What trayapp asked of dunst, in order: ``Notify: SUMMARY`` and ``CloseNotification``."""
    said = []
    for call in desktop.notify_log.read_text(errors="replace").split("method call")[1:]:
        if "member=Notify" in call:
            summary = re.findall(r'string "(.*)"', call)[2]  # app name, icon, summary, ...
            said.append(f"Notify: {summary}")
        elif "member=CloseNotification" in call:
            said.append("CloseNotification")
    return said


def displayed(desktop: DesktopSession) -> int:
    return int(desktop.run("dunstctl", "count", "displayed").stdout)


def test_an_update_takes_the_place_of_the_notification_it_updates(
    desktop: DesktopSession, sites: LocalSites, trayapp_process: subprocess.Popen[bytes]
) -> None:
    seen = len(requests(desktop))
    sites.site.scenarios["shop"] = "/reset"
    eventually(lambda: f"Notify: {FIRST}" in requests(desktop)[seen:], FIRST)
    eventually(lambda: displayed(desktop) == 1, "the first notification on screen")
    sites.site.scenarios["blog"] = "/reset"
    eventually(lambda: f"Notify: {UPDATE}" in requests(desktop)[seen:], UPDATE)
    assert requests(desktop)[seen:] == [
        f"Notify: {FIRST}",
        "CloseNotification",
        f"Notify: {UPDATE}",
    ]
    eventually(lambda: displayed(desktop) == 1, "one notification on screen")
    assert trayapp_process.poll() is None
