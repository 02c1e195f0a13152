"""The tray in maintenance: its grey glyph, "in maintenance until 04:00" in the heading, the
tooltip and the service's row (offscreen)."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from tests.ui.test_tray import NOW, actions, icon_image, snapshot, view
from trayapp.core.models import Cause, Status, TrayStatus
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.ui.icons import status_image
from trayapp.ui.menu import maintenance_until, status_words
from trayapp.ui.tray import Tray, tooltip_text

ENDS = NOW + timedelta(hours=2, minutes=30)
WORK = MaintenanceSpan(ENDS, "Router firmware", "Ask Sam")


def clock(moment: object) -> str:
    return moment.astimezone().strftime("%H:%M")  # type: ignore[attr-defined]


def test_the_words_say_until_when() -> None:
    assert status_words(TrayStatus.MAINTENANCE, 0, 2, until=ENDS) == (
        f"In maintenance until {clock(ENDS)}"
    )
    assert status_words(TrayStatus.MAINTENANCE, 0, 2) == "In maintenance"


def test_until_is_the_last_end_known() -> None:
    later = MaintenanceSpan(ENDS + timedelta(hours=1))
    views = [
        view("NAS", Status.MAINTENANCE, maintenance=WORK),
        view("Backups", Status.MAINTENANCE, maintenance=later),
        view("Web", Status.UP, maintenance=MaintenanceSpan(None, vendor=True)),  # answering
    ]
    assert maintenance_until(views) == later.until
    vendor = view("API", Status.MAINTENANCE, maintenance=MaintenanceSpan(None, vendor=True))
    assert maintenance_until([*views, vendor]) is None  # one has no end the vendor gave
    assert maintenance_until([view("Web", Status.UP)]) is None


def test_the_tray_is_grey_and_says_in_maintenance_until(qtbot: QtBot) -> None:
    tray = Tray()
    nas = view("NAS", Status.MAINTENANCE, Cause.TIMEOUT, maintenance=WORK)
    shot = snapshot(nas, view("Web", Status.UP), tray=TrayStatus.MAINTENANCE)
    tray.show_snapshot(shot)
    shown = icon_image(tray)
    grey = status_image(TrayStatus.MAINTENANCE, 32)
    assert shown == grey.convertToFormat(shown.format())  # type: ignore[attr-defined]
    until = clock(ENDS)
    assert tooltip_text(shot).splitlines() == [
        f"trayapp: In maintenance until {until}",
        f"NAS: in maintenance until {until}",
        "  Router firmware — Ask Sam",
    ]
    tray.menu.aboutToShow.emit()
    texts = list(actions(tray.menu))
    assert texts[0] == f"In maintenance until {until}"
    assert f"NAS: in maintenance until {until}" in texts


def test_a_maintenance_glyph_of_its_own() -> None:
    grey = status_image(TrayStatus.MAINTENANCE, 32)
    for other in TrayStatus:
        if other is not TrayStatus.MAINTENANCE:
            assert status_image(other, 32) != grey
