"""The README's picture of a notification with its buttons, as GNOME's daemon draws them.

dunst, the daemon of the other end-to-end tests, offers a notification's buttons only in its
context menu; this test has a desktop session of its own with GNOME's notification-daemon,
which draws them under the text (tests/support/desktop.py). A real ``python -m trayapp``
watches Twitter, played by a local server, with a status page served on 127.0.0.1 that says
all is well. Twitter goes down; the picture is of trayapp's notification on screen: the red
glyph, "Twitter is down", and "Snooze 1 h", "Open status page" and "Mute until it's back".
It is checked for what it claims: the ``Notify`` call carried those buttons, the daemon drew
the glyph and three buttons, and the first one, clicked, snoozes Twitter (the tray turns to
the paused glyph).

``TRAYAPP_UPDATE_DOCS=1`` copies the picture into ``docs/screenshots/`` (see
test_screenshots.py).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import (
    Area,
    crop,
    eventually,
    find_colour,
    screen,
    window_area,
    window_id,
)
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page, VendorPages

pytestmark = pytest.mark.desktop

UP_GREEN = QColor("#2e7d32")
DOWN_RED = QColor("#c62828")
PAUSED_INDIGO = QColor("#5c6bc0")
PANEL: Area = (0, 800 - 32, 1280, 32)
"""The tray host's panel, along the bottom of the screen in this session."""
MARGIN = 6
"""The room around the bubble in the picture: as much as it has from the screen's edges."""
BUTTONS = ["Snooze 1 h", "Open status page", "Mute until it's back"]
ALL_WELL = {
    "page": {"id": "p1", "name": "Twitter", "url": "https://status.twitterstat.us"},
    "components": [],
    "incidents": [],
    "scheduled_maintenances": [],
    "status": {"indicator": "none", "description": "All Systems Operational"},
}
"""Twitter's status page, as Statuspage serves it, saying all is well."""


@pytest.fixture
def trayapp_watching_twitter(
    desktop_with_buttons: DesktopSession,
    sites: LocalSites,
    pages: VendorPages,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> Iterator[subprocess.Popen[bytes]]:
    pages.serve("/api/v2/summary.json", Page(json.dumps(ALL_WELL).encode()))
    sites.site.scenarios["buttons"] = "/up"
    config = tmp_path / "config.toml"
    config.write_text(
        '[defaults]\ninterval = "300ms"\nfailure_threshold = 1\nsuccess_threshold = 1\n\n'
        '[notifications]\ncoalesce = "200ms"\n\n[network]\ncanaries = []\n\n'
        f'[[services]]\nname = "Twitter"\nurl = "{sites.http("/scenario/buttons")}"\n'
        f'status_page = "{pages.url("")}"\n',
        encoding="utf-8",
    )
    desktop_with_buttons.run("xdotool", "mousemove", "200", "600")  # over nothing
    with run_trayapp(
        desktop_with_buttons,
        child_env,
        python,
        config,
        tmp_path / "data",
        tmp_path / "trayapp.log",
    ) as process:
        yield process
    sites.site.scenarios.pop("buttons", None)


def calls_titled(desktop: DesktopSession, title: str) -> list[str]:
    """The ``Notify`` calls titled ``title`` so far."""
    calls = desktop.notify_log.read_text(errors="replace").split("method call")
    return [c for c in calls if "member=Notify" in c and f'string "{title}"' in c]


def buttons_of(call: str) -> list[str]:
    """A recorded ``Notify`` call's buttons: the words of its actions (keys are UUIDs)."""
    actions = re.search(r"array \[(.*?)\]", call, re.DOTALL)
    assert actions is not None
    words = re.findall(r'string "(.*)"', actions.group(1))
    return [w for k, w in zip(words[::2], words[1::2], strict=True) if k != "default"]


def dark_lines(image: QImage, area: Area) -> list[list[int]]:
    """The lines of text in ``area`` of ``image``: for each, the ys of its dark pixels' rows."""
    x0, y0, width, height = area
    lines: list[list[int]] = []
    for y in range(y0, y0 + height):
        if any(_dark(image, x, y) for x in range(x0, x0 + width)):
            if lines and lines[-1][-1] >= y - 2:
                lines[-1].append(y)
            else:
                lines.append([y])
    return lines


def words_across(image: QImage, area: Area, ys: list[int]) -> list[tuple[int, int]]:
    """The groups of dark columns of the text line ``ys``, parted by gaps wider than a
    space: for a row of buttons, each button's words; their first and last x."""
    x0, _, width, _ = area
    columns = [x for x in range(x0, x0 + width) if any(_dark(image, x, y) for y in ys)]
    groups: list[tuple[int, int]] = []
    for x in columns:
        if groups and x - groups[-1][1] <= 12:
            groups[-1] = (groups[-1][0], x)
        else:
            groups.append((x, x))
    return groups


def _dark(image: QImage, x: int, y: int) -> bool:
    pixel = image.pixelColor(x, y)
    return pixel.red() + pixel.green() + pixel.blue() < 300


def test_screenshot_of_a_notification_with_its_buttons(
    desktop_with_buttons: DesktopSession,
    pages: VendorPages,
    sites: LocalSites,
    trayapp_watching_twitter: subprocess.Popen[bytes],
    pictures: Path,
    tmp_path: Path,
) -> None:
    desktop = desktop_with_buttons
    eventually(lambda: pages.hits("/api/v2/summary.json"), "the status page read")
    eventually(lambda: find_colour(screen(desktop, tmp_path), UP_GREEN, PANEL), "the up glyph")
    sites.site.scenarios["buttons"] = "/down-503"

    (call,) = eventually(lambda: calls_titled(desktop, "Twitter is down"), "Twitter is down")
    assert buttons_of(call) == BUTTONS

    def drawn() -> tuple[QImage, Area, Area] | None:
        bubble = window_id(desktop, "Notification")
        if bubble is None:
            return None
        area = window_area(desktop, bubble)  # asked each time: the daemon sizes it to its text
        x0, y0, width, height = area
        # Its text and buttons: right of the glyph, inside its rounded edge.
        text: Area = (x0 + 72, y0 + 8, width - 80, height - 16)
        image = screen(desktop, tmp_path)
        lines = dark_lines(image, text)
        if len(find_colour(image, DOWN_RED, area)) < 200 or len(lines) < 3:
            return None
        if len(words_across(image, text, lines[-1])) != len(BUTTONS):
            return None
        return image, area, text

    image, area, text = eventually(drawn, "the bubble with the red glyph and three buttons")
    x0, y0, width, height = area
    around = (x0 - MARGIN, y0 - MARGIN, width + 2 * MARGIN, height + 2 * MARGIN)
    crop(image, around, pictures / "notification-buttons.png")

    row = dark_lines(image, text)[-1]
    left, right = words_across(image, text, row)[0]  # "Snooze 1 h"
    x, y = (left + right) // 2, (row[0] + row[-1]) // 2
    desktop.run("xdotool", "mousemove", str(x), str(y), "click", "1")
    eventually(
        lambda: "member=ActionInvoked" in desktop.notify_log.read_text(errors="replace"),
        "the daemon telling trayapp a button was pressed",
    )
    eventually(
        lambda: find_colour(screen(desktop, tmp_path), PAUSED_INDIGO, PANEL),
        "the paused glyph: Twitter snoozed",
    )
    assert trayapp_watching_twitter.poll() is None
