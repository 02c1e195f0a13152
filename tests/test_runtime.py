"""The runtime thread: work runs off the calling thread, and shutdown leaves nothing running."""

from __future__ import annotations

import asyncio
import itertools
import queue
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.servers import LocalSites
from trayapp.core.config.model import Config, Network, Service
from trayapp.core.models import Status
from trayapp.core.monitor import MonitorSnapshot, NetworkHint, Reachability
from trayapp.core.probes import Prober, ServerResolver
from trayapp.runtime import MonitorHost, Runtime, RuntimeStopped


def watching(
    runtime: Runtime,
    data_dir: Path,
    snapshots: queue.Queue[MonitorSnapshot],
    make_prober: Callable[[Network], Prober],
) -> MonitorHost:
    """A host whose snapshots, sent promptly, go to ``snapshots``."""
    return MonitorHost(
        runtime,
        data_dir=data_dir,
        emit=lambda event: None,
        on_snapshot=snapshots.put,
        on_failure=lambda message: None,
        make_prober=make_prober,
        snapshot_every=0.01,
    )


def test_work_runs_on_the_runtime_thread() -> None:
    runtime = Runtime()
    runtime.start()
    try:

        async def where() -> str:
            await asyncio.sleep(0)
            return threading.current_thread().name

        assert runtime.submit(where()).result(timeout=5) == "trayapp-runtime"
    finally:
        runtime.stop()
    assert not runtime.running


def test_stop_cancels_what_runs_and_lets_it_clean_up() -> None:
    runtime = Runtime()
    runtime.start()
    started, cleaned_up = threading.Event(), threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            cleaned_up.set()

    future = runtime.submit(forever())
    assert started.wait(5)
    runtime.stop()
    assert cleaned_up.is_set()
    assert future.cancelled()
    assert not runtime.running
    assert not any(t.name == "trayapp-runtime" for t in threading.enumerate())


def test_work_submitted_after_stop_is_refused() -> None:
    runtime = Runtime()
    runtime.start()
    runtime.stop()

    async def never() -> None:
        raise AssertionError("must not run")

    with pytest.raises(RuntimeStopped):
        runtime.submit(never())


def test_a_runtime_can_start_again_after_stopping() -> None:
    runtime = Runtime()
    for _ in range(2):
        runtime.start()

        async def answer() -> int:
            return 42

        assert runtime.submit(answer()).result(timeout=5) == 42
        runtime.stop()


def test_a_monitor_that_fails_unexpectedly_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(network: Network) -> Prober:
        raise RuntimeError("a bug")

    runtime = Runtime()
    runtime.start()
    failures: queue.Queue[str] = queue.Queue()
    host = MonitorHost(
        runtime,
        data_dir=tmp_path,
        emit=lambda event: None,
        on_snapshot=lambda snapshot: None,
        on_failure=failures.put,
        make_prober=broken,
    )
    try:
        host.start(Config())
        assert failures.get(timeout=10) == "the monitor stopped unexpectedly (see the log)"
    finally:
        runtime.stop()
    assert "the monitor stopped unexpectedly" in caplog.text
    assert "RuntimeError: a bug" in caplog.text


def test_the_host_s_commands_and_queries_reach_the_monitor(
    tmp_path: Path, sites: LocalSites
) -> None:
    web = Service(name="web", url=sites.http("/up"))
    broken = Service(name="broken", url=sites.http("/reset"))
    config = Config.model_validate(
        {
            "defaults": {"interval": "100ms", "failure_threshold": 1, "success_threshold": 1},
            "network": {"canaries": []},
        }
    ).model_copy(update={"services": [web, broken]})
    snapshots: queue.Queue[MonitorSnapshot] = queue.Queue()

    def until(holds: Callable[[MonitorSnapshot], bool]) -> MonitorSnapshot:
        while True:
            snapshot = snapshots.get(timeout=10)
            if holds(snapshot):
                return snapshot

    def status(snapshot: MonitorSnapshot, name: str) -> Status | None:
        return next((v.status for v in snapshot.services if v.name == name), None)

    runtime = Runtime()
    runtime.start()
    host = watching(runtime, tmp_path, snapshots, sites.prober)
    try:
        with pytest.raises(RuntimeStopped):  # not started yet
            host.incidents(limit=10).result(timeout=5)
        host.start(config)
        until(lambda s: status(s, "web") is Status.UP and status(s, "broken") is Status.DOWN)
        host.pause("web")
        until(lambda s: status(s, "web") is Status.PAUSED)
        host.resume("web")
        until(lambda s: status(s, "web") is Status.UP)
        later = datetime.now(UTC) + timedelta(hours=1)
        host.snooze("web", later)
        snoozed = until(lambda s: status(s, "web") is Status.PAUSED)
        assert snoozed.services[0].paused_until == later
        host.check_now(None)
        host.check_now("nobody")  # a menu built before a reload: dropped
        host.reload(config.model_copy(update={"services": [broken]}))
        until(lambda s: [v.name for v in s.services] == ["broken"])
        (incident,) = host.incidents(limit=10).result(timeout=10)
        assert incident.service == "broken"
        rounds = host.recent_rounds("broken", datetime.now(UTC) - timedelta(hours=1))
        assert isinstance(rounds.result(timeout=10), list)
        month = host.history(["broken"], datetime.now(UTC)).result(timeout=10)
        # web's rounds follow when the history has them (they are written every few seconds)
        reported = [(s.name, s.incidents) for s in month.services]
        assert reported in ([("broken", 1)], [("broken", 1), ("web", 0)])
    finally:
        host.stop()
        runtime.stop()
    with pytest.raises(RuntimeStopped):
        host.check_now(None)


def test_only_snapshots_that_differ_are_handed_on(tmp_path: Path, sites: LocalSites) -> None:
    # Rounds every 100 ms, each finding the service up as the one before it.
    config = Config.model_validate(
        {"defaults": {"interval": "100ms"}, "network": {"canaries": []}}
    ).model_copy(update={"services": [Service(name="web", url=sites.http("/up"))]})
    snapshots: list[MonitorSnapshot] = []
    bursts: queue.Queue[str] = queue.Queue()

    def make_prober(network: Network) -> Prober:
        return Prober(resolver=ServerResolver(sites.dns_server), ssl_context=sites.client_context)

    runtime = Runtime(name="the runtime")
    runtime.start()
    host = MonitorHost(
        runtime,
        data_dir=tmp_path,
        emit=lambda event: None,
        on_snapshot=snapshots.append,
        on_failure=lambda message: None,
        make_prober=make_prober,
        snapshot_every=0.01,
        after_changes=lambda: bursts.put(threading.current_thread().name),
    )
    try:
        host.start(config)
        seen = [bursts.get(timeout=10) for _ in range(10)]  # ten bursts: rounds, ticks
    finally:
        host.stop()
        runtime.stop()
    assert set(seen) == {"the runtime"}
    assert [v.status for s in snapshots for v in s.services][-1] is Status.UP
    assert len(snapshots) <= 3  # what was there at start, unknown, then up: no more
    assert all(before != after for before, after in itertools.pairwise(snapshots))


def test_a_network_hint_makes_the_monitor_check_at_once(tmp_path: Path, sites: LocalSites) -> None:
    # An hour between rounds: a second round of the failing service comes from the hint alone.
    broken = Service(name="broken", url=sites.http("/reset"))
    config = Config.model_validate(
        {
            "defaults": {"interval": "1h", "failure_threshold": 1, "success_threshold": 1},
            "network": {"canaries": []},
        }
    ).model_copy(update={"services": [broken]})
    snapshots: queue.Queue[MonitorSnapshot] = queue.Queue()

    def make_prober(network: Network) -> Prober:
        return Prober(resolver=ServerResolver(sites.dns_server), ssl_context=sites.client_context)

    runtime = Runtime()
    runtime.start()
    host = watching(runtime, tmp_path, snapshots, make_prober)
    try:
        host.start(config)
        while not any(v.status is Status.DOWN for v in snapshots.get(timeout=10).services):
            pass  # until the first round is judged
        # Rounds that find the same make no snapshot: the site counts them.
        rounds = sites.site.connections
        host.network_hint(NetworkHint(Reachability.ONLINE, captive_portal=False, changed=True))
        assert sites.site.wait_for_connections(rounds + 1, timeout=10), (
            "no new round of the service"
        )
    finally:
        host.stop()
        runtime.stop()
    with pytest.raises(RuntimeStopped):
        host.network_hint(NetworkHint(Reachability.DISCONNECTED))


def test_a_config_given_before_the_monitor_runs_is_applied_when_it_does(
    tmp_path: Path, sites: LocalSites
) -> None:
    # A first save moments after start (the first-run picker's) must not be dropped.
    config = Config.model_validate({"network": {"canaries": []}})
    saved = config.model_copy(update={"services": [Service(name="web", url=sites.http("/up"))]})
    snapshots: queue.Queue[MonitorSnapshot] = queue.Queue()
    runtime = Runtime()
    runtime.start()
    host = watching(
        runtime,
        tmp_path,
        snapshots,
        lambda network: Prober(
            resolver=ServerResolver(sites.dns_server), ssl_context=sites.client_context
        ),
    )
    try:
        host.reload(saved)
        host.start(config)
        deadline = time.monotonic() + 10
        names: list[str] = []
        while names != ["web"] and time.monotonic() < deadline:
            names = [view.name for view in snapshots.get(timeout=10).services]
        assert names == ["web"]
    finally:
        host.stop()
        runtime.stop()
