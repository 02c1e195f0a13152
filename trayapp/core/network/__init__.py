"""Is it down, or is it just me? The user's own network, judged from canaries.

status     NetworkStatus, NetworkWords, NetworkHint: what the network is, in words
survey     the canaries asked, and the network judged from their answers
"""

from __future__ import annotations

from trayapp.core.network.status import NetworkHint, NetworkStatus, NetworkWords, Reachability
from trayapp.core.network.survey import (
    NetworkReport,
    blame_network,
    canary_checks,
    canary_settings,
    check_canaries,
    check_network,
)

__all__ = [
    "NetworkHint",
    "NetworkReport",
    "NetworkStatus",
    "NetworkWords",
    "Reachability",
    "blame_network",
    "canary_checks",
    "canary_settings",
    "check_canaries",
    "check_network",
]
