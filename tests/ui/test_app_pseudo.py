"""The whole tray app under the pseudo-locale: every word it shows went through translation.

The real :class:`~trayapp.ui.app.TrayApp`, offscreen, with its runtime thread and monitor
checking local servers: services up, one down, one degraded (slow), a group of two, one
failing inside a maintenance window. Once the monitor has judged them all, the tray's tooltip
and menu, the notifications, the incidents window (its table, each incident's details, the
month's strip and the chart) and the catalogue's picker are read; any word left outside the
pseudo-locale's marks, and not data, is English that bypassed translation.

Data, shown as it is in any language: the services' names, the group's and the maintenance
window's, the catalogue's own words, addresses (always), and what the checks said of each
service and the incidents' timelines, until they are translated (see :func:`checks_said`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.catalogs import catalog_words, write_catalog
from tests.support.pseudo import assert_marked, pseudo_locale, widget_texts
from tests.support.servers import LocalSites, closed_port
from trayapp.core.catalog import parse_catalog
from trayapp.core.models import Status
from trayapp.core.monitor import Notification
from trayapp.core.paths import Paths
from trayapp.ui.app import TrayApp
from trayapp.ui.incidents.window import IncidentsWindow

CONFIG = """\
[defaults]
interval = "500ms"
failure_threshold = 1
success_threshold = 1

[notifications]
coalesce = "100ms"

[network]
canaries = []

[[services]]
name = "Web"
url = "{up}"

[[services]]
name = "Mail"
url = "{up}"
group = "Work"

[[services]]
name = "Chat"
url = "{reset}"
group = "Work"

[[services]]
name = "Wiki"
url = "{slow}"
slow_after = "100ms"

[[services]]
name = "NAS"
url = "{closed}"

[[maintenance]]
name = "Router firmware"
reason = "Ask Sam"
services = ["NAS"]
start = 2000-01-01T00:00:00Z
end = 2100-01-01T00:00:00Z
"""

EXPECTED = {
    "Web": Status.UP,
    "Mail": Status.UP,
    "Chat": Status.DOWN,
    "Wiki": Status.DEGRADED,
    "NAS": Status.MAINTENANCE,
}
NAMES = [*EXPECTED, "Work", "Router firmware", "Ask Sam"]
"""The config's own words: the services', the group's and the maintenance window's."""


def checks_said(app: TrayApp, window: IncidentsWindow) -> list[str]:
    """What the checks said of the services, and the incident tracker's notes, as the app
    holds them: exempted as data until they are translated where they are composed.

    A check's detail ("http://…/reset: connection reset by 127.0.0.1:…", "…: answered in
    305 ms (slow after 100 ms)") is written by the HTTP check (trayapp.core.probes), and an
    incident's timeline notes ("Went down: …", "Degraded: …") by the incident tracker
    (trayapp.core.monitor.incidents), in English, and stored so; the notifications, the
    table's last error and the details show them as they are. They are being converted
    where they are made; this exemption goes once they are. Only these texts are exempted,
    whole, as the app holds them: any other English word still fails.
    """
    assert app.snapshot is not None
    said = [view.detail for view in app.snapshot.services]
    for incident in window.model.listed():
        said += [incident.first_error, incident.last_error, *(n.text for n in incident.notes)]
    return [text for text in said if text]


@pytest.fixture(autouse=True)
def _apps_go_with_their_test() -> Iterator[None]:
    """The app's widgets are deleted with the test (see tests/ui/test_app.py)."""
    yield
    gc.collect()


@pytest.fixture
def paths(tmp_path: Path, sites: LocalSites) -> Paths:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        CONFIG.format(
            up=sites.http("/up"),
            reset=sites.http("/reset"),
            slow=sites.http("/slow-first-byte/300"),
            closed=f"http://127.0.0.1:{closed_port()}/",
        )
    )
    return Paths(config=config, data_dir=tmp_path / "data", log_dir=tmp_path / "logs")


def judged(app: TrayApp) -> bool:
    """Whether the tray's snapshot shows every service as :data:`EXPECTED` says."""
    snapshot = app.snapshot
    if snapshot is None:
        return False
    return {view.name: view.status for view in snapshot.services} == EXPECTED


def incidents_texts(qtbot: QtBot, window: IncidentsWindow) -> list[tuple[str, str]]:
    """What the incidents window shows and says: its widgets, each incident's details and
    its copy, the month's strip and the day's chart as they are drawn and read out."""
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=10_000)
    qtbot.waitUntil(lambda: len(window.month.cells.services) == len(EXPECTED), timeout=10_000)
    texts = widget_texts(window)
    for row in range(window.model.rowCount()):
        window.table.selectRow(row)
        chart = window.details.chart
        qtbot.waitUntil(lambda chart=chart: bool(chart.summary()), timeout=10_000)
        texts += widget_texts(window.details)
        texts.append((f"details {row} copied", window.details.details_text()))
        texts.append((f"chart {row}", chart.summary()))
        texts += [(f"chart {row} axis", words) for _align, words in chart.axis_words()]
        texts += [(f"chart {row} at {x}", chart.describe_at(x)) for x in range(0, chart.width(), 9)]
    cells = window.month.cells
    texts.append(("legend", window.month.legend.words()))
    for row in range(len(cells.services)):
        texts.append((f"strip name {row}", cells.describe_at(cells.name_rect(row).center())))
        texts += [(f"strip cell {row},{day}", cells.cell_words(row, day)) for day in (0, 29)]
    return texts


def test_every_word_the_app_shows_is_translated(
    qtbot: QtBot, paths: Paths, sites: LocalSites, tmp_path: Path
) -> None:
    catalog = write_catalog(tmp_path)
    notices: list[Notification] = []
    with pseudo_locale():
        app = TrayApp(paths, make_prober=sites.prober, send_notices=False, catalog=catalog)
        app.bridge.noticeFailed.connect(notices.append)
        app.start()
        try:
            qtbot.waitUntil(lambda: judged(app), timeout=20_000)
            qtbot.waitUntil(lambda: len(notices) >= 1, timeout=10_000)
            texts = widget_texts(app.tray.icon)
            texts += [
                (f"notice {n}", f"{notice.title}\n{notice.body}")
                for n, notice in enumerate(notices)
            ]
            window = app.show_incidents()
            texts += incidents_texts(qtbot, window)
            exempted = checks_said(app, window)
            window.filter_edit.setText("nothing is called this")
            texts += widget_texts(window)
            picker = app.show_picker()
            assert picker is not None
            qtbot.waitUntil(lambda: picker.model.rowCount() > 0, timeout=10_000)
            texts += widget_texts(picker)
            picker.reject()
        finally:
            app.stop()
            app.tray.icon.hide()
    tooltip = app.tray.icon.toolTip()
    assert all(name in tooltip for name in ("Chat", "Wiki", "NAS", "Work"))
    assert len(texts) > 100
    data = [*NAMES, *catalog_words(parse_catalog(catalog.read_text()))]
    assert_marked(texts, data=[*data, *exempted])
