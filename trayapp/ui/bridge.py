"""The bridge: what the monitor says on the runtime thread, as Qt signals on the GUI thread.

The bridge lives on the GUI thread. The runtime calls its ``deliver_*`` methods on the
runtime thread; each emits a signal, and because the receivers live on the GUI thread, Qt
queues the call there. Widgets get only
immutable values (snapshots, events) and never touch what the runtime thread owns.

Notifications are sent from the runtime thread too (see :mod:`trayapp.ui.notifier`): the
D-Bus round trip never holds up the GUI. What the user asks of a notification (a click, a
button) comes back on the runtime thread and goes on to the GUI thread as a signal, like
everything else: the app carries it out there, as it does what the tray's menu asks.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from trayapp.core.i18n import _
from trayapp.core.monitor import Event, MonitorSnapshot, NoticeAction, Notification
from trayapp.ui.notifier import DesktopNotices, NoticeIcons

__all__ = ["Bridge"]


class Bridge(QObject):
    """Carries the monitor's news to the GUI thread.

    Args:
        notice_icons: The pictures shown with desktop notifications.
        send_notices: Whether to send desktop notifications at all (off in widget tests).

    Signals:
        snapshotChanged(object): a new :class:`~trayapp.core.monitor.loop.MonitorSnapshot`.
        eventHappened(object): an event of ``watch --json``, as it happened.
        noticeFailed(object): a notification the desktop's service did not take; the tray
            shows it itself.
        noticeClicked(object): the services (a tuple of names) of a clicked notification.
        noticeSnoozeWanted(object): the services (a tuple of names) a notification's
            "Snooze 1 h" asks to snooze.
        noticeMuteWanted(object): the services (a tuple of names) a notification's "Mute
            until it's back" asks to mute.
        noticeLinkWanted(str): the address (the real one, credentials and all) a
            notification's "open" button asks to open.
        monitorFailed(str): the monitor could not run; the message says why.
    """

    snapshotChanged = Signal(object)
    eventHappened = Signal(object)
    noticeFailed = Signal(object)
    noticeClicked = Signal(object)
    noticeSnoozeWanted = Signal(object)
    noticeMuteWanted = Signal(object)
    noticeLinkWanted = Signal(str)
    monitorFailed = Signal(str)

    def __init__(
        self,
        notice_icons: NoticeIcons,
        *,
        send_notices: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._notice_icons = notice_icons
        self._send_notices = send_notices
        self._notices: DesktopNotices | None = None
        self._muted = threading.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    def mute(self, muted: bool) -> None:
        """Pause (or resume) all notifications; the monitor goes on. Any thread."""
        if muted:
            self._muted.set()
        else:
            self._muted.clear()

    # --- called on the runtime thread ---------------------------------------------------------

    def deliver_event(self, event: Event) -> None:
        """An event happened (runtime thread)."""
        self.eventHappened.emit(event)
        if isinstance(event, Notification) and not self._muted.is_set():
            self._notify(event)

    def deliver_snapshot(self, snapshot: MonitorSnapshot) -> None:
        """The monitor's state changed (runtime thread)."""
        self.snapshotChanged.emit(snapshot)

    def deliver_failure(self, message: str) -> None:
        """The monitor stopped (runtime thread)."""
        self.monitorFailed.emit(message)

    def send_test_notice(self) -> None:
        """Send a notification to show that notifications work (runtime thread)."""
        self._notify(
            Notification(
                at=datetime.now(UTC),
                title=_("trayapp test notification"),
                body=_("Notifications work: this is how trayapp will tell you a service is down."),
            )
        )

    def act_on_notice(self, action: NoticeAction, notification: Notification) -> None:
        """A notification's button was pressed: ask the GUI thread to carry it out (any
        thread)."""
        if action == "snooze" and notification.failing:
            self.noticeSnoozeWanted.emit(notification.failing)
        elif action == "mute" and notification.failing:
            self.noticeMuteWanted.emit(notification.failing)
        elif action == "open" and notification.link is not None:
            self.noticeLinkWanted.emit(notification.link.url)

    def _notify(self, notification: Notification) -> None:
        if not self._send_notices:
            self.noticeFailed.emit(notification)
            return
        if self._notices is None:
            self._notices = DesktopNotices(
                icons=self._notice_icons,
                on_clicked=self.noticeClicked.emit,
                on_failed=self.noticeFailed.emit,
                on_action=self.act_on_notice,
            )
        task = asyncio.get_running_loop().create_task(self._notices.show(notification))
        # Held until done: the loop keeps only weak references to its tasks.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
