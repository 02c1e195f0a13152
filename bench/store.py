"""How big the history gets, and how fast the incidents list is, after a year of monitoring.

Fills a store with a simulated year of 100 services checked every 60 seconds, through the
store's own API and retention: rounds are recorded an hour at a time, :meth:`Store.prune`
folds and forgets as it would in the app, and about one outage in three days per service
becomes an incident with its timeline. Then it measures the file and the queries, the month
at a glance of every service (``trayapp history``), and, in a store of its own, folding a
whole week of raw results at once (the first prune after a week away).

Targets: the file stays under 200 MB; listing the last 1000 incidents takes under 100 ms.

Run::

    .venv/bin/python -m bench.store                 # the full year (a few minutes)
    .venv/bin/python -m bench.store --days 30       # a quicker look

Exits 1 when a target is missed. ``python -m bench`` can run it as :func:`run`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, CheckResult, Status
from trayapp.core.report.history_text import services_report
from trayapp.core.store.history import DB_FILE, RoundRecord, Store

SIZE_TARGET_MB = 200.0
LIST_TARGET_MS = 100.0
START = datetime(2024, 1, 1, tzinfo=UTC)
OUTAGE_CAUSES = (Cause.TIMEOUT, Cause.REFUSED, Cause.HTTP_STATUS, Cause.CONTENT, Cause.DNS)


class Simulation:
    """A year of rounds and outages, the same every run (a fixed seed)."""

    def __init__(self, services: int, interval_s: int):
        self.names = [f"service-{n:03}" for n in range(services)]
        self.interval = timedelta(seconds=interval_s)
        self.rng = random.Random(2012)
        self.outage_until: dict[str, datetime] = {}
        self.outage_began: dict[str, datetime] = {}
        self.outage_cause: dict[str, Cause] = {}
        self.next_id = 1
        self.finished: list[Incident] = []
        # Good answers, prepared once: making a million of them would time the bench, not
        # the store. Their response times vary as real ones do.
        self.good = {
            name: [
                CheckResult("http", f"https://{name}.example/", START, elapsed, http_status=200)
                for elapsed in (self.rng.uniform(40, 450) for _ in range(64))
            ]
            for name in self.names
        }
        self.turn = 0
        # One outage per service every three days on average, checked once per round.
        self.outage_chance = interval_s / (3 * 86_400)

    def hour(self, begin: datetime) -> Iterator[RoundRecord]:
        moment = begin
        end = begin + timedelta(hours=1)
        while moment < end:
            for name in self.names:
                yield self._round(name, moment)
            moment += self.interval

    def _round(self, name: str, moment: datetime) -> RoundRecord:
        target = f"https://{name}.example/"
        until = self.outage_until.get(name)
        if until is not None and moment >= until:
            self._finish(name, moment)
            until = None
        if until is None and self.rng.random() < self.outage_chance:
            until = moment + timedelta(minutes=self.rng.randint(3, 90))
            self.outage_until[name], self.outage_began[name] = until, moment
            self.outage_cause[name] = self.rng.choice(OUTAGE_CAUSES)
        if until is None:
            self.turn += 1
            check = self.good[name][self.turn % 61]  # 61, prime: no lockstep with the services
            return RoundRecord(name, moment, Status.UP, (check,))
        cause = self.outage_cause[name]
        failed = CheckResult(
            "http", target, moment, 10_000.0, cause, f"{cause.value}: the server did not answer"
        )
        return RoundRecord(name, moment, Status.DOWN, (failed,))

    def _finish(self, name: str, moment: datetime) -> None:
        began = self.outage_began.pop(name)
        cause = self.outage_cause.pop(name)
        del self.outage_until[name]
        error = f"https://{name}.example/: {cause.value}: the server did not answer"
        self.finished.append(
            Incident(
                id=self.next_id,
                service=name,
                started_at=began,
                ended_at=moment,
                severity=Status.DOWN,
                causes=(cause,),
                first_error=error,
                last_error=error,
                notes=(
                    Note(began, NoteKind.OPENED, f"Went down: {error}"),
                    Note(moment, NoteKind.RECOVERED, "Back up"),
                    Note(moment + timedelta(minutes=30), NoteKind.RESOLVED, "Resolved"),
                ),
            )
        )
        self.next_id += 1


def fill(store: Store, days: int, services: int, interval_s: int) -> int:
    """Run the simulation into ``store``; the number of incidents saved."""
    simulation = Simulation(services, interval_s)
    saved = 0
    hours = days * 24
    for hour in range(hours):
        begin = START + timedelta(hours=hour)
        store.record_rounds(simulation.hour(begin))
        if simulation.finished:
            store.save_incidents(simulation.finished)
            saved += len(simulation.finished)
            simulation.finished.clear()
        # The app prunes about hourly; every six simulated hours keeps the run short and
        # leaves at most six more hours of raw rows than the app would keep.
        if hour % 6 == 5:
            store.prune(begin + timedelta(hours=1))
        if hour % (24 * 30) == 24 * 30 - 1:
            print(f"  ... {hour // 24 + 1} days", flush=True)
    store.prune(START + timedelta(hours=hours))
    return saved


def week_fold_ms(folder: Path, services: int, interval_s: int) -> tuple[float, int]:
    """The time to fold a week of raw results at once, and the rows it folded."""
    simulation = Simulation(services, interval_s)
    with Store.open(folder) as store:
        for hour in range(7 * 24):
            store.record_rounds(simulation.hour(START + timedelta(hours=hour)))
        began = time.perf_counter()
        folded = store.prune(START + timedelta(days=14)).folded
        return (time.perf_counter() - began) * 1000, folded


def timed_ms(action: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """The first (cold) and the median time of ``action()``, in milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return times[0], statistics.median(times)


def run() -> bool:
    """The full year with the defaults, for ``python -m bench``: True when both targets are met."""
    return main([]) == 0


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.store [--days N] [--services N] [--interval S] [--keep DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--interval", type=int, default=60, help="seconds between rounds")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        if (folder / DB_FILE).exists():
            parser.error(f"{folder / DB_FILE} exists; give an empty folder")
        print(
            f"simulating {options.days} days of {options.services} services "
            f"every {options.interval} s ..."
        )
        began = time.perf_counter()
        with Store.open(folder) as store:
            incidents = fill(store, options.days, options.services, options.interval)
        fill_s = time.perf_counter() - began
        # Closed: the write-ahead log is checkpointed into the file and removed.
        files = [folder / DB_FILE, folder / f"{DB_FILE}-wal", folder / f"{DB_FILE}-shm"]
        size_mb = sum(f.stat().st_size for f in files if f.exists()) / 1e6

        with Store.open(folder) as store:
            rows = {
                table: store._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("results", "hourly", "incidents", "incident_notes")
            }
            cold_ms, list_ms = timed_ms(lambda: store.incidents(limit=1000))
            listed = len(store.incidents(limit=1000))
            end = START + timedelta(days=options.days)
            _, day_ms = timed_ms(
                lambda: store.recent_rounds("service-000", end - timedelta(days=1))
            )
            names = [f"service-{n:03}" for n in range(options.services)]
            _, month_ms = timed_ms(lambda: services_report(store, names, now=end), repeat=3)
            _, prune_ms = timed_ms(lambda: store.prune(end + timedelta(hours=1)), repeat=1)
        week = Path(scratch) / "week"
        fold_ms, week_rows = week_fold_ms(week, options.services, options.interval)

    print(f"filled in {fill_s:.0f} s; {incidents} incidents saved")
    print("rows kept: " + ", ".join(f"{table} {count:,}" for table, count in rows.items()))
    print(f"file size:                        {size_mb:8.1f} MB   (target < {SIZE_TARGET_MB:g} MB)")
    print(
        f"list the last {listed} incidents:    {list_ms:8.1f} ms   (first call {cold_ms:.1f} ms; "
        f"target < {LIST_TARGET_MS:g} ms)"
    )
    print(f"one service's last 24 h (chart):  {day_ms:8.1f} ms")
    print(f"an hourly prune:                  {prune_ms:8.1f} ms")
    print(f"every service's month (history):  {month_ms:8.1f} ms")
    print(f"folding a week at once:           {fold_ms:8.1f} ms   ({week_rows:,} raw rows)")
    missed = size_mb >= SIZE_TARGET_MB or list_ms >= LIST_TARGET_MS or cold_ms >= LIST_TARGET_MS
    print("MISSED a target" if missed else "both targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
