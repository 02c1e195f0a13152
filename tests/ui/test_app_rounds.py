"""Rounds that find what the rounds before them found cost the GUI nothing: a real runtime
thread and monitor against a local server, offscreen.

The test counts what the GUI thread does with the monitor's news: snapshots received and
shown, icons drawn and set, tooltips set, and every change to an action of the tray's menus (Qt
sends each menu an ``ActionChanged`` event, as it sends the desktop's D-Bus copy an update).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.support.servers import LocalSites
from trayapp.core.models import TrayStatus
from trayapp.core.paths import Paths
from trayapp.ui import tray as tray_module
from trayapp.ui.app import TrayApp

CONFIG = """[defaults]
interval = "200ms"
failure_threshold = 1
success_threshold = 1

[network]
canaries = []

[[services]]
name = "web"
url = "{web}"

[[services]]
name = "api"
url = "{api}"
"""

UNCHANGED_ROUNDS = 5
"""Rounds of each service, all finding the same, during which the GUI must do nothing."""


class MenuChanges(QObject):
    """Counts the changes to the actions of ``menus`` (their rows, their submenus' entries)."""

    KINDS = (QEvent.Type.ActionChanged, QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved)

    def __init__(self, menus: list[QMenu]) -> None:
        super().__init__()
        self.count = 0
        for menu in menus:
            menu.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in self.KINDS:
            self.count += 1
        return False


@pytest.fixture(autouse=True)
def _apps_go_with_their_test() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path, sites: LocalSites) -> Iterator[TrayApp]:
    sites.site.scenarios.update(web="/up", api="/up")
    config = tmp_path / "config.toml"
    web, api = sites.http("/scenario/web"), sites.http("/scenario/api")
    config.write_text(CONFIG.format(web=web, api=api))
    paths = Paths(config=config, data_dir=tmp_path / "data", log_dir=tmp_path / "logs")

    tray_app = TrayApp(paths, make_prober=sites.prober, send_notices=False)
    tray_app.start()
    yield tray_app
    tray_app.stop()


def counting(counts: Counter[str], key: str, call: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[key] += 1
        return call(*args, **kwargs)

    return counted


def test_rounds_that_change_nothing_cost_the_gui_nothing(
    qtbot: QtBot, app: TrayApp, sites: LocalSites, monkeypatch: pytest.MonkeyPatch
) -> None:
    tray = app.tray
    qtbot.waitUntil(lambda: tray.status is TrayStatus.UP, timeout=10_000)
    qtbot.waitUntil(lambda: len(tray.menu.findChildren(QMenu)) == 2, timeout=10_000)
    counts: Counter[str] = Counter()
    app.bridge.snapshotChanged.connect(lambda _snapshot: counts.update(["received"]))
    tray.show_snapshot = counting(counts, "shown", tray.show_snapshot)  # type: ignore[method-assign]
    tray.icon.setToolTip = counting(counts, "tooltips", tray.icon.setToolTip)  # type: ignore[method-assign]
    tray.icon.setIcon = counting(counts, "icons", tray.icon.setIcon)  # type: ignore[method-assign]
    monkeypatch.setattr(tray_module, "icon_for", counting(counts, "drawn", tray_module.icon_for))
    menus = MenuChanges([tray.menu, *tray.menu.findChildren(QMenu)])

    rounds = sites.site.connections
    qtbot.waitUntil(lambda: sites.site.connections >= rounds + 2 * UNCHANGED_ROUNDS, timeout=10_000)
    qtbot.wait(300)  # what the last of them would have sent, had they sent anything
    assert (counts, menus.count) == (Counter(), 0)

    sites.site.scenarios["api"] = "/reset"
    # The snapshot reaches the tray and this counter as two queued calls: one event loop
    # pass may run the tray's before the counter's.
    qtbot.waitUntil(
        lambda: tray.status is TrayStatus.DOWN and counts["received"] >= 1, timeout=10_000
    )
    assert counts["shown"] >= 1
    assert counts["icons"] == 1  # the red octagon with its count
    assert counts["tooltips"] == 1
    assert "api: down (reset)" in tray.icon.toolTip()
    assert menus.count > 0
    rows = [action.text() for action in tray.menu.actions()]
    assert any(text.startswith("api: down (reset) · since ") for text in rows)
