"""What checks, sources and status pages said, shown in the user's language: the tray's tooltip
and menu, the incidents window (last error, timeline, details) and the notifications.

The failures are real ones, found by real probes on 127.0.0.1 (:mod:`tests.support.failures`),
fed to the monitor's ledger round by round as the app feeds it. What the monitor keeps stays
English (the history, the JSON); an incident kept in a real store is read back in German.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.builders import config
from tests.support.failures import Failures, failures
from tests.support.pseudo import assert_marked, pseudo_locale, widget_texts
from tests.support.pureloop import PureLoop
from tests.support.servers import LocalSites
from tests.support.vendor_server import VendorPages
from trayapp.core import i18n
from trayapp.core.incident import Incident
from trayapp.core.models import Cause, CheckResult, Status
from trayapp.core.monitor import MonitorSnapshot, ServiceView
from trayapp.core.store.history import Store
from trayapp.ui.incidents.text import details_text
from trayapp.ui.incidents.window import IncidentsWindow
from trayapp.ui.tray import Tray, tooltip_text

START = datetime(2026, 8, 3, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
SERVICES = ["Shop", "Wiki", "Secure", "Nothing", "prom"]
DATA = [*SERVICES, "Service Unavailable", "Not Found", "Billing", "nothing.invalid"]
HOSTS = [r"https?://\S+", r"127\.0\.0\.1(:\d+)?", r"site\.test(:\d+)?", r"prom/eu"]


@pytest.fixture(scope="module")
def found(sites: LocalSites, _vendor_server: VendorPages) -> Failures:
    _vendor_server.reset()
    return failures(sites, _vendor_server)


def at(when: datetime, result: CheckResult) -> CheckResult:
    """``result`` as a round at ``when`` found it."""
    return CheckResult(**{**{f: getattr(result, f) for f in result.__slots__}, "checked_at": when})  # type: ignore[attr-defined]


def watched(found: Failures) -> PureLoop:
    """The ledger after an outage of each service: Shop refused, then answering 503, back up
    and refused again (a flap); Wiki's condition failing; Secure's certificate expired, then
    the server silent; Nothing's name gone, and its status page without its component."""
    r = found.results
    loop = PureLoop(
        config(
            *({"name": name, "url": f"https://{name.lower()}.test/"} for name in SERVICES[:3]),
            {"name": "Nothing", "url": "https://nothing.test/", "status_page": "https://s.test/"},
            defaults={"failure_threshold": 1, "success_threshold": 1, "flap_window": "1h"},
            network={"canaries": []},
        )
    )
    plays = {
        "Shop": [r["refused"], r["http_503"], r["ping"], r["tcp_refused"]],
        "Wiki": [r["condition"], r["condition"]],
        "Secure": [r["expired"], r["timeout"]],
        "Nothing": [r["nxdomain"]],
    }
    for step in range(4):
        moment = START + step * 5 * MINUTE
        for name, rounds in plays.items():
            if step < len(rounds):
                loop.round(name, [at(moment, rounds[step])], moment)
    loop.vendor("Nothing", found.vendor, START)
    loop.remote("Wiki", [found.sources["unreachable"].itself()], START)
    return loop


def snapshot(loop: PureLoop, found: Failures) -> MonitorSnapshot:
    """The tray's snapshot, with the source itself, which cannot be read, among the services."""
    unread = found.sources["unreachable"]
    prom = ServiceView(
        name="prom",
        status=Status.UNKNOWN,
        since=START,
        cause=unread.failure.cause if unread.failure else Cause.REFUSED,
        detail=unread.itself().detail,
        last_checked=START,
        last_elapsed_ms=3.0,
        paused_until=None,
        url=None,
        status_page=None,
        incident_id=None,
        source="prom",
    )
    views = (*loop.views(), prom)
    return MonitorSnapshot(START + 20 * MINUTE, loop.tray_status, loop.network_status, views)


def saved_and_read_back(loop: PureLoop, folder: Path) -> list[Incident]:
    """The ledger's incidents kept in a real store and read back, as the window gets them."""
    with Store(folder / "history.sqlite3") as store:
        store.save_incidents(loop.saved.values())
        return store.incidents()


def test_the_tray_shows_real_failures_translated(qtbot: QtBot, found: Failures) -> None:
    loop = watched(found)
    with pseudo_locale():
        tray = Tray()
        now = snapshot(loop, found)
        tray.show_snapshot(now)
        tray.menu.aboutToShow.emit()
        texts = [("tooltip", tooltip_text(now)), *widget_texts(tray.icon), *widget_texts(tray.menu)]
    # The details are retold, not merely inside the marks of the line that quotes them.
    said = i18n.pseudo("cannot read source")[1:-1]
    assert said in texts[0][1]
    assert any(said in text for where, text in texts if where != "tooltip")  # the menu's
    assert_marked(texts, data=DATA, patterns=HOSTS)


def test_the_tooltip_in_german(found: Failures) -> None:
    loop = watched(found)
    i18n.set_language("de")
    said = tooltip_text(snapshot(loop, found))
    port = found.results["refused"].detail.rsplit(":", 1)[1]
    assert f"prom: Quelle prom kann nicht gelesen werden: Verbindung von 127.0.0.1:{port}" in said
    assert "keine Komponente namens 'Billing' auf der Seite" in said
    assert "cannot read" not in said


def test_the_incidents_window_shows_real_failures_translated(
    qtbot: QtBot, found: Failures, tmp_path: Path
) -> None:
    loop = watched(found)
    listed = saved_and_read_back(loop, tmp_path)
    now = START + 30 * MINUTE
    with pseudo_locale():
        window = IncidentsWindow()
        qtbot.addWidget(window)
        window.show_incidents(listed, now)
        texts = widget_texts(window)
        for incident in listed:
            window.select_incident(incident.id)
            texts += widget_texts(window.details)
            texts.append((f"copied {incident.id}", details_text(incident, now)))
    assert len(listed) == 4
    causes = [r"[a-z_]+(, [a-z_]+)*"]  # the causes column keeps the JSON's words
    assert_marked(texts, data=DATA, patterns=[*HOSTS, *causes])


def test_a_stored_timeline_and_last_error_read_back_in_german(
    qtbot: QtBot, found: Failures, tmp_path: Path
) -> None:
    loop = watched(found)
    listed = saved_and_read_back(loop, tmp_path)
    shop = next(incident for incident in listed if incident.service == "Shop")
    port = found.results["refused"].detail.rsplit(":", 1)[1]
    target, served = found.results["refused"].target, found.results["http_503"].target
    assert shop.notes[0].text == f"Went down: {target}: connection refused by 127.0.0.1:{port}"
    tcp = found.results["tcp_refused"].target
    assert shop.last_error == f"{tcp}: connection refused by 127.0.0.1:{port}"
    i18n.set_language("de")
    window = IncidentsWindow()
    qtbot.addWidget(window)
    window.show_incidents(listed, START + 30 * MINUTE)
    window.select_incident(shop.id)
    timeline = window.details.timeline_view.toPlainText().splitlines()
    german = f"{target}: Verbindung von 127.0.0.1:{port} abgelehnt"
    assert timeline[0].endswith(f"Ausgefallen: {german}")
    assert timeline[1].endswith(f"Neue Ursache: {served}: HTTP 503 Service Unavailable")
    assert timeline[2].endswith("Wieder in Betrieb nach 10 Min.")
    again = f"{tcp}: Verbindung von 127.0.0.1:{port} abgelehnt"
    assert timeline[3].endswith(f"Erneut fehlgeschlagen (Rückfall 1): {again}")
    assert window.details.error_view.toPlainText() == again


def test_a_notification_tells_the_failure_in_german(found: Failures) -> None:
    i18n.set_language("de")
    loop = watched(found)
    bodies = [n.body for n in loop.notifications()]
    assert any("Name existiert nicht: nothing.invalid" in body for body in bodies)
    english = [n.english for n in loop.notifications() if n.english is not None]
    assert any("no such name: nothing.invalid" in body for _title, body in english)
