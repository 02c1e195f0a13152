"""Is it down, or is it just me? The user's own network, judged from canaries.

status      NetworkStatus, NetworkWords, NetworkHint: what the network is, in words
diagnosis   the canaries' answers judged: the status, and how it is told (pure)
survey      the canaries asked, and the network judged from their answers
"""

from __future__ import annotations

from trayapp.core.network.diagnosis import GatewayClue, ResolverClue, Seen, Sighting, diagnose
from trayapp.core.network.status import NetworkHint, NetworkStatus, NetworkWords, Reachability
from trayapp.core.network.survey import (
    NetworkReport,
    blame_network,
    canaries_of,
    canary_settings,
    check_canaries,
    check_network,
)

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
    "blame_network",
    "canaries_of",
    "canary_settings",
    "check_canaries",
    "check_network",
    "diagnose",
]
