"""trayapp's notifications in a real desktop session: dunst gets each one with its buttons and
the glyph of what it tells, and a button pressed in dunst's own menu comes back to trayapp.

The app runs as a real process (``python -m trayapp``) under Xvfb with an SNI tray host and
dunst; ``dbus-monitor`` records every ``Notify`` call, and dunst's context menu presses the
buttons (see tests/support/desktop.py). A local server plays the service. "Open site" reaches
the desktop's browser (``BROWSER``, which ``xdg-open`` runs: here a script that writes down the
address); "Snooze 1 h" turns the tray's icon to the paused glyph.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import eventually, find_colour, screen
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

PAUSED_INDIGO = QColor("#5c6bc0")
TRAY_AREA = (0, 0, 1280, 40)
"""The panel the tray host draws along the top of the screen."""


@pytest.fixture
def opened(tmp_path: Path) -> Path:
    """Where the desktop's "browser" writes each address it is asked to open."""
    return tmp_path / "opened.txt"


@pytest.fixture
def trayapp_process(
    desktop: DesktopSession,
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
    opened: Path,
) -> Iterator[subprocess.Popen[bytes]]:
    sites.site.scenarios["notices"] = "/up"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n')
    browser.chmod(0o700)
    config = tmp_path / "config.toml"
    config.write_text(
        '[defaults]\ninterval = "300ms"\nfailure_threshold = 1\nsuccess_threshold = 1\n\n'
        '[notifications]\ncoalesce = "200ms"\n\n[network]\ncanaries = []\n\n'
        f'[[services]]\nname = "Shop"\nurl = "{site(sites)}"\n'
    )
    desktop.run("dunstctl", "close-all")  # earlier tests' notifications: out of the menu
    with run_trayapp(
        desktop,
        child_env,
        python,
        config,
        tmp_path / "data",
        tmp_path / "trayapp.log",
        extra_env={"BROWSER": str(browser)},
    ) as process:
        yield process


def site(sites: LocalSites) -> str:
    return sites.http("/scenario/notices") + "?api_key=s3cret"


def notices_dir(child_env: dict[str, str]) -> Path:
    return Path(child_env["XDG_CACHE_HOME"]) / "trayapp" / "notices"


def calls_of(desktop: DesktopSession, title: str, icon: Path) -> list[str]:
    """The ``Notify`` calls titled ``title`` with the picture ``icon``."""
    calls = desktop.notify_log.read_text(errors="replace").split("method call")
    return [
        call
        for call in calls
        if "member=Notify" in call
        and f'string "{title}"' in call
        and f'string "{icon.as_uri()}"' in call
    ]


def buttons(call: str) -> list[str]:
    """A recorded ``Notify`` call's buttons: the words of its actions (keys are UUIDs)."""
    actions = re.search(r"array \[(.*?)\]", call, re.DOTALL)
    assert actions is not None
    words = re.findall(r'string "(.*)"', actions.group(1))
    return [w for k, w in zip(words[::2], words[1::2], strict=True) if k != "default"]


def colour_of(path: Path) -> str:
    image = QImage(str(path))
    colours = Counter(
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if image.pixelColor(x, y).alpha() == 255
    )
    return colours.most_common(1)[0][0]


def test_a_notification_carries_its_buttons_and_glyph_and_they_come_back_from_dunst(
    desktop: DesktopSession,
    sites: LocalSites,
    trayapp_process: subprocess.Popen[bytes],
    child_env: dict[str, str],
    opened: Path,
    tmp_path: Path,
) -> None:
    folder = notices_dir(child_env)
    down_glyph, up_glyph = folder / "notice-down.png", folder / "notice-up.png"
    sites.site.scenarios["notices"] = "/reset"
    (down,) = eventually(lambda: calls_of(desktop, "Shop is down", down_glyph), "Shop is down")
    assert buttons(down) == ["Snooze 1 h", "Open site", "Mute until it's back"]
    assert colour_of(down_glyph) == "#c62828"
    assert "s3cret" not in down  # the body names the site masked

    desktop.press_button("Open site")
    eventually(lambda: opened.exists() and opened.read_text().strip(), "the site opened")
    assert opened.read_text().splitlines() == [site(sites)]  # the real address

    sites.site.scenarios["notices"] = "/up"
    (back,) = eventually(lambda: calls_of(desktop, "Shop is back up", up_glyph), "back up")
    assert buttons(back) == ["Open site"]  # nothing to snooze or mute once it is back
    assert colour_of(up_glyph) == "#2e7d32"

    sites.site.scenarios["notices"] = "/reset"
    eventually(lambda: len(calls_of(desktop, "Shop is down", down_glyph)) == 2, "down again")
    desktop.press_button("Snooze 1 h")
    eventually(
        lambda: find_colour(screen(desktop, tmp_path), PAUSED_INDIGO, TRAY_AREA),
        "the paused glyph",
    )
    assert trayapp_process.poll() is None
