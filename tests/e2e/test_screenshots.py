"""The README's screenshots, taken in the real desktop session while trayapp lives through 2012.

A real ``python -m trayapp`` watches three services played by local servers: Twitter, Twitter
mobile (a web site and an API) and Google Talk, with a month of history behind them (Twitter
down for four hours one day, Google Talk for one hour another). They start slowly (the tray
is ``unknown``), come up, Twitter mobile's API fails (``degraded``), Twitter and Google Talk
go down (``down``, a notification), come back, Twitter fails again (a flap), the network goes
(``offline``) and comes back, the incidents window shows the month's strip, and finally
every service is paused from the tray's menu. Each picture is checked for what it claims (the
glyph's colour in the panel, the daemon's ``Notify`` call, the window on screen, the colour of
each day of the strip) and saved in a temporary folder. The normal test run writes nothing
else; this copies them, and those of the sibling ``test_screenshots_*`` modules (the first
run's picker, a notification's buttons, the incidents window in German), into
``docs/screenshots/`` for the README::

    TRAYAPP_UPDATE_DOCS=1 .venv/bin/python -m pytest tests/e2e -k screenshots
"""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Iterator, Sequence
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.history import MONTH_DAYS, Outage, record_month
from tests.support.screens import (
    Area,
    click_menu_item,
    crop,
    eventually,
    find_colour,
    lit_extent,
    picture_window,
    screen,
    window_area,
    window_id,
)
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

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
SHADES = {  # a day's colour on the strip by its uptime, trayapp/ui/incidents/strip.py
    "green": QColor("#2e7d32"),
    "light green": QColor("#7cb342"),
    "amber": QColor("#f9a825"),
    "orange": QColor("#ef6c00"),
    "red": QColor("#c62828"),
}
TOOLTIP = QColor("#ffffdc")
"""The background of Qt's tooltips (the window's, #efefef, is near: matched exactly)."""
SELECTED = QColor("#308cc6")
"""The background of the selected row of a table."""
RED_DAY, AMBER_DAY = 12, 5
"""How many days ago Twitter was down for four hours (83 % of the day's rounds up: red),
and Google Talk for one (96 %: amber)."""


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
    # The month ends yesterday on the machine's clock, as the strip's does (a run across
    # midnight would find every day one cell to the left of where this puts it).
    today = datetime.now().astimezone().date()
    urls = {
        "Twitter": sites.http("/scenario/twitter"),
        "Twitter mobile": sites.http("/scenario/mobile"),
        "Google Talk": sites.http("/scenario/talk"),
    }
    record_month(
        tmp_path,
        urls,
        [
            Outage(
                "Twitter",
                RED_DAY,
                time(15, 0),
                timedelta(hours=4),
                f"{urls['Twitter']}: HTTP 503 Service Unavailable",
            ),
            Outage(
                "Google Talk",
                AMBER_DAY,
                time(9, 20),
                timedelta(hours=1),
                f"{urls['Google Talk']}: HTTP 503 Service Unavailable",
            ),
        ],
        today,
    )
    desktop.run("xdotool", "mousemove", *AWAY)
    with run_trayapp(
        desktop, child_env, python, config, tmp_path, tmp_path / "trayapp.log"
    ) as process:
        yield process
    scenarios.clear()
    sites.site.release.clear()


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


Cell = tuple[int, int, str]
"""A day's cell on a line across the strip: its first and last x, and its shade."""


@functools.cache
def shade_of(pixel: int) -> str | None:
    """The name of the strip's shade of ``pixel`` (``0xAARRGGBB``), if it is one."""
    red, green, blue = (pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF
    for name, colour in SHADES.items():
        if (
            abs(red - colour.red()) < 24
            and abs(green - colour.green()) < 24
            and abs(blue - colour.blue()) < 24
        ):
            return name
    return None


def cells_on(line: Sequence[int]) -> list[Cell]:
    """The runs of one shade at least four pixels long on ``line`` (its pixels, left to
    right)."""
    cells: list[Cell] = []
    run: Cell | None = None
    for x, pixel in enumerate([*line, 0]):
        shade = shade_of(pixel)
        if run is not None and shade == run[2]:
            run = (run[0], x, shade)
            continue
        if run is not None and run[1] - run[0] >= 3:
            cells.append(run)
        run = None if shade is None else (x, x, shade)
    return cells


def strip_rows(image: QImage) -> list[tuple[int, list[Cell]]]:
    """Each row of the 30-day strip drawn in the upper half of ``image`` (a line across it
    with a cell a day): the line through its middle, and its cells."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    width = rgb.width()
    pixels = memoryview(rgb.constBits()).cast("I")  # rows of 4-byte pixels, no padding
    line_cells = [cells_on(pixels[y * width : (y + 1) * width]) for y in range(rgb.height() // 2)]
    rows: list[list[int]] = []
    for y, cells in enumerate(line_cells):
        if len(cells) < 25:
            continue
        if rows and y == rows[-1][-1] + 1:
            rows[-1].append(y)
        else:
            rows.append([y])
    middles = [row[len(row) // 2] for row in rows]
    return [(y, line_cells[y]) for y in middles]


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


def picture_strip(desktop: DesktopSession, folder: Path, window: QImage) -> Path:
    """The month's strip, cut out of the incidents window, with the figures of Twitter's red
    day, which hovering over it shows; its days checked first: green but Twitter's red day
    and Google Talk's amber one (today is this run's own, and not looked at)."""
    rows = strip_rows(window)
    shades = [[cell[2] for cell in cells][:MONTH_DAYS] for _, cells in rows]
    assert [len(cells) for _, cells in rows] == [MONTH_DAYS + 1] * 3, shades
    twitter, mobile, talk = (["green"] * MONTH_DAYS for _ in range(3))
    red, amber = MONTH_DAYS - RED_DAY, MONTH_DAYS - AMBER_DAY
    twitter[red], talk[amber] = "red", "amber"
    assert shades == [twitter, mobile, talk]

    incidents = window_id(desktop, "trayapp — incidents")
    assert incidents is not None
    left, top, width, _ = window_area(desktop, incidents)
    y, cells = rows[0]
    first, last, _ = cells[red]
    x = left + (first + last) // 2
    desktop.run("xdotool", "mousemove", str(x), str(top + y))
    below: Area = (x - 40, top + y, 480, 160)

    def tooltip_in(image: QImage) -> list[int]:
        x0, y0, w, h = below
        return [
            y
            for y in range(y0, y0 + h)
            for x in range(x0, x0 + w)
            if image.pixelColor(x, y) == TOOLTIP
        ]

    def with_tooltip() -> QImage | None:
        image = screen(desktop, folder.parent)
        return image if len(tooltip_in(image)) > 2000 else None

    shown = eventually(with_tooltip, "the red day's figures under the pointer")
    # From the title above the rows down past the figures, which cover the table's top: to
    # the end of its first row (the selected incident's), where a cut looks meant.
    pitch = rows[1][0] - rows[0][0]
    upper = top + rows[0][0] - 7 * pitch // 5
    column: Area = (left + 12, max(tooltip_in(shown)), 40, 3 * pitch)
    lower = max(y for _, y in find_colour(shown, SELECTED, column)) + 2
    desktop.run("xdotool", "mousemove", *AWAY)
    return crop(shown, (left, upper, width, lower - upper), folder / "month-strip.png")


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

    # The strip is filled once the runtime has read the month: until then it says so.
    def with_strip() -> Path | None:
        path = picture_window(desktop, pictures, "trayapp — incidents", "incidents-window")
        return path if len(strip_rows(QImage(str(path)))) == 3 else None

    window_picture = eventually(with_strip, "the strip's three rows in the incidents window")
    made.append(window_picture)
    made.append(picture_strip(desktop, pictures, QImage(str(window_picture))))
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
    expected += ["notification.png", "incidents-window.png", "month-strip.png"]
    expected += ["settings-dialog.png"]
    assert sorted(path.name for path in made) == sorted(expected)
