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

Each notification shows the glyph of what it tells (:class:`NoticeIcons`): the red octagon
for a service down, the amber triangle for degraded, the green circle for back up (and back
online), the slate square for the user's own network; trayapp's own word (a test
notification) shows trayapp's icon. And it offers its actions
(:attr:`~trayapp.core.monitor.Notification.actions`) as buttons, where the service shows
them (on Linux, a daemon with the ``actions`` capability: GNOME, KDE, dunst in its context
menu; macOS and Windows always)::

    snooze   "Snooze 1 h"             its failing services snoozed for :data:`SNOOZE_FOR`
    open     the link's own words     its status page, site or sign-in page opened
    mute     "Mute until it's back"   nothing more of its failing services' outage but
                                      their recovery

A pressed button calls ``on_action`` with the action and the notification, on the runtime's
loop; the bridge passes it on to the GUI thread, which carries it out.

An update (a notification that :attr:`~trayapp.core.monitor.Notification.replaces` another)
is shown instead of the one it updates. desktop-notifier (6.2, and its development version
too) offers no way to replace a notification: on D-Bus it sends every ``Notify`` with
``replaces_id`` 0. So the earlier one is closed first (``clear``: ``CloseNotification`` on
Linux, removed from the notification centre on macOS and Windows), then the update is sent:
one notification on the screen, though not swapped in place as ``replaces_id`` would. One
the user has closed already is simply not there to close. Notifications go out one at a
time, in order, so that an update always finds the one it replaces sent. The tray's balloon,
the fallback, shows one message at a time: the newest takes the place of the one before.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageWriter

from trayapp.core.i18n import N_, _
from trayapp.core.models import TrayStatus
from trayapp.core.monitor import NoticeAction, NoticeKind, Notification
from trayapp.core.paths import APP_NAME, private_folder, resource_path
from trayapp.ui.icons import status_image

if TYPE_CHECKING:  # desktop-notifier is imported when the first notification goes out
    from desktop_notifier import Button

__all__ = [
    "ACTION_WORDS",
    "GLYPHS",
    "ICON_SIZE",
    "LINK_WORDS",
    "SNOOZE_FOR",
    "DesktopNotices",
    "NoticeIcons",
    "notice_icons",
]

log = logging.getLogger(__name__)

SNOOZE_FOR = timedelta(hours=1)
"""How long a notification's "Snooze 1 h" snoozes its services."""

ACTION_WORDS: Mapping[NoticeAction, str] = {
    # Translators: a notification's button: snooze its services for an hour. Keep it short.
    "snooze": N_("Snooze 1 h"),
    # Translators: a notification's button: no more notifications of this outage but the
    # one saying the service is back.
    "mute": N_("Mute until it's back"),
}
"""The buttons' words, marked for translation (translated where shown); "open" says its
link's own (``Open status page``, :data:`LINK_WORDS`)."""

LINK_WORDS = (
    # Translators: a notification's button that opens the status page of its services.
    N_("Open status page"),
    # Translators: a notification's button that opens the web site of its services.
    N_("Open site"),
    # Translators: a notification's button that opens a captive portal's sign-in page.
    N_("Open the sign-in page"),
)
"""The words of a link's button as the monitor writes them (in English, as ``watch --json``
prints them), marked here for translation: the button says them in the user's language."""

GLYPHS: Mapping[NoticeKind, TrayStatus] = {
    "down": TrayStatus.DOWN,
    "degraded": TrayStatus.DEGRADED,
    "up": TrayStatus.UP,
    "online": TrayStatus.UP,
    "network": TrayStatus.OFFLINE,
}
"""The glyph each kind of notification shows; ``info`` (trayapp's own word) has none and
shows trayapp's icon."""

ICON_SIZE = 128
"""Pixels of a notification's glyph, a side: daemons scale it down, never up."""

_SHOWN_KEPT = 32
"""How many of the latest notifications an update may replace: updates come within one
coalescing window, each replacing the latest of its chain."""


class NoticeIcons:
    """The picture of each kind of notification, as a PNG file in ``folder``.

    Daemons take a file, and not every one an SVG (Windows' toasts want PNG; the glyphs' SVGs
    have a placeholder for their rim besides), so each glyph is rendered to PNG once, when
    this is made (on the GUI thread, with Qt), and written to ``folder`` the first time it is
    asked for (from any thread).

    Args:
        folder: Where the pictures are written (made 0700 when needed).
        app_icon: trayapp's icon, for its own word (``info``) and when a glyph cannot be
            written.
    """

    def __init__(self, folder: Path, app_icon: Path) -> None:
        self.folder = folder
        self.app_icon = app_icon
        self._images = {status: _png(status) for status in set(GLYPHS.values())}
        self._written: set[TrayStatus] = set()
        self._lock = threading.Lock()

    def path(self, kind: NoticeKind) -> Path:
        """The picture of a notification of ``kind``, written first if need be.

        Raises:
            OSError: the picture cannot be written.
        """
        status = GLYPHS.get(kind)
        if status is None:
            return self.app_icon
        path = self.folder / f"notice-{status.value}.png"
        with self._lock:
            if status not in self._written:
                private_folder(self.folder)
                # Written whole, then renamed: a daemon never reads half a picture.
                partial = path.with_suffix(".part")
                partial.write_bytes(self._images[status])
                os.replace(partial, path)
                self._written.add(status)
        return path


def notice_icons() -> NoticeIcons:
    """The pictures in the user's cache folder (``notices/``), with trayapp's own icon."""
    folder = Path(platformdirs.user_cache_dir(APP_NAME)) / "notices"
    return NoticeIcons(folder, resource_path("icons", "trayapp.svg"))


def _png(status: TrayStatus) -> bytes:
    buffer = QBuffer()  # with bytes of its own, that outlive the writer
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # QImageWriter, not QImage.save: PySide6's stubs want the format as bytes, and its
    # QImage.save(QIODevice, ...) refuses bytes at run time.
    writer = QImageWriter(buffer, QByteArray(b"PNG"))
    if not writer.write(status_image(status, ICON_SIZE)):
        raise RuntimeError(f"the {status.value} glyph: {writer.errorString()}")
    del writer
    return bytes(buffer.data().data())


class DesktopNotices:
    """Sends :class:`~trayapp.core.monitor.events.Notification` events to the desktop.

    Make it, and call :meth:`show`, on the runtime's event loop.

    Args:
        icons: The picture of each kind of notification.
        on_clicked: Called (on the runtime's loop) with the services of a clicked notification.
        on_failed: Called (on the runtime's loop) with a notification that could not be sent.
        on_action: Called (on the runtime's loop) with the action of a pressed button and
            its notification.
    """

    def __init__(
        self,
        *,
        icons: NoticeIcons,
        on_clicked: Callable[[tuple[str, ...]], None],
        on_failed: Callable[[Notification], None],
        on_action: Callable[[NoticeAction, Notification], None],
    ) -> None:
        from desktop_notifier import DesktopNotifier, Icon

        self._notifier = DesktopNotifier(app_name="trayapp", app_icon=Icon(path=icons.app_icon))
        self._icons = icons
        self._on_clicked = on_clicked
        self._on_failed = on_failed
        self._on_action = on_action
        self._shown: OrderedDict[int, str] = OrderedDict()
        self._in_order = asyncio.Lock()

    async def show(self, notification: Notification) -> None:
        """Send ``notification``, instead of the one it replaces if that was sent; on failure,
        hand it to ``on_failed``."""
        async with self._in_order:
            await self._close(notification.replaces)
            await self._send(notification)

    async def _close(self, replaced: int | None) -> None:
        identifier = None if replaced is None else self._shown.pop(replaced, None)
        if identifier is None:
            return
        try:
            await self._notifier.clear(identifier)
        except Exception:  # the user closed it already: desktop-notifier forgot it, and raises
            log.debug("the notification replaced was closed already", exc_info=True)

    async def _send(self, notification: Notification) -> None:
        from desktop_notifier import Capability, Icon, Urgency

        dispatched = False

        def mark_dispatched() -> None:
            nonlocal dispatched
            dispatched = True

        services = notification.services
        identifier = None
        try:
            icon = Icon(path=await asyncio.to_thread(self._icons.path, notification.kind))
        except OSError:
            log.warning("the notification's picture could not be written", exc_info=True)
            icon = None
        try:
            # A daemon without buttons (notify-osd, some minimal ones) would drop them, or
            # show their words as text: they are offered only where they are buttons.
            capable = Capability.BUTTONS in await self._notifier.get_capabilities()
            identifier = await self._notifier.send(
                title=notification.title,
                message=_body(notification.body),
                urgency=Urgency.Normal,
                icon=icon,
                buttons=self._buttons(notification) if capable else (),
                sound=None,
                on_dispatched=mark_dispatched,
                on_clicked=lambda: self._on_clicked(services),
            )
        except Exception:  # any failure of the platform's service: fall back
            log.warning("desktop notification failed", exc_info=True)
        # desktop-notifier logs a failed dispatch rather than raising it.
        if not dispatched:
            self._on_failed(notification)
        elif identifier is not None:
            self._shown[notification.id] = identifier
            while len(self._shown) > _SHOWN_KEPT:
                self._shown.popitem(last=False)

    def close(self) -> None:
        """Close the connection to the platform's service, if one was made (on the runtime's
        loop). The app never does: its notices live as long as it does."""
        # desktop-notifier 6.2 has no way to close it: its D-Bus backend keeps the bus as
        # ``bus``; the other backends have none.
        bus = getattr(getattr(self._notifier, "_backend", None), "bus", None)
        if bus is not None:
            bus.disconnect()

    def _buttons(self, notification: Notification) -> list[Button]:
        from desktop_notifier import Button

        link = notification.link
        return [
            Button(
                title=_(link.label) if action == "open" and link else _(ACTION_WORDS[action]),
                on_pressed=self._pressed(action, notification),
            )
            for action in notification.actions
        ]

    def _pressed(self, action: NoticeAction, notification: Notification) -> Callable[[], None]:
        return lambda: self._on_action(action, notification)


def _body(text: str) -> str:
    # The freedesktop protocol lets a daemon read markup in the body: text that came from a
    # server or a status page is escaped, so that it shows as written. html (with its
    # entity tables) is imported with the first notice, not with the tray.
    import html

    return html.escape(text, quote=False) if sys.platform.startswith("linux") else text
