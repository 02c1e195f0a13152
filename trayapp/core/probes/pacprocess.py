"""The PAC worker seen from trayapp: a process started, asked, and ended.

A :class:`WorkerProcess` runs :func:`~trayapp.core.probes.pacworker.command` with pipes for
its standard input, output and error, never through a shell, and speaks the protocol of
:mod:`~trayapp.core.probes.pacworker`: one JSON object a line each way. What the worker says
on its standard error (pacparser's complaints about a script) goes to the log, at debug
level, and its last lines into :attr:`WorkerProcess.said`, for the warning when it fails.
It is ended by closing its input, or killed; either way :meth:`WorkerProcess.end` waits until
it is reaped. When it times out or stops is :class:`~trayapp.core.probes.pac.PacEngine`'s
business.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from trayapp.core.config.durations import format_duration
from trayapp.core.text import printable

__all__ = ["START_TIMEOUT", "WorkerGone", "WorkerProcess"]

log = logging.getLogger(__name__)

START_TIMEOUT = 10.0
"""Seconds a worker may take to start."""

_CLOSE_WAIT = 1.0
"""Seconds a worker may take to end once its input is closed, before it is killed."""
_MAX_LINE = 1024 * 1024
"""The longest line read from the worker: its answers are far shorter."""


class WorkerGone(Exception):
    """The worker ended, or said something that is not an answer: it is of no more use."""


class WorkerProcess:
    """One worker process: its pipes, the script it holds, the last it said on stderr.

    Made by :meth:`start`; ``process`` was started with a pipe for each standard stream.
    """

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.loaded: int | None = None
        """The id of the script the worker holds."""
        self.served = False
        """It has answered a request."""
        self._said: collections.deque[str] = collections.deque(maxlen=4)
        self._listener = asyncio.get_running_loop().create_task(self._listen())

    @classmethod
    async def start(cls, command: Sequence[str]) -> WorkerProcess:
        """A worker running ``command``, once it says it is ready.

        Raises:
            WorkerGone: it could not be started, or ended, or said nothing in time.
        """
        options: dict[str, Any] = {}
        if sys.platform == "win32":
            options["creationflags"] = subprocess.CREATE_NO_WINDOW
        try:
            process = await asyncio.create_subprocess_exec(
                *command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                limit=_MAX_LINE,
                **options,
            )
        except (OSError, ValueError) as error:
            raise WorkerGone(str(error)) from None
        worker = cls(process)
        try:
            async with asyncio.timeout(START_TIMEOUT):
                ready = await worker._read()
            if ready != {"ready": True}:
                raise WorkerGone("it did not say it was ready")
        except (TimeoutError, WorkerGone) as error:
            await worker.end()
            why = f"it said nothing within {format_duration(START_TIMEOUT)}"
            if isinstance(error, WorkerGone):
                why = str(error)
            raise WorkerGone(f"{why}: {worker.said}" if worker.said else why) from None
        except BaseException:
            await worker.end()
            raise
        return worker

    @property
    def said(self) -> str:
        """Its last lines on stderr, as one line."""
        return " | ".join(self._said)

    async def ask(self, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        """``request``'s answer.

        Raises:
            TimeoutError: no answer within ``timeout`` seconds.
            WorkerGone: the worker is of no more use.
        """
        assert self.process.stdin is not None
        async with asyncio.timeout(timeout):
            try:
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                await self.process.stdin.drain()
            except ConnectionError as error:
                raise WorkerGone(str(error)) from None
            reply = await self._read()
        self.served = True
        return reply

    async def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        try:
            line = await self.process.stdout.readline()
            reply = json.loads(line) if line else None
        except ValueError:  # a line over the limit, or not JSON
            raise WorkerGone("it said something that is not an answer") from None
        if not isinstance(reply, dict):
            raise WorkerGone("it ended" if not line else "it said something that is not an answer")
        return reply

    async def _listen(self) -> None:
        """Log what the worker says on stderr (the engine's complaints about scripts)."""
        assert self.process.stderr is not None
        rest = b""
        while chunk := await self.process.stderr.read(4096):
            *lines, rest = (rest + chunk).split(b"\n")
            rest = rest[-1024:]
            for line in lines:
                text = printable(line.decode("utf-8", errors="replace"), 200)
                if text:
                    self._said.append(text)
                    log.debug("PAC worker %d: %s", self.process.pid, text)

    def kill(self) -> None:
        """Kill the process now (it is reaped by :meth:`end`)."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()

    async def end(self) -> None:
        """Kill the process if it still runs, and wait until it is gone and reaped."""
        if self.process.returncode is None:
            self.kill()
        await self.process.wait()
        try:
            async with asyncio.timeout(_CLOSE_WAIT):
                await self._listener
        except TimeoutError:
            pass  # stderr is held open elsewhere: nothing more to read from it

    async def close(self) -> None:
        """Close the worker's input, which ends it; kill it if it does not end soon."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(_CLOSE_WAIT):
                await self.process.wait()
        await self.end()
