"""The domain's words as types: statuses, causes, verdicts, and what a check found.

Causes form one closed set; every failed check has exactly one, mapped from what went wrong
(an exception type, a status code), never from an error message's text::

    Cause
     ├── network-level: dns, refused, reset, timeout, tls, protocol, offline
     ├── the answer:    http_status, content, too_large, redirects
     └── degrading:     slow, cert_expiring, vendor_reported   (the service still answers)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal, NamedTuple

from trayapp.core.i18n import Language, _, language, pgettext

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
        """The status for people, in their language, as a sentence or a row says it:
        ``down``, ``in maintenance`` (``ausgefallen``, ``in Wartung``); the JSON and the
        history keep :attr:`value`."""
        return _words(language()).statuses[self.value]

    @property
    def word(self) -> str:
        """The status for people in one word, as a table's cell says it: ``maintenance``
        (``Wartung``); any other status as :attr:`shown` says it."""
        return _words(language()).cells[self.value]


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

    @property
    def word(self) -> str:
        """The tray's status for people in one word, as a table's cell says it: ``down``,
        ``offline`` (``ausgefallen``, ``offline``)."""
        return _words(language()).cells[self.value]


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
        """The cause for people, in their language: ``timeout`` (``Zeitüberschreitung``). In
        English it is the value itself, the word of the JSON, the history and the config,
        so that every English screen says a cause one way; the JSON and the history keep
        :attr:`value` in every language."""
        return _words(language()).causes[self.value]


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
        return _words(language()).verdicts[self.value]


class _Words(NamedTuple):
    """The words people read for statuses, causes and verdicts, each by its value."""

    statuses: dict[str, str]
    """As a sentence or a row says them (:attr:`Status.shown`)."""
    cells: dict[str, str]
    """As a table's cell says them (:attr:`Status.word`, :attr:`TrayStatus.word`)."""
    causes: dict[str, str]
    verdicts: dict[str, str]


@functools.cache
def _words(spoken: Language) -> _Words:
    """Every status's, cause's and verdict's words in ``spoken``: the one place they are
    written, for the tray, the windows, notifications and the command line alike. Made
    once per language (the tray's menu says them for every row of every snapshot), at the
    first call in it: the language may change after import."""
    statuses = {
        # Translators: a service's status, as in "GitHub: down"; also a column's value.
        "up": pgettext("service status", "up"),
        "degraded": pgettext("service status", "degraded"),
        "down": pgettext("service status", "down"),
        "unknown": pgettext("service status", "unknown"),
        "paused": pgettext("service status", "paused"),
        # Translators: a service's status in a sentence or a row: "NAS: in maintenance".
        "maintenance": pgettext("service status", "in maintenance"),
    }
    cells = {
        **statuses,
        # Translators: a service's status in a table's column: a maintenance window holds it.
        "maintenance": pgettext("service status", "maintenance"),
        # Translators: the overall status of a check: the user's own network is down.
        "offline": pgettext("overall status", "offline"),
    }
    causes = {
        # Translators: why a check failed, as in "down (dns)". The English is the word of
        # trayapp's JSON and config; translate what it means: the name did not resolve.
        "dns": pgettext("check failure cause", "dns"),
        # Translators: why a check failed: the connection was refused.
        "refused": pgettext("check failure cause", "refused"),
        # Translators: why a check failed: the connection was cut before a whole answer came.
        "reset": pgettext("check failure cause", "reset"),
        # Translators: why a check failed: no answer in time.
        "timeout": pgettext("check failure cause", "timeout"),
        # Translators: why a check failed: the TLS handshake (the certificate) failed.
        "tls": pgettext("check failure cause", "tls"),
        # Translators: why a check failed: the server answered with an HTTP status not accepted.
        "http_status": pgettext("check failure cause", "http_status"),
        # Translators: why a check failed: the page lacks the expected text.
        "content": pgettext("check failure cause", "content"),
        # Translators: why a check failed: the answer was too large.
        "too_large": pgettext("check failure cause", "too_large"),
        # Translators: why a check failed: too many redirects, or a redirect loop.
        "redirects": pgettext("check failure cause", "redirects"),
        # Translators: why a check failed: the server broke the protocol.
        "protocol": pgettext("check failure cause", "protocol"),
        # Translators: why a service is degraded: it answers, but slowly.
        "slow": pgettext("check failure cause", "slow"),
        # Translators: why a service is degraded: its certificate expires soon.
        "cert_expiring": pgettext("check failure cause", "cert_expiring"),
        # Translators: why a service is degraded: its vendor's status page reports a problem.
        "vendor_reported": pgettext("check failure cause", "vendor_reported"),
        # Translators: why a service could not be judged: the user's own network is down.
        "offline": pgettext("check failure cause", "offline"),
    }
    verdicts = {
        # Translators: a verdict: the user's own network is down, not the service.
        "just_you": _("just you"),
        # Translators: a verdict: the user cannot reach it, but the vendor says all is well.
        "down_for_you": _("down for you"),
        # Translators: a verdict: the user cannot reach it, and others see it down too.
        "down_for_everyone": _("down for everyone"),
        # Translators: a verdict: the vendor reports a problem the checks do not see.
        "vendor_reported": _("vendor reported"),
    }
    return _Words(statuses, cells, causes, verdicts)


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
