"""trayapp in a real desktop session: the tray icon, a notification, a click.

The app runs as a real process (``python -m trayapp``) under Xvfb with an SNI tray host and
dunst. A local server plays the service; when it goes down, the icon's pixels on the screen
change to the down glyph, a ``Notify`` call naming the service reaches the notification
daemon, and a click on the icon opens the incidents window.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import eventually, find_colour, screen
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

UP_GREEN = QColor("#2e7d32")
DOWN_RED = QColor("#c62828")


@pytest.fixture
def trayapp_process(
    desktop: DesktopSession,
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> Iterator[subprocess.Popen[bytes]]:
    sites.site.scenarios["twitter"] = "/up"
    config = tmp_path / "config.toml"
    config.write_text(
        '[defaults]\ninterval = "300ms"\nfailure_threshold = 1\nsuccess_threshold = 1\n\n'
        '[notifications]\ncoalesce = "200ms"\n\n[network]\ncanaries = []\n\n'
        f'[[services]]\nname = "Twitter"\nurl = "{sites.http("/scenario/twitter")}"\n'
    )
    with run_trayapp(
        desktop, child_env, python, config, tmp_path / "data", tmp_path / "trayapp.log"
    ) as process:
        yield process


TRAY_AREA = (0, 0, 1280, 40)
"""The panel the tray host draws along the top of the screen."""


def test_the_icon_turns_to_down_a_notification_reaches_the_daemon_and_a_click_opens_the_window(
    desktop: DesktopSession,
    sites: LocalSites,
    trayapp_process: subprocess.Popen[bytes],
    tmp_path: Path,
) -> None:
    eventually(lambda: find_colour(screen(desktop, tmp_path), UP_GREEN, TRAY_AREA), "the up glyph")
    # The config was read by a process of its own: the tray never loads the config model. Nor,
    # on Linux, Qt's network module: the system's word on the network comes from the runtime.
    maps = Path(f"/proc/{trayapp_process.pid}/maps").read_text()
    assert "_pydantic_core" not in maps
    assert "libQt6Network" not in maps

    sites.site.scenarios["twitter"] = "/reset"
    red = eventually(
        lambda: find_colour(screen(desktop, tmp_path), DOWN_RED, TRAY_AREA), "the down glyph"
    )
    assert not find_colour(screen(desktop, tmp_path), UP_GREEN, TRAY_AREA)
    eventually(lambda: "Twitter is down" in desktop.notify_calls(), "a Notify call naming Twitter")

    xs = [x for x, _ in red]
    ys = [y for _, y in red]
    x, y = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
    desktop.run("xdotool", "mousemove", str(x), str(y), "click", "1")

    def window_open() -> bool:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "trayapp — incidents"],
            env=desktop.env,
            capture_output=True,
            text=True,
            check=False,
        )
        return found.returncode == 0 and bool(found.stdout.strip())

    eventually(window_open, "the incidents window")
    assert trayapp_process.poll() is None
    maps = Path(f"/proc/{trayapp_process.pid}/maps").read_text()
    assert "_pydantic_core" not in maps
    assert "libQt6Network" not in maps
    desktop.screenshot(tmp_path / "incidents-window.png")
