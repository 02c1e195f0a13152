"""The lab as a test holds it: run programs on the client, switch how the network fails.

``with start_lab(folder) as lab:`` makes the namespaces of
:mod:`~tests.support.netlab.namespaces` and the servers of
:mod:`~tests.support.netlab.serve`; :class:`NetLab` runs programs in the client and turns
every switch; on leaving, every process of the lab is killed, the test failed or not.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from tests.support.netlab.namespaces import Namespaces, client_env, kill
from tests.support.netlab.topology import (
    DEFAULT_PAC,
    Network,
    Portal,
    ProxyMode,
    PublicDns,
    RouterDns,
)

__all__ = ["NetLab", "Traffic", "start_lab"]

_PROBE = Path(__file__).with_name("probe.py")


@dataclass(frozen=True)
class Traffic:
    """What the lab's servers have seen since the lab started or was last reset."""

    dns: list[str]
    """Each query, ``"SERVER TYPE NAME"``: ``"10.77.0.1 A www.example.test"``."""
    http: list[str]
    """Each request, ``"ADDRESS:PORT METHOD PATH HOST"``:
    ``"203.0.113.204:80 GET /generate_204 connectivity.test"``."""
    proxy: list[str]
    """Each request line the proxy got: ``"GET http://www.example.test/"``,
    ``"CONNECT www.example.test:443"``."""


class NetLab:
    """A running lab. Made by :func:`start_lab`.

    Every switch has taken effect when it returns. :meth:`reset` puts them all back as the
    lab started: router DNS ``answer``, public DNS ``answer``, portal ``off``, network
    ``online``, proxy ``up`` and not required, ping allowed, the zone, pages and PAC file of
    :mod:`~tests.support.netlab.topology`, no traffic recorded, no process in the client.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        """Where the lab's files and logs are (``client.log``, ``internet.log``)."""
        self.ca_file = folder / "ca.pem"
        """The lab CA's certificate (PEM): what the HTTPS hosts' certificates chain to."""
        self.startup_seconds = 0.0
        """How long :meth:`start` took."""
        self._namespaces = Namespaces(folder)
        self._processes: list[subprocess.Popen[str]] = []
        self._control = threading.Lock()
        self._network: Network = "online"
        self._proxy_required = False
        self._ping = True

    @property
    def client_pid(self) -> int:
        """The process holding the client's namespaces: ``nsenter --target`` it."""
        return self._namespaces.client.pid

    @property
    def internet_pid(self) -> int:
        """The servers' process, holding the internet's network namespace."""
        return self._namespaces.servers.pid

    # --- programs on the client -------------------------------------------------------------

    def client_env(self, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment a client program gets for ``env`` (default: this process's):
        the same, less the loopback guard, with the repository on ``PYTHONPATH``."""
        return client_env(env)

    def popen(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        **kwargs: Any,
    ) -> subprocess.Popen[str]:
        """Start ``argv`` in the client's namespaces, in text mode, in a session of its own.

        Args:
            argv: the program and its arguments.
            env: its environment, through :meth:`client_env`.
            cwd: its working folder (default: this process's).
            kwargs: more of :class:`subprocess.Popen`'s (``stdin``, ``stdout``, ``stderr``…).

        Returns:
            The process. If it still runs at :meth:`reset` or :meth:`close`, it and its
            process group are killed.
        """
        process = subprocess.Popen(
            self._namespaces.enter(argv, cwd),
            env=client_env(env),
            text=True,
            start_new_session=True,
            **kwargs,
        )
        self._processes.append(process)
        return process

    def run(
        self,
        argv: Sequence[str],
        env: Mapping[str, str] | None = None,
        timeout: float = 60.0,
        input_text: str | None = None,
        cwd: Path | str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` in the client and wait for it, its output captured as text.

        Args:
            argv, env, cwd: as for :meth:`popen`.
            timeout: seconds it may take.
            input_text: its standard input (default: none at all).

        Returns:
            How it ended: ``returncode``, ``stdout``, ``stderr``. Failing raises nothing.

        Raises:
            subprocess.TimeoutExpired: it took longer than ``timeout``; it and its process
                group were killed.
        """
        process = self.popen(
            argv,
            env,
            cwd,
            stdin=subprocess.DEVNULL if input_text is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            stdout, stderr = process.communicate(input_text, timeout=timeout)
        except subprocess.TimeoutExpired:
            kill(process)
            raise
        self._processes.remove(process)
        return subprocess.CompletedProcess(list(argv), process.returncode, stdout, stderr)

    def probe(self, *checks: Mapping[str, Any], timeout: float = 60.0) -> list[dict[str, Any]]:
        """The results of :mod:`tests.support.netlab.probe`'s ``checks``, run in the client.

        Raises:
            RuntimeError: the probe itself failed.
        """
        argv = [sys.executable, "-I", str(_PROBE), json.dumps(checks)]
        result = self.run(argv, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"the probe failed: {result.stderr}")
        answers: list[dict[str, Any]] = json.loads(result.stdout)
        return answers

    # --- switches ---------------------------------------------------------------------------

    def router_dns(self, mode: RouterDns) -> None:
        """How the router's name server (10.77.0.1:53) answers; see ``RouterDns``."""
        self._ask("set", router_dns=mode)

    def public_dns(self, mode: PublicDns) -> None:
        """How the public resolver (203.0.113.53:53) answers; see ``PublicDns``."""
        self._ask("set", public_dns=mode)

    def captive_portal(self, mode: Portal) -> None:
        """Put a captive portal in front of every web server, or take it away; see ``Portal``.

        Only the web servers change: ``router_dns("portal")`` is the DNS side of a portal.
        """
        self._ask("set", portal=mode)

    def proxy(self, mode: ProxyMode) -> None:
        """What the proxy at 10.77.0.1:3128 does; see ``ProxyMode``."""
        self._ask("set", proxy=mode)

    def set_pac(self, text: str | None) -> None:
        """What ``http://10.77.0.1/proxy.pac`` serves; None: the default (the lab's proxy)."""
        self._ask("set", pac=DEFAULT_PAC if text is None else text)

    def add_names(self, names: Mapping[str, str]) -> None:
        """Add ``names`` (name → IPv4 address) to the zone both name servers answer from."""
        self._ask("names", names=dict(names))

    def set_page(
        self,
        address: str,
        path: str,
        status: int = 200,
        body: str = "",
        content_type: str = "text/plain; charset=utf-8",
        location: str = "",
    ) -> None:
        """Let ``path`` of the web server on ``address`` (ports 80 and 443) answer so.

        ``location`` is a ``Location`` header (for a redirect); none when empty.
        """
        page = {"status": status, "body": body, "content_type": content_type}
        self._ask("page", address=address, path=path, location=location, **page)

    def network(self, mode: Network) -> None:
        """How far the client's packets get; see ``Network``.

        Raises:
            ValueError: no such mode.
        """
        if mode not in get_args(Network):
            raise ValueError(f"network: no mode {mode!r}")
        self._network = mode
        self._configure()

    def proxy_required(self, required: bool = True) -> None:
        """Take the client's default route away, so that only 10.77.0.0/24 is reachable and
        only the proxy reaches the public hosts; or give it back."""
        self._proxy_required = required
        self._configure()

    def allow_ping(self, allowed: bool = True) -> None:
        """Let every user of the client open ICMP datagram sockets (``ping_group_range``
        ``0 2147483647``), or no one, root included (``1 0``)."""
        self._ping = allowed
        self._configure()

    def traffic(self) -> Traffic:
        """What the servers have seen since the start or the last :meth:`reset`."""
        answer = self._ask("traffic")
        return Traffic(answer["dns"], answer["http"], answer["proxy"])

    def reset(self) -> None:
        """Every switch as the lab started; every process started in the client killed."""
        self._kill_processes()
        self._ask("reset")
        self._network, self._proxy_required, self._ping = "online", False, True
        self._configure()

    # --- making and unmaking ----------------------------------------------------------------

    def start(self) -> None:
        """Make the namespaces, link them, start the servers.

        Raises:
            RuntimeError: a step failed; the logs in :attr:`folder` say why.
        """
        started = time.monotonic()
        self._namespaces.start()
        self.startup_seconds = time.monotonic() - started

    def close(self) -> None:
        """Kill every process of the lab: the namespaces go with them."""
        self._kill_processes()
        self._namespaces.close()

    def _configure(self) -> None:
        self._namespaces.configure(self._network, self._proxy_required, self._ping)

    def _ask(self, op: str, **fields: Any) -> dict[str, Any]:
        servers = self._namespaces.servers
        assert servers.stdin is not None
        assert servers.stdout is not None
        with self._control:
            try:
                servers.stdin.write(json.dumps({"op": op, **fields}) + "\n")
                servers.stdin.flush()
            except BrokenPipeError:
                pass  # it died: the empty answer below says so, with its log
            line = servers.stdout.readline()
        if not line:
            log = (self.folder / "internet.log").read_text(errors="replace")
            raise RuntimeError(f"network lab: the servers stopped; their log:\n{log[-3000:]}")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise ValueError(f"network lab: {answer['error']}")
        return answer

    def _kill_processes(self) -> None:
        for process in self._processes:
            kill(process)
        self._processes.clear()


@contextlib.contextmanager
def start_lab(folder: Path) -> Iterator[NetLab]:
    """A running :class:`NetLab` whose files and logs are in ``folder``; gone after.

    Raises:
        RuntimeError: the lab could not start (:func:`~tests.support.netlab.unavailable`
            says why it may not).
    """
    lab = NetLab(folder)
    try:
        lab.start()
        yield lab
    finally:
        lab.close()
