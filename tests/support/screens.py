"""Looking at a desktop session's screen and using its tray, as a person would.

Pixels are read from screenshots (``import -window root``); the tray's menu is used over
D-Bus, through the ``com.canonical.dbusmenu`` interface the tray host itself calls when a
person picks an item; windows are found by their title with ``xdotool``, and pictured alone
(:func:`picture_window`) or cut out of the screen (:func:`crop`, :func:`window_area`).
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QColor, QImage

from tests.support.desktop import DesktopSession

__all__ = [
    "Area",
    "click_menu_item",
    "crop",
    "eventually",
    "find_colour",
    "lit_extent",
    "menu_items",
    "picture_window",
    "screen",
    "window_area",
    "window_id",
]

Area = tuple[int, int, int, int]
"""x, y, width, height."""

_T = TypeVar("_T")


def find_colour(image: QImage, colour: QColor, area: Area) -> list[tuple[int, int]]:
    """Pixels within ``area`` close to ``colour``."""
    x0, y0, width, height = area
    found = []
    for y in range(y0, min(y0 + height, image.height())):
        for x in range(x0, min(x0 + width, image.width())):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - colour.red()) < 24
                and abs(pixel.green() - colour.green()) < 24
                and abs(pixel.blue() - colour.blue()) < 24
            ):
                found.append((x, y))
    return found


def lit_extent(image: QImage, area: Area) -> Area | None:
    """The smallest area holding every pixel of ``area`` that is not black (the bare root)."""
    x0, y0, width, height = area
    xs, ys = [], []
    for y in range(y0, min(y0 + height, image.height())):
        for x in range(x0, min(x0 + width, image.width())):
            pixel = image.pixelColor(x, y)
            if pixel.red() + pixel.green() + pixel.blue() > 24:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def eventually(check: Callable[[], _T | None], what: str, timeout: float = 20.0) -> _T:
    """Look until ``check`` gives something true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)  # polling another process's screen: there is nothing to wait on


def screen(desktop: DesktopSession, folder: Path) -> QImage:
    """The whole screen, now."""
    path = desktop.screenshot(folder / "screen.png")
    image = QImage(str(path))
    assert not image.isNull()
    return image


def window_id(desktop: DesktopSession, title: str) -> str | None:
    """The X id of the visible window called ``title``, if there is one."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"],
        env=desktop.env,
        capture_output=True,
        text=True,
        check=False,
    )
    ids = found.stdout.split()
    return ids[0] if found.returncode == 0 and ids else None


def window_area(desktop: DesktopSession, window: str) -> Area:
    """Where the window ``window`` (an X id) is on the screen."""
    shell = desktop.run("xdotool", "getwindowgeometry", "--shell", window).stdout
    found = dict(line.split("=", 1) for line in shell.split())
    return int(found["X"]), int(found["Y"]), int(found["WIDTH"]), int(found["HEIGHT"])


def crop(image: QImage, area: Area, path: Path) -> Path:
    """Save the part ``area`` of ``image`` as the PNG ``path``."""
    x, y, width, height = area
    assert image.copy(x, y, width, height).save(str(path))
    return path


def picture_window(desktop: DesktopSession, folder: Path, title: str, name: str) -> Path:
    """Save the window called ``title``, alone, once it has drawn itself, as
    ``folder/name.png``; dunst's notifications are closed first."""
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


def _bus(desktop: DesktopSession, *arguments: str) -> str:
    return desktop.run("dbus-send", "--session", "--print-reply", *arguments).stdout


def _tray_item(desktop: DesktopSession) -> str:
    reply = _bus(
        desktop,
        "--dest=org.kde.StatusNotifierWatcher",
        "/StatusNotifierWatcher",
        "org.freedesktop.DBus.Properties.Get",
        "string:org.kde.StatusNotifierWatcher",
        "string:RegisteredStatusNotifierItems",
    )
    items = re.findall(r'string "([^"/]+)', reply)
    assert len(items) == 1, f"expected one tray item, found {items}"
    return items[0]


def menu_items(desktop: DesktopSession) -> list[tuple[int, str]]:
    """``(id, label)`` of every item of the tray's menu, submenus included, as shown now."""
    item = _tray_item(desktop)
    # As the tray host does before it draws the menu: the app rebuilds it from its state.
    _bus(desktop, f"--dest={item}", "/MenuBar", "com.canonical.dbusmenu.AboutToShow", "int32:0")
    layout = _bus(
        desktop,
        f"--dest={item}",
        "/MenuBar",
        "com.canonical.dbusmenu.GetLayout",
        "int32:0",
        "int32:-1",
        "array:string:",
    )
    items, current, lines = [], 0, layout.splitlines()
    for number, line in enumerate(lines):
        if match := re.fullmatch(r"int32 (\d+)", line.strip()):
            current = int(match[1])
        elif line.strip() == 'string "label"' and (
            label := re.search(r'variant\s+string "(.*)"$', lines[number + 1])
        ):
            items.append((current, label[1]))
    return items


def click_menu_item(desktop: DesktopSession, wanted: Callable[[str], bool]) -> list[str]:
    """Pick every item of the tray's menu whose label is ``wanted``; their labels."""
    item = _tray_item(desktop)
    picked = []
    for identifier, label in menu_items(desktop):
        if wanted(label):
            _bus(
                desktop,
                f"--dest={item}",
                "/MenuBar",
                "com.canonical.dbusmenu.Event",
                f"int32:{identifier}",
                "string:clicked",
                "variant:int32:0",
                "uint32:0",
            )
            picked.append(label)
    return picked
