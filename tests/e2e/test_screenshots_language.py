"""The README's German picture: the incidents window of a trayapp speaking German.

A real ``python -m trayapp`` with ``TRAYAPP_LANGUAGE=de`` watches the stand-ins of
test_screenshots.py (Twitter, Twitter mobile, Google Talk, with the same month of history
behind them); Twitter answers 503 from the first round, so an incident is open when its tray
icon is clicked and the incidents window opens. The picture is checked for what it claims:
the window is the German one (found by its German title), the strip's days are those of the
month written (green but Twitter's red day and Google Talk's amber one), and the open
incident is listed and selected.

``TRAYAPP_UPDATE_DOCS=1`` copies it into ``docs/screenshots/`` (see test_screenshots.py).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.test_screenshots import (
    AMBER_DAY,
    AWAY,
    RED_DAY,
    SELECTED,
    glyph_shows,
    strip_rows,
)
from tests.support.desktop import DesktopSession, run_trayapp
from tests.support.history import MONTH_DAYS, Outage, record_month
from tests.support.screens import eventually, find_colour, picture_window
from tests.support.servers import LocalSites

pytestmark = pytest.mark.desktop

TITLE = "trayapp — Störungen"
"""The incidents window's title in German."""


@pytest.fixture
def trayapp_in_german(
    desktop: DesktopSession,
    sites: LocalSites,
    tmp_path: Path,
    python: str,
    child_env: dict[str, str],
) -> Iterator[subprocess.Popen[bytes]]:
    scenarios = sites.site.scenarios
    scenarios.update(
        twitter="/down-503", mobile="/up", talk="/up", canary="/up", **{"mobile-api": "/up"}
    )
    config = tmp_path / "config.toml"
    config.write_text(
        '[defaults]\ninterval = "1h"\ntimeout = "10s"\nfailure_threshold = 1\n'
        "success_threshold = 1\n\n"
        f'[network]\ncanaries = ["{sites.http("/scenario/canary")}"]\n\n'
        f'[[services]]\nname = "Twitter"\nurl = "{sites.http("/scenario/twitter")}"\n\n'
        '[[services]]\nname = "Twitter mobile"\n'
        f'[[services.checks]]\ntype = "http"\nurl = "{sites.http("/scenario/mobile")}"\n'
        f'[[services.checks]]\ntype = "http"\nurl = "{sites.http("/scenario/mobile-api")}"\n\n'
        f'[[services]]\nname = "Google Talk"\nurl = "{sites.http("/scenario/talk")}"\n',
        encoding="utf-8",
    )
    today = datetime.now().astimezone().date()
    urls = {
        "Twitter": sites.http("/scenario/twitter"),
        "Twitter mobile": sites.http("/scenario/mobile"),
        "Google Talk": sites.http("/scenario/talk"),
    }
    served = "HTTP 503 Service Unavailable"
    record_month(
        tmp_path,
        urls,
        [
            Outage(
                "Twitter", RED_DAY, time(15), timedelta(hours=4), f"{urls['Twitter']}: {served}"
            ),
            Outage(
                "Google Talk",
                AMBER_DAY,
                time(9, 20),
                timedelta(hours=1),
                f"{urls['Google Talk']}: {served}",
            ),
        ],
        today,
    )
    desktop.run("xdotool", "mousemove", *AWAY)
    with run_trayapp(
        desktop,
        child_env,
        python,
        config,
        tmp_path,
        tmp_path / "trayapp.log",
        extra_env={"TRAYAPP_LANGUAGE": "de"},
    ) as process:
        yield process
    scenarios.clear()


def test_screenshot_of_the_incidents_window_in_german(
    desktop: DesktopSession, trayapp_in_german: subprocess.Popen[bytes], pictures: Path
) -> None:
    pixels = glyph_shows(desktop, pictures, "down")
    x, y = pixels[len(pixels) // 2]
    desktop.run("xdotool", "mousemove", str(x), str(y), "click", "1")
    desktop.run("xdotool", "mousemove", *AWAY)

    # The strip is filled once the runtime has read the month, and the open incident is
    # selected once the list is in: until then the window says it is loading them.
    def filled() -> Path | None:
        path = picture_window(desktop, pictures, TITLE, "incidents-de")
        image = QImage(str(path))
        # The selection's colour where the table's first column is: a row is selected.
        column = (12, 0, 40, image.height())
        rows = strip_rows(image)
        return path if len(rows) == 3 and find_colour(image, SELECTED, column) else None

    picture = QImage(str(eventually(filled, "the German incidents window, filled")))
    shades = [[cell[2] for cell in cells][:MONTH_DAYS] for _, cells in strip_rows(picture)]
    twitter, mobile, talk = (["green"] * MONTH_DAYS for _ in range(3))
    twitter[MONTH_DAYS - RED_DAY], talk[MONTH_DAYS - AMBER_DAY] = "red", "amber"
    assert shades == [twitter, mobile, talk]
    assert trayapp_in_german.poll() is None
