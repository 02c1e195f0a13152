"""The monitor: every service checked on its interval, its status, incidents and alerts.

The face of the package: callers import from here, not from its modules.
"""

from __future__ import annotations

from trayapp.core.monitor.events import Event, Notification
from trayapp.core.monitor.ledger import ServiceView
from trayapp.core.monitor.loop import MonitorSnapshot

__all__ = ["Event", "MonitorSnapshot", "Notification", "ServiceView"]
