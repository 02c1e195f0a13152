"""The monitor: services checked on their intervals, judged, and the books kept.

Callers (the runtime, the command line, the GUI) import from here, never from the rooms::

    engine     Engine: the monitor with its prober, ledger and store, opened and closed as one
    loop       Monitor: the tasks (rounds, status pages, sources, heartbeat) and the commands
    schedule   every wait of the monitor's tasks, through the clock, and when a round that
               is not believed yet is confirmed
    pages      the vendors' status pages, each read on its own interval
    lookout    Lookout: when the canaries are asked, and what is done with their answer
               (NetworkStatus, NetworkWords, NetworkHint and Reachability are the network's
               own, :mod:`trayapp.core.network`, passed on: the tray's first glyph needs
               NetworkStatus, not the monitor; so are SystemWord and follow_system, the
               operating system's word that the hints are made of)
    ledger     Ledger: rounds in; statuses, incidents, notifications and history out
    views      MonitorSnapshot, what the tray shows; ServiceView, one service in it
    evidence   what others say of a service: whether its failure is already confirmed
    sink       HistorySink: what the ledger writes to (the store is one)
    state      the status of each service, judged round by round
    runs       rounds in a row: the evidence a status changes on
    incidents  incidents: opened, flapped, resolved
    alerts     the notification policy
    bursts     when it speaks: after a short settle, then updates of the same notification
    events     Event and its kinds, as ``trayapp watch --json`` prints them

The data goes one way: the effective config (:mod:`trayapp.core.sources.effective`) into the
:class:`Monitor`, rounds and readings into the :class:`Ledger`, events to the ``emit``
callback and history into the :class:`HistorySink`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.monitor.engine import (
        Engine,
    )
    from trayapp.core.monitor.events import (
        Event,
        IncidentChange,
        IncidentOpened,
        IncidentResolved,
        IncidentUpdated,
        NetworkChanged,
        NoticeAction,
        NoticeKind,
        NoticeLink,
        Notification,
        StatusChanged,
    )
    from trayapp.core.monitor.ledger import (
        Ledger,
        Rejudge,
    )
    from trayapp.core.monitor.loop import (
        Monitor,
    )
    from trayapp.core.monitor.sink import (
        HistorySink,
    )
    from trayapp.core.monitor.views import (
        MonitorSnapshot,
        ServiceView,
    )
    from trayapp.core.network import (
        NetworkHint,
        NetworkStatus,
        NetworkWords,
        Reachability,
        SystemWord,
        follow_system,
    )

__all__ = [
    "Engine",
    "Event",
    "HistorySink",
    "IncidentChange",
    "IncidentOpened",
    "IncidentResolved",
    "IncidentUpdated",
    "Ledger",
    "Monitor",
    "MonitorSnapshot",
    "NetworkChanged",
    "NetworkHint",
    "NetworkStatus",
    "NetworkWords",
    "NoticeAction",
    "NoticeKind",
    "NoticeLink",
    "Notification",
    "Reachability",
    "Rejudge",
    "ServiceView",
    "StatusChanged",
    "SystemWord",
    "follow_system",
]

__getattr__ = lazy(
    __name__,
    {
        "Engine": "engine",
        "Event": "events",
        "HistorySink": "sink",
        "IncidentChange": "events",
        "IncidentOpened": "events",
        "IncidentResolved": "events",
        "IncidentUpdated": "events",
        "Ledger": "ledger",
        "Monitor": "loop",
        "MonitorSnapshot": "views",
        "NetworkChanged": "events",
        "NetworkHint": ".network",
        "NetworkStatus": ".network",
        "NetworkWords": ".network",
        "NoticeAction": "events",
        "NoticeKind": "events",
        "NoticeLink": "events",
        "Notification": "events",
        "Reachability": ".network",
        "Rejudge": "ledger",
        "ServiceView": "views",
        "StatusChanged": "events",
        "SystemWord": ".network",
        "follow_system": ".network",
    },
)
