"""The words a person reads for statuses, causes, verdicts and incident stages, and the
moments on this machine's clock.

JSON keeps the English values (``"down"``, ``"http_status"``); a table or a line for people
says them in the user's language. English shows the value itself, so that the tables read
as they always have: ``down``, ``timeout``, ``down for everyone``.

Each word is translated in its context (``pgettext``): the same English word (``offline``)
is a status, a cause and a network's state, and a language may need a different word for each.
"""

from __future__ import annotations

from datetime import datetime

from trayapp.core.formats import format_datetime
from trayapp.core.i18n import ENGLISH, language, pgettext
from trayapp.core.models import Cause, Status, TrayStatus, Verdict
from trayapp.core.network import NetworkStatus
from trayapp.core.vendors.model import VendorLevel

__all__ = [
    "cause_word",
    "level_word",
    "local_time_text",
    "network_word",
    "stage_word",
    "status_word",
    "verdict_word",
]


def status_word(status: Status | TrayStatus) -> str:
    """A service's or the tray's status for people: ``down``, ``ausgefallen``."""
    match status.value:
        case "up":
            return pgettext("status", "up")
        case "degraded":
            return pgettext("status", "degraded")
        case "down":
            return pgettext("status", "down")
        case "unknown":
            return pgettext("status", "unknown")
        case "paused":
            return pgettext("status", "paused")
        case "maintenance":
            return pgettext("status", "maintenance")
        case "offline":
            return pgettext("status", "offline")
    return status.value


def cause_word(cause: Cause) -> str:
    """Why a check failed, for people: ``timeout``, ``Zeitüberschreitung``."""
    match cause:
        case Cause.DNS:
            # Translators: a check's cause: the name could not be resolved.
            return pgettext("cause", "dns")
        case Cause.REFUSED:
            # Translators: a check's cause: the connection was refused.
            return pgettext("cause", "refused")
        case Cause.RESET:
            # Translators: a check's cause: the connection was reset.
            return pgettext("cause", "reset")
        case Cause.TIMEOUT:
            return pgettext("cause", "timeout")
        case Cause.TLS:
            return pgettext("cause", "tls")
        case Cause.HTTP_STATUS:
            # Translators: a check's cause: the server answered with a status not accepted.
            return pgettext("cause", "http_status")
        case Cause.CONTENT:
            # Translators: a check's cause: the answer's content did not match.
            return pgettext("cause", "content")
        case Cause.TOO_LARGE:
            return pgettext("cause", "too_large")
        case Cause.REDIRECTS:
            # Translators: a check's cause: too many redirects.
            return pgettext("cause", "redirects")
        case Cause.PROTOCOL:
            return pgettext("cause", "protocol")
        case Cause.SLOW:
            return pgettext("cause", "slow")
        case Cause.CERT_EXPIRING:
            return pgettext("cause", "cert_expiring")
        case Cause.VENDOR_REPORTED:
            # Translators: a check's cause: the service's status page reports a problem.
            return pgettext("cause", "vendor_reported")
        case Cause.OFFLINE:
            # Translators: a check's cause: the user's own network is offline.
            return pgettext("cause", "offline")
    return cause.value


def verdict_word(verdict: Verdict) -> str:
    """Who is affected, for people: ``down for everyone``, ``liegt an Ihrem Netzwerk``."""
    match verdict:
        case Verdict.JUST_YOU:
            return pgettext("verdict", "just you")
        case Verdict.DOWN_FOR_YOU:
            return pgettext("verdict", "down for you")
        case Verdict.DOWN_FOR_EVERYONE:
            return pgettext("verdict", "down for everyone")
        case Verdict.VENDOR_REPORTED:
            return pgettext("verdict", "vendor reported")
    return verdict.words


def stage_word(stage: str) -> str:
    """An incident's stage for people: ``open``, ``recovering``, ``resolved``."""
    match stage:
        case "open":
            return pgettext("incident stage", "open")
        case "recovering":
            return pgettext("incident stage", "recovering")
        case "resolved":
            return pgettext("incident stage", "resolved")
    return stage


def network_word(status: NetworkStatus) -> str:
    """The network's status for people: ``online``, ``captive portal``."""
    match status:
        case NetworkStatus.ONLINE:
            return pgettext("network", "online")
        case NetworkStatus.OFFLINE:
            return pgettext("network", "offline")
        case NetworkStatus.DNS_FAILURE:
            return pgettext("network", "dns_failure")
        case NetworkStatus.CAPTIVE_PORTAL:
            return pgettext("network", "captive_portal")
        case NetworkStatus.LIMITED:
            return pgettext("network", "limited")
        case NetworkStatus.PROXY_FAILURE:
            return pgettext("network", "proxy_failure")
    return status.value


def level_word(level: VendorLevel) -> str:
    """What a status page says of itself, for people: ``partial_outage``, ``Teilausfall``."""
    match level:
        case VendorLevel.OPERATIONAL:
            return pgettext("vendor level", "operational")
        case VendorLevel.MAINTENANCE:
            return pgettext("vendor level", "maintenance")
        case VendorLevel.UNKNOWN:
            return pgettext("vendor level", "unknown")
        case VendorLevel.DEGRADED:
            return pgettext("vendor level", "degraded")
        case VendorLevel.PARTIAL_OUTAGE:
            return pgettext("vendor level", "partial_outage")
        case VendorLevel.MAJOR_OUTAGE:
            return pgettext("vendor level", "major_outage")
    return level.value


def local_time_text(moment: datetime, *, seconds: bool = True) -> str:
    """``moment`` on this machine's clock: ``2012-07-26 11:23:05`` in English (sorted as
    text, as a log's), the user's locale's way in other languages (``26.07.2012, 11:23:05``).

    Args:
        moment: An aware datetime.
        seconds: Whether to show the seconds; without, ``2012-07-26 11:23``.
    """
    if language().catalogue == ENGLISH:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return format_datetime(moment, length="medium" if seconds else "short")
