"""Is it down, or is it just me? The user's own network, judged from canaries.

status      NetworkStatus, NetworkWords, NetworkHint: what the network is, in words
diagnosis   the canaries' answers judged: the status, and how it is told (pure)
survey      the canaries asked, and the network judged from their answers
system      the operating system's word on the network, on Linux (NetworkManager, or the
            kernel's routes), followed on the runtime's loop

Each room is imported at the first use of one of its names (:mod:`trayapp.core.faces`): the
tray's glyph needs :class:`NetworkStatus` before anything has asked a canary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.network.diagnosis import (
        GatewayClue,
        ResolverClue,
        Seen,
        Sighting,
        diagnose,
    )
    from trayapp.core.network.status import (
        NetworkHint,
        NetworkStatus,
        NetworkWords,
        Reachability,
    )
    from trayapp.core.network.survey import (
        NetworkReport,
        blame_network,
        canaries_of,
        canary_settings,
        check_canaries,
        check_network,
    )
    from trayapp.core.network.system import SystemWord, follow_system

__all__ = [
    "GatewayClue",
    "NetworkHint",
    "NetworkReport",
    "NetworkStatus",
    "NetworkWords",
    "Reachability",
    "ResolverClue",
    "Seen",
    "Sighting",
    "SystemWord",
    "blame_network",
    "canaries_of",
    "canary_settings",
    "check_canaries",
    "check_network",
    "diagnose",
    "follow_system",
]

__getattr__ = lazy(
    __name__,
    {
        "GatewayClue": "diagnosis",
        "NetworkHint": "status",
        "NetworkReport": "survey",
        "NetworkStatus": "status",
        "NetworkWords": "status",
        "Reachability": "status",
        "ResolverClue": "diagnosis",
        "Seen": "diagnosis",
        "Sighting": "diagnosis",
        "SystemWord": "system",
        "blame_network": "survey",
        "canaries_of": "survey",
        "canary_settings": "survey",
        "check_canaries": "survey",
        "check_network": "survey",
        "diagnose": "diagnosis",
        "follow_system": "system",
    },
)
