"""The tray app as a whole, offscreen: a real runtime thread and monitor against local servers."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.support.catalogs import write_catalog
from tests.support.servers import LocalSites
from trayapp.core.config import load_config, running
from trayapp.core.config.file import save_config
from trayapp.core.config.model import Network, Service
from trayapp.core.models import Status, TrayStatus
from trayapp.core.monitor import NetworkHint, Notification, Reachability
from trayapp.core.paths import Paths
from trayapp.core.probes import Prober, ServerResolver
from trayapp.ui.app import TrayApp
from trayapp.ui.catalog import OFFERED_MARKER

CONFIG = """# my services
[defaults]
interval = "200ms"
failure_threshold = 1
success_threshold = 1

[notifications]
coalesce = "100ms"

[network]
canaries = []

[[services]]
name = "web"
url = "{url}"
"""


@pytest.fixture(autouse=True)
def _apps_go_with_their_test() -> Iterator[None]:
    """Each test's app is deleted when the test ends, not when the cyclic collector next runs:
    that was in a later test, as it walked ``QApplication.allWidgets()``, and crashed it."""
    yield
    gc.collect()


@pytest.fixture
def paths(tmp_path: Path, sites: LocalSites) -> Paths:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text(CONFIG.format(url=sites.http("/scenario/web")))
    return Paths(config=config, data_dir=tmp_path / "data", log_dir=tmp_path / "logs")


@pytest.fixture
def app(qtbot: QtBot, paths: Paths, sites: LocalSites) -> Iterator[TrayApp]:
    sites.site.scenarios["web"] = "/up"

    tray_app = TrayApp(paths, make_prober=sites.prober, send_notices=False)
    tray_app.start()
    yield tray_app
    tray_app.stop()
    assert not tray_app.runtime.running


def names(app: TrayApp) -> list[str]:
    return [v.name for v in app.snapshot.services] if app.snapshot else []


def test_the_tray_follows_the_service(qtbot: QtBot, app: TrayApp, sites: LocalSites) -> None:
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.UP, timeout=10_000)
    sites.site.scenarios["web"] = "/reset"
    with qtbot.waitSignal(app.bridge.noticeFailed, timeout=10_000) as notice:
        qtbot.waitUntil(lambda: app.tray.status is TrayStatus.DOWN, timeout=10_000)
    notification = notice.args[0]
    assert isinstance(notification, Notification)
    assert notification.title == "web is down"
    assert "web: down" in app.tray.icon.toolTip()


def test_a_config_changed_on_disk_is_picked_up(
    qtbot: QtBot, app: TrayApp, paths: Paths, sites: LocalSites
) -> None:
    qtbot.waitUntil(lambda: names(app) == ["web"], timeout=10_000)
    text = paths.config.read_text()
    replacement = paths.config.with_suffix(".new")
    replacement.write_text(text + f'\n[[services]]\nname = "api"\nurl = "{sites.http("/up")}"\n')
    replacement.replace(paths.config)  # saved by rename, as editors do
    qtbot.waitUntil(lambda: names(app) == ["web", "api"], timeout=10_000)
    qtbot.waitUntil(
        lambda: app.snapshot is not None and app.snapshot.services[1].status is Status.UP,
        timeout=10_000,
    )


def test_a_broken_config_is_told_and_the_monitor_goes_on(
    qtbot: QtBot, app: TrayApp, paths: Paths
) -> None:
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.UP, timeout=10_000)
    broken = paths.config.read_text().replace('interval = "200ms"', 'interval = "soon"')
    paths.config.write_text(broken)
    qtbot.waitUntil(lambda: app._problem_box is not None and app._problem_box.isVisible())
    box = app._problem_box
    assert isinstance(box, QMessageBox)
    assert "defaults.interval: not a duration" in box.detailedText()
    assert paths.config.read_text() == broken
    assert names(app) == ["web"]
    assert app.tray.status is TrayStatus.UP


def test_mute_stops_notifications(qtbot: QtBot, app: TrayApp, sites: LocalSites) -> None:
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.UP, timeout=10_000)
    app.tray.muteWanted.emit(True)
    notices: list[object] = []
    events: list[object] = []
    app.bridge.noticeFailed.connect(notices.append)
    app.bridge.eventHappened.connect(events.append)
    sites.site.scenarios["web"] = "/reset"
    # The event and the tray's next snapshot cross threads separately: wait for both.
    qtbot.waitUntil(
        lambda: (
            any(isinstance(e, Notification) for e in events) and app.tray.status is TrayStatus.DOWN
        ),
        timeout=10_000,
    )
    assert notices == []


def test_clicking_a_notification_opens_its_incident(
    qtbot: QtBot, app: TrayApp, sites: LocalSites
) -> None:
    sites.site.scenarios["web"] = "/reset"
    qtbot.waitUntil(
        lambda: app.snapshot is not None and app.snapshot.services[0].incident_id is not None,
        timeout=10_000,
    )
    assert app.snapshot is not None
    incident_id = app.snapshot.services[0].incident_id
    app.bridge.noticeClicked.emit(("web",))
    window = app.incidents
    assert window is not None
    qtbot.waitUntil(window.isVisible)
    qtbot.waitUntil(
        lambda: window.selected_incident is not None and window.selected_incident.id == incident_id,
        timeout=10_000,
    )


def test_the_incidents_window_gets_every_service_s_last_30_days(qtbot: QtBot, app: TrayApp) -> None:
    qtbot.waitUntil(lambda: names(app) == ["web"], timeout=10_000)
    window = app.show_incidents()
    qtbot.waitUntil(lambda: [s.name for s in window.month.cells.services] == ["web"])
    assert len(window.month.cells.services[0].days) == 30


def test_without_a_tray_the_window_opens_after_a_while(
    qtbot: QtBot, paths: Paths, sites: LocalSites, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trayapp.ui.app.TRAY_WAIT_MS", 200)  # offscreen: there is no tray
    tray_app = TrayApp(paths, send_notices=False)
    tray_app.start()
    try:
        qtbot.waitUntil(lambda: tray_app.incidents is not None and tray_app.incidents.isVisible())
    finally:
        tray_app.stop()


def test_settings_open_for_the_config_in_use_and_a_save_applies_at_once(
    qtbot: QtBot, app: TrayApp, sites: LocalSites
) -> None:
    qtbot.waitUntil(lambda: app.loaded is not None and names(app) == ["web"], timeout=10_000)
    dialog = app.show_settings()
    assert dialog is not None
    assert dialog.isVisible()
    assert app.show_settings() is dialog  # brought forward, not opened twice
    assert app.loaded is not None
    loaded = app.loaded.editable()  # the model the dialog edits
    more = loaded.config.model_copy(
        update={
            "services": [
                *loaded.config.services,
                Service(name="api", url=sites.http("/up")),
            ]
        }
    )
    saved = save_config(loaded, more)  # what the dialog's backend does on Save
    dialog.saved.emit(saved)
    qtbot.waitUntil(lambda: names(app) == ["web", "api"], timeout=10_000)
    assert isinstance(app.loaded.config, running.Config)  # the monitor runs on records
    assert [s.name for s in app.loaded.config.services] == ["web", "api"]
    dialog.reject()


def test_a_broken_file_cannot_be_edited_in_settings(
    qtbot: QtBot, paths: Paths, sites: LocalSites
) -> None:
    paths.config.write_text("[defaults\n")
    tray_app = TrayApp(paths, send_notices=False)
    tray_app.start()
    try:
        qtbot.waitUntil(lambda: tray_app._problem_box is not None)
        assert tray_app.show_settings() is None
        assert tray_app._problem_box is not None
        assert tray_app._problem_box.isVisible()
        assert paths.config.read_text() == "[defaults\n"
    finally:
        tray_app.stop()


def test_the_tray_s_commands_reach_the_monitor(qtbot: QtBot, app: TrayApp) -> None:
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.UP, timeout=10_000)
    app.tray.pauseWanted.emit("web")
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.PAUSED, timeout=10_000)
    app.tray.resumeWanted.emit("web")
    qtbot.waitUntil(lambda: app.tray.status is TrayStatus.UP, timeout=10_000)
    until = datetime.now(UTC) + timedelta(hours=1)
    app.tray.snoozeWanted.emit("web", until)
    qtbot.waitUntil(
        lambda: app.snapshot is not None and app.snapshot.services[0].paused_until == until,
        timeout=10_000,
    )


def test_the_operating_system_s_word_on_the_network_makes_the_monitor_check_at_once(
    qtbot: QtBot, paths: Paths, sites: LocalSites
) -> None:
    # An hour between rounds: the service's second round comes from the hint alone.
    paths.config.write_text(paths.config.read_text().replace('"200ms"', '"1h"'))
    sites.site.scenarios["web"] = "/reset"

    def make_prober(network: Network) -> Prober:
        return Prober(resolver=ServerResolver(sites.dns_server), ssl_context=sites.client_context)

    tray_app = TrayApp(paths, make_prober=make_prober, send_notices=False)
    with qtbot.waitSignal(tray_app.network.watching, timeout=10_000):
        tray_app.start()
    try:
        qtbot.waitUntil(lambda: tray_app.tray.status is TrayStatus.DOWN, timeout=10_000)
        # Rounds that find the same make no snapshot: the site counts them.
        rounds = sites.site.connections
        tray_app.network.hinted.emit(NetworkHint(Reachability.ONLINE, changed=True))
        qtbot.waitUntil(lambda: sites.site.connections > rounds, timeout=10_000)
    finally:
        tray_app.stop()
    tray_app.network.hinted.emit(NetworkHint(Reachability.DISCONNECTED))  # quit: dropped


# --- the first run: the picker instead of an empty tray ----------------------------------------

NOTHING_YET = """# nothing to watch yet
[network]
canaries = []
"""


def catalog_of(sites: LocalSites, folder: Path) -> Path:
    """A catalogue of one service, a local site."""
    return write_catalog(
        folder,
        "[[service]]\n"
        'name = "Local web"\n'
        f'url = "{sites.http("/up")}"\n'
        f'status_page = "{sites.http("/up")}"\n'
        'platform = "statuspage"\n'
        'category = "Tests"\n',
    )


def started(qtbot: QtBot, paths: Paths, sites: LocalSites, catalog: Path) -> TrayApp:
    """The tray app on ``paths``, once it knows whether this start is a first run."""

    def make_prober(network: Network) -> Prober:
        return Prober(resolver=ServerResolver(sites.dns_server), ssl_context=sites.client_context)

    tray_app = TrayApp(paths, make_prober=make_prober, send_notices=False, catalog=catalog)
    tray_app.start()
    qtbot.waitUntil(lambda: tray_app.first_run is not None, timeout=10_000)
    return tray_app


def test_a_start_without_services_opens_the_picker_once(
    qtbot: QtBot, paths: Paths, sites: LocalSites, tmp_path: Path
) -> None:
    paths.config.write_text(NOTHING_YET)
    catalog = catalog_of(sites, tmp_path)
    first = started(qtbot, paths, sites, catalog)
    try:
        assert first.first_run is True
        picker = first.picker
        assert picker is not None
        assert picker.isVisible()
        qtbot.waitUntil(lambda: picker.model.rowCount() == 1)
        picker.reject()  # closed without adding
    finally:
        first.stop()

    again = started(qtbot, paths, sites, catalog)
    try:
        assert again.first_run is False
        assert again.picker is None
        # The menu offers it instead, while there are no services.
        qtbot.waitUntil(lambda: again.snapshot is not None, timeout=10_000)
        (offer,) = [a for a in again.tray.menu.actions() if a.text() == "Add services…"]
        assert offer.isVisible()
        offer.trigger()
        assert again.picker is not None
        assert again.picker.isVisible()
    finally:
        again.stop()
    assert paths.config.read_text() == NOTHING_YET


def test_the_first_run_picker_writes_the_config_and_the_monitor_follows(
    qtbot: QtBot, paths: Paths, sites: LocalSites, tmp_path: Path
) -> None:
    paths.config.unlink()  # no config file at all
    tray_app = started(qtbot, paths, sites, catalog_of(sites, tmp_path))
    try:
        picker = tray_app.picker
        assert picker is not None
        qtbot.waitUntil(lambda: picker.model.rowCount() == 1)
        # A reload before the monitor runs is dropped (MonitorHost): a person is never that
        # quick, a test is.
        qtbot.waitUntil(lambda: tray_app.snapshot is not None, timeout=10_000)
        picker.model.toggle(picker.model.index_of("Local web"))
        picker.add_button.click()
        qtbot.waitUntil(lambda: names(tray_app) == ["Local web"], timeout=10_000)
        assert not picker.isVisible()
        assert [s.name for s in load_config(paths.config).config.services] == ["Local web"]
        menu = tray_app.tray.menu
        (offer,) = [a for a in menu.actions() if a.text() == "Add services…"]
        assert not offer.isVisible()
    finally:
        tray_app.stop()


def test_a_config_with_services_never_opens_the_picker(qtbot: QtBot, app: TrayApp) -> None:
    qtbot.waitUntil(lambda: app.first_run is not None, timeout=10_000)
    assert app.first_run is False
    assert app.picker is None
    assert not (app.paths.data_dir / OFFERED_MARKER).exists()  # not even asked
