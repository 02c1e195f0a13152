"""Each kind of source: where its API lives, and how its answer reads as targets.

A reader is pure: the documents fetched (in the order of :func:`endpoints`) in, each target's
vantage points out, or why the answer makes no sense (then the source reads as unknown,
never as "all clear"). Readers never raise for what a server sends.

================  ==================================  =======================================
kind              asks                                a target's vantage point is
================  ==================================  =======================================
alertmanager      ``/api/v2/alerts`` (active,         the alerts naming the target (its
                  silenced and inhibited)             ``target_label``, else its alertname)
                                                      from one ``vantage_label``: down for a
                                                      critical alert (or one with no
                                                      severity), degraded for a warning;
                                                      silenced or inhibited, degraded at most
prometheus        ``/api/v1/query?query=...``         a series: 0 is down, anything else up,
                                                      NaN unknown
gatus             ``/api/v1/endpoints/statuses``      an endpoint's latest result
uptime_kuma       the status page and heartbeats      a monitor's latest heartbeat
================  ==================================  =======================================

Gatus and Uptime Kuma are read by the same adapters as their status pages (see
:mod:`trayapp.core.vendors`); a component is a target, the source its one vantage point.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import quote

from trayapp.core.config.running import Source
from trayapp.core.models import Status, worst
from trayapp.core.phrases import readings as sources
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors import gatus, uptime_kuma
from trayapp.core.vendors.documents import Document, as_dict, as_dicts, as_text, load_json
from trayapp.core.vendors.model import PageRef, VendorLevel
from trayapp.core.vendors.text import plain_text
from trayapp.core.vendors.times import utc

__all__ = ["Targets", "endpoints", "error_text", "read"]

Targets = dict[str, tuple[Vantage, ...]]
_Said = dict[tuple[str, str], list[tuple[Status, str, datetime | None]]]
"""(target, vantage point) → what was said there: status, detail, since when."""

_DOWN_SEVERITIES = frozenset(
    {"critical", "crit", "page", "error", "high", "major", "emergency", "alert", "fatal"}
)
_QUIET_SEVERITIES = frozenset({"info", "informational", "notice", "none", "low", "debug"})
_LEVEL_STATUS = {
    VendorLevel.OPERATIONAL: Status.UP,
    VendorLevel.MAINTENANCE: Status.UP,
    VendorLevel.DEGRADED: Status.DEGRADED,
    VendorLevel.PARTIAL_OUTAGE: Status.DEGRADED,
    VendorLevel.MAJOR_OUTAGE: Status.DOWN,
}


def endpoints(source: Source) -> tuple[str, ...]:
    """The addresses to fetch for ``source``, in the order :func:`read` takes them."""
    base = source.url.rstrip("/")
    if source.kind == "alertmanager":
        return (f"{base}/api/v2/alerts",)
    if source.kind == "prometheus":
        return (f"{base}/api/v1/query?query={quote(source.promql, safe='')}",)
    if source.kind == "gatus":
        return gatus.endpoints(source.url)
    return uptime_kuma.endpoints(source.url)


def read(source: Source, documents: Sequence[Document], now: datetime) -> Targets | str:
    """``source``'s targets from its ``documents``; or why they make no sense."""
    if source.kind == "alertmanager":
        return _alertmanager(source, documents[0])
    if source.kind == "prometheus":
        return _prometheus(source, documents[0])
    return _dashboard(source, documents, now)


def error_text(document: Document) -> str:
    """What an error answer says of itself (Prometheus's ``error``, a plain-text line),
    plain text, short; "" when it says nothing readable."""
    data, _ = load_json(document)
    if isinstance(data, dict):
        said = as_text(data.get("error")) or as_text(data.get("message"))
        kind = as_text(data.get("errorType"))
        return plain_text(f"{kind}: {said}" if kind and said else said, 200)
    if document.header("content-type").startswith("text/plain"):
        return plain_text(document.body[:400].decode("utf-8", "replace"), 200)
    return ""


def _alertmanager(source: Source, document: Document) -> Targets | str:
    data, why = load_json(document)
    if not isinstance(data, list):
        return why or sources.NOT_ALERTS()
    found: _Said = defaultdict(list)
    for alert in as_dicts(data):
        labels = {k: v for k, v in as_dict(alert.get("labels")).items() if isinstance(v, str)}
        if not labels:
            continue
        name = labels.get("alertname", "alert")
        target = labels.get(source.target_label) or name
        where = labels.get(source.vantage_label, "")
        status, said = _alert_status(labels, as_dict(alert.get("status")))
        annotations = as_dict(alert.get("annotations"))
        summary = as_text(annotations.get("summary")) or as_text(annotations.get("description"))
        detail = plain_text(f"{name}: {summary}" if summary else name, 200) + said
        found[(target, where)].append((status, detail, utc(alert.get("startsAt"))))
    return _group(source, found)


def _alert_status(labels: Mapping[str, str], status: Mapping[str, object]) -> tuple[Status, str]:
    severity = labels.get("severity", "").strip().casefold()
    if severity in _QUIET_SEVERITIES:
        return Status.UP, f" ({severity})"
    # A warning, or a severity this app does not know: a problem, not an outage.
    level = Status.DOWN if not severity or severity in _DOWN_SEVERITIES else Status.DEGRADED
    silenced = bool(status.get("silencedBy"))
    inhibited = bool(status.get("inhibitedBy"))
    if silenced or inhibited or as_text(status.get("state")) == "suppressed":
        said = " (silenced)" if silenced else " (inhibited)" if inhibited else " (suppressed)"
        return (Status.DEGRADED if level is Status.DOWN else level), said
    return level, ""


def _prometheus(source: Source, document: Document) -> Targets | str:
    data, why = load_json(document)
    answer = as_dict(data)
    if answer.get("status") != "success":
        return why or sources.NOT_PROMETHEUS()
    result = as_dict(answer.get("data"))
    kind = as_text(result.get("resultType"))
    if kind != "vector":
        return sources.NOT_A_VECTOR(kind=kind) if kind else sources.STRANGE_RESULT()
    found: _Said = defaultdict(list)
    target_label, vantage_label = source.target_label, source.vantage_label
    for series in as_dicts(result.get("result")):
        labels = as_dict(series.get("metric"))
        target, where = labels.get(target_label), labels.get(vantage_label) or ""
        name = labels.get("__name__") or "value"
        pair = series.get("value")
        if not target or not isinstance(pair, list) or len(pair) != 2:
            continue
        if not isinstance(target, str) or not isinstance(where, str) or not isinstance(name, str):
            continue
        status, said = _sample(pair[1])
        found[(target, where)].append((status, f"{plain_text(name, 60)} = {said}", None))
    return _group(source, found)


def _sample(value: object) -> tuple[Status, str]:
    try:
        number = float(as_text(value))
    except ValueError:
        return Status.UNKNOWN, plain_text(as_text(value), 20) or sources.NO_VALUE()
    if math.isnan(number):
        return Status.UNKNOWN, "NaN"
    return (Status.DOWN if number == 0 else Status.UP), f"{number:g}"


def _group(source: Source, found: _Said) -> Targets:
    """One vantage per (target, vantage point): the worst of what was said there."""
    targets: dict[str, list[Vantage]] = defaultdict(list)
    places: dict[str, str] = {}  # a few vantage points, named again and again
    for (target, where), said in found.items():
        if len(said) == 1:  # most: one series, or one alert, per target and vantage point
            ((status, detail, began),) = said
        else:
            status = worst([s for s, _, _ in said])
            details = [d for s, d, _ in said if s is status]
            more = len(details) - 1
            detail = sources.AND_MORE(first=details[0], more=more) if more else details[0]
            began = min((t for s, _, t in said if s is status and t is not None), default=None)
        place = places.get(where)
        if place is None:
            place = places[where] = plain_text(where, 60)
        # Every word a source says passes the one sanitiser: a label may hold anything.
        vantage = Vantage(source.name, place, status, plain_text(detail, 300), began)
        targets[plain_text(target, 300)].append(vantage)
    return {t: tuple(sorted(v, key=lambda v: v.where)) for t, v in targets.items()}


def _dashboard(source: Source, documents: Sequence[Document], now: datetime) -> Targets | str:
    adapter = gatus.read if source.kind == "gatus" else uptime_kuma.read
    reading = adapter(documents, PageRef(source.url), now)
    if not reading.parsed:
        return reading.description
    names = [c.name for c in reading.components]
    targets: Targets = {}
    for component in reading.components:
        if component.is_group or not component.name:
            continue
        # A name two groups share is told apart by its group.
        name = component.name
        if names.count(name) > 1 and component.group:
            name = f"{component.group}/{name}"
        status = _LEVEL_STATUS.get(component.level, Status.UNKNOWN)
        targets[plain_text(name, 300)] = (Vantage(source.name, "", status, component.level.words),)
    return targets
