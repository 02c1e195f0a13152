"""PAC files: ``FindProxyForURL`` run in a worker process, within a deadline, the names it
looks up answered by us.

pacparser runs PAC scripts in QuickJS with nothing but the PAC functions: no file, process or
network access from the script. But it cannot stop a script that never returns, and it holds
the GIL while one runs: in trayapp's own process ``while (true) {}`` in a PAC file, which a
broken or hostile WPAD server can serve, would freeze the whole app, tray included. So a
:class:`PacEngine` runs the scripts in :mod:`~trayapp.core.probes.pacworker`, a process of
their own that it starts at first need and talks to over pipes, one JSON object a line:

- a script's text goes to the worker once, then each ``(url, host)`` it is to answer;
- the script never resolves a name itself (that would stop it for as long as DNS takes).
  ``dnsResolve``, ``dnsResolveEx``, ``isResolvable``, ``isInNet`` and ``myIpAddress`` are
  answered from a table: a name not in it is answered "unresolvable" and sent back, and
  :meth:`PacEngine.find_proxy` resolves the names with the caller's resolver and runs
  ``FindProxyForURL`` again with their answers, for up to :data:`MAX_PASSES` rounds of
  lookups; names asked for after that are unresolvable. ``FindProxyForURL`` is a function of
  its arguments, the time and DNS, so the last run gives the answer the script means;
- the runs for one answer may take :data:`DEADLINE` seconds in all (lookups not counted).
  Past it the worker is killed and the answer is a :class:`PacError` ("took longer than 2s
  to choose a proxy"); the next answer gets a new worker, but not at once: after a script
  that ran too long, a worker that stopped or one that did not start, PAC files are paused
  (:class:`PacPaused`) for :data:`PAUSE` seconds, doubled after each such failure in a row up
  to :data:`MAX_PAUSE`, so that a script that always hangs costs a run per pause, not a
  process per request. A worker found gone while idle is replaced at once.

:meth:`PacEngine.aclose` ends the worker and waits for it: no process outlives the engine.
A worker also ends when its input closes, and ends itself when a run outlives its limit,
should trayapp be gone before it could kill it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from trayapp.core.config.durations import format_duration
from trayapp.core.probes import pacworker
from trayapp.core.probes.pacprocess import WorkerGone, WorkerProcess

__all__ = [
    "DEADLINE",
    "MAX_PASSES",
    "MAX_PAUSE",
    "PAUSE",
    "PacEngine",
    "PacEntry",
    "PacError",
    "PacPaused",
    "PacScript",
    "parse_answer",
]

log = logging.getLogger(__name__)

MAX_PASSES = 4
"""Rounds of lookups for one answer: each run of ``FindProxyForURL`` may ask for names."""
DEADLINE = 2.0
"""Seconds the runs of a script for one answer may take in all."""
PAUSE = 5.0
"""Seconds PAC files are not run after a failure of the worker; doubled for each in a row."""
MAX_PAUSE = 300.0

_CLOSING = "was not run: trayapp is closing"

_GRACE = 1.0
"""Seconds past the deadline after which a worker ends itself (the engine kills it first)."""


class PacError(Exception):
    """The script cannot be run, or ``FindProxyForURL`` failed; the message says which, in
    words that follow "the PAC file …"."""


class PacPaused(PacError):
    """Nothing was run: PAC files are paused after a failure of the worker (see the module's
    docstring). The pause ends by itself: an answer that says so is not one to keep."""


_ids = itertools.count()


class PacScript:
    """A PAC file's text, as the engine runs it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._id = next(_ids)
        self._broken = ""

    @property
    def id(self) -> int:
        """Tells scripts apart for the engine, whatever their text."""
        return self._id


@dataclass(frozen=True, slots=True)
class PacEntry:
    """One entry of what ``FindProxyForURL`` returned."""

    kind: str
    """``DIRECT``, ``PROXY``, ``HTTP``, ``HTTPS``, ``SOCKS``, ``SOCKS4`` or ``SOCKS5``."""
    address: str = ""
    """``host:port``; empty for ``DIRECT``."""


def parse_answer(answer: str) -> list[PacEntry]:
    """``"PROXY a:3128; DIRECT"`` as entries, in order; what cannot be read is left out."""
    entries = []
    for part in answer.split(";"):
        words = part.split()
        if len(words) == 1 and words[0].upper() == "DIRECT":
            entries.append(PacEntry("DIRECT"))
        elif len(words) == 2 and words[0].upper() in {
            "PROXY",
            "HTTP",
            "HTTPS",
            "SOCKS",
            "SOCKS4",
            "SOCKS5",
        }:
            entries.append(PacEntry(words[0].upper(), words[1]))
    return entries


def _my_address() -> str:
    """The address this machine reaches the world from; 127.0.0.1 when there is none.

    Connecting a UDP socket sends nothing: it only asks the kernel for a route.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"


async def _lookup(resolve: Callable[[str], Awaitable[list[str]]], name: str) -> list[str]:
    # isInNet(dnsResolve(host)) asks for "null" when the host does not resolve: no name.
    return [] if name in ("null", "undefined", "") else await resolve(name)


@dataclass(slots=True)
class _Budget:
    """What is left of one answer's deadline, in seconds."""

    left: float


class PacEngine:
    """Runs PAC scripts in a worker process (see the module's docstring).

    Args:
        deadline: Seconds the runs of a script for one answer may take in all.
        monotonic: The clock of the pauses.
        command: The worker's command line; by default
            :func:`~trayapp.core.probes.pacworker.command`.

    Use it on one event loop, and close it with :meth:`aclose`.
    """

    def __init__(
        self,
        *,
        deadline: float = DEADLINE,
        monotonic: Callable[[], float] = time.monotonic,
        command: Sequence[str] | None = None,
    ) -> None:
        self._deadline = deadline
        self._monotonic = monotonic
        self._command = list(command) if command is not None else None
        self._worker: WorkerProcess | None = None
        self._lock = asyncio.Lock()
        self._failures = 0
        self._paused_until = float("-inf")
        self._pause_why = ""
        self._closed = False
        self._ending: set[asyncio.Task[None]] = set()

    @property
    def pid(self) -> int | None:
        """The worker's process id; None while there is none."""
        return None if self._worker is None else self._worker.process.pid

    async def find_proxy(
        self,
        script: PacScript,
        url: str,
        host: str,
        resolve: Callable[[str], Awaitable[list[str]]],
        answers: dict[str, list[str]] | None = None,
    ) -> str:
        """What ``FindProxyForURL(url, host)`` returns, the names it asks about resolved by
        ``resolve`` (an empty list for a name that does not resolve).

        ``answers`` keeps what was resolved for the next call (the caller decides for how long).

        Raises:
            PacError: the script cannot be run, ``FindProxyForURL`` failed, or it ran past
                the deadline.
            PacPaused: PAC files are paused: nothing was run.
        """
        known = answers if answers is not None else {}
        budget = _Budget(self._deadline)
        for rounds in itertools.count():
            found = await self._run(script, url, host, dict(known), budget)
            if isinstance(found, str):
                return found
            if rounds < MAX_PASSES:
                addresses = await asyncio.gather(*(_lookup(resolve, name) for name in found))
                known.update(zip(found, addresses, strict=True))
            elif rounds == MAX_PASSES:
                # Still asking: what it asks about now stays unresolvable, for one last run.
                known.update((name, []) for name in found)
            else:
                break
        raise PacError(f"asks for too many names to find a proxy for {host}")

    async def _run(
        self, script: PacScript, url: str, host: str, answers: dict[str, list[str]], budget: _Budget
    ) -> str | list[str]:
        """One run: the answer, or the names to resolve first."""
        if script._broken:  # once is enough: each try has the engine complain again
            raise PacError(script._broken)
        async with self._lock:
            for attempt in range(2):
                worker = await self._current()
                served = worker.served
                try:
                    return await self._exchange(worker, script, url, host, answers, budget)
                except WorkerGone as error:
                    await self._drop(worker)
                    if self._closed:
                        raise PacError(_CLOSING) from None
                    if served and attempt == 0:
                        continue  # it may have ended while idle, for a reason of its own
                    log.warning("the PAC worker stopped (%s): %s", error, worker.said)
                    self._failed("one stopped the PAC engine")
                    raise PacError(f"stopped the PAC engine choosing a proxy for {host}") from None
                except TimeoutError:
                    await self._drop(worker)
                    taken = format_duration(self._deadline)
                    log.warning("a PAC file ran past %s for %s: its worker was ended", taken, host)
                    self._failed(f"one took longer than {taken} to choose a proxy")
                    raise PacError(
                        f"took longer than {taken} to choose a proxy for {host}"
                    ) from None
                except PacError:
                    raise  # the script's fault: the worker is as good as before
                except BaseException:  # cancelled: the worker's state is unknown
                    self._abandon(worker)
                    raise
            raise AssertionError("unreachable: the second attempt returns or raises")

    async def _exchange(
        self,
        worker: WorkerProcess,
        script: PacScript,
        url: str,
        host: str,
        answers: dict[str, list[str]],
        budget: _Budget,
    ) -> str | list[str]:
        if worker.loaded != script.id:
            worker.loaded = None
            request = {"load": script.text, "myip": _my_address()}
            loaded = await self._ask(worker, request, budget)
            if loaded.get("error") == "javascript":
                script._broken = "is not a script that can be run (a JavaScript error)"
                raise PacError(script._broken)
            if loaded.get("error") == "engine":
                raise PacError("could not be run: the PAC engine did not start")
            if loaded != {"loaded": True}:
                raise WorkerGone("it did not load the script")
            worker.loaded = script.id
        reply = await self._ask(worker, {"find": [url, host], "answers": answers}, budget)
        self._failures = 0
        if isinstance(answer := reply.get("answer"), str):
            return answer
        if isinstance(missing := reply.get("missing"), list):
            return [str(name) for name in missing]
        if reply.get("error") == "failed":
            raise PacError(f"failed in FindProxyForURL for {host}")
        raise WorkerGone("it did not run the script")

    async def _ask(
        self, worker: WorkerProcess, request: dict[str, Any], budget: _Budget
    ) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            return await worker.ask({**request, "limit": budget.left + _GRACE}, budget.left)
        finally:
            budget.left -= loop.time() - started

    async def _current(self) -> WorkerProcess:
        """The worker, started if there is none.

        Raises:
            PacError: the engine is closed, or no worker could be started.
            PacPaused: PAC files are paused.
        """
        if self._closed:
            raise PacError(_CLOSING)
        worker = self._worker
        if worker is not None and worker.process.returncode is None:
            return worker
        if worker is not None:
            await self._drop(worker)  # ended while idle: replaced at once
        left = self._paused_until - self._monotonic()
        if left > 0:
            pause = format_duration(max(round(left), 1))
            raise PacPaused(
                f"was not run: PAC files are paused for {pause} after {self._pause_why}"
            )
        try:
            worker = await WorkerProcess.start(self._command or pacworker.command())
        except WorkerGone as error:
            log.warning("the PAC worker did not start (%s)", error)
            self._failed("the PAC engine did not start")
            raise PacError("could not be run: the PAC engine did not start") from None
        if self._closed:  # while it started
            await worker.end()
            raise PacError(_CLOSING)
        self._worker = worker
        return worker

    def _failed(self, why: str) -> None:
        """Pause PAC files after a failure of the worker; ``why`` follows "paused after"."""
        self._failures += 1
        pause = min(PAUSE * 2 ** (self._failures - 1), MAX_PAUSE)
        self._paused_until = self._monotonic() + pause
        self._pause_why = why

    async def _drop(self, worker: WorkerProcess) -> None:
        if self._worker is worker:
            self._worker = None
        await worker.end()

    def _abandon(self, worker: WorkerProcess) -> None:
        """Kill ``worker`` now and reap it in the background."""
        if self._worker is worker:
            self._worker = None
        worker.kill()
        task = asyncio.get_running_loop().create_task(worker.end())
        self._ending.add(task)
        task.add_done_callback(self._ending.discard)

    async def aclose(self) -> None:
        """End the worker, and wait until every worker is gone."""
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is not None:
            if self._lock.locked():
                worker.kill()  # a run is under way: no waiting for it to end
            await worker.close()
        while self._ending:
            await asyncio.gather(*self._ending, return_exceptions=True)
