"""The tray's menu in a real StatusNotifierItem host: drawn whole the first time it opens.

The host (gtk-sni-tray through libdbusmenu-gtk, as waybar and Xfce's panel) keeps a GTK copy
of the menu trayapp exports over D-Bus and pops it up at the size of what that copy holds; only
then does it call ``AboutToShow``, which reaches trayapp as Qt's ``aboutToShow``. Entries made
or changed from there arrive in a window already sized: the host shows a blank first row and
scroll arrows, with the last entries out of reach, until the next opening (a submenu that was
empty shows as a sliver a few pixels high).

Here trayapp runs with one service and its menu is opened once at that size. Then the config
grows to seven services, two of them failing, and a Gatus source of three targets, one
failing: rows appear, the heading and the glyph change. Once the host has read the changed
menu (watched on the bus), the menu is opened for the first time: its window must have room
for every row and show the same picture as the second opening. Then a target's submenu is
opened from the keyboard, twice, and must be whole the first time too. The pictures stay in
the test's folder: ``before-the-change.png``, ``first-opening.png``, ``second-opening.png``,
``target-first.png``, ``target-second.png``.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import Area, eventually, find_colour, screen
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page, VendorPages

pytestmark = pytest.mark.desktop

PANEL: Area = (1280 - 200, 0, 200, 32)
"""The right end of the tray host's panel, where trayapp's icon sits."""
UP = QColor("#2e7d32")
DOWN = QColor("#c62828")
AWAY = ("640", "500")
MIN_ROW_HEIGHT = 20
"""Fewer pixels than any entry of a GTK menu takes (a row of 10-point text is 25 here)."""
GATUS = Path(__file__).parents[1] / "core" / "vendors" / "fixtures" / "gatus_statuses.json"
"""Three endpoints as Gatus reports them: the source's three targets."""
SERVICES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta"]
HEADING = "3 of 11 services down"
"""Delta, Zeta and the source's failing target, of the seven, the source and its three."""


@dataclass(frozen=True)
class Entry:
    """One entry of the exported menu, as ``GetLayout`` gives it."""

    id: int
    label: str
    separator: bool
    visible: bool
    enabled: bool


def layout(desktop: DesktopSession, parent: int = 0) -> list[Entry]:
    """The entries right under ``parent`` in trayapp's exported menu, as the host reads them.

    Only ``GetLayout``: ``AboutToShow`` would tell trayapp the menu is opening.
    """
    reply = desktop.run(
        "dbus-send", "--session", "--print-reply", f"--dest={tray_item(desktop)}", "/MenuBar",
        "com.canonical.dbusmenu.GetLayout", f"int32:{parent}", "int32:1", "array:string:",
    ).stdout  # fmt: skip
    entries = []
    for part in reply.split("variant             struct {")[1:]:
        number = re.search(r"int32 (-?\d+)", part)
        assert number is not None
        label = re.search(r'string "label"\s+variant\s+string "(.*)"', part)
        entries.append(
            Entry(
                int(number[1]),
                label[1] if label else "",
                re.search(r'string "type"\s+variant\s+string "separator"', part) is not None,
                re.search(r'string "visible"\s+variant\s+boolean false', part) is None,
                re.search(r'string "enabled"\s+variant\s+boolean false', part) is None,
            )
        )
    return entries


def rows(entries: list[Entry]) -> list[str]:
    """The labels of the entries a person sees, separators left out."""
    return [e.label for e in entries if e.visible and not e.separator]


def selectable(entries: list[Entry]) -> list[Entry]:
    """The entries the keyboard moves through, in order."""
    return [e for e in entries if e.visible and e.enabled and not e.separator]


class BusLog:
    """The talk between trayapp's exported menu and the tray host, as dbus-monitor prints it:
    trayapp's signals, the calls it is asked and its answers."""

    QUIET = 0.5
    """Seconds without a message after which the host is taken to have asked all it will."""

    def __init__(self, desktop: DesktopSession, path: Path) -> None:
        app = tray_item(desktop)
        self.path = path
        with path.open("wb") as output:
            self.process = subprocess.Popen(
                [
                    "dbus-monitor",
                    "--session",
                    f"type='signal',sender='{app}',interface='com.canonical.dbusmenu'",
                    f"type='method_call',destination='{app}',interface='com.canonical.dbusmenu'",
                    f"type='method_return',sender='{app}'",
                    f"type='error',sender='{app}'",
                ],
                env=desktop.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        eventually(lambda: "NameLost" in path.read_text(errors="replace"), "dbus-monitor")

    def host_is_current(self) -> bool:
        """Whether the host holds the menu as it is now: it asked for the layout after trayapp
        last said it changed, each of its questions about the layout and the entries is
        answered, and nothing more was said for :attr:`QUIET` seconds.

        The host is whoever asks ``AboutToShow`` or ``AboutToShowGroup``: the test never does.
        """
        if time.time() - self.path.stat().st_mtime < self.QUIET:
            return False
        kinds = ("signal", "method call", "method return", "error")
        messages = [
            dict(re.findall(r"(\w+)=(\S+)", line))
            for line in self.path.read_text(errors="replace").splitlines()
            if line.startswith(kinds)
        ]
        hosts = {m["sender"] for m in messages if m.get("member", "").startswith("AboutToShow")}
        changed = max(
            (i for i, m in enumerate(messages) if m.get("member") == "LayoutUpdated"), default=-1
        )
        asked = {
            (m["sender"], m["serial"]): m["member"]
            for m in messages
            if m.get("sender") in hosts and m.get("member") in ("GetLayout", "GetGroupProperties")
        }
        answered = {
            (m["destination"], m["reply_serial"]): i
            for i, m in enumerate(messages)
            if "reply_serial" in m
        }
        layouts = [answered.get(call, -1) for call, asks in asked.items() if asks == "GetLayout"]
        return set(asked) <= set(answered) and max(layouts, default=-1) > changed

    def __enter__(self) -> BusLog:
        return self

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def tray_item(desktop: DesktopSession) -> str:
    """trayapp's name on the bus, as the watcher lists it."""
    found = desktop.run(
        "dbus-send", "--session", "--print-reply", "--dest=org.kde.StatusNotifierWatcher",
        "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
        "string:org.kde.StatusNotifierWatcher", "string:RegisteredStatusNotifierItems",
    ).stdout  # fmt: skip
    (item,) = re.findall(r'string "([^"/]+)', found)
    return item


def tooltip(desktop: DesktopSession) -> str:
    """The tray icon's tooltip, as the host reads it: trayapp sets it with the menu."""
    return desktop.run(
        "dbus-send", "--session", "--print-reply", f"--dest={tray_item(desktop)}",
        "/StatusNotifierItem", "org.freedesktop.DBus.Properties.Get",
        "string:org.kde.StatusNotifierItem", "string:ToolTip",
    ).stdout  # fmt: skip


def menu_windows(desktop: DesktopSession) -> dict[str, Area]:
    """The host's windows on screen below its panel (its menus): id → area."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--class", "gtk-sni-tray-standalone"],
        env=desktop.env,
        capture_output=True,
        text=True,
        check=False,
    )
    windows = {}
    for window in found.stdout.split():
        info = desktop.run("xwininfo", "-id", window).stdout
        values = dict(re.findall(r"^\s*([A-Za-z -]+):\s+(-?\d+)\s*$", info, re.MULTILINE))
        x, y = int(values["Absolute upper-left X"]), int(values["Absolute upper-left Y"])
        width, height = int(values["Width"]), int(values["Height"])
        if y >= PANEL[3]:
            windows[window] = (x, y, width, height)
    return windows


def picture(desktop: DesktopSession, window: str, path: Path) -> QImage:
    """``window`` once it has drawn itself (two pictures alike, none of the bare black root)."""
    last: list[QImage] = []

    def drawn() -> QImage | None:
        desktop.run("import", "-window", window, str(path))
        image = QImage(str(path))
        black = sum(
            image.pixelColor(x, y).lightness() < 8
            for y in range(0, image.height(), 3)
            for x in range(0, image.width(), 3)
        )
        steady = bool(last) and last[-1] == image
        last.append(image)
        return image if steady and black == 0 else None

    return eventually(drawn, f"the menu window {window} drawn")


def new_window(desktop: DesktopSession, before: dict[str, Area]) -> tuple[str, Area]:
    """The menu window that opened since ``before``."""

    def opened() -> tuple[str, Area] | None:
        now = menu_windows(desktop)
        fresh = [(w, area) for w, area in now.items() if w not in before]
        return fresh[0] if len(fresh) == 1 else None

    return eventually(opened, "a menu window to open")


def close_menus(desktop: DesktopSession) -> None:
    """Escape from every open menu, one level a press."""
    while opened := len(menu_windows(desktop)):
        desktop.run("xdotool", "key", "Escape")
        eventually(lambda: len(menu_windows(desktop)) < opened, "a menu to close")


def config_text(sites: LocalSites, names: list[str], source: str = "") -> str:
    text = (
        '[defaults]\ninterval = "1h"\ntimeout = "30s"\nslow_after = "20s"\n'
        "failure_threshold = 1\nsuccess_threshold = 1\n\n[network]\ncanaries = []\n\n"
    )
    for name in names:
        text += f'[[services]]\nname = "{name}"\nurl = "{sites.http("/scenario/" + name)}"\n\n'
    if source:
        text += f'[[sources]]\nname = "gatus"\nkind = "gatus"\nurl = "{source}"\n'
    return text


def test_the_menu_is_drawn_whole_the_first_time_it_opens_after_it_changed(
    desktop: DesktopSession,
    sites: LocalSites,
    pages: VendorPages,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> None:
    pages.serve("/api/v1/endpoints/statuses", Page(GATUS.read_bytes()))
    scenarios = sites.site.scenarios
    config = tmp_path / "config.toml"
    config.write_text(config_text(sites, ["Alpha"]), encoding="utf-8")
    desktop.run("xdotool", "mousemove", *AWAY)
    with contextlib.ExitStack() as stack:
        stack.callback(scenarios.clear)
        stack.enter_context(
            run_trayapp(desktop, child_env, python, config, tmp_path, tmp_path / "trayapp.log")
        )
        glyph = eventually(lambda: find_colour(screen(desktop, tmp_path), UP, PANEL), "up")
        x = str(sum(p[0] for p in glyph) // len(glyph))
        y = str(sum(p[1] for p in glyph) // len(glyph))

        def open_menu() -> tuple[str, Area]:
            desktop.run("xdotool", "mousemove", x, y, "click", "3")
            return new_window(desktop, {})

        talk = stack.enter_context(BusLog(desktop, tmp_path / "dbusmenu.log"))
        window, small = open_menu()  # the host's menu is sized for one service
        picture(desktop, window, tmp_path / "before-the-change.png")
        close_menus(desktop)

        scenarios.update(Delta="/reset", Zeta="/down-503")
        config.write_text(config_text(sites, SERVICES, pages.url("")), encoding="utf-8")
        eventually(lambda: find_colour(screen(desktop, tmp_path), DOWN, PANEL), "down")
        eventually(lambda: HEADING in tooltip(desktop), "the whole change in the tooltip")
        eventually(talk.host_is_current, "the host to read the changed menu")

        window, first = open_menu()
        first_image = picture(desktop, window, tmp_path / "first-opening.png")
        close_menus(desktop)
        window, second = open_menu()
        second_image = picture(desktop, window, tmp_path / "second-opening.png")
        close_menus(desktop)

        entries = layout(desktop)
        shown = rows(entries)
        assert shown[0] == HEADING
        assert [row.split(":")[0] for row in shown[1:9]] == [*SERVICES, "gatus"]
        assert shown[-1] == "Quit trayapp"
        assert first[3] >= MIN_ROW_HEIGHT * len(shown), (
            f"the first opening is {first[3]} px high, too little for its {len(shown)} rows"
        )
        assert first[3] > small[3]
        assert first == second
        assert first_image == second_image, "the first opening differs from the second"

        # A target's submenu must be whole the first time it opens too.
        source = next(e for e in entries if e.label.startswith("gatus:"))
        inside = layout(desktop, source.id)
        target = next(e for e in inside if e.label.startswith("gatus/api"))
        pictures = []
        for turn in ("first", "second"):
            open_menu()
            # Down from nothing selects the first entry that can be; Right opens the selected
            # row's submenu and selects the first entry that can be in it.
            keys = ["Down"] * (selectable(entries).index(source) + 1) + ["Right"]
            opened = menu_windows(desktop)
            desktop.run("xdotool", "key", *keys)
            new_window(desktop, opened)
            opened = menu_windows(desktop)
            keys = ["Down"] * selectable(inside).index(target) + ["Right"]
            desktop.run("xdotool", "key", *keys)
            window, area = new_window(desktop, opened)
            pictures.append((area, picture(desktop, window, tmp_path / f"target-{turn}.png")))
            close_menus(desktop)
        (area, image), (again, image_again) = pictures
        filled = rows(layout(desktop, target.id))
        assert "Check now" in filled
        assert area[3] >= MIN_ROW_HEIGHT * len(filled), (
            f"the target's submenu is {area[3]} px high the first time, for {len(filled)} rows"
        )
        assert area == again
        assert image == image_again, "the target's submenu differs from its second opening"
