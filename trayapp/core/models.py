"""The domain's words as types: statuses, causes, verdicts, and what a check found.

Causes form one closed set; every failed check has exactly one, mapped from what went wrong
(an exception type, a status code), never from an error message's text::

    Cause
     ├── network-level: dns, refused, reset, timeout, tls, protocol, offline
     ├── the answer:    http_status, content, too_large, redirects
     └── degrading:     slow, cert_expiring, vendor_reported   (the service still answers)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

from trayapp.core.i18n import N_, _, pgettext

__all__ = [
    "Cause",
    "CheckResult",
    "Status",
    "Timings",
    "TrayStatus",
    "Verdict",
    "worst",
]


class Status(StrEnum):
    """The status of a service."""

    UP = "up"
    DEGRADED = "degraded"
    DOWN = "down"
    UNKNOWN = "unknown"
    """No result yet, or the network is offline so nothing can be said."""
    PAUSED = "paused"
    """Snoozed or paused by the user: checked, kept in history, never notified."""
    MAINTENANCE = "maintenance"
    """Failing inside a maintenance window (the config's, or the vendor's own): expected, so
    no incident and no notification."""

    @property
    def severity(self) -> int:
        """Larger is worse: down > degraded > unknown > maintenance > up > paused.

        Maintenance is above up, so that the tray does not say all is well while a service
        fails, and below every status that is news.
        """
        return _SEVERITY[self.value]

    @property
    def shown(self) -> str:
        """The status for people, in their language: ``down`` (``ausgefallen``); the JSON and
        the history keep :attr:`value`."""
        return _status_words()[self.value]


def _status_words() -> dict[str, str]:
    # Built at call time: the language may change after import.
    return {
        # Translators: a service's status, as in "GitHub is down"; also a column's value.
        "up": pgettext("service status", "up"),
        "degraded": pgettext("service status", "degraded"),
        "down": pgettext("service status", "down"),
        "unknown": pgettext("service status", "unknown"),
        "paused": pgettext("service status", "paused"),
        "maintenance": pgettext("service status", "in maintenance"),
    }


class TrayStatus(StrEnum):
    """What the tray icon shows: the worst service status, or ``offline``."""

    UP = "up"
    DEGRADED = "degraded"
    DOWN = "down"
    UNKNOWN = "unknown"
    PAUSED = "paused"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    """The user's own network is down ("just you")."""


_SEVERITY = {"paused": 0, "up": 1, "maintenance": 2, "unknown": 3, "degraded": 4, "down": 5}


def worst(statuses: list[Status]) -> Status:
    """The most severe of ``statuses``; ``unknown`` when there are none."""
    return max(statuses, key=lambda s: s.severity, default=Status.UNKNOWN)


class Cause(StrEnum):
    """Why a check failed. Every failure has exactly one."""

    DNS = "dns"
    """The name could not be resolved."""
    REFUSED = "refused"
    """Nothing listens on the port: the connection was refused."""
    RESET = "reset"
    """The connection was cut (reset or closed) before a whole answer arrived."""
    TIMEOUT = "timeout"
    """No answer within the check's timeout."""
    TLS = "tls"
    """The TLS handshake failed: untrusted, expired or mismatched certificate."""
    HTTP_STATUS = "http_status"
    """The server answered with a status code the check does not accept."""
    CONTENT = "content"
    """The body lacks the expected text, or contains text it must not."""
    TOO_LARGE = "too_large"
    """The body is larger than the cap (1 MiB); the rest was not read."""
    REDIRECTS = "redirects"
    """Too many redirects, or a redirect loop."""
    PROTOCOL = "protocol"
    """The server broke the protocol: a malformed answer."""
    SLOW = "slow"
    """The answer came, but slower than ``slow_after``: degraded."""
    CERT_EXPIRING = "cert_expiring"
    """The certificate expires soon: degraded."""
    VENDOR_REPORTED = "vendor_reported"
    """The vendor's status page reports a problem the checks do not see: degraded."""
    OFFLINE = "offline"
    """The user's own network is down, so the service could not be judged."""

    @property
    def degrades(self) -> bool:
        """Whether this cause leaves the service answering (degraded, not down)."""
        return self in (Cause.SLOW, Cause.CERT_EXPIRING, Cause.VENDOR_REPORTED)

    @property
    def shown(self) -> str:
        """The cause for people, in their language: ``timed out`` (``Zeitüberschreitung``);
        the JSON and the history keep :attr:`value`."""
        return _(_CAUSE_WORDS[self.value])


_CAUSE_WORDS = {
    "dns": N_("name not resolved"),
    "refused": N_("connection refused"),
    "reset": N_("connection reset"),
    "timeout": N_("timed out"),
    "tls": N_("TLS handshake failed"),
    "http_status": N_("unexpected HTTP status"),
    "content": N_("unexpected content"),
    "too_large": N_("answer too large"),
    "redirects": N_("too many redirects"),
    "protocol": N_("protocol error"),
    "slow": N_("slow answer"),
    "cert_expiring": N_("certificate expiring"),
    # Translators: a cause: the service's status page reports a problem.
    "vendor_reported": N_("reported by the vendor"),
    # Translators: a cause: the user's own network is down.
    "offline": N_("your network is offline"),
}
"""Each cause in words for people (marked here, translated where shown)."""


class Verdict(StrEnum):
    """Who is affected by a failure."""

    JUST_YOU = "just_you"
    """Your own network is down."""
    DOWN_FOR_YOU = "down_for_you"
    """You cannot reach it; the vendor says all is well."""
    DOWN_FOR_EVERYONE = "down_for_everyone"
    """You cannot reach it, and the vendor agrees."""
    VENDOR_REPORTED = "vendor_reported"
    """The vendor reports a problem you do not see."""

    @property
    def words(self) -> str:
        """The verdict in English words: ``down for everyone`` (the history's notes and the
        JSON's words keep them; people read :attr:`shown`)."""
        return self.value.replace("_", " ")

    @property
    def shown(self) -> str:
        """The verdict for people, in their language: ``down for everyone`` (``für alle
        ausgefallen``)."""
        return _(_VERDICT_WORDS[self.value])


_VERDICT_WORDS = {
    # Translators: a verdict: the user's own network is down, not the service.
    "just_you": N_("just you"),
    # Translators: a verdict: the user cannot reach it, but the vendor says all is well.
    "down_for_you": N_("down for you"),
    # Translators: a verdict: the user cannot reach it, and others see it down too.
    "down_for_everyone": N_("down for everyone"),
    # Translators: a verdict: the vendor reports a problem the checks do not see.
    "vendor_reported": N_("vendor reported"),
}
"""Each verdict in words for people (marked here, translated where shown)."""


@dataclass(frozen=True, slots=True)
class Timings:
    """Where a check's time went, in milliseconds; None for phases that did not happen."""

    dns_ms: float | None = None
    connect_ms: float | None = None
    tls_ms: float | None = None
    ttfb_ms: float | None = None


CheckType = Literal["http", "tcp", "dns", "ping", "vendor", "remote"]
"""``vendor``: the word of the service's status page (see :mod:`trayapp.core.verdict`);
``remote``: a vantage point of one of the ``[[sources]]`` (see :mod:`trayapp.core.sources`)."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one check found in one round.

    ``cause`` is None exactly when the check passed cleanly. A degrading cause (slow,
    cert_expiring) means the check answered but not well.
    """

    type: CheckType
    target: str
    checked_at: datetime
    elapsed_ms: float
    cause: Cause | None = None
    detail: str = ""
    http_status: int | None = None
    timings: Timings = field(default_factory=Timings)

    @property
    def ok(self) -> bool:
        """True when the check passed with nothing to say against it."""
        return self.cause is None

    @property
    def status(self) -> Status:
        """up, degraded (a degrading cause) or down (any other cause)."""
        if self.cause is None:
            return Status.UP
        return Status.DEGRADED if self.cause.degrades else Status.DOWN
