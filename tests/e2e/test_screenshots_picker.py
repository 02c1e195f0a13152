"""The README's picture of the first run: "What do you depend on?", searched and ticked.

A real ``python -m trayapp`` starts with no config file in the real desktop session
(tests/support/desktop.py), so it opens the picker of the shipped catalogue by itself. The
test uses it from the keyboard as a person would: it searches for Slack and ticks it, then
for AWS's us-east-1 and ticks two of its regions' services, and takes the picture with the
search typed, the ticks shown and "Add 3 services". What the picture claims is then checked
by what Enter does: the three ticked services are written to the config file, in the order
they were ticked, and the picker closes. The services the catalogue names are real hosts:
the config sends every check to a proxy on a loopback port that refuses, so that what
trayapp checks after the save stays on this machine (the loopback guard refuses the rest).

``TRAYAPP_UPDATE_DOCS=1`` copies the picture into ``docs/screenshots/`` (see
test_screenshots.py).
"""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import eventually, picture_window, window_id
from trayapp.core.catalog import load_catalog
from trayapp.ui.catalog import TITLE
from trayapp.ui.catalog.model import components_named

pytestmark = pytest.mark.desktop

SEARCHES = ("slack", "aws us-east-1")
"""What is typed: the first finds Slack, the second AWS with its us-east-1 services."""


@pytest.fixture
def refusing_proxy() -> Iterator[str]:
    """The address of a proxy on a loopback port that refuses every connection (bound, never
    listening: no other program can take the port meanwhile)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}"


@pytest.fixture
def first_run(
    desktop: DesktopSession,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
    refusing_proxy: str,
) -> Iterator[Path]:
    """trayapp started on a config with no services and a fresh data folder; the config."""
    config = tmp_path / "config.toml"
    config.write_text(f'[network]\ncanaries = []\nproxy = "{refusing_proxy}"\n', encoding="utf-8")
    desktop.run("xdotool", "mousemove", "640", "780")  # over nothing the picker covers
    with run_trayapp(
        desktop, child_env, python, config, tmp_path / "data", tmp_path / "trayapp.log"
    ) as process:
        yield config
        assert process.poll() is None
    # What trayapp said of the services it checked after the save: not for the next test.
    desktop.run("dunstctl", "close-all")


def ticked_names() -> list[str]:
    """The services the test ticks, as the shipped catalogue names them: Slack, then the
    first two services of AWS in us-east-1 (as the picker lists them)."""
    catalog = load_catalog()
    slack = catalog.search(SEARCHES[0])[0]
    aws = catalog.search(SEARCHES[1])[0]
    first, second = components_named(aws, SEARCHES[1].split())[:2]
    return [
        str(choice.service_table()["name"])
        for choice in (slack.choice(), aws.choice(first), aws.choice(second))
    ]


def settled(desktop: DesktopSession, folder: Path) -> None:
    """Wait until the picker looks the same twice in a row: every key sent has been handled
    and drawn."""
    pictured: list[QImage] = []

    def same_again() -> bool:
        path = picture_window(desktop, folder, TITLE, "settling")
        pictured.append(QImage(str(path)))
        path.unlink()
        return len(pictured) > 1 and pictured[-1] == pictured[-2]

    eventually(same_again, "the picker to settle")


def listing(desktop: DesktopSession, folder: Path) -> None:
    """Wait until the picker lists the catalogue: until then (it is read off the GUI thread)
    a Down key finds no list to go into. The middle of the picker is the list's."""

    def listed() -> bool:
        image = QImage(str(picture_window(desktop, folder, TITLE, "listing")))
        (folder / "listing.png").unlink()
        middle = [
            image.pixelColor(x, y)
            for y in range(image.height() // 3, image.height() // 2)
            for x in range(image.width() // 8, image.width() // 2)
        ]
        return sum(p.red() + p.green() + p.blue() < 300 for p in middle) > 100

    eventually(listed, "the catalogue listed in the picker")


def test_screenshot_of_the_picker_a_first_run_opens(
    desktop: DesktopSession, first_run: Path, pictures: Path
) -> None:
    expected = ticked_names()
    picker = eventually(lambda: window_id(desktop, TITLE), "the picker, opened by itself")
    # No window manager gives it the keyboard: the test does, as a click would.
    desktop.run("xdotool", "windowfocus", "--sync", picker)
    listing(desktop, pictures)

    def keys(*names: str) -> None:
        desktop.run("xdotool", "key", "--delay", "60", *names)

    desktop.run("xdotool", "type", "--delay", "40", SEARCHES[0])
    keys("Down", "space")  # into the list, on its first row: Slack, ticked
    keys("Up", "ctrl+a")  # back in the search, all of it selected
    desktop.run("xdotool", "type", "--delay", "40", SEARCHES[1])
    keys("Down", "Down", "space", "Down", "space")  # AWS, then its first two: ticked
    settled(desktop, pictures)
    picture_window(desktop, pictures, TITLE, "picker")

    keys("Return")
    eventually(lambda: window_id(desktop, TITLE) is None, "the picker closed once it saved")
    saved = tomllib.loads(first_run.read_text(encoding="utf-8"))
    assert [service["name"] for service in saved["services"]] == expected
