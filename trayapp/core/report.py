"""``trayapp check``: one round of some services, the network verdict, and how it is shown.

:func:`check_services` runs the round; :class:`CheckReport` holds what it found and renders
it as the JSON of the public contract (``check --json``, see DESIGN.md) or as a table for
people.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trayapp.core.config import Config, Service
from trayapp.core.models import Cause, CheckResult, Status, TrayStatus, Verdict, worst
from trayapp.core.network import (
    NetworkReport,
    blame_network,
    canary_checks,
    canary_settings,
    check_network,
)
from trayapp.core.probes import Prober
from trayapp.core.probes.text import duration_text, printable
from trayapp.core.rounds import has_failure, judge_round, run_round

__all__ = ["CheckReport", "ServiceReport", "check_services"]


@dataclass(frozen=True, slots=True)
class ServiceReport:
    """One service after its round: its status, who is affected, and its checks' results."""

    name: str
    status: Status
    verdict: Verdict | None
    checks: tuple[CheckResult, ...]

    @property
    def elapsed_ms(self) -> float:
        """How long the round took: its checks ran side by side."""
        return max((c.elapsed_ms for c in self.checks), default=0.0)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``trayapp check`` found."""

    checked_at: datetime
    network: NetworkReport
    services: tuple[ServiceReport, ...]

    @property
    def overall(self) -> TrayStatus:
        """The tray's status: ``offline``, else the worst service status."""
        if self.network.offline:
            return TrayStatus.OFFLINE
        return TrayStatus(worst([s.status for s in self.services]).value)

    def to_json(self) -> dict[str, Any]:
        """The ``check --json`` object of the public contract."""
        return {
            "checked_at": _timestamp(self.checked_at),
            "overall": self.overall.value,
            "network": {
                "status": self.network.status.value,
                "canaries": [_check_json(c) for c in self.network.canaries],
            },
            "services": [
                {
                    "name": s.name,
                    "status": s.status.value,
                    "verdict": None if s.verdict is None else s.verdict.value,
                    "checks": [_check_json(c) for c in s.checks],
                    "vendor": None,  # vendor status pages are not read yet
                }
                for s in self.services
            ],
        }

    def table(self) -> str:
        """A table for people: status, service, cause, detail, time; a line per check
        under services that have several; then the network, when it was looked at."""
        rows = [("STATUS", "SERVICE", "CAUSE", "DETAIL", "TIME")]
        for service in self.services:
            lead = _lead(service.checks)
            rows.append(
                (
                    service.status.value,
                    printable(service.name, 40),
                    lead.cause.value if lead and lead.cause else "-",
                    lead.detail if lead else "",
                    duration_text(service.elapsed_ms / 1000),
                )
            )
            if len(service.checks) > 1:
                rows += [_check_row(c, "  ") for c in service.checks]
        rows += [_check_row(c, "  canary ") for c in self.network.canaries]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = [
            "  ".join([*(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)), row[4]])
            for row in rows
        ]
        lines.append("")
        lines.append(self._summary())
        return "\n".join(line.rstrip() for line in lines)

    def _summary(self) -> str:
        count = len(self.network.canaries)
        if self.network.offline:
            return (
                f"overall: offline - none of the {count} network canaries answered: "
                "it is probably just you (your network is down)"
            )
        said = f"overall: {self.overall.value}"
        if count:
            reached = sum(not has_failure([c]) for c in self.network.canaries)
            said += f"; network online ({reached} of {count} canaries answered)"
        return said


def _lead(checks: Sequence[CheckResult]) -> CheckResult | None:
    """The check that says most about the service: the first failure, else the first."""
    worst_first = sorted(checks, key=lambda c: -c.status.severity)
    return worst_first[0] if worst_first else None


def _check_row(check: CheckResult, indent: str) -> tuple[str, str, str, str, str]:
    # A failure blamed on the network says nothing about the service: not "down".
    status = Status.UNKNOWN if check.cause is Cause.OFFLINE else check.status
    detail = check.detail if check.target in check.detail else f"{check.target}: {check.detail}"
    return (
        status.value,
        f"{indent}{check.type}",
        check.cause.value if check.cause else "-",
        detail.removesuffix(": "),
        duration_text(check.elapsed_ms / 1000),
    )


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _check_json(check: CheckResult) -> dict[str, Any]:
    timings = check.timings
    return {
        "type": check.type,
        "target": check.target,
        "ok": check.ok,
        "cause": None if check.cause is None else check.cause.value,
        "detail": check.detail,
        "http_status": check.http_status,
        "elapsed_ms": check.elapsed_ms,
        "timings": {
            "dns_ms": timings.dns_ms,
            "connect_ms": timings.connect_ms,
            "tls_ms": timings.tls_ms,
            "ttfb_ms": timings.ttfb_ms,
        },
    }


async def check_services(
    config: Config, services: Sequence[Service], prober: Prober
) -> CheckReport:
    """One round of each of ``services`` at once, then the canaries if any failed."""
    checked_at = prober.clock.now()
    rounds = await asyncio.gather(
        *(run_round(service, config.settings_for(service), prober) for service in services)
    )
    network = NetworkReport()
    if any(has_failure(results) for results in rounds):
        canaries = canary_checks(config.network)
        network = await check_network(canaries, prober, canary_settings(config.defaults))
    reports = []
    for service, results in zip(services, rounds, strict=True):
        if network.offline and has_failure(results):
            blamed = blame_network(results)
            reports.append(
                ServiceReport(service.name, Status.UNKNOWN, Verdict.JUST_YOU, tuple(blamed))
            )
        else:
            reports.append(ServiceReport(service.name, judge_round(results), None, tuple(results)))
    return CheckReport(checked_at, network, tuple(reports))
