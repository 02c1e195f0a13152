"""The tray app's start: the icon first, and nothing loaded that the tray does not use.

The real ``trayapp`` runs in a child process (offscreen), with a real runtime checking
services on a local server: what it imported is read from its ``sys.modules`` when its icon
is shown, once its first round is done, and after each window is opened. A module said to
be left out is one this environment can import (its absence means something), and each
window's modules are shown to arrive when that window opens.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.servers import LocalSites
from trayapp.ui.start import STARTING, plain_imports, starting_icon
from trayapp.ui.tray import Tray

SERVICES = 3

BEFORE_THE_ICON = (
    "asyncio",
    "httpx",
    "pydantic",
    "sqlite3",
    "trayapp.core.config.model",
    "trayapp.core.monitor.engine",
    "trayapp.runtime",
    "trayapp.ui.app",
    "trayapp.ui.tray",
)
"""Not needed for the first glyph: none of these may be imported before the icon is shown."""

LEFT_OUT = (
    "desktop_notifier",  # the first notice imports it
    "dns",  # a dns check, a dns canary or the network's diagnosis
    "feedparser",  # a status page that is a feed
    "jsonschema",  # never at run time
    "keyring",  # a secret referenced
    "tomlkit",  # saving the config, or locating its syntax error
    "trayapp.core.catalog",
    "trayapp.core.outside.globalping",
    "trayapp.core.report",
    "trayapp.core.sources.poller",
    "trayapp.core.vendors.adapters",
    "trayapp.ui.catalog.picker",
    "trayapp.ui.forms",
    "trayapp.ui.incidents.window",
    "trayapp.ui.settings.dialog",
)
"""Not needed by a tray of plain http services: none of these is imported by its first round."""

CHILD = """
import json, linecache, sys, threading
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

watched = json.loads(sys.argv[1])
app = QApplication(sys.argv[:1])
# Offscreen there is no tray: without this the app would open its window by itself.
QSystemTrayIcon.isSystemTrayAvailable = staticmethod(lambda: True)
at_show = []
plain_show = QSystemTrayIcon.show


def show(icon):
    at_show.append(sorted(name for name in watched if name in sys.modules))
    plain_show(icon)


QSystemTrayIcon.show = show
core_imported_on = []


class Witness:  # notes the thread the core is imported on; finds nothing itself

    def find_spec(self, name, path=None, target=None):
        if name == "trayapp.runtime":
            core_imported_on.append(threading.current_thread().name)
        return None


sys.meta_path.insert(0, Witness())


def say(step):
    imported = sorted(name for name in watched if name in sys.modules)
    sources = sorted(name for name in linecache.cache if "trayapp" in name)
    print(json.dumps({"step": step, "imported": imported, "at_show": at_show,
                      "read_sources": sources, "core_imported_on": core_imported_on}),
          flush=True)


def tray_app():
    module = sys.modules.get("trayapp.ui.app")
    return app.findChild(module.TrayApp) if module is not None else None


steps = iter(["round", "handed_over", "settings", "picker"])
step = next(steps)


def poll():
    global step
    found = tray_app()
    if found is None:
        return
    if step == "round":
        snapshot = found.snapshot
        if snapshot is None or [v.status.value for v in snapshot.services] != ["up"] * {count}:
            return
    elif step == "handed_over":
        if found.incidents is None or not found.incidents.isVisible():
            return
    say(step)
    step = next(steps, None)
    if step == "settings":
        found.show_settings()
    elif step == "picker":
        found.show_picker()
    elif step is None:
        app.quit()


timer = QTimer(interval=50)
timer.timeout.connect(poll)
timer.start()
from trayapp.cli import main

sys.argv[1:] = sys.argv[2:]
main()
"""


@pytest.fixture
def config(tmp_path: Path, sites: LocalSites) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[defaults]\ninterval = "60s"\n\n[network]\ncanaries = []\n\n'
        + "".join(
            f'[[services]]\nname = "s{i}"\nurl = "{sites.http("/up")}"\n' for i in range(SERVICES)
        )
    )
    return path


class Child:
    """A process whose lines of JSON are read as they come; what it says on stderr is kept in
    ``log``."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("w") as errors:
            self.process = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
            )
        self._lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.process.stdout as stream:
            for line in stream:
                self._lines.put(line)

    def next(self) -> dict[str, object]:
        """The next line of JSON (waiting as long as the test may run)."""
        try:
            line = self._lines.get(timeout=100)
        except queue.Empty:
            raise AssertionError(f"the child said nothing more:\n{self.log.read_text()}") from None
        return dict(json.loads(line))

    def close(self) -> None:
        """Stop the process, and the reading."""
        self.process.kill()
        self.process.wait()
        self._reader.join()


@pytest.fixture
def child(python: str, child_env: dict[str, str], config: Path, tmp_path: Path) -> Iterator[Child]:
    watched = sorted({*BEFORE_THE_ICON, *LEFT_OUT})
    code = CHILD.replace("{count}", str(SERVICES))
    command = [python, "-c", code, json.dumps(watched)]
    command += ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    running = Child(command, child_env, tmp_path / "child.log")
    yield running
    running.close()


def test_the_icon_comes_first_and_what_the_tray_does_not_use_is_not_imported(
    child: Child, python: str, child_env: dict[str, str], config: Path, tmp_path: Path
) -> None:
    first = child.next()
    assert first["step"] == "round"
    assert first["at_show"][0] == []  # first shown before any of BEFORE_THE_ICON
    assert "trayapp.runtime" in first["imported"]  # the first round was the real monitor's
    assert first["core_imported_on"] == ["trayapp-import"]  # not the GUI thread
    assert [name for name in LEFT_OUT if name in first["imported"]] == []
    assert first["read_sources"] == []  # PySide6's import hook read no source

    # A second start hands over to the first, which opens its window.
    second = subprocess.run(
        [python, "-m", "trayapp", "--config", str(config), "--data-dir", str(tmp_path / "data")],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 0, second.stderr
    handed_over = child.next()
    assert handed_over["step"] == "handed_over"
    assert "trayapp.ui.incidents.window" in handed_over["imported"]
    assert "trayapp.ui.settings.dialog" not in handed_over["imported"]

    settings = child.next()
    assert settings["step"] == "settings"
    assert {"trayapp.ui.settings.dialog", "trayapp.ui.forms"} <= set(settings["imported"])

    picker = child.next()
    assert picker["step"] == "picker"
    assert {"trayapp.ui.catalog.picker", "trayapp.core.catalog"} <= set(picker["imported"])


@pytest.mark.parametrize("name", LEFT_OUT)
def test_what_is_left_out_is_there_to_import(name: str) -> None:
    # Else its absence from the tray's modules would prove nothing.
    assert importlib.util.find_spec(name) is not None


def test_the_starting_icon_says_it_is_starting(qtbot: QtBot) -> None:
    icon = starting_icon()
    assert icon.toolTip() == STARTING
    assert not icon.icon().isNull()
    assert not icon.isVisible()  # shown by the start, once the instance is known to be first


def test_the_tray_fills_the_menu_the_starting_icon_was_shown_with(qtbot: QtBot) -> None:
    # A tray host reads an item's menu once, when it appears: it must stay the same menu.
    icon = starting_icon()
    menu = icon.contextMenu()
    assert menu is not None
    tray = Tray(icon=icon)
    assert tray.icon is icon
    assert icon.contextMenu() is menu
    assert "Quit trayapp" in [action.text() for action in menu.actions()]


def test_plain_imports_takes_out_pysides_hook_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # The import PySide6's own hook wraps, if it is installed in this process: it imports.
    plain = getattr(builtins, "__orig_import__", builtins.__import__)

    def hook(*args: object, **kwargs: object) -> object:
        return plain(*args, **kwargs)  # type: ignore[arg-type]

    hook.__name__ = "__feature_import__"  # as PySide6's hook is named

    monkeypatch.setattr(builtins, "__orig_import__", plain, raising=False)
    monkeypatch.setattr(builtins, "__import__", hook)
    assert plain_imports()
    assert builtins.__import__ is plain
    assert not plain_imports()  # nothing left to take out

    def someone_elses(*args: object, **kwargs: object) -> object:
        return plain(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", someone_elses)
    assert not plain_imports()
    assert builtins.__import__ is someone_elses
