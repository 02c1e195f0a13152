"""The README's screenshots, taken in the real desktop session while trayapp lives through 2012.

A real ``python -m trayapp`` watches three services played by local servers: Twitter, Twitter
mobile (a web site and an API) and Google Talk. They start slowly (the tray is ``unknown``),
come up, Twitter mobile's API fails (``degraded``), Twitter and Google Talk go down (``down``,
a notification), come back, Twitter fails again (a flap), the network goes (``offline``) and
comes back, and finally every service is paused from the tray's menu. Each picture is checked
for what it claims (the glyph's colour in the panel, the daemon's ``Notify`` call, the window
on screen) and saved in a temporary folder. The normal test run writes nothing else; this
copies them into ``docs/screenshots/`` for the README::

    TRAYAPP_UPDATE_DOCS=1 .venv/bin/python -m pytest tests/e2e -k screenshots
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import (
    Area,
    click_menu_item,
    eventually,
    find_colour,
    lit_extent,
    screen,
    window_id,
)
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 800
PANEL: Area = (WIDTH - 160, 0, 160, 32)
"""The right end of the tray host's panel along the top of the screen, where the icons sit."""
CORNER: Area = (WIDTH - 480, 0, 480, 200)
"""The panel's right end and the room below it, where the icon's tooltip shows."""
NOTICES: Area = (WIDTH - 520, HEIGHT - 260, 520, 260)
"""The screen's bottom-right corner, where dunst shows notifications."""
GLYPHS = {  # the fill of each status glyph, resources/icons/status/*.svg
    "up": QColor("#2e7d32"),
    "degraded": QColor("#f9a825"),
    "down": QColor("#c62828"),
    "unknown": QColor("#757575"),
    "offline": QColor("#546e7a"),
    "paused": QColor("#5c6bc0"),
}
GLYPH_PIXELS = 60
"""At least this many pixels of a glyph's colour: the glyph is there (edges blend to others)."""
AWAY = ("640", "500")
"""Where the pointer rests between pictures: over nothing."""


@pytest.fixture
def pictures(tmp_path: Path) -> Iterator[Path]:
    """Where the pictures go; copied into docs/screenshots/ when TRAYAPP_UPDATE_DOCS=1."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    yield folder
    if os.environ.get("TRAYAPP_UPDATE_DOCS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for picture in sorted(folder.glob("*.png")):
            shutil.copyfile(picture, DOCS / picture.name)


@pytest.fixture
def trayapp_2012(
    desktop: DesktopSession,
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> Iterator[subprocess.Popen[bytes]]:
    scenarios = sites.site.scenarios
    for name in ("twitter", "mobile", "mobile-api", "talk"):
        scenarios[name] = "/held"  # the first round waits for the test: unknown meanwhile
    scenarios["canary"] = "/up"
    config = tmp_path / "config.toml"
    # After the first round, rounds come from "Check all now" in the tray's menu: the tooltip,
    # which each round renews, stays put while it is pictured.
    config.write_text(
        '[defaults]\ninterval = "1h"\ntimeout = "10s"\nfailure_threshold = 1\n'
        'success_threshold = 1\nslow_after = "5s"\n\n'
        '[notifications]\ncoalesce = "300ms"\n\n'
        f'[network]\ncanaries = ["{sites.http("/scenario/canary")}"]\n\n'
        f'[[services]]\nname = "Twitter"\nurl = "{sites.http("/scenario/twitter")}"\n\n'
        '[[services]]\nname = "Twitter mobile"\n'
        f'[[services.checks]]\ntype = "http"\nurl = "{sites.http("/scenario/mobile")}"\n'
        f'[[services.checks]]\ntype = "http"\nurl = "{sites.http("/scenario/mobile-api")}"\n\n'
        f'[[services]]\nname = "Google Talk"\nurl = "{sites.http("/scenario/talk")}"\n',
        encoding="utf-8",
    )
    desktop.run("xdotool", "mousemove", *AWAY)
    with run_trayapp(
        desktop, child_env, python, config, tmp_path, tmp_path / "trayapp.log"
    ) as process:
        yield process
    scenarios.clear()
    sites.site.release.clear()


def crop(image: QImage, area: Area, path: Path) -> Path:
    x, y, width, height = area
    assert image.copy(x, y, width, height).save(str(path))
    return path


def glyph_shows(
    desktop: DesktopSession, folder: Path, status: str, timeout: float = 20.0
) -> list[tuple[int, int]]:
    """Wait until the tray shows ``status``'s glyph, and no other status's; its pixels.

    The helpers here take the pictures' folder and look at the screen beside it.
    """

    def look() -> list[tuple[int, int]] | None:
        image = screen(desktop, folder.parent)
        found = {s: find_colour(image, colour, PANEL) for s, colour in GLYPHS.items()}
        # A glyph fills a hundred pixels or more; a few others' edges may blend to any grey.
        shown = [s for s, pixels in found.items() if len(pixels) >= GLYPH_PIXELS]
        return found[status] if shown == [status] else None

    return eventually(look, f"the {status} glyph in the tray", timeout)


def picture_tray(desktop: DesktopSession, folder: Path, status: str) -> Path:
    """The tray's end of the panel showing ``status``, with the icon's tooltip below it."""
    pixels = glyph_shows(desktop, folder, status)
    x = (min(p[0] for p in pixels) + max(p[0] for p in pixels)) // 2
    y = (min(p[1] for p in pixels) + max(p[1] for p in pixels)) // 2
    desktop.run("xdotool", "mousemove", str(x), str(y))
    below: Area = (CORNER[0], 33, CORNER[2], CORNER[3] - 33)

    looks = 0

    def with_tooltip() -> QImage | None:
        nonlocal looks
        looks += 1
        if looks % 8 == 0:
            # A hover that began while the icon was being redrawn may never get its tooltip
            # (seen under load in CI): leave the icon and come back.
            desktop.run("xdotool", "mousemove", *AWAY)
            desktop.run("xdotool", "mousemove", str(x), str(y))
        image = screen(desktop, folder.parent)
        return image if lit_extent(image, below) else None

    image = eventually(with_tooltip, f"the tooltip of the {status} icon", timeout=45.0)
    assert find_colour(image, GLYPHS[status], PANEL), f"the tray left {status} meanwhile"
    tooltip = lit_extent(image, below)
    assert tooltip is not None
    bottom = tooltip[1] + tooltip[3] + 8
    desktop.run("xdotool", "mousemove", *AWAY)
    return crop(image, (CORNER[0], 0, CORNER[2], bottom), folder / f"tray-{status}.png")


def picture_window(desktop: DesktopSession, folder: Path, title: str, name: str) -> Path:
    """The window called ``title``, alone, once it has drawn itself."""
    window = eventually(lambda: window_id(desktop, title), f"the window '{title}'")
    path = folder / f"{name}.png"
    # A notification over the window would be a black hole in the picture: X keeps no copy
    # of what is under another window.
    desktop.run("dunstctl", "close-all")

    def drawn() -> bool:
        desktop.run("import", "-window", window, str(path))
        image = QImage(str(path))
        if image.width() < 300 or image.height() < 200:
            return False
        # Until the window has painted itself (or while another covers it), parts of it show
        # the bare black root window.
        samples = [
            image.pixelColor(x, y)
            for y in range(0, image.height(), 4)
            for x in range(0, image.width(), 4)
        ]
        black = sum(p.red() + p.green() + p.blue() < 12 for p in samples)
        return black < len(samples) // 100

    eventually(drawn, f"the window '{title}' drawn")
    return path


def check_all_now(desktop: DesktopSession) -> None:
    assert click_menu_item(desktop, lambda label: label == "Check all now") != []


def check_until(desktop: DesktopSession, folder: Path, status: str) -> None:
    """Check all now, again and again, until the tray shows ``status``.

    A change of the network shows in the first round that begins after it.
    """

    def look() -> bool:
        check_all_now(desktop)
        try:
            return bool(glyph_shows(desktop, folder, status, timeout=1.0))
        except AssertionError:
            return False

    eventually(look, f"the {status} glyph after checking again")


def test_screenshots_of_the_tray_a_notification_and_the_windows(
    desktop: DesktopSession,
    sites: LocalSites,
    trayapp_2012: subprocess.Popen[bytes],
    pictures: Path,
    tmp_path: Path,
) -> None:
    scenarios = sites.site.scenarios
    made = [picture_tray(desktop, pictures, "unknown")]

    sites.site.release.set()
    scenarios.update(twitter="/up", mobile="/up", talk="/up", **{"mobile-api": "/up"})
    made.append(picture_tray(desktop, pictures, "up"))

    scenarios["mobile-api"] = "/status/503"
    check_all_now(desktop)
    made.append(picture_tray(desktop, pictures, "degraded"))

    scenarios.update(twitter="/reset", talk="/down-503")
    check_all_now(desktop)
    glyph_shows(desktop, pictures, "down")
    eventually(
        lambda: "Twitter" in desktop.notify_calls() and "Google Talk" in desktop.notify_calls(),
        "a notification naming Twitter and Google Talk",
    )
    notice = eventually(
        lambda: lit_extent(screen(desktop, tmp_path), NOTICES), "dunst's notification on screen"
    )
    x, y, width, height = notice
    made.append(
        crop(
            screen(desktop, tmp_path),
            (x - 12, y - 12, width + 24, height + 24),
            pictures / "notification.png",
        )
    )
    made.append(picture_tray(desktop, pictures, "down"))

    scenarios.update(twitter="/up", talk="/up", **{"mobile-api": "/up"})
    check_all_now(desktop)
    glyph_shows(desktop, pictures, "up")
    scenarios["twitter"] = "/down-503"  # 12:15: down again, a flap of the same incident
    check_all_now(desktop)
    glyph_shows(desktop, pictures, "down")

    scenarios.update(canary="/reset", talk="/reset", mobile="/reset", **{"mobile-api": "/reset"})
    check_until(desktop, pictures, "offline")
    made.append(picture_tray(desktop, pictures, "offline"))

    scenarios.update(canary="/up", twitter="/up", mobile="/up", talk="/up", **{"mobile-api": "/up"})
    check_all_now(desktop)
    pixels = glyph_shows(desktop, pictures, "up")

    x, y = pixels[len(pixels) // 2]
    desktop.run("xdotool", "mousemove", str(x), str(y), "click", "1")
    made.append(picture_window(desktop, pictures, "trayapp — incidents", "incidents-window"))
    incidents = window_id(desktop, "trayapp — incidents")
    assert incidents is not None
    desktop.run("xdotool", "windowunmap", incidents)  # out of the way of what follows
    desktop.run("xdotool", "mousemove", *AWAY)

    paused = click_menu_item(desktop, lambda label: label == "Pause")
    assert len(paused) == 3
    made.append(picture_tray(desktop, pictures, "paused"))

    assert click_menu_item(desktop, lambda label: label.startswith("Settings")) != []
    made.append(picture_window(desktop, pictures, "trayapp settings", "settings-dialog"))

    assert trayapp_2012.poll() is None
    expected = [f"tray-{status}.png" for status in GLYPHS]
    expected += ["notification.png", "incidents-window.png", "settings-dialog.png"]
    assert sorted(path.name for path in made) == sorted(expected)
