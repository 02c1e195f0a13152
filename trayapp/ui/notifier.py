"""Desktop notifications: the platform's own service, with the tray's balloon as a fallback.

:class:`DesktopNotices` sends through desktop-notifier (D-Bus ``org.freedesktop.Notifications``
on Linux, the notification centres of macOS and Windows). It is asynchronous and runs on the
runtime's event loop, so the GUI thread never waits on D-Bus. Qt's own
``QSystemTrayIcon.showMessage`` is not enough on Linux: with an XEmbed tray it draws a
balloon of its own and nothing reaches the notification daemon.

When the platform's service cannot be reached (no session bus, no daemon), ``on_failed`` is
called with the notification, and the tray shows it with ``showMessage`` instead.
Notifications never steal focus and never play a sound; clicking one calls ``on_clicked``
with the services it named.
"""

from __future__ import annotations

import html
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from trayapp.core.monitor import Notification

__all__ = ["DesktopNotices"]

log = logging.getLogger(__name__)


class DesktopNotices:
    """Sends :class:`~trayapp.core.monitor.events.Notification` events to the desktop.

    Make it, and call :meth:`show`, on the runtime's event loop.

    Args:
        icon: The picture shown with each notification.
        on_clicked: Called (on the runtime's loop) with the services of a clicked notification.
        on_failed: Called (on the runtime's loop) with a notification that could not be sent.
    """

    def __init__(
        self,
        *,
        icon: Path,
        on_clicked: Callable[[tuple[str, ...]], None],
        on_failed: Callable[[Notification], None],
    ) -> None:
        from desktop_notifier import DesktopNotifier, Icon

        self._notifier = DesktopNotifier(app_name="trayapp", app_icon=Icon(path=icon))
        self._on_clicked = on_clicked
        self._on_failed = on_failed

    async def show(self, notification: Notification) -> None:
        """Send ``notification``; on failure, hand it to ``on_failed``."""
        from desktop_notifier import Urgency

        dispatched = False

        def mark_dispatched() -> None:
            nonlocal dispatched
            dispatched = True

        services = notification.services
        try:
            await self._notifier.send(
                title=notification.title,
                message=_body(notification.body),
                urgency=Urgency.Normal,
                sound=None,
                on_dispatched=mark_dispatched,
                on_clicked=lambda: self._on_clicked(services),
            )
        except Exception:  # any failure of the platform's service: fall back
            log.warning("desktop notification failed", exc_info=True)
        # desktop-notifier logs a failed dispatch rather than raising it.
        if not dispatched:
            self._on_failed(notification)


def _body(text: str) -> str:
    # The freedesktop protocol lets a daemon read markup in the body: text that came from a
    # server or a status page is escaped, so that it shows as written.
    return html.escape(text, quote=False) if sys.platform.startswith("linux") else text
