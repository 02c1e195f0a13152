"""What the tray app itself says, in the user's language and to the keyboard: the box that
tells of a config file's problems, and the tooltip and notice once the monitor stopped
(offscreen; the runtime is not started: nothing here needs it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.pseudo import assert_marked, pseudo_locale, widget_texts
from trayapp.core import i18n
from trayapp.core.monitor import Notification
from trayapp.core.paths import Paths
from trayapp.ui.app import TrayApp


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    config = tmp_path / "config" / "config.toml"
    return Paths(config=config, data_dir=tmp_path / "data", log_dir=tmp_path / "logs")


@pytest.fixture
def app(qtbot: QtBot, paths: Paths) -> Iterator[TrayApp]:
    made = TrayApp(paths, send_notices=False)
    yield made
    if made._problem_box is not None:
        made._problem_box.close()
    made.tray.icon.hide()


def problem_box(app: TrayApp) -> QMessageBox:
    """The settings asked for before the config file was read: the box says it is unread."""
    assert app.show_settings() is None
    box = app._problem_box
    assert isinstance(box, QMessageBox)
    return box


def test_the_config_problem_box_is_translated(qtbot: QtBot, paths: Paths) -> None:
    with pseudo_locale():
        app = TrayApp(paths, send_notices=False)
        box = problem_box(app)
        texts = widget_texts(box)
    assert_marked(texts, data=[str(paths.config)])
    assert box.windowTitle().startswith("⟦")
    box.close()


def test_the_config_problem_box_speaks_german(qtbot: QtBot, paths: Paths) -> None:
    i18n.set_language("de")
    app = TrayApp(paths, send_notices=False)
    box = problem_box(app)
    assert box.windowTitle() == "trayapp: Die Konfigurationsdatei enthält Fehler"
    assert box.text().startswith("trayapp läuft mit den bisherigen Einstellungen weiter")
    assert box.informativeText() == f"{paths.config}: nicht gelesen"
    box.close()


def test_the_config_problem_box_is_read_out_and_closed_with_escape(
    qtbot: QtBot, app: TrayApp
) -> None:
    box = problem_box(app)
    qtbot.waitExposed(box)
    reader = QAccessible.queryAccessibleInterface(box)
    assert reader is not None
    assert reader.text(QAccessible.Text.Name) == "trayapp: the config file has problems"
    heard = reader.text(QAccessible.Text.Description)
    assert heard.startswith("trayapp keeps running with the settings it had")
    assert heard.endswith(f"{app.paths.config}: unread")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())


def test_a_stopped_monitor_is_told_in_the_language(qtbot: QtBot, paths: Paths) -> None:
    notices: list[Notification] = []
    with pseudo_locale():
        app = TrayApp(paths, send_notices=False)
        app.tray.show_notice = notices.append  # type: ignore[method-assign]
        app._on_bridge_monitor_failed("database disk image is malformed")
        texts = widget_texts(app.tray.icon)
    (notice,) = notices
    data = ["database disk image is malformed"]
    assert_marked([*texts, ("notice title", notice.title)], data=data)
    assert app.tray.icon.toolTip().startswith("⟦")
