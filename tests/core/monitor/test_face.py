"""The monitor package's face: what callers import, from ``trayapp.core.monitor`` itself."""

from __future__ import annotations

import trayapp.core.monitor
import trayapp.core.monitor.events


def test_the_face_offers_what_callers_use() -> None:
    assert set(trayapp.core.monitor.__all__) == {
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
    }
    # Every event kind, for the GUI and the command line.
    events = set(trayapp.core.monitor.events.__all__) - {"iso_utc"}
    assert events <= set(trayapp.core.monitor.__all__)
    for name in trayapp.core.monitor.__all__:
        assert getattr(trayapp.core.monitor, name) is not None
