"""End-to-end tests in a real desktop session that these fixtures start (see desktop.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from tests.support.desktop import DesktopSession, Notifier, missing_programs, start_session

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
"""Where the README's pictures are kept."""


def _session(
    folder: Path, notifier: Notifier, panel: Literal["top", "bottom"] = "top"
) -> Iterator[DesktopSession]:
    missing = missing_programs(notifier)
    if missing:
        message = f"no desktop session here: missing {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs them)")
        pytest.skip(message)
    with start_session(folder, notifier=notifier, panel=panel) as session:
        yield session


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    """Xvfb, a session bus, dunst and an SNI tray host, for the whole test session."""
    yield from _session(tmp_path_factory.mktemp("desktop"), "dunst")


@pytest.fixture(scope="module")
def desktop_with_buttons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    """A session of its own whose notification daemon draws each notification's buttons
    (GNOME's notification-daemon in dunst's place), for the module that uses it. Its bubbles
    show at the top right: the tray's panel is along the bottom."""
    folder = tmp_path_factory.mktemp("desktop-with-buttons")
    yield from _session(folder, "notification-daemon", panel="bottom")


@pytest.fixture
def pictures(tmp_path: Path) -> Iterator[Path]:
    """Where a test puts the README's pictures it takes; copied into docs/screenshots/ after
    the test when TRAYAPP_UPDATE_DOCS=1."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    yield folder
    if os.environ.get("TRAYAPP_UPDATE_DOCS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        for picture in sorted(folder.glob("*.png")):
            shutil.copyfile(picture, DOCS / picture.name)
