"""A stand-in notification daemon: ``org.freedesktop.Notifications`` on a bus of the test's own.

:class:`StandInNotifications` answers what desktop-notifier asks (the capabilities, the
server's name, ``Notify``, ``CloseNotification``), keeps every ``Notify`` call and every
request in order, and plays the user:
:meth:`~StandInNotifications.press` emits ``ActionInvoked`` for a button, as a daemon does when
its button is pressed. No other client can do that on a real daemon's behalf (a signal comes
from the name's owner); tests/e2e/test_notices.py has dunst's own context menu press them.

It is served from a thread of its own, on a bus from
:func:`~tests.support.systembus.private_system_bus`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Annotated, Any

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import ServiceInterface, dbus_method, dbus_signal

from tests.support.systembus import ServedOnBus

__all__ = ["NotifyCall", "StandInNotifications"]

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"

DBusStrs = Annotated[list[str], DBusSignature("as")]
DBusHints = Annotated[dict[str, Any], DBusSignature("a{sv}")]
DBusInt32 = Annotated[int, DBusSignature("i")]
DBusServerInformation = Annotated[list[str], DBusSignature("ssss")]
DBusIdAndKey = Annotated[list[Any], DBusSignature("us")]
DBusIdAndReason = Annotated[list[int], DBusSignature("uu")]


@dataclass(frozen=True)
class NotifyCall:
    """One ``Notify`` call, as the daemon received it."""

    id: int
    app_name: str
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    """Pairs flattened, as the protocol has them: ``[key, words, key, words, ...]``."""
    replaces_id: int = 0
    """The notification it is to replace in place; 0 for none."""

    def buttons(self) -> dict[str, str]:
        """The buttons' words, each with its key (the body's own ``default`` left out)."""
        pairs = zip(self.actions[::2], self.actions[1::2], strict=True)
        return {words: key for key, words in pairs if key != "default"}


class _Daemon(ServiceInterface):
    def __init__(self, capabilities: list[str]) -> None:
        super().__init__(NAME)
        self.capabilities = capabilities
        self.calls: list[NotifyCall] = []
        self.requests: list[tuple[str, int]] = []
        self.received = threading.Condition()

    @dbus_method()
    def GetCapabilities(self) -> DBusStrs:  # noqa: N802 (D-Bus names)
        return self.capabilities

    @dbus_method()
    def GetServerInformation(self) -> DBusServerInformation:  # noqa: N802
        return ["stand-in", "trayapp tests", "1.0", "1.2"]

    @dbus_method()
    def Notify(  # noqa: N802
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: DBusStrs,
        hints: DBusHints,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        with self.received:
            # Replacing keeps the id, as the specification asks.
            number = replaces_id or len(self.calls) + 1
            call = NotifyCall(number, app_name, app_icon, summary, body, actions, replaces_id)
            self.calls.append(call)
            self.requests.append(("Notify", call.id))
            self.received.notify_all()
        return call.id

    @dbus_method()
    def CloseNotification(self, id: DBusUInt32):  # type: ignore[no-untyped-def] # noqa: N802, A002
        # no return annotation: dbus-fast reads "None" as a signature
        with self.received:
            self.requests.append(("CloseNotification", id))
        self.NotificationClosed(id, 3)  # closed by a call, as daemons tell every client

    @dbus_signal()
    def ActionInvoked(self, id: int, key: str) -> DBusIdAndKey:  # noqa: N802, A002
        return [id, key]

    @dbus_signal()
    def NotificationClosed(self, id: int, reason: int) -> DBusIdAndReason:  # noqa: N802, A002
        return [id, reason]


class StandInNotifications(ServedOnBus):
    """``org.freedesktop.Notifications`` on the bus at ``address``, served from a thread.

    Args:
        address: The bus.
        capabilities: What it says it can do: ``actions`` for buttons, ``body``, ...
    """

    def __init__(self, address: str, capabilities: list[str]) -> None:
        super().__init__(address)
        self._daemon = _Daemon(capabilities)

    async def _export(self, bus: MessageBus) -> None:
        bus.export(PATH, self._daemon)
        await bus.request_name(NAME)

    @property
    def calls(self) -> list[NotifyCall]:
        """Every ``Notify`` call so far, in order."""
        with self._daemon.received:
            return list(self._daemon.calls)

    @property
    def requests(self) -> list[tuple[str, int]]:
        """Every ``Notify`` and ``CloseNotification`` so far, in order, each with the id of
        the notification it made or closed."""
        with self._daemon.received:
            return list(self._daemon.requests)

    def dismiss(self, call: NotifyCall) -> None:
        """The user closed ``call``'s notification: ``NotificationClosed``, dismissed."""
        self._loop.call_soon_threadsafe(self._daemon.NotificationClosed, call.id, 2)

    def press(self, call: NotifyCall, key: str) -> None:
        """The user pressed the button ``key`` of ``call``'s notification (``default``: its
        body): ``ActionInvoked``, then ``NotificationClosed`` (dismissed), as daemons send."""

        def emit() -> None:
            self._daemon.ActionInvoked(call.id, key)
            self._daemon.NotificationClosed(call.id, 2)

        self._loop.call_soon_threadsafe(emit)
