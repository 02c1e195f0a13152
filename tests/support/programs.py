"""The monitoring programs of the source tests, run as processes on 127.0.0.1.

The Debian packages ``prometheus``, ``prometheus-alertmanager`` and
``prometheus-blackbox-exporter`` (``.ci/run`` installs them) are started by
:func:`running_program`; where one is missing, it raises :class:`StartupError` naming the
package.

Each program gets a free port, the folder it is started in for its configuration, data
and log (``<program>.log``), and an environment with nothing but ``PATH`` and ``HOME``.
It is stopped when its context closes: SIGTERM, then SIGKILL after 5 s.

Also what talking to them takes: :func:`poll` for a state another process reaches in its
own time, :func:`api_client` and :func:`checked` for their HTTP APIs, and
:func:`write_config` for their configuration files.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from tests.support.servers import closed_port

__all__ = [
    "Program",
    "StartupError",
    "api_client",
    "checked",
    "poll",
    "running_program",
    "write_config",
]

_T = TypeVar("_T")


class StartupError(RuntimeError):
    """A program is not installed, did not start or did not become ready."""


def poll(observe: Callable[[], _T], good: Callable[[_T], bool], timeout: float, what: str) -> _T:
    """Observe until ``good`` says so; what was seen then.

    Args:
        observe: Asks for the state, once per call.
        good: Whether a state is the one waited for.
        timeout: Seconds to wait at most.
        what: What is waited for, in the error's words.

    Raises:
        TimeoutError: ``timeout`` passed first; it says what was last seen.
    """
    deadline = time.monotonic() + timeout
    while True:
        seen = observe()
        if good(seen):
            return seen
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: still not after {timeout} s; last seen: {seen!r}")
        time.sleep(0.05)  # another process's state: it offers nothing to wait on but asking


def api_client(url: str) -> httpx.Client:
    """A client for one of the programs: no proxy from the environment, no redirects."""
    return httpx.Client(base_url=url, trust_env=False, follow_redirects=False, timeout=5)


def checked(response: httpx.Response) -> httpx.Response:
    """``response``, unless it is an error.

    Raises:
        RuntimeError: a 4xx or 5xx status; it gives the request, the status and the body.
    """
    if response.is_error:
        request = response.request
        raise RuntimeError(
            f"{request.method} {request.url}: {response.status_code} {response.text.strip()}"
        )
    return response


def write_config(path: Path, config: Mapping[str, Any]) -> Path:
    """Write ``config`` as JSON, which every YAML reader reads too."""
    path.write_text(json.dumps(config, indent=2))
    return path


@dataclass
class Program:
    """A running program, started by :func:`running_program`."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    """Where its output goes."""

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 25) -> str:
        """The last ``lines`` lines of its log."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 5 s; return once it has exited."""
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def wait_ready(self, ready_path: str, timeout: float = 20) -> str:
        """``"ready"`` once ``ready_path`` answers 200; else how it exited, or that it is late."""

        def state() -> str:
            if self.process.poll() is not None:
                return f"exited with status {self.process.returncode}"
            try:
                return "ready" if client.get(ready_path).status_code == 200 else "starting"
            except httpx.TransportError:
                return "starting"

        with api_client(self.url) as client:
            try:
                return poll(state, lambda seen: seen != "starting", timeout, f"{self.name} ready")
            except TimeoutError:
                return f"not ready after {timeout} s"


def _start(
    name: str, folder: Path, arguments: Callable[[int], list[str]], ready_path: str
) -> Program:
    """Start ``name`` with ``arguments(port)`` for a free port; return once it is ready."""
    executable = shutil.which(name)
    if executable is None:
        raise StartupError(
            f"{name} is not installed: it comes with the Debian package {name}, "
            "which .ci/run installs"
        )
    environment = {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(folder)}
    for _ in range(3):  # the free port may be taken by another process before the program binds
        port = closed_port()
        with (folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                [executable, *arguments(port)],
                cwd=folder,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        program = Program(name, process, port, folder / f"{name}.log")
        try:
            state = program.wait_ready(ready_path)
        except BaseException:
            program.stop()
            raise
        if state == "ready":
            return program
        program.stop()
        if "address already in use" not in program.log_tail():
            break
    raise StartupError(
        f"{name} did not start: {state}; the end of {program.log}:\n{program.log_tail()}"
    )


@contextlib.contextmanager
def running_program(
    name: str, folder: Path, arguments: Callable[[int], list[str]], ready_path: str
) -> Iterator[Program]:
    """Start ``name`` with ``arguments(port)`` for a free port; stop it on the way out.

    Args:
        name: The program, as found on ``PATH``: the Debian package's name.
        folder: Where it starts, keeps its log and finds ``HOME``.
        arguments: Its command line for the port it is to listen on.
        ready_path: What answers 200 once it is ready.

    Raises:
        StartupError: it is not installed, or did not become ready within 20 s (tried
            again, up to three times in all, while another process takes its port first).
    """
    program = _start(name, folder, arguments, ready_path)
    try:
        yield program
    finally:
        program.stop()
