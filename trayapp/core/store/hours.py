"""Folded hours: what the history keeps of a service's rounds once their week is over.

One row of ``hourly`` per service and hour (hours since the epoch, UTC)::

    rounds          every round kept, whatever its status
    up, degraded,   the rounds judged so; the rest (unknown: the user's network was down;
      down          paused: snoozed or paused by the user) count for neither
    timed, elapsed_sum_ms, elapsed_max_ms
                    the rounds with a response time (failed ones included), their sum and
                    the slowest: a round's time is its slowest check's
    response_times  the answered rounds' (up or degraded) times as a histogram
                    (:mod:`trayapp.core.store.times`)

Sums and counts rather than means, so that an hour folded in two prunes (the week's edge
falls inside it) merges exactly. An hour first folded before schema 4 has ``up`` and
``response_times`` NULL, and keeps them NULL when the rest of it is folded later: its
unknown and paused rounds cannot be told from its up ones, and a histogram of part of it
would pass for the whole.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from trayapp.core.store.times import ResponseTimes

__all__ = ["HOUR_MS", "HourPoint", "fold", "read_hours"]

HOUR_MS = 3_600_000


@dataclass(frozen=True, slots=True)
class HourPoint:
    """An hour of a service's rounds, folded."""

    hour: datetime
    rounds: int
    degraded: int
    down: int
    mean_ms: float | None
    """The mean response time of the rounds that have one, failed ones included."""
    max_ms: int | None
    up: int | None = None
    """The rounds judged up; None in an hour folded before schema 4, where unknown and
    paused rounds were counted with them (``rounds - degraded - down``)."""
    response_times: ResponseTimes | None = None
    """The answered rounds' response times; None in an hour folded before schema 4."""


# Rounds first (a round's checks share `at`; its time is its slowest check's), then hours.
# `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT. NULL + n is
# NULL: an hour folded before schema 4 stays without `up` and histogram.
_FOLD = """
INSERT INTO hourly (service_id, hour, rounds, up, degraded, down, timed, elapsed_sum_ms,
                    elapsed_max_ms, response_times)
SELECT :service, at / 3600000, count(*), sum(status = 'up'), sum(status = 'degraded'),
       sum(status = 'down'), count(elapsed), coalesce(sum(elapsed), 0), max(elapsed),
       response_times(CASE WHEN status IN ('up', 'degraded') THEN elapsed END)
FROM (SELECT at, min(round_status) AS status, max(elapsed_ms) AS elapsed
      FROM results WHERE service_id = :service AND at < :cutoff GROUP BY at)
WHERE true
GROUP BY at / 3600000
ON CONFLICT (service_id, hour) DO UPDATE SET
    rounds = rounds + excluded.rounds,
    up = up + excluded.up,
    degraded = degraded + excluded.degraded,
    down = down + excluded.down,
    timed = timed + excluded.timed,
    elapsed_sum_ms = elapsed_sum_ms + excluded.elapsed_sum_ms,
    elapsed_max_ms = max(coalesce(elapsed_max_ms, excluded.elapsed_max_ms),
                         coalesce(excluded.elapsed_max_ms, elapsed_max_ms)),
    response_times = merge_response_times(response_times, excluded.response_times)
"""


def fold(db: sqlite3.Connection, service_id: int, cutoff_ms: int) -> None:
    """Fold the service's raw rounds before ``cutoff_ms`` into its hours (the raw rows are
    left for the caller to delete, in the same transaction). ``db`` has the functions of
    :func:`trayapp.core.store.times.register`."""
    db.execute(_FOLD, {"service": service_id, "cutoff": cutoff_ms})


def read_hours(db: sqlite3.Connection, service: str, since_ms: int) -> list[HourPoint]:
    """``service``'s folded hours from the one holding ``since_ms`` on, oldest first."""
    rows = db.execute(
        "SELECT h.hour, h.rounds, h.degraded, h.down, h.timed, h.elapsed_sum_ms,"
        " h.elapsed_max_ms, h.up, h.response_times FROM hourly AS h"
        " JOIN services AS s ON s.id = h.service_id"
        " WHERE s.name = ? AND h.hour >= ? ORDER BY h.hour",
        (service, since_ms // HOUR_MS),
    ).fetchall()
    return [
        HourPoint(
            hour=datetime.fromtimestamp(hour * HOUR_MS / 1000, UTC),
            rounds=rounds,
            degraded=degraded,
            down=down,
            mean_ms=elapsed_sum / timed if timed else None,
            max_ms=elapsed_max,
            up=up,
            response_times=ResponseTimes.from_blob(times),
        )
        for hour, rounds, degraded, down, timed, elapsed_sum, elapsed_max, up, times in rows
    ]
