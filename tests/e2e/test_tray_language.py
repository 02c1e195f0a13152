"""trayapp in German in a real desktop session: the tray host reads the tooltip and the menu
trayapp exports over D-Bus (StatusNotifierItem and dbusmenu), and both speak German.

trayapp runs with ``TRAYAPP_LANGUAGE=de`` and two services, one up and one failing; the
tooltip (what a screen reader announces of the icon) and the menu's entries are read as the
host reads them (see tests/e2e/test_tray_menu.py).
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from tests.e2e.test_tray_menu import config_text, layout, rows, tooltip
from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.screens import eventually
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

T = TypeVar("T")


def read(what: Callable[[], T]) -> T | None:
    """What the host reads, or None while trayapp's icon is not registered yet."""
    with contextlib.suppress(subprocess.CalledProcessError, ValueError):
        return what()
    return None


def test_the_tray_speaks_german_to_the_desktop(
    desktop: DesktopSession,
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> None:
    scenarios = sites.site.scenarios
    scenarios.update({"Alpha": "/up", "Beta": "/reset"})
    config = tmp_path / "config.toml"
    config.write_text(config_text(sites, ["Alpha", "Beta"]), encoding="utf-8")
    log = tmp_path / "trayapp.log"
    german = {"TRAYAPP_LANGUAGE": "de"}
    with contextlib.ExitStack() as stack:
        stack.callback(scenarios.clear)
        stack.enter_context(
            run_trayapp(desktop, child_env, python, config, tmp_path, log, extra_env=german)
        )
        said = eventually(
            lambda: (
                "1 von 2 Diensten ausgefallen" in (text := read(lambda: tooltip(desktop)) or "")
                and text
            ),
            "the German tooltip",
        )
        # Each service is judged in its own time, and the host reads the menu's changes after
        # the tooltip's: wait for both rows to say how their service is (a failing one since
        # when it fails).
        judged = ("Alpha: in Betrieb", "Beta: ausgefallen (abgebrochen) · seit ")
        entries = eventually(
            lambda: [
                entries
                for entries in [read(lambda: rows(layout(desktop))) or []]
                if all(any(entry.startswith(row) for entry in entries) for row in judged)
            ],
            "the rows of the exported menu",
        )[0]
    assert "trayapp: 1 von 2 Diensten ausgefallen" in said
    assert "Beta: ausgefallen" in said
    assert "Alle jetzt prüfen" in entries
    assert "Alle Benachrichtigungen pausieren" in entries
    assert "trayapp beenden" in entries
    assert entries[0] == "1 von 2 Diensten ausgefallen"
