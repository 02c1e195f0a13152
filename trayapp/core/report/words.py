"""The words a person reads for the network's state and a status page's level, and the
moments on this machine's clock.

JSON keeps the English values (``"captive_portal"``, ``"partial_outage"``); a table or a line
for people says them in the user's language. English shows the value itself, so that the
tables read as they always have. Statuses, causes, verdicts and incident stages have their
words with their types, for every screen alike (:attr:`Status.word
<trayapp.core.models.Status.word>`, :attr:`Cause.shown <trayapp.core.models.Cause.shown>`,
:attr:`Verdict.shown <trayapp.core.models.Verdict.shown>`, :attr:`Incident.shown_stage
<trayapp.core.incident.Incident.shown_stage>`).

Each word is translated in its context (``pgettext``): the same English word (``offline``)
is a status, a cause and a network's state, and a language may need a different word for each.
"""

from __future__ import annotations

from datetime import datetime

from trayapp.core.formats import format_datetime
from trayapp.core.i18n import ENGLISH, language, pgettext
from trayapp.core.network import NetworkStatus
from trayapp.core.vendors.model import VendorLevel

__all__ = [
    "level_word",
    "local_time_text",
    "network_word",
]


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
    text, as a log's), the user's locale's way in other languages (``26.07.2012, 11:23:05``;
    without the seconds ``26.07.2012, 11:23``).

    Args:
        moment: An aware datetime.
        seconds: Whether to show the seconds; without, ``2012-07-26 11:23``.
    """
    if language().catalogue == ENGLISH:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return format_datetime(moment, length="medium", time_length=None if seconds else "short")
