"""PAC scripts run by pacparser in a worker process, within a deadline, the names they look
up answered by the caller's resolver."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from trayapp.core.probes.pac import (
    MAX_PASSES,
    PAUSE,
    PacEngine,
    PacEntry,
    PacError,
    PacPaused,
    PacScript,
    parse_answer,
)

pytestmark = pytest.mark.anyio


def left_behind() -> list[str]:
    """This process's children that are PAC workers or zombies (Linux: read in /proc)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        state, parent = stat.rpartition(")")[2].split()[:2]
        if int(parent) == os.getpid() and (state == "Z" or b"--pac-worker" in command):
            words = command.replace(b"\0", b" ").decode()
            found.append(f"{entry.name} ({state}): {words}")
    return found


@pytest.fixture(autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """After each test (its engine closed): no worker runs, no zombie waits to be reaped."""
    yield
    if sys.platform == "linux":
        assert left_behind() == []


@pytest.fixture
async def engine() -> AsyncIterator[PacEngine]:
    made = PacEngine()
    try:
        yield made
    finally:
        await made.aclose()


SCRIPT = PacScript(
    """
    function FindProxyForURL(url, host) {
        if (isPlainHostName(host)) return "DIRECT";
        if (isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "DIRECT";
        if (dnsDomainIs(host, ".corp.test")) return "PROXY a.test:3128; PROXY b.test:3128";
        if (isResolvable("mirror." + host)) return "PROXY mirror.test:8080";
        if (shExpMatch(url, "https://*")) return "HTTPS tls.test:443; DIRECT";
        return "PROXY other.test:3128";
    }
    """
)

DNS = {"inside.test": ["10.1.2.3"], "mirror.m.test": ["192.0.2.7"], "m.test": ["192.0.2.8"]}


class Lookups:
    """A resolver from a table, remembering what it was asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def __call__(self, name: str) -> list[str]:
        self.asked.append(name)
        return self.table.get(name, [])


@pytest.mark.parametrize(
    ("url", "host", "answer"),
    [
        ("http://intranet/", "intranet", "DIRECT"),
        ("http://inside.test/", "inside.test", "DIRECT"),
        ("http://www.corp.test/", "www.corp.test", "PROXY a.test:3128; PROXY b.test:3128"),
        ("http://m.test/", "m.test", "PROXY mirror.test:8080"),
        ("https://x.test/", "x.test", "HTTPS tls.test:443; DIRECT"),
        ("http://x.test/", "x.test", "PROXY other.test:3128"),
    ],
)
async def test_the_script_chooses_per_host_with_our_lookups(
    url: str, host: str, answer: str, engine: PacEngine
) -> None:
    assert await engine.find_proxy(SCRIPT, url, host, Lookups(DNS)) == answer


async def test_names_are_looked_up_once_and_kept_for_the_next_call(engine: PacEngine) -> None:
    lookups, kept = Lookups(DNS), {}
    await engine.find_proxy(SCRIPT, "http://m.test/", "m.test", lookups, kept)
    await engine.find_proxy(SCRIPT, "http://m.test/", "m.test", lookups, kept)
    assert lookups.asked == ["m.test", "mirror.m.test"]  # "null" is never asked for
    assert kept["m.test"] == ["192.0.2.8"]


async def test_dns_resolve_gives_an_ipv4_address_and_the_ex_form_all_of_them(
    engine: PacEngine,
) -> None:
    script = PacScript(
        'function FindProxyForURL(u, h) { return "PROXY " + dnsResolve(h) + ":1; '
        'PROXY " + dnsResolveEx(h) + ":2"; }'
    )
    lookups = Lookups({"both.test": ["2001:db8::1", "192.0.2.1"]})
    answer = await engine.find_proxy(script, "http://both.test/", "both.test", lookups)
    assert answer == "PROXY 192.0.2.1:1; PROXY 2001:db8::1;192.0.2.1:2"


async def test_a_script_that_is_not_javascript_is_refused_in_words(engine: PacEngine) -> None:
    with pytest.raises(PacError, match="is not a script that can be run"):
        await engine.find_proxy(
            PacScript("function FindProxyForURL("), "http://a/", "a", Lookups({})
        )


async def test_a_failing_find_proxy_is_refused_in_words_and_the_engine_goes_on(
    engine: PacEngine,
) -> None:
    broken = PacScript("function FindProxyForURL(u, h) { return nothing.here; }")
    with pytest.raises(PacError, match=r"failed in FindProxyForURL for a\.test"):
        await engine.find_proxy(broken, "http://a.test/", "a.test", Lookups({}))
    assert await engine.find_proxy(SCRIPT, "http://x.test/", "x.test", Lookups({})) != ""


async def test_a_script_without_find_proxy_for_url_is_refused(engine: PacEngine) -> None:
    with pytest.raises(PacError, match="failed in FindProxyForURL"):
        await engine.find_proxy(PacScript("var x = 1;"), "http://a.test/", "a.test", Lookups({}))


async def test_a_script_asking_for_ever_new_names_is_stopped(engine: PacEngine) -> None:
    script = PacScript(
        """
        function FindProxyForURL(url, host) {
            var name = "n0.test";
            for (var i = 1; i < 100 && isResolvable(name); i++) name = "n" + i + ".test";
            return "DIRECT";
        }
        """
    )
    lookups = Lookups({f"n{i}.test": ["192.0.2.1"] for i in range(100)})
    answer = await engine.find_proxy(script, "http://a.test/", "a.test", lookups)
    assert answer == "DIRECT"  # the last name asked for is taken as unresolvable
    assert len(lookups.asked) == MAX_PASSES


async def test_the_script_sees_no_process_files_or_network(engine: PacEngine) -> None:
    script = PacScript(
        "function FindProxyForURL(u, h) { return [typeof std, typeof os, typeof require, "
        'typeof process, typeof fetch, typeof XMLHttpRequest].join(","); }'
    )
    answer = await engine.find_proxy(script, "http://a.test/", "a.test", Lookups({}))
    assert answer == ",".join(["undefined"] * 6)


# --- the worker: a deadline, pauses, a new worker when one is gone ------------------------------

HANGS = PacScript("function FindProxyForURL(url, host) { while (true) {} }")
FIXED = PacScript('function FindProxyForURL(url, host) { return "PROXY fixed.test:3128"; }')

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def gone(pid: int) -> bool:
    """No process has ``pid`` any more: it ended and was reaped (a zombie still has it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


class Clock:
    """A monotonic clock the test moves: the pauses' clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def fixed(engine: PacEngine) -> str:
    return await engine.find_proxy(FIXED, "http://a.test/", "a.test", Lookups({}))


async def hang(engine: PacEngine) -> str:
    return await engine.find_proxy(HANGS, "http://a.test/", "a.test", Lookups({}))


@posix_only
async def test_a_script_that_never_returns_is_stopped_while_the_event_loop_goes_on(
    engine: PacEngine,
) -> None:
    assert await fixed(engine) == "PROXY fixed.test:3128"
    worker = engine.pid
    assert worker is not None
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    started = time.monotonic()
    try:
        with pytest.raises(PacError, match=r"^took longer than 2s to choose a proxy for a\.test$"):
            await hang(engine)
    finally:
        ticker.cancel()
    assert time.monotonic() - started < 60
    assert ticks >= 10  # some 200 in two seconds; none if the script held the loop's thread
    assert engine.pid is None
    assert gone(worker)


async def test_after_a_script_ran_too_long_pac_files_pause_then_run_on_a_new_worker() -> None:
    clock = Clock()
    engine = PacEngine(deadline=0.5, monotonic=clock)
    try:
        with pytest.raises(PacError, match="took longer than 500ms to choose a proxy"):
            await hang(engine)
        paused = "was not run: PAC files are paused for 5s after one took longer than 500ms"
        with pytest.raises(PacPaused, match=f"^{paused} to choose a proxy$"):
            await fixed(engine)
        assert engine.pid is None  # no worker is started while paused
        clock.now += PAUSE
        with pytest.raises(PacError, match="took longer than 500ms"):
            await hang(engine)
        with pytest.raises(PacPaused, match="paused for 10s"):  # twice in a row: twice as long
            await fixed(engine)
        clock.now += 2 * PAUSE
        assert await fixed(engine) == "PROXY fixed.test:3128"
        with pytest.raises(PacError, match="took longer than 500ms"):
            await hang(engine)
        with pytest.raises(PacPaused, match="paused for 5s"):  # an answer in between: from 5s
            await fixed(engine)
    finally:
        await engine.aclose()


@posix_only
async def test_a_worker_that_died_is_replaced_at_once(engine: PacEngine) -> None:
    assert await fixed(engine) == "PROXY fixed.test:3128"
    first = engine.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert await fixed(engine) == "PROXY fixed.test:3128"
    assert engine.pid not in (None, first)
    assert gone(first)


@posix_only
async def test_a_run_given_up_by_its_caller_ends_the_worker_and_pauses_nothing(
    engine: PacEngine,
) -> None:
    run = asyncio.create_task(hang(engine))
    while engine.pid is None:
        await asyncio.sleep(0.01)
    hung = engine.pid
    await asyncio.sleep(0.2)  # running the script by now
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    assert engine.pid is None
    assert await fixed(engine) == "PROXY fixed.test:3128"
    await engine.aclose()
    assert gone(hung)


@posix_only
async def test_closing_ends_the_worker_even_mid_run_and_runs_nothing_after() -> None:
    engine = PacEngine()
    run = asyncio.create_task(hang(engine))
    while engine.pid is None:
        await asyncio.sleep(0.01)
    worker = engine.pid
    await engine.aclose()
    with pytest.raises(PacError, match="trayapp is closing"):
        await run
    assert gone(worker)
    with pytest.raises(PacError, match="trayapp is closing"):
        await fixed(engine)


async def test_a_script_that_fails_keeps_its_worker(engine: PacEngine) -> None:
    assert await fixed(engine) == "PROXY fixed.test:3128"
    worker = engine.pid
    for broken in ("function FindProxyForURL(", "function FindProxyForURL(u, h) { return x.y; }"):
        with pytest.raises(PacError):
            await engine.find_proxy(PacScript(broken), "http://a.test/", "a.test", Lookups({}))
    assert await fixed(engine) == "PROXY fixed.test:3128"
    assert engine.pid == worker


@posix_only
async def test_closing_while_a_worker_starts_leaves_no_process() -> None:
    engine = PacEngine()
    run = asyncio.create_task(fixed(engine))
    await asyncio.sleep(0)  # the worker is being started
    await engine.aclose()
    with pytest.raises(PacError, match="trayapp is closing"):
        await run
    assert engine.pid is None


async def test_a_worker_that_does_not_start_is_said_and_paused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = PacEngine(command=[sys.executable, "-c", "raise SystemExit('no pacparser here')"])
    try:
        with pytest.raises(PacError, match=r"^could not be run: the PAC engine did not start$"):
            await fixed(engine)
        with pytest.raises(PacPaused, match="after the PAC engine did not start"):
            await fixed(engine)
    finally:
        await engine.aclose()
    assert "no pacparser here" in caplog.text


async def test_a_worker_that_stops_on_a_script_is_not_restarted_for_every_request() -> None:
    ready_then_exit = "import sys; print('{\"ready\": true}', flush=True); sys.stdin.readline()"
    engine = PacEngine(command=[sys.executable, "-c", ready_then_exit])
    try:
        with pytest.raises(
            PacError, match=r"^stopped the PAC engine choosing a proxy for a\.test$"
        ):
            await fixed(engine)
        with pytest.raises(PacPaused, match="after one stopped the PAC engine"):
            await fixed(engine)
    finally:
        await engine.aclose()


@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # the module's mark; no loop needed
def test_answers_are_read_entry_by_entry(anyio_backend: str) -> None:
    assert parse_answer("PROXY a:1; https b:2 ;DIRECT; SOCKS5 c:3; rubbish; PROXY") == [
        PacEntry("PROXY", "a:1"),
        PacEntry("HTTPS", "b:2"),
        PacEntry("DIRECT"),
        PacEntry("SOCKS5", "c:3"),
    ]
