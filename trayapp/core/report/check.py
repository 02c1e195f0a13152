"""``trayapp check``: one round of some services, the network verdict, and how it is shown.

:func:`check_services` runs the round; :class:`CheckReport` holds what it found and renders
it as the JSON of the public contract (``check --json``, see DESIGN.md) or as a table for
people.

Each service's status page, when it has one, is read once beside its checks; the service's
status and verdict are then the round's and the vendor's together (see
:mod:`trayapp.core.verdict`). A single round has no thresholds: a vendor's outage
with every check passing makes the service degraded at once.

Each source (``[[sources]]``) is read once too: the services that name its targets are
judged with its vantage points, and its other targets are reported as services of their
own (``prometheus/https://shop.example/``). A source that cannot be read is reported under
its own name, ``unknown``, with the cause.

When ``[outside]`` is on and the network is online, each service whose round failed outright
is asked about from outside (see :mod:`trayapp.core.outside.privacy` for which check, and
what of it may leave the machine); its reading joins the
verdict and is reported as the service's ``outside`` object. A service not asked has none.

A service inside a maintenance window (``[[maintenance]]``, or the vendor's own work in
progress, see :mod:`trayapp.core.monitor.maintenance`) that fails is reported as
``maintenance``, which exits 0; inside one or not, failing or not, it carries the window as
its ``maintenance`` object.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import httpx

from trayapp.core.config.running import Config, Service, Source, group_names
from trayapp.core.formats import format_number, format_seconds
from trayapp.core.i18n import _, ngettext, pgettext
from trayapp.core.models import Cause, CheckResult, Status, TrayStatus, Verdict, worst
from trayapp.core.monitor.maintenance import Calendar, MaintenanceSpan
from trayapp.core.network import (
    NetworkReport,
    blame_network,
    check_canaries,
)
from trayapp.core.outside import Finding, Globalping, OutsideReading, decide, failed_check
from trayapp.core.phrases import retell
from trayapp.core.probes import Prober
from trayapp.core.report.words import level_word, local_time_text, network_word
from trayapp.core.rounds import has_failure, judge_round, run_round
from trayapp.core.sources.model import SourceReading, Vantage
from trayapp.core.sources.poller import SourcePoller
from trayapp.core.sources.services import (
    brought,
    source_settings,
    vantages,
)
from trayapp.core.text import printable
from trayapp.core.vendors.model import PageRef, VendorReading
from trayapp.core.vendors.poller import StatusPagePoller
from trayapp.core.verdict import combine

__all__ = ["CheckReport", "ServiceReport", "check_services"]


@dataclass(frozen=True, slots=True)
class ServiceReport:
    """One service after its round: its status, who is affected, and its checks' results."""

    name: str
    status: Status
    verdict: Verdict | None
    checks: tuple[CheckResult, ...]
    vendor: VendorReading | None = None
    """What the service's status page said; None without one."""
    said: CheckResult | None = None
    """The word of the vendor or of a vantage point as a result, when it made the status
    (see ``vendors.verdict``)."""
    remote: tuple[Vantage, ...] = ()
    """What the service's remote vantage points saw."""
    outside: OutsideReading | None = None
    """What the outside network found, when it was asked (the round failed outright)."""
    maintenance: MaintenanceSpan | None = None
    """The maintenance window the service is in, if any."""
    group: str = ""
    """The group it is in, as the group's first service spells it; "" for none."""

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
        """The tray's status: ``offline`` when the network is not online, else the worst
        service status."""
        if not self.network.online:
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
            "services": [_service_json(s) for s in self.services],
        }

    def table(self) -> str:
        """A table for people: status, service, cause, detail, time; a line per check
        under services that have several; then the network, when it was looked at.

        Statuses, causes and verdicts are in the user's language (the JSON keeps them as
        they are); names, targets and what servers said are shown as they came."""
        rows = [
            (
                pgettext("check table heading", "STATUS"),
                pgettext("check table heading", "SERVICE"),
                pgettext("check table heading", "CAUSE"),
                pgettext("check table heading", "DETAIL"),
                pgettext("check table heading", "TIME"),
            )
        ]
        for service in self.services:
            lead = service.said or _lead(service.checks)
            rows.append(
                (
                    service.status.word,
                    printable(service.name, 40),
                    lead.cause.shown if lead and lead.cause else "-",
                    _detail(lead, service),
                    format_seconds(service.elapsed_ms / 1000),
                )
            )
            if len(service.checks) > 1:
                rows += [_check_row(c, "  ") for c in service.checks]
            if service.vendor is not None:
                rows.append(_vendor_row(service))
            if service.checks or len(service.remote) > 1:
                rows += [_remote_row(v) for v in service.remote]
            if service.outside is not None:
                rows.append(_outside_row(service.outside))
            if service.maintenance is not None:
                rows.append(_maintenance_row(service.maintenance))
        rows += [_canary_row(c) for c in self.network.canaries]
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
        if not self.network.online:
            words = self.network.words
            # Translators: {network} is the network's state ("captive portal"); {title} and
            # {body} say what it means.
            return _("overall: offline - network {network}: {title}. {body}").format(
                network=network_word(self.network.status), title=words.title, body=words.body
            )
        overall = self.overall.word
        if not count:
            # Translators: {status} is the worst status of the services checked.
            return _("overall: {status}").format(status=overall)
        reached = sum(not has_failure([c]) for c in self.network.canaries)
        return ngettext(
            "overall: {status}; network online ({reached} of {count} canary answered as expected)",
            "overall: {status}; network online ({reached} of {count} canaries answered "
            "as expected)",
            count,
        ).format(status=overall, reached=format_number(reached), count=format_number(count))


def _lead(checks: Sequence[CheckResult]) -> CheckResult | None:
    """The check that says most about the service: the first of the worst (max keeps the
    first of equals)."""
    return max(checks, key=lambda c: c.status.severity, default=None)


def _check_row(check: CheckResult, indent: str = "  ") -> tuple[str, str, str, str, str]:
    # A failure blamed on the network says nothing about the service: not "down".
    status = Status.UNKNOWN if check.cause is Cause.OFFLINE else check.status
    detail = retell(check.detail)
    if check.target not in check.detail:
        # Translators: a check table's detail: what a check looked at ({target}), and what it
        # found.
        detail = _("{target}: {detail}").format(target=check.target, detail=detail)
    return (
        status.word,
        f"{indent}{check.type}",
        check.cause.shown if check.cause else "-",
        detail.removesuffix(": "),
        format_seconds(check.elapsed_ms / 1000),
    )


def _canary_row(check: CheckResult) -> tuple[str, str, str, str, str]:
    status, _name, cause, detail, took = _check_row(check)
    # Translators: a line of the check table for a canary; {type} is http, tcp or dns.
    return status, "  " + _("canary {type}").format(type=check.type), cause, detail, took


def _vendor_row(service: ServiceReport) -> tuple[str, str, str, str, str]:
    """The status page's line: its level, what it says, and who is affected."""
    reading = service.vendor
    assert reading is not None
    platform = reading.platform or _("status page")
    said = f"{platform}: {printable(retell(reading.headline()), 100)}"
    if reading.stale:
        # Translators: what a status page said, when it was read a while ago.
        said = _("{said} (stale)").format(said=said)
    if service.verdict is not None:
        said += f" ({service.verdict.shown})"
    # Translators: the check table's line of a service's status page.
    return (level_word(reading.level), "  " + pgettext("check table", "vendor"), "-", said, "")


def _detail(lead: CheckResult | None, service: ServiceReport) -> str:
    """The lead check's detail, and who is affected when the vendor's line does not say."""
    detail = retell(lead.detail) if lead else ", ".join(v.describe() for v in service.remote[:3])
    if lead is not None and lead.type == "remote" and lead.cause is Cause.VENDOR_REPORTED:
        detail = _("{target}: {detail}").format(target=lead.target, detail=detail)  # from where
    if service.verdict is not None and service.vendor is None:
        detail += f" ({service.verdict.shown})"
    return detail.strip()


def _remote_row(vantage: Vantage) -> tuple[str, str, str, str, str]:
    """A vantage point's line: what it sees, from where."""
    cause = vantage.cause.shown if vantage.cause is not None else "-"
    detail = printable(retell(vantage.detail), 100)
    said = detail
    if vantage.cause is None:
        said = _("{target}: {detail}").format(target=vantage.name, detail=detail).rstrip(": ")
    # Translators: the check table's line of a vantage point of a source (Prometheus...).
    return (vantage.status.word, "  " + pgettext("check table", "remote"), cause, said, "")


def _outside_row(reading: OutsideReading) -> tuple[str, str, str, str, str]:
    """The outside network's line: what the places found."""
    status = Status.UP if reading.finding is Finding.LOADS else Status.DOWN
    if reading.finding is Finding.NOTHING:
        status = Status.UNKNOWN
    said = f"{reading.provider}: {reading.shown_summary}"
    # Translators: the check table's line of what the outside network found.
    return (status.word, "  " + pgettext("check table", "outside"), "-", said, "")


def _maintenance_row(span: MaintenanceSpan) -> tuple[str, str, str, str, str]:
    """The maintenance window's line: what, until when, why."""
    # Translators: a maintenance window that has no name.
    name = printable(retell(span.name), 80) or _("window")
    if span.until is None:
        # Translators: {name} is a maintenance window's name.
        said = _("the vendor's {name}").format(name=name) if span.vendor else name
    else:
        until = local_time_text(span.until, seconds=False)
        if span.vendor:
            # Translators: {name} is the vendor's maintenance window, {time} when it ends.
            said = _("the vendor's {name} until {time}").format(name=name, time=until)
        else:
            # Translators: {name} is a maintenance window, {time} when it ends.
            said = _("{name} until {time}").format(name=name, time=until)
    said += f" ({printable(span.reason, 100)})" if span.reason else ""
    # Translators: the check table's line of a maintenance window.
    label = "  " + pgettext("check table", "maintenance")
    return (Status.MAINTENANCE.word, label, "-", said, "")


def _service_json(service: ServiceReport) -> dict[str, Any]:
    data = {
        "name": service.name,
        "group": service.group or None,
        "status": service.status.value,
        "verdict": None if service.verdict is None else service.verdict.value,
        "checks": [_check_json(c) for c in service.checks],
        "vendor": None if service.vendor is None else service.vendor.to_json(),
    }
    if service.remote:  # only where [[sources]] are used: the contract's keys stay as they are
        data["remote"] = [v.to_json() for v in service.remote]
    if service.outside is not None:  # only a service asked about from outside
        data["outside"] = service.outside.to_json()
    if service.maintenance is not None:  # only inside a maintenance window
        data["maintenance"] = service.maintenance.to_json()
    return data


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
    config: Config,
    services: Sequence[Service],
    prober: Prober,
    vendor_client: httpx.AsyncClient | None = None,
    *,
    sources: Sequence[Source] = (),
    derived: Callable[[str], bool] = lambda name: True,
    outside_client: httpx.AsyncClient | None = None,
) -> CheckReport:
    """One round of each of ``services`` at once, with their status pages (read through
    ``vendor_client``, when given) and ``sources``, then the canaries if any check failed.
    With ``outside_client`` and ``[outside]`` on, the services that failed outright while
    the network is online are asked about from outside.

    The targets of ``sources`` that no service of the config names are reported as services
    of their own, those whose name ``derived`` accepts.
    """
    checked_at = prober.clock.now()

    async def read_page(service: Service) -> VendorReading | None:
        if vendor_client is None or service.status_page is None:
            return None
        poller = StatusPagePoller(
            PageRef(service.status_page, service.status_component),
            vendor_client,
            clock=prober.clock,
            timeout=config.settings_for(service).timeout,
        )
        return await poller.poll()

    async def read_source(source: Source) -> SourceReading:
        settings = source_settings(config.defaults, source)
        return await SourcePoller(source, prober, settings, prober.clock).poll()

    # The canaries are asked beside the services, whatever they answer: behind a captive
    # portal every service "answers" with the portal's page.
    rounds, readings, read, network = await asyncio.gather(
        asyncio.gather(
            *(run_round(service, config.settings_for(service), prober) for service in services)
        ),
        asyncio.gather(*(read_page(service) for service in services)),
        asyncio.gather(*(read_source(source) for source in sources)),
        check_canaries(config, prober),
    )
    by_source = {reading.source.casefold(): reading for reading in read}
    groups = group_names(config.services)
    asked: Sequence[OutsideReading | None] = [None] * len(services)
    if network.online and outside_client is not None:
        network_outside = await _outside(config, prober, outside_client)
        asked = await asyncio.gather(
            *(
                _ask(config, service, results, prober, network_outside)
                for service, results in zip(services, rounds, strict=True)
            )
        )
    reports = []
    for service, results, reading, outside in zip(services, rounds, readings, asked, strict=True):
        remote = vantages(service, by_source)
        if not network.online and results:
            blamed = blame_network(results)
            reports.append(
                ServiceReport(
                    service.name,
                    Status.UNKNOWN,
                    Verdict.JUST_YOU,
                    tuple(blamed),
                    reading,
                    remote=remote,
                    group=groups.get(service.name, ""),
                )
            )
            continue
        judged = _judged(service, results, reading, remote, checked_at, outside)
        reports.append(replace(judged, group=groups.get(service.name, "")))
    for source, source_reading in zip(sources, read, strict=True):
        if not source.services:
            continue
        for service in brought(source, source_reading, config.services):
            if derived(service.name) and config.service(service.name) is None:
                remote = vantages(service, by_source)
                reports.append(_judged(service, [], None, remote, checked_at))
    calendar = Calendar(config.maintenance)
    return CheckReport(
        checked_at, network, tuple(_maintained(r, calendar, checked_at) for r in reports)
    )


def _maintained(report: ServiceReport, calendar: Calendar, at: datetime) -> ServiceReport:
    """``report`` with the maintenance window its service is in: a failure inside one is
    ``maintenance``."""
    span = calendar.span(report.name, at, report.vendor)
    if span is None:
        return report
    failing = report.status in (Status.DOWN, Status.DEGRADED)
    return replace(
        report, status=Status.MAINTENANCE if failing else report.status, maintenance=span
    )


def _judged(
    service: Service,
    results: Sequence[CheckResult],
    reading: VendorReading | None,
    remote: tuple[Vantage, ...],
    at: datetime,
    outside: OutsideReading | None = None,
) -> ServiceReport:
    combined = combine(
        judge_round(results),
        results,
        reading,
        service=service.name,
        remote=remote,
        remote_at=at,
        outside=outside,
    )
    extra = combined.results[len(results) :]
    return ServiceReport(
        service.name,
        combined.status,
        combined.verdict,
        tuple(results),
        reading,
        extra[0] if extra else None,
        remote,
        outside,
    )


async def _outside(config: Config, prober: Prober, client: httpx.AsyncClient) -> Globalping | None:
    """The outside network ``[outside]`` names, asked with ``client`` (and its token from the
    keyring, when it has one); None when it is off."""
    settings = config.outside
    if not settings.enabled or settings.provider == "none":
        return None
    token = None if settings.token is None else await prober.secret(settings.token.secret)
    return Globalping.for_settings(settings, client, prober.clock, token)


async def _ask(
    config: Config,
    service: Service,
    results: Sequence[CheckResult],
    prober: Prober,
    network: Globalping | None,
) -> OutsideReading | None:
    """What the outside network finds of ``service``, when its round failed outright and its
    target may be sent; None when it is not asked, or cannot answer."""
    check = failed_check(service, results) if network is not None else None
    if network is None or check is None or service.outside is False:
        return None
    decision = await decide(check, service.outside, prober.resolver)
    if not decision.allowed:
        return None
    if check.type == "http":
        answer = await network.measure(decision.target, accepts=check.expect_status)
    else:
        answer = await network.measure(decision.target)
    return answer if isinstance(answer, OutsideReading) else None
