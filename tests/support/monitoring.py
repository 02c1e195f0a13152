"""Real Prometheus, blackbox_exporter and Alertmanager on 127.0.0.1, for the source tests.

trayapp reads what monitoring systems already know. Its readers are tested against the
real programs, not imitations of their APIs: the Debian packages ``prometheus``,
``prometheus-alertmanager`` and ``prometheus-blackbox-exporter`` (``.ci/run`` installs
them). Where one is missing, starting it raises :class:`StartupError` naming the package.

- :class:`SwitchableSite`: a tiny HTTP server answering ``200 ok``, which a test can stop (its port
  then refuses connections) and start again on the same port.
- :class:`PrometheusStack`: blackbox_exporter and Prometheus, scraping and evaluating every
  second. Each logical target (``"https://shop.example/"``) is probed from several vantage
  points (``"eu-west"``, ``"us-east"``), each probing a URL of its own, a local
  :class:`SwitchableSite`:
  the series carry ``instance="https://shop.example/"`` and ``vantage="eu-west"``, so
  stopping the eu-west site makes ``probe_success`` 0 from eu-west only. Given an
  :class:`Alertmanager`, Prometheus sends it the alert ``SiteDown`` (labels ``instance``,
  ``vantage``, ``job``) for every ``probe_success == 0``.
- :class:`Alertmanager`: alerts pushed and silences made through its API v2. Its one
  inhibit rule: an alert named ``RegionDown`` inhibits every alert with
  ``severity="warning"`` and the same ``region`` label.

Each program gets a free port, the folder it is started in for its configuration, data
and log (``<program>.log``), and an environment with nothing but ``PATH`` and ``HOME``.
Nothing it is told about lies beyond 127.0.0.1 (the loopback guard of the test process
cannot see these programs, so :func:`running_prometheus` refuses to probe anything else),
and none of them calls home. Each is stopped when its context closes: SIGTERM, then
SIGKILL after 5 s.

Startup: blackbox_exporter, Alertmanager and Prometheus each answer within 0.2 s, but
Prometheus hands its targets to the scrapers at most every 5 s, the first time 5 s after it
starts: :func:`running_prometheus` returns once every target has been scraped, ~6 s in.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from tests.support.servers import ServerThread, closed_port

__all__ = [
    "Alert",
    "Alertmanager",
    "PrometheusStack",
    "Sample",
    "StartupError",
    "SwitchableSite",
    "Targets",
    "labelled",
    "running_alertmanager",
    "running_prometheus",
    "switchable_sites",
]

_T = TypeVar("_T")

Targets = Mapping[str, Mapping[str, str]]
"""Logical target (the ``instance`` label) → vantage point → the URL really probed from there."""

Alert = dict[str, Any]
"""One alert as ``GET /api/v2/alerts`` of Alertmanager returns it."""


class StartupError(RuntimeError):
    """A program is not installed, did not start or did not become ready."""


def _poll(observe: Callable[[], _T], good: Callable[[_T], bool], timeout: float, what: str) -> _T:
    """Observe until ``good`` says so; after ``timeout``, TimeoutError with the last seen."""
    deadline = time.monotonic() + timeout
    while True:
        seen = observe()
        if good(seen):
            return seen
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: still not after {timeout} s; last seen: {seen!r}")
        time.sleep(0.05)  # another process's state: it offers nothing to wait on but asking


def _client(url: str) -> httpx.Client:
    """A client for one of the programs: no proxy from the environment, no redirects."""
    return httpx.Client(base_url=url, trust_env=False, follow_redirects=False, timeout=5)


def _checked(response: httpx.Response) -> httpx.Response:
    if response.is_error:
        request = response.request
        raise RuntimeError(
            f"{request.method} {request.url}: {response.status_code} {response.text.strip()}"
        )
    return response


def _write_config(path: Path, config: Mapping[str, Any]) -> Path:
    """Write ``config`` as JSON, which every YAML reader reads too."""
    path.write_text(json.dumps(config, indent=2))
    return path


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


# --- processes -----------------------------------------------------------------------------------


@dataclass
class _Program:
    """A running program, started by :func:`_start`."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 25) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
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

        with _client(self.url) as client:
            try:
                return _poll(state, lambda seen: seen != "starting", timeout, f"{self.name} ready")
            except TimeoutError:
                return f"not ready after {timeout} s"


def _start(
    name: str, folder: Path, arguments: Callable[[int], list[str]], ready_path: str
) -> _Program:
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
        program = _Program(name, process, port, folder / f"{name}.log")
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
def _running(
    name: str, folder: Path, arguments: Callable[[int], list[str]], ready_path: str
) -> Iterator[_Program]:
    """:func:`_start`, and stop the program on the way out."""
    program = _start(name, folder, arguments, ready_path)
    try:
        yield program
    finally:
        program.stop()


# --- sites ---------------------------------------------------------------------------------------


class SwitchableSite:
    """A tiny HTTP server on 127.0.0.1: ``200 ok`` to any request while it is up.

    :meth:`stop` closes its port, so connections are refused; :meth:`start` listens on the
    same port again. A new site is up.
    """

    def __init__(self, thread: ServerThread) -> None:
        self._thread = thread
        self._server: asyncio.Server | None = None
        self.port = 0
        self.requests = 0
        """Requests answered so far."""
        self.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def up(self) -> bool:
        """Whether it listens."""
        return self._server is not None

    def start(self) -> None:
        """Listen (again, on the same port); nothing if up already."""
        if self._server is None:
            self._server = self._thread.call(
                asyncio.start_server(self._answer, "127.0.0.1", self.port)
            )
            self.port = int(self._server.sockets[0].getsockname()[1])

    def stop(self) -> None:
        """Stop listening: connections to the port are refused from now on."""
        if self._server is not None:
            server, self._server = self._server, None

            async def close() -> None:
                server.close()
                await server.wait_closed()

            self._thread.call(close())

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            await reader.readuntil(b"\r\n\r\n")
            self.requests += 1
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                b"Connection: close\r\n\r\nok"
            )
            await writer.drain()
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


@contextlib.contextmanager
def switchable_sites() -> Iterator[Callable[[], SwitchableSite]]:
    """A factory of :class:`SwitchableSite`, served by one thread, all stopped on the way out."""
    thread = ServerThread()
    made: list[SwitchableSite] = []

    def make() -> SwitchableSite:
        made.append(SwitchableSite(thread))
        return made[-1]

    try:
        yield make
    finally:
        for site in made:
            site.stop()
        thread.close()


# --- Alertmanager --------------------------------------------------------------------------------

_ALERTMANAGER_CONFIG = {
    "route": {"receiver": "nowhere"},
    "receivers": [{"name": "nowhere"}],  # no integration: nothing is sent anywhere
    "inhibit_rules": [
        {
            "source_matchers": ['alertname="RegionDown"'],
            "target_matchers": ['severity="warning"'],
            "equal": ["region"],
        }
    ],
}


def labelled(alerts: list[Alert], **labels: str) -> list[Alert]:
    """The alerts among ``alerts`` that carry every one of ``labels``."""
    return [a for a in alerts if labels.items() <= a["labels"].items()]


@dataclass
class Alertmanager:
    """A running Alertmanager: where it is, and its API v2.

    An alert's state is ``alert["status"]["state"]``: ``"active"``, or ``"suppressed"``
    with ``silencedBy`` (silence ids) or ``inhibitedBy`` (the inhibiting alerts'
    fingerprints) in ``alert["status"]``.
    """

    url: str
    """``http://127.0.0.1:PORT``."""
    folder: Path
    """Its configuration, data and log."""
    _client: httpx.Client = field(repr=False)

    def push(
        self,
        labels: Mapping[str, str],
        annotations: Mapping[str, str] | None = None,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
    ) -> None:
        """Post one alert, as Prometheus does (Alertmanager fills in missing times)."""
        alert: dict[str, Any] = {"labels": dict(labels), "annotations": dict(annotations or {})}
        if starts_at is not None:
            alert["startsAt"] = _rfc3339(starts_at)
        if ends_at is not None:
            alert["endsAt"] = _rfc3339(ends_at)
        _checked(self._client.post("/api/v2/alerts", json=[alert]))

    def alerts(self) -> list[Alert]:
        """Every alert it holds: active, silenced and inhibited."""
        alerts: list[Alert] = _checked(self._client.get("/api/v2/alerts")).json()
        return alerts

    def wait_for(
        self, predicate: Callable[[list[Alert]], object], timeout: float = 10
    ) -> list[Alert]:
        """Poll :meth:`alerts` until ``predicate`` is true of them; return them."""
        return _poll(self.alerts, lambda alerts: bool(predicate(alerts)), timeout, "alerts")

    def silence(
        self,
        matchers: Mapping[str, str],
        comment: str = "silenced by a test",
        created_by: str = "tests",
        duration_s: float = 3600,
    ) -> str:
        """Silence the alerts whose labels equal ``matchers``, from now on; the silence's id."""
        now = datetime.now(UTC)
        silence = {
            "matchers": [
                {"name": name, "value": value, "isRegex": False, "isEqual": True}
                for name, value in matchers.items()
            ],
            "startsAt": _rfc3339(now),
            "endsAt": _rfc3339(now + timedelta(seconds=duration_s)),
            "createdBy": created_by,
            "comment": comment,
        }
        silence_id: str = _checked(self._client.post("/api/v2/silences", json=silence)).json()[
            "silenceID"
        ]
        return silence_id

    def expire_silence(self, silence_id: str) -> None:
        """End the silence ``silence_id`` now."""
        _checked(self._client.delete(f"/api/v2/silence/{silence_id}"))


@contextlib.contextmanager
def running_alertmanager(folder: Path) -> Iterator[Alertmanager]:
    """Start Alertmanager, alone (no cluster), in ``folder``; stop it on the way out."""
    config = _write_config(folder / "alertmanager.yml", _ALERTMANAGER_CONFIG)

    def arguments(port: int) -> list[str]:
        return [
            f"--config.file={config}",
            f"--storage.path={folder / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            f"--web.external-url=http://127.0.0.1:{port}/",
            "--cluster.listen-address=",  # empty: no gossip, no listener on every address
        ]

    with (
        _running("prometheus-alertmanager", folder, arguments, "/-/ready") as program,
        _client(program.url) as client,
    ):
        yield Alertmanager(program.url, folder, client)


# --- Prometheus and blackbox_exporter ------------------------------------------------------------

_BLACKBOX_CONFIG = {
    "modules": {
        "http_2xx": {
            "prober": "http",
            "timeout": "2s",
            "http": {"preferred_ip_protocol": "ip4", "ip_protocol_fallback": False},
        }
    }
}

_RULES = {
    "groups": [
        {
            "name": "sites",
            "rules": [
                {
                    "alert": "SiteDown",
                    "expr": "probe_success == 0",
                    "for": "0s",
                    "annotations": {
                        "summary": "{{ $labels.instance }} is down from {{ $labels.vantage }}"
                    },
                }
            ],
        }
    ]
}


@dataclass(frozen=True)
class Sample:
    """One series of an instant query: its labels (``__name__`` included) and value."""

    labels: dict[str, str]
    value: float


@dataclass
class PrometheusStack:
    """A running Prometheus and the blackbox_exporter it scrapes.

    Every vantage point is a scrape job, ``blackbox-<vantage>``, probing with the module
    ``http_2xx``; its series are labelled ``instance=<logical target>``,
    ``vantage=<vantage>``.
    """

    url: str
    """Prometheus: ``http://127.0.0.1:PORT``."""
    targets: Targets
    folder: Path
    """Configurations, data and logs of both."""
    _client: httpx.Client = field(repr=False)

    def query(self, promql: str) -> list[Sample]:
        """The instant vector ``promql`` evaluates to now."""
        body = self._client.get("/api/v1/query", params={"query": promql}).json()
        if body["status"] != "success":
            raise ValueError(f"Prometheus refused {promql!r}: {body.get('error')}")
        if body["data"]["resultType"] != "vector":
            raise ValueError(f"{promql!r} is a {body['data']['resultType']}, not an instant vector")
        return [Sample(r["metric"], float(r["value"][1])) for r in body["data"]["result"]]

    def wait_for_value(self, promql: str, value: float, timeout: float = 15) -> list[Sample]:
        """Poll until ``promql`` gives at least one series, every one equal to ``value``."""
        return _poll(
            lambda: self.query(promql),
            lambda samples: bool(samples) and all(s.value == value for s in samples),
            timeout,
            f"{promql} == {value}",
        )


def _prometheus_config(
    targets: Targets, blackbox: str, alertmanager: Alertmanager | None, rules: Path
) -> dict[str, Any]:
    vantages = sorted({vantage for by_vantage in targets.values() for vantage in by_vantage})
    config: dict[str, Any] = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "scrape_configs": [
            {
                "job_name": f"blackbox-{vantage}",
                "metrics_path": "/probe",
                "params": {"module": ["http_2xx"]},
                "static_configs": [
                    {
                        "targets": [urls[vantage]],
                        "labels": {"__tmp_instance": logical, "vantage": vantage},
                    }
                    for logical, urls in targets.items()
                    if vantage in urls
                ],
                # The URL listed is the one probed; the logical target becomes the instance.
                "relabel_configs": [
                    {"source_labels": ["__address__"], "target_label": "__param_target"},
                    {"source_labels": ["__tmp_instance"], "target_label": "instance"},
                    {"target_label": "__address__", "replacement": blackbox},
                ],
            }
            for vantage in vantages
        ],
    }
    if alertmanager is not None:
        config["rule_files"] = [str(_write_config(rules, _RULES))]
        config["alerting"] = {
            "alertmanagers": [
                {
                    "api_version": "v2",
                    "static_configs": [{"targets": [alertmanager.url.removeprefix("http://")]}],
                }
            ]
        }
    return config


@contextlib.contextmanager
def running_prometheus(
    folder: Path, targets: Targets, alertmanager: Alertmanager | None = None
) -> Iterator[PrometheusStack]:
    """Start blackbox_exporter and Prometheus probing ``targets``, in ``folder``.

    Returns once every target has been scraped. With ``alertmanager``, Prometheus sends it
    ``SiteDown`` alerts, again every second while they fire. Both stop on the way out.
    Every URL probed must be on 127.0.0.1: anything else raises ValueError.
    """
    for by_vantage in targets.values():
        for probed in by_vantage.values():
            if urlsplit(probed).hostname != "127.0.0.1":
                raise ValueError(f"blackbox_exporter may only probe 127.0.0.1, not {probed}")
    blackbox_config = _write_config(folder / "blackbox.yml", _BLACKBOX_CONFIG)
    with contextlib.ExitStack() as stack:
        blackbox = stack.enter_context(
            _running(
                "prometheus-blackbox-exporter",
                folder,
                lambda port: [
                    f"--config.file={blackbox_config}",
                    f"--web.listen-address=127.0.0.1:{port}",
                ],
                "/-/healthy",
            )
        )
        config = _write_config(
            folder / "prometheus.yml",
            _prometheus_config(
                targets, f"127.0.0.1:{blackbox.port}", alertmanager, folder / "rules.yml"
            ),
        )
        prometheus = stack.enter_context(
            _running(
                "prometheus",
                folder,
                lambda port: [
                    f"--config.file={config}",
                    f"--storage.tsdb.path={folder / 'data'}",
                    f"--web.listen-address=127.0.0.1:{port}",
                    f"--web.external-url=http://127.0.0.1:{port}/",
                    "--rules.alert.resend-delay=1s",
                ],
                "/-/ready",
            )
        )
        running = PrometheusStack(
            prometheus.url,
            targets,
            folder,
            stack.enter_context(_client(prometheus.url)),
        )
        scraped = sum(len(by_vantage) for by_vantage in targets.values())
        try:
            _poll(lambda: running.query("up == 1"), lambda up: len(up) == scraped, 20, "scrapes")
        except TimeoutError as error:
            raise StartupError(
                f"prometheus: {error}; the end of {prometheus.log}:\n{prometheus.log_tail()}"
            ) from None
        yield running
