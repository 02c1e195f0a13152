"""Builders of the domain's values for tests, one version of each.

Tests build what they feed the code under test with these, so that a check's result, a
config or an incident is made the same way everywhere and each test states only what
matters to it: every argument has a default, and the defaults tell the story trayapp comes
from, Twitter on 26 July 2012, its home page checked from here.

Moments, all UTC::

    DAY        26 July 2012, 00:00
    T0         11:00, the top of the hour Twitter went down in: hourly folds start on it
    DOWN_AT    11:23, when it went down
    at(h, m)   any moment of that day

Builders::

    result()           a check's result, passed or failed with a cause
    config()           a Config from the tables a config.toml would hold
    incident()         an Incident, open or ended, with the note of its opening
    vendor_incident()  an incident a vendor's status page lists
    vendor_reading()   what a status page said
    problems_of()      the problems the loader names in a config's text
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from trayapp.core.config import Config, ConfigError, parse_config
from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Cause, CheckResult, CheckType, Status
from trayapp.core.network import NetworkStatus, NetworkWords
from trayapp.core.outside import OutsideProbe, OutsideReading, summarize
from trayapp.core.vendors.model import VendorIncident, VendorLevel, VendorReading

__all__ = [
    "DAY",
    "DOWN_AT",
    "HOME",
    "MOBILE",
    "OFFLINE",
    "ONLINE",
    "STATUS_PAGE",
    "T0",
    "at",
    "config",
    "incident",
    "outside_reading",
    "problems_of",
    "result",
    "vendor_incident",
    "vendor_reading",
]

DAY = datetime(2012, 7, 26, tzinfo=UTC)
"""The day Twitter went down worldwide, hours after Google Talk did."""
T0 = DAY.replace(hour=11)
"""The moment a test starts from unless it says otherwise: 11:00, a whole hour."""
DOWN_AT = DAY.replace(hour=11, minute=23)
"""When Twitter went down, as the monitoring firm logged it."""

ONLINE = NetworkWords()
"""The canaries' verdict: the network works."""
OFFLINE = NetworkWords(
    NetworkStatus.OFFLINE,
    "You're offline",
    "Nothing on the internet answers. It's just you: services can't be checked until you're "
    "back online.",
)
"""The canaries' verdict: nothing answers."""

HOME = "https://twitter.com/"
"""The home page: the target of a check unless a test says otherwise."""
MOBILE = "https://mobile.twitter.com/"
"""The mobile site, which failed and recovered at other times than the home page."""
STATUS_PAGE = "https://status.twitterstat.us"
"""Twitter's status page."""

_DESCRIPTIONS = {
    VendorLevel.OPERATIONAL: "All Systems Operational",
    VendorLevel.MAINTENANCE: "Service Under Maintenance",
    VendorLevel.UNKNOWN: "Status Unknown",
    VendorLevel.DEGRADED: "Minor Service Outage",
    VendorLevel.PARTIAL_OUTAGE: "Partial System Outage",
    VendorLevel.MAJOR_OUTAGE: "Major System Outage",
}
"""What a Statuspage page says of itself at each level."""


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """The moment ``hour:minute:second`` of :data:`DAY`: ``at(11, 23)`` is :data:`DOWN_AT`."""
    return DAY.replace(hour=hour, minute=minute, second=second)


def result(
    cause: Cause | None = None,
    *,
    checked_at: datetime = T0,
    target: str = HOME,
    type_: CheckType = "http",
    elapsed_ms: float = 120.0,
    detail: str | None = None,
    http_status: int | None = None,
) -> CheckResult:
    """A check's result: passed when ``cause`` is None, else failed (or degraded) by it.

    Args:
        cause: Why the check failed; None for a check that passed.
        checked_at: When the check ran.
        target: What it looked at.
        type_: The kind of check: ``http``, ``tcp`` or ``dns``.
        elapsed_ms: How long it took.
        detail: What it saw; by default ``"HTTP 200 OK"`` when it passed, else the cause's
            name (``"timeout"``).
        http_status: The status code of the answer, for an http check that got one.
    """
    if detail is None:
        detail = "HTTP 200 OK" if cause is None else cause.value
    return CheckResult(
        type=type_,
        target=target,
        checked_at=checked_at,
        elapsed_ms=elapsed_ms,
        cause=cause,
        detail=detail,
        http_status=http_status,
    )


def config(
    *services: Mapping[str, Any],
    sources: Iterable[Mapping[str, Any]] = (),
    base: Mapping[str, Mapping[str, Any]] | None = None,
    **sections: Mapping[str, Any],
) -> Config:
    """A config validated from the tables a ``config.toml`` would hold.

    Args:
        services: The ``[[services]]`` tables, in order.
        sources: The ``[[sources]]`` tables, in order.
        base: Sections every config of a test module shares (fast intervals, no canaries),
            by name: ``{"defaults": {...}, "network": {...}}``.
        sections: ``defaults``, ``notifications``, ``network``: each one's keys are laid
            over the same section of ``base``, key by key.

    Raises:
        pydantic.ValidationError: the tables are not a valid config.
    """
    data: dict[str, Any] = {name: dict(keys) for name, keys in (base or {}).items()}
    for name, keys in sections.items():
        data[name] = {**data.get(name, {}), **keys}
    data["services"] = [dict(service) for service in services]
    data["sources"] = [dict(source) for source in sources]
    return Config.model_validate(data)


def incident(
    id_: int = 1,
    started: datetime = DOWN_AT,
    *,
    service: str = "Twitter",
    lasted: timedelta | None = None,
    severity: Status = Status.DOWN,
    causes: tuple[Cause, ...] = (Cause.TIMEOUT,),
    error: str = f"{HOME}: timeout",
    notes: tuple[Note, ...] | None = None,
    **more: Any,
) -> Incident:
    """An incident of ``service`` that began at ``started``.

    Args:
        id_: Its id.
        started: When it began.
        service: The service it is about.
        lasted: How long until it ended; None while it is still open.
        severity: The worst status seen, down or degraded.
        causes: Every cause seen, in the order first seen.
        error: Its first and its last error.
        notes: Its timeline; by default the one note of its opening, ``Went down: <error>``.
        more: Any other field of :class:`~trayapp.core.incident.Incident` (``flaps``,
            ``verdict``, ``recovered_at``, ``vendor_incidents``, ``last_error``, ...).
    """
    fields: dict[str, Any] = {
        "ended_at": None if lasted is None else started + lasted,
        "first_error": error,
        "last_error": error,
        "notes": (Note(started, NoteKind.OPENED, f"Went down: {error}"),)
        if notes is None
        else notes,
        **more,
    }
    return Incident(
        id=id_, service=service, started_at=started, severity=severity, causes=causes, **fields
    )


def vendor_incident(
    name: str = "Users may be experiencing issues",
    impact: VendorLevel = VendorLevel.MAJOR_OUTAGE,
    *,
    status: str = "investigating",
    **more: Any,
) -> VendorIncident:
    """An incident a status page lists as open.

    Args:
        name: Its title.
        impact: How bad the vendor says it is.
        status: The vendor's word for where it stands.
        more: Any other field of :class:`~trayapp.core.vendors.model.VendorIncident`
            (``started_at``, ``updated_at``, ``latest_update``, ``url``, ``components``, ``id``).
    """
    return VendorIncident(name=name, status=status, impact=impact, **more)


def vendor_reading(
    level: VendorLevel = VendorLevel.MAJOR_OUTAGE,
    *,
    incidents: tuple[VendorIncident, ...] = (),
    description: str | None = None,
    fetched_at: datetime = T0,
    page_url: str = STATUS_PAGE,
    platform: str = "statuspage",
    **more: Any,
) -> VendorReading:
    """What Twitter's status page said: ``level``, with ``incidents`` listed.

    Args:
        level: The page's level.
        incidents: The incidents it lists as open.
        description: The page's words for its state; by default what a Statuspage page
            says at ``level`` (``"Major System Outage"``).
        fetched_at: When it was read.
        page_url: Where.
        platform: The status page platform it runs on.
        more: Any other field of :class:`~trayapp.core.vendors.model.VendorReading`
            (``components``, ``stale``, ``parsed``, ``component``).
    """
    return VendorReading(
        platform=platform,
        level=level,
        description=_DESCRIPTIONS[level] if description is None else description,
        fetched_at=fetched_at,
        page_url=page_url,
        incidents=incidents,
        **more,
    )


def problems_of(text: str) -> list[str]:
    """The problems :func:`~trayapp.core.config.parse_config` names in ``text``, as printed.

    Each reads ``config.toml:LINE: KEY: MESSAGE``, in the order of the file.

    Raises:
        pytest.fail.Exception: ``text`` is a valid config.
    """
    with pytest.raises(ConfigError) as caught:
        parse_config(text, filename="config.toml")
    return [str(problem) for problem in caught.value.problems]


def outside_reading(*places: tuple[str, str, bool], at: datetime = T0) -> OutsideReading:
    """What the outside network found: one probe per ``(country, continent, ok)``, a failing
    one answering HTTP 503."""
    probes = tuple(
        OutsideProbe(
            continent=continent,
            country=country,
            city={"DE": "Frankfurt", "US": "Ashburn", "JP": "Tokyo"}.get(country, ""),
            network="Example Networks",
            ok=ok,
            status_code=200 if ok else 503,
            cause="" if ok else "http_status",
            detail="HTTP 200" if ok else "HTTP 503",
            time_ms=120.0,
        )
        for country, continent, ok in places
    )
    return OutsideReading("globalping", at, probes, summarize(probes))
