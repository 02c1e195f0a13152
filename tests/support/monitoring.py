"""Real Prometheus, blackbox_exporter and Alertmanager on 127.0.0.1, for the source tests.

trayapp reads what monitoring systems already know. Its readers are tested against the
real programs, not imitations of their APIs: the Debian packages ``prometheus``,
``prometheus-alertmanager`` and ``prometheus-blackbox-exporter``, run as processes by
:mod:`tests.support.programs`. Where one is missing, starting it raises
:class:`~tests.support.programs.StartupError` naming the package.

- :class:`PrometheusStack`: blackbox_exporter and Prometheus, scraping and evaluating every
  second. Each logical target (``"https://shop.example/"``) is probed from several vantage
  points (``"eu-west"``, ``"us-east"``), each probing a URL of its own, a local
  :class:`~tests.support.switchable.SwitchableSite`: the series carry
  ``instance="https://shop.example/"`` and ``vantage="eu-west"``, so stopping the eu-west
  site makes ``probe_success`` 0 from eu-west only. Given an :class:`Alertmanager`,
  Prometheus sends it the alert ``SiteDown`` (labels ``instance``, ``vantage``, ``job``)
  for every ``probe_success == 0``.
- :class:`Alertmanager`: alerts pushed and silences made through its API v2. Its one
  inhibit rule: an alert named ``RegionDown`` inhibits every alert with
  ``severity="warning"`` and the same ``region`` label.

Nothing a program is told about lies beyond 127.0.0.1 (the loopback guard of the test
process cannot see these programs, so :func:`running_prometheus` refuses to probe anything
else), and none of them calls home. Each is stopped when its context closes.

Startup: blackbox_exporter, Alertmanager and Prometheus each answer within 0.2 s, but
Prometheus hands its targets to the scrapers at most every 5 s, the first time 5 s after it
starts: :func:`running_prometheus` returns once every target has been scraped, ~6 s in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.support.programs import (
    StartupError,
    api_client,
    checked,
    poll,
    running_program,
    write_config,
)

__all__ = [
    "Alert",
    "Alertmanager",
    "PrometheusStack",
    "Sample",
    "Targets",
    "labelled",
    "running_alertmanager",
    "running_prometheus",
]

Targets = Mapping[str, Mapping[str, str]]
"""Logical target (the ``instance`` label) → vantage point → the URL really probed from there."""

Alert = dict[str, Any]
"""One alert as ``GET /api/v2/alerts`` of Alertmanager returns it."""


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


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
        checked(self._client.post("/api/v2/alerts", json=[alert]))

    def alerts(self) -> list[Alert]:
        """Every alert it holds: active, silenced and inhibited."""
        alerts: list[Alert] = checked(self._client.get("/api/v2/alerts")).json()
        return alerts

    def wait_for(
        self, predicate: Callable[[list[Alert]], object], timeout: float = 10
    ) -> list[Alert]:
        """Poll :meth:`alerts` until ``predicate`` is true of them; return them."""
        return poll(self.alerts, lambda alerts: bool(predicate(alerts)), timeout, "alerts")

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
        silence_id: str = checked(self._client.post("/api/v2/silences", json=silence)).json()[
            "silenceID"
        ]
        return silence_id

    def expire_silence(self, silence_id: str) -> None:
        """End the silence ``silence_id`` now."""
        checked(self._client.delete(f"/api/v2/silence/{silence_id}"))


@contextlib.contextmanager
def running_alertmanager(folder: Path) -> Iterator[Alertmanager]:
    """Start Alertmanager, alone (no cluster), in ``folder``; stop it on the way out."""
    config = write_config(folder / "alertmanager.yml", _ALERTMANAGER_CONFIG)

    def arguments(port: int) -> list[str]:
        return [
            f"--config.file={config}",
            f"--storage.path={folder / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            f"--web.external-url=http://127.0.0.1:{port}/",
            "--cluster.listen-address=",  # empty: no gossip, no listener on every address
        ]

    with (
        running_program("prometheus-alertmanager", folder, arguments, "/-/ready") as program,
        api_client(program.url) as client,
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
        return poll(
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
        config["rule_files"] = [str(write_config(rules, _RULES))]
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
    blackbox_config = write_config(folder / "blackbox.yml", _BLACKBOX_CONFIG)
    with contextlib.ExitStack() as stack:
        blackbox = stack.enter_context(
            running_program(
                "prometheus-blackbox-exporter",
                folder,
                lambda port: [
                    f"--config.file={blackbox_config}",
                    f"--web.listen-address=127.0.0.1:{port}",
                ],
                "/-/healthy",
            )
        )
        config = write_config(
            folder / "prometheus.yml",
            _prometheus_config(
                targets, f"127.0.0.1:{blackbox.port}", alertmanager, folder / "rules.yml"
            ),
        )
        prometheus = stack.enter_context(
            running_program(
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
            stack.enter_context(api_client(prometheus.url)),
        )
        scraped = sum(len(by_vantage) for by_vantage in targets.values())
        try:
            poll(lambda: running.query("up == 1"), lambda up: len(up) == scraped, 20, "scrapes")
        except TimeoutError as error:
            raise StartupError(
                f"prometheus: {error}; the end of {prometheus.log}:\n{prometheus.log_tail()}"
            ) from None
        yield running
