"""The incidents window as a user meets it: realistic incidents, a month of history, filled.

:func:`incidents_of_a_day` is a day of trouble as the ledger keeps it: an open outage with a
flap, down for everyone and acknowledged by its status page; one that was "just you"; one of
a degraded service, resolved, whose verdict is not known; one of a vendor's own report. The
month of the strip is written into a real store (:func:`~tests.support.history.record_month`)
and read back as the app reads it (:func:`~trayapp.core.report.read_history`), with a
maintenance window and paused rounds among the chart's last 24 hours.

:func:`filled_window` builds the window and feeds it all: build it inside
``pseudo_locale()`` or in German, as its texts are made when it is fed. :data:`DATA` lists
what is data in it: names, addresses, errors and timeline notes, causes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from tests.support.builders import incident, vendor_incident
from tests.support.history import Outage, record_month
from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.report import read_history
from trayapp.core.store import RoundPoint, Store
from trayapp.ui.incidents.window import IncidentsWindow

__all__ = ["DATA", "filled_window", "incidents_of_a_day", "rounds_of_a_day"]

TWITTER_URL = "https://twitter.com/"
TALK_URL = "https://talk.google.com/"
MOBILE_URL = "https://mobile.twitter.com/"
_SERVED = "HTTP 503 Service Unavailable"
_NOTES = (
    "Went down: https://twitter.com/: reset",
    "Verdict: down for everyone",
    "Status page: Users may be experiencing issues",
    "Back up after 41 min",
    "Failed again (flap 1)",
    "Went down: https://talk.google.com/: dns",
    "Verdict: just you",
    "Went down: https://mobile.twitter.com/: slow",
    "Resolved: up for 30 min since the last recovery",
)
DATA = [
    "Twitter",
    "Twitter mobile",
    "Google Talk",
    *_NOTES,
    f"{TWITTER_URL}: {_SERVED}",
    f"{TALK_URL}: {_SERVED}",
    f"{TWITTER_URL}: reset",
    f"{TALK_URL}: dns",
    f"{MOBILE_URL}: slow",
    "reset, http_status",
    "http_status",
    "dns",
    "slow",
    "vendor_reported",
    "reset",
    "~",
    "Back up after 4 h",
    "Back up after 1 h",
    "Went down",
]
"""What the window shows as it is, in any language: names, errors, notes, causes."""


def incidents_of_a_day(now: datetime) -> list[Incident]:
    """Four incidents of the day before ``now``, one of them still open (see the module)."""
    began = now - timedelta(hours=3)
    opened = incident(
        21,
        began,
        causes=(Cause.RESET, Cause.HTTP_STATUS),
        error=f"{TWITTER_URL}: reset",
        last_error=f"{TWITTER_URL}: {_SERVED}",
        flaps=1,
        verdict=Verdict.DOWN_FOR_EVERYONE,
        vendor_incidents=(vendor_incident(),),
        recovered_at=None,
        notes=(
            Note(began, NoteKind.OPENED, _NOTES[0]),
            Note(began + timedelta(minutes=2), NoteKind.VERDICT, _NOTES[1]),
            Note(began + timedelta(minutes=9), NoteKind.VENDOR, _NOTES[2]),
            Note(began + timedelta(minutes=41), NoteKind.RECOVERED, _NOTES[3]),
            Note(began + timedelta(minutes=52), NoteKind.FLAPPED, _NOTES[4]),
        ),
    )
    yours = incident(
        20,
        now - timedelta(hours=7),
        service="Google Talk",
        lasted=timedelta(minutes=12),
        causes=(Cause.DNS,),
        error=f"{TALK_URL}: dns",
        verdict=Verdict.JUST_YOU,
        notes=(
            Note(now - timedelta(hours=7), NoteKind.OPENED, _NOTES[5]),
            Note(now - timedelta(hours=7), NoteKind.VERDICT, _NOTES[6]),
        ),
    )
    degraded = incident(
        19,
        now - timedelta(hours=20),
        service="Twitter mobile",
        lasted=timedelta(hours=1, minutes=5),
        severity=Status.DEGRADED,
        causes=(Cause.SLOW,),
        error=f"{MOBILE_URL}: slow",
        notes=(
            Note(now - timedelta(hours=20), NoteKind.OPENED, _NOTES[7]),
            Note(now - timedelta(hours=18), NoteKind.RESOLVED, _NOTES[8]),
        ),
    )
    reported = incident(
        18,
        now - timedelta(hours=22),
        service="Twitter mobile",
        lasted=timedelta(days=1, hours=2),
        severity=Status.DEGRADED,
        causes=(Cause.VENDOR_REPORTED,),
        error=f"{MOBILE_URL}: slow",
        verdict=Verdict.VENDOR_REPORTED,
    )
    return [reported, degraded, yours, opened]


def rounds_of_a_day(now: datetime) -> list[RoundPoint]:
    """Twitter's rounds of the day before ``now``, every 10 min: up, but for its outage,
    an hour of maintenance and an hour paused."""
    points = []
    for step in range(24 * 6, 0, -1):
        at = now - timedelta(minutes=10 * step)
        hours = step / 6
        if hours <= 3:
            status = Status.DOWN if hours > 2.3 or hours < 1.3 else Status.UP
        elif 10 < hours <= 11:
            status = Status.MAINTENANCE
        elif 14 < hours <= 15:
            status = Status.PAUSED
        else:
            status = Status.UP
        answered = status is Status.UP
        points.append(RoundPoint(at, status, 180 + step % 40 if answered else None))
    return points


def filled_window(data_dir: Path, today: date) -> tuple[IncidentsWindow, datetime]:
    """The window fed as the app feeds it: the incidents, Twitter's day, and the month of
    the three services from a real store in ``data_dir``; and the time it was fed at."""
    now = datetime.combine(today, time(12)).astimezone()
    urls = {"Twitter": TWITTER_URL, "Twitter mobile": MOBILE_URL, "Google Talk": TALK_URL}
    record_month(
        data_dir,
        urls,
        [
            Outage("Twitter", 12, time(15), timedelta(hours=4), f"{TWITTER_URL}: {_SERVED}"),
            Outage("Google Talk", 5, time(9, 20), timedelta(hours=1), f"{TALK_URL}: {_SERVED}"),
        ],
        today,
    )
    with Store.open(data_dir) as store:
        month = read_history(store, list(urls), now=now)
        listed = [*store.incidents(), *incidents_of_a_day(now)]
    window = IncidentsWindow()
    window.month.show_services(month.services)
    window.show_incidents(listed, now)
    window.select_incident(21)
    window.show_rounds("Twitter", rounds_of_a_day(now), now)
    return window, now
