"""What happened, as ``trayapp watch --json`` prints it: one JSON object a line.

Every event has ``event`` (its kind) and ``at`` (when it happened, ISO 8601 UTC, whole
seconds, ``Z``). The GUI gets the same objects through the bridge; the command line prints
:meth:`to_json`. The fields DESIGN.md names are exactly these; the incident events add the
incident's ``id`` and ``service`` so a reader can follow one incident through the stream,
and its ``verdict`` (who is affected, from the vendor's status page; null while unknown)::

    Event
     ├── status_changed      service, from, to, cause
     ├── incident_opened     id, service, severity, cause, started_at, verdict
     ├── incident_updated    id, service, change (flap | cause | severity | verdict), cause,
     │                       severity, flaps, verdict
     ├── incident_resolved   id, service, started_at, ended_at, duration_s, flaps
     │                       (these four with the service's group, when it is in one)
     ├── network_changed     from, to, title, detail  (online, offline, dns_failure, ...)
     └── notification        title, body, services, kind, failing, link, actions, id,
                             replaces (the notification the GUI would show, its buttons,
                             and the earlier one it updates)

The state machine, incidents and alerts build on this module; it builds on none of them.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from trayapp.core.clock import iso_utc
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.network import NetworkStatus, NetworkWords
from trayapp.core.text import redact_url

__all__ = [
    "Event",
    "IncidentChange",
    "IncidentOpened",
    "IncidentResolved",
    "IncidentUpdated",
    "NetworkChanged",
    "NoticeAction",
    "NoticeKind",
    "NoticeLink",
    "Notification",
    "StatusChanged",
    "iso_utc",
]


def _require_aware(moment: datetime) -> None:
    # Caught where the event is made, not later when a line is printed far from the bug.
    iso_utc(moment)


IncidentChange = Literal["flap", "cause", "severity", "verdict"]
"""What ``incident_updated`` reports: a flap, a cause not seen before, a worse severity, or a
new verdict (the vendor's status page now agrees, or says all is well)."""


class _Event:
    __slots__ = ()
    event: ClassVar[str]
    at: datetime

    def to_dict(self) -> dict[str, object]:
        """The event as the JSON object ``watch --json`` prints."""
        fields = self._fields()
        group = getattr(self, "group", "")
        if group:  # absent for a service in none: the objects stay as they were
            fields["group"] = group
        return {"event": self.event, "at": iso_utc(self.at), **fields}

    def to_json(self) -> str:
        """The event as one line of JSON (non-ASCII kept as is: names are the user's)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def _fields(self) -> dict[str, object]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChanged(_Event):
    """A service's status, as the tray shows it, changed."""

    event: ClassVar[str] = "status_changed"
    at: datetime
    service: str
    from_: Status
    to: Status
    cause: Cause | None = None
    """Why, for a change to down, degraded, maintenance or unknown (offline); None otherwise."""
    group: str = ""
    """The service's group; "" for none."""

    def __post_init__(self) -> None:
        _require_aware(self.at)

    def _fields(self) -> dict[str, object]:
        return {
            "service": self.service,
            "from": self.from_.value,
            "to": self.to.value,
            "cause": None if self.cause is None else self.cause.value,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentOpened(_Event):
    """A service left ``up``: an incident began (``started_at``, its first failed round)."""

    event: ClassVar[str] = "incident_opened"
    at: datetime
    id: int
    service: str
    severity: Status
    cause: Cause | None
    started_at: datetime
    verdict: Verdict | None = None
    group: str = ""
    """The service's group; "" for none."""

    def __post_init__(self) -> None:
        _require_aware(self.at)
        _require_aware(self.started_at)

    def _fields(self) -> dict[str, object]:
        return {
            "id": self.id,
            "service": self.service,
            "severity": self.severity.value,
            "cause": None if self.cause is None else self.cause.value,
            "started_at": iso_utc(self.started_at),
            "verdict": None if self.verdict is None else self.verdict.value,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentUpdated(_Event):
    """An open incident changed: the service flapped, showed a new cause, got worse, or has a
    new verdict."""

    event: ClassVar[str] = "incident_updated"
    at: datetime
    id: int
    service: str
    change: IncidentChange
    cause: Cause | None
    """The new cause (``change == "cause"``), else the cause of the failing round."""
    severity: Status
    flaps: int
    verdict: Verdict | None = None
    group: str = ""
    """The service's group; "" for none."""

    def __post_init__(self) -> None:
        _require_aware(self.at)

    def _fields(self) -> dict[str, object]:
        return {
            "id": self.id,
            "service": self.service,
            "change": self.change,
            "cause": None if self.cause is None else self.cause.value,
            "severity": self.severity.value,
            "flaps": self.flaps,
            "verdict": None if self.verdict is None else self.verdict.value,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentResolved(_Event):
    """The service stayed up for the flap window: the incident is over.

    ``ended_at`` is when the service last came back, not when the window closed.
    """

    event: ClassVar[str] = "incident_resolved"
    at: datetime
    id: int
    service: str
    started_at: datetime
    ended_at: datetime
    flaps: int
    group: str = ""
    """The service's group; "" for none."""

    def __post_init__(self) -> None:
        for moment in (self.at, self.started_at, self.ended_at):
            _require_aware(moment)

    @property
    def duration_s(self) -> float:
        """Seconds from the first failure to the last recovery."""
        return round((self.ended_at - self.started_at).total_seconds(), 3)

    def _fields(self) -> dict[str, object]:
        return {
            "id": self.id,
            "service": self.service,
            "started_at": iso_utc(self.started_at),
            "ended_at": iso_utc(self.ended_at),
            "duration_s": self.duration_s,
            "flaps": self.flaps,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkChanged(_Event):
    """The user's own network changed status: down, back, or failing another way.

    ``words`` say what is wrong and what to do (``title`` and ``detail`` in the JSON, in
    English whatever the user's language).
    """

    event: ClassVar[str] = "network_changed"
    at: datetime
    from_: NetworkStatus
    to: NetworkStatus
    words: NetworkWords = field(default_factory=NetworkWords, compare=False)

    def __post_init__(self) -> None:
        _require_aware(self.at)

    def _fields(self) -> dict[str, object]:
        words = self.words
        said = {"title": words.english_title, "detail": words.english_body} if words.body else {}
        return {"from": self.from_.value, "to": self.to.value, **said}


NoticeKind = Literal["down", "degraded", "up", "network", "online", "info"]
"""What a notification tells, for its icon: services ``down`` (red), ``degraded`` (amber) or
``up`` again (green) — a notification of several says the worst of them —; the user's own
``network`` failing (slate) or back ``online`` (green); or ``info``, trayapp's own word (its
own icon)."""

NoticeAction = Literal["snooze", "open", "mute"]
"""A button a notification offers: ``snooze`` its failing services for an hour, ``open`` its
link, ``mute`` its failing services until they are back."""


@dataclass(frozen=True, slots=True)
class NoticeLink:
    """The page a notification's "open" button opens.

    ``url`` is the real address, credentials and all: what is opened. It is shown and printed
    masked (:func:`~trayapp.core.text.redact_url`).
    """

    label: str
    """The button's words, in the user's language: "Open status page", "Open site", "Open
    the sign-in page"."""
    url: str
    english: str | None = field(default=None, compare=False)
    """The button's words in English, for the JSON, when the user reads another language."""

    @property
    def english_label(self) -> str:
        """The button's words in English, as ``watch --json`` prints them."""
        return self.label if self.english is None else self.english


_numbers = itertools.count(1)
"""The notifications' numbers: one sequence for the process, whoever makes them (the alert
policy, the engine, the GUI), so that no two share one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Notification(_Event):
    """A desktop notification, as the GUI would show it. ``services`` is empty for the network.

    Its buttons (:attr:`actions`) follow from what it tells: a failure offers to snooze its
    failing services for an hour and to mute them until they are back; any notification with
    a :attr:`link` offers to open it. A recovery, the network's notices and trayapp's own word
    offer neither snooze nor mute.

    An update (:attr:`replaces` set) tells all its earlier one told and what came since: the
    desktop shows it instead of that one, not beside it.

    ``title`` and ``body`` are in the user's language; :attr:`english` holds them in English,
    as ``watch --json`` prints them, when they differ.
    """

    event: ClassVar[str] = "notification"
    at: datetime
    title: str
    body: str
    services: tuple[str, ...] = ()
    kind: NoticeKind = "info"
    failing: tuple[str, ...] = ()
    """The services it tells are down or degraded, in its order: what its snooze and mute act
    on (the ones it tells are back are not among them)."""
    link: NoticeLink | None = None
    """What its "open" button opens: the status page (else the site) its services share, or a
    captive portal's sign-in page; None when there is none, or no one page for all."""
    id: int = field(default_factory=lambda: next(_numbers))
    """Its number, unique among the notifications of this process (1, 2, 3, ...)."""
    replaces: int | None = None
    """The :attr:`id` of the notification it updates, which it is shown instead of; None for
    a notification of its own."""
    english: tuple[str, str] | None = field(default=None, compare=False)
    """``(title, body)`` in English, for the JSON, when the user reads another language;
    None: ``title`` and ``body`` are English already."""

    def __post_init__(self) -> None:
        _require_aware(self.at)

    @property
    def actions(self) -> tuple[NoticeAction, ...]:
        """Its buttons, in the order they are shown."""
        snooze: tuple[NoticeAction, ...] = ("snooze",) if self.failing else ()
        opens: tuple[NoticeAction, ...] = ("open",) if self.link is not None else ()
        mute: tuple[NoticeAction, ...] = ("mute",) if self.failing else ()
        return snooze + opens + mute

    def _fields(self) -> dict[str, object]:
        link = self.link
        title, body = (self.title, self.body) if self.english is None else self.english
        return {
            "title": title,
            "body": body,
            "services": list(self.services),
            "kind": self.kind,
            "failing": list(self.failing),
            "link": None
            if link is None
            else {"label": link.english_label, "url": redact_url(link.url)},
            "actions": list(self.actions),
            "id": self.id,
            "replaces": self.replaces,
        }


Event = (
    StatusChanged
    | IncidentOpened
    | IncidentUpdated
    | IncidentResolved
    | NetworkChanged
    | Notification
)
"""Any event of ``watch --json``."""
