"""The user's own network, as trayapp judges it: a status, what it means in words, and the
operating system's hints.

::

    online          a canary got its expected answer: the way out works
    offline         nothing answers: no canary, no public DNS server
    dns_failure     names do not resolve through the system resolver, while addresses answer
    captive_portal  someone else answers in the canaries' place (a sign-in page, a redirect,
                    a certificate for another name, a DNS server that answers for another)
    limited         some of the way works, not all: addresses answer, but no web canary
                    gets its expected answer
    proxy_failure   the canaries go through a proxy, and the proxy fails them

Every status but ``online`` means the failures are the user's: services are ``unknown`` with
verdict ``just_you``, no incident opens and no service's own notification goes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from trayapp.core.i18n import N_, _

__all__ = ["NetworkHint", "NetworkStatus", "NetworkWords", "Reachability"]


class NetworkStatus(StrEnum):
    """Whether the user's own network works, and if not, how it fails."""

    ONLINE = "online"
    OFFLINE = "offline"
    DNS_FAILURE = "dns_failure"
    CAPTIVE_PORTAL = "captive_portal"
    LIMITED = "limited"
    PROXY_FAILURE = "proxy_failure"

    @property
    def online(self) -> bool:
        """Whether services can be judged: only ``online``."""
        return self is NetworkStatus.ONLINE

    @property
    def words(self) -> str:
        """The status for people, short, in their language: ``names don't resolve``."""
        return _(_WORDS[self.value])


_WORDS = {
    # Translators: the user's network status, short, as in a menu's line.
    "online": N_("online"),
    "offline": N_("offline"),
    "dns_failure": N_("names don't resolve"),
    "captive_portal": N_("behind a captive portal"),
    "limited": N_("limited connectivity"),
    "proxy_failure": N_("the proxy fails"),
}


@dataclass(frozen=True, slots=True)
class NetworkWords:
    """What is wrong with the network and what to do, for a notification or a tooltip.

    ``title`` is one short line ("Names don't resolve"); ``body`` says what was seen and what
    to do ("Your DNS server 10.0.0.1 isn't answering, but the internet answers by address.").
    ``portal`` is the sign-in page of a captive portal, when one was seen.

    ``title`` and ``body`` are in the user's language; ``english`` holds them in English,
    as ``watch --json`` prints them, when they differ (None: they are English already).
    """

    status: NetworkStatus = NetworkStatus.ONLINE
    title: str = "Online"
    body: str = ""
    portal: str | None = None
    english: tuple[str, str] | None = field(default=None, compare=False)
    """``(title, body)`` in English, when the user reads another language."""

    @property
    def english_title(self) -> str:
        """The title in English, for the JSON."""
        return self.title if self.english is None else self.english[0]

    @property
    def english_body(self) -> str:
        """The body in English, for the JSON."""
        return self.body if self.english is None else self.english[1]


class Reachability(StrEnum):
    """How far the operating system says the network reaches (the words of Qt's
    QNetworkInformation, which NetworkManager's states map onto too)."""

    UNKNOWN = "unknown"
    DISCONNECTED = "disconnected"
    LOCAL = "local"
    SITE = "site"
    ONLINE = "online"


@dataclass(frozen=True, slots=True)
class NetworkHint:
    """What the operating system says of the network, without a packet sent.

    Hints never decide on their own: they make the monitor ask the canaries at once, and
    re-check every failing service, instead of an interval later.

    ``changed`` is true when the network itself changed (another Wi-Fi, a VPN up or down, a
    cable out, a resume), not merely its reachability.
    """

    reachability: Reachability = Reachability.UNKNOWN
    captive_portal: bool | None = None
    changed: bool = False
