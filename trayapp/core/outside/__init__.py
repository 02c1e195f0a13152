"""Outside vantage points: when a service fails here, ask a public measurement network.

Nothing here runs by itself: the monitor decides when to ask. The pieces:

    privacy     what of a check may leave the machine, and why not (decide, target_of)
    globalping  the Globalping API: create a measurement, poll it, read it (Globalping)
    reading     what came back: OutsideReading of OutsideProbe, its summary in words, or
                OutsideUnavailable (a rate limit, the network's failure)

Sketch::

    decision = await decide(check, service.outside, resolver)
    if decision.allowed:
        answer = await Globalping(client, clock, url=..., probes=5, locations=...).measure(
            decision.target, accepts=check.expect_status
        )

Each module is imported at the first use of one of its names (:mod:`trayapp.core.faces`):
what came back is read by the tray and the store, the client only asked while a service
fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.outside.globalping import PROVIDER, Globalping, measurement_request
    from trayapp.core.outside.privacy import (
        PRIVATE_SUFFIXES,
        Decision,
        OutsideTarget,
        address_privacy,
        decide,
        failed_check,
        name_privacy,
        target_of,
    )
    from trayapp.core.outside.reading import (
        CONTINENTS,
        Finding,
        OutsideProbe,
        OutsideReading,
        OutsideUnavailable,
        RateLimit,
        finding,
        summarize,
    )

__all__ = [
    "CONTINENTS",
    "PRIVATE_SUFFIXES",
    "PROVIDER",
    "Decision",
    "Finding",
    "Globalping",
    "OutsideProbe",
    "OutsideReading",
    "OutsideTarget",
    "OutsideUnavailable",
    "RateLimit",
    "address_privacy",
    "decide",
    "failed_check",
    "finding",
    "measurement_request",
    "name_privacy",
    "summarize",
    "target_of",
]

__getattr__ = lazy(
    __name__,
    {
        "CONTINENTS": "reading",
        "Decision": "privacy",
        "Finding": "reading",
        "Globalping": "globalping",
        "OutsideProbe": "reading",
        "OutsideReading": "reading",
        "OutsideTarget": "privacy",
        "OutsideUnavailable": "reading",
        "PRIVATE_SUFFIXES": "privacy",
        "PROVIDER": "globalping",
        "RateLimit": "reading",
        "address_privacy": "privacy",
        "decide": "privacy",
        "failed_check": "privacy",
        "finding": "reading",
        "measurement_request": "globalping",
        "name_privacy": "privacy",
        "summarize": "reading",
        "target_of": "privacy",
    },
)
