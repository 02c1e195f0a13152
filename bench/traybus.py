"""A tray app seen from the session bus, as a StatusNotifierItem host sees it, timed.

The bench's own connection to the session bus (dbus-fast, asyncio) plays the host's part:

- :meth:`TrayBus.registration`: when the watcher announced a process's item
  (``StatusNotifierItemRegistered``): the moment the host can show its icon;
- :meth:`TrayBus.open_menu`: the menu opened as a host opens it, ``AboutToShow`` on the root
  entry, then ``GetLayout`` of the whole tree (``com.canonical.dbusmenu``), timed to the reply;
- :meth:`TrayBus.status`: ``Properties.Get`` of the item's ``Status``: a question the app's
  GUI thread answers (Qt hands each call on an object to the object's thread) and that costs it
  next to nothing, so its reply is late by as long as that thread was busy.

The timed calls go through a connection of their own that decodes nothing
(:mod:`bench.rawbus`): a host's decoding is no part of the app's answer.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from dbus_fast import Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from bench.rawbus import RawBus

__all__ = ["Item", "TrayBus", "TrayBusError"]

WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
PROPERTIES = "org.freedesktop.DBus.Properties"
ITEM_PATH = "/StatusNotifierItem"
"""Where Qt (and every other toolkit) serves the item."""
HOST_PROPERTIES = ["type", "label", "visible", "enabled", "children-display", "accessible-desc"]
"""The entries' properties gtk-sni-tray's libdbusmenu asks for in its ``GetLayout``."""


class TrayBusError(RuntimeError):
    """A call failed, or what was waited for did not come."""


@dataclass(frozen=True)
class Item:
    """A registered tray item: the bus name that serves it, and its menu's path."""

    name: str
    menu: str


class TrayBus:
    """The session bus at ``address``, watched for tray items as they register.

    Use :meth:`connect`; the watcher's announcements are collected from then on.
    """

    def __init__(self, bus: MessageBus, timed: RawBus) -> None:
        self._bus = bus
        self._timed = timed
        self._registered: list[tuple[float, str]] = []
        self._pids: dict[str, int | None] = {}
        self._arrived = asyncio.Event()
        bus.add_message_handler(self._on_message)

    @classmethod
    async def connect(cls, address: str) -> TrayBus:
        """Connect to the session bus at ``address`` and listen to the watcher."""
        bus = await MessageBus(bus_address=address).connect()
        tray_bus = cls(bus, await RawBus.connect(address))
        rule = f"type='signal',interface='{WATCHER}',member='StatusNotifierItemRegistered'"
        await tray_bus._call(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "AddMatch", "s", [rule],
        )  # fmt: skip
        return tray_bus

    def close(self) -> None:
        """Leave the bus."""
        self._timed.close()
        self._bus.disconnect()

    def _on_message(self, message: Message) -> None:
        if (
            message.message_type == MessageType.SIGNAL
            and message.interface == WATCHER
            and message.member == "StatusNotifierItemRegistered"
        ):
            self._registered.append((time.perf_counter(), str(message.body[0])))
            self._arrived.set()

    async def registration(self, pid: int, timeout: float = 30) -> tuple[float, Item]:
        """Wait for process ``pid``'s tray item to be registered with the watcher.

        Returns:
            When the watcher's announcement arrived (``time.perf_counter()``), and the item.

        Raises:
            TrayBusError: No item of ``pid`` was registered within ``timeout`` seconds.
        """
        deadline = time.perf_counter() + timeout
        looked = 0
        while True:
            while looked < len(self._registered):  # it may grow while a name is looked up
                at, name = self._registered[looked]
                looked += 1
                if name not in self._pids:
                    self._pids[name] = await self._pid_of(name)
                if self._pids[name] == pid:
                    menu = await self.property(name, "Menu")
                    return at, Item(name, str(menu))
            self._arrived.clear()  # all seen: only an announcement still to come sets it
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - time.perf_counter())
            except TimeoutError:
                raise TrayBusError(f"process {pid} registered no tray item") from None

    async def status(self, item: Item) -> float:
        """Ask ``item`` its ``Status``; seconds to the reply."""
        get = _message(item.name, ITEM_PATH, PROPERTIES, "Get", "ss", [ITEM, "Status"])
        took, _ = await self._timed.call(get)
        return took

    async def open_menu(self, item: Item) -> float:
        """Open ``item``'s menu as a host does: ``AboutToShow`` of the root entry, then the
        whole layout; seconds to the layout's last byte."""
        shown, _ = await self._timed.call(
            _message(item.name, item.menu, MENU, "AboutToShow", "i", [0])
        )
        laid_out, _ = await self._timed.call(
            _message(item.name, item.menu, MENU, "GetLayout", "iias", [0, -1, HOST_PROPERTIES])
        )
        return shown + laid_out

    async def menu_entries(self, item: Item) -> int:
        """How many entries the top level of ``item``'s menu holds, as its layout says."""
        _, (_, _, entries) = await self._call(
            item.name, item.menu, MENU, "GetLayout", "iias", [0, 1, []]
        )
        return len(entries)

    async def property(self, name: str, key: str) -> Any:
        """The value of the tray item property ``key`` of the item served by ``name``."""
        (value,) = await self._call(name, ITEM_PATH, PROPERTIES, "Get", "ss", [ITEM, key])
        return value.value if isinstance(value, Variant) else value

    async def _pid_of(self, name: str) -> int | None:
        try:
            (pid,) = await self._call(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "GetConnectionUnixProcessID", "s", [name],
            )  # fmt: skip
        except TrayBusError:
            return None  # gone already: not the one started last
        return int(pid)

    async def _call(
        self, destination: str, path: str, interface: str, member: str, signature: str,
        body: list[Any],
    ) -> list[Any]:  # fmt: skip
        reply = await self._bus.call(
            _message(destination, path, interface, member, signature, body)
        )
        if reply is None or reply.message_type == MessageType.ERROR:
            error = reply.body if reply is not None else "no reply"
            raise TrayBusError(f"{destination} {interface}.{member}: {error}")
        return list(reply.body)


def _message(
    destination: str, path: str, interface: str, member: str, signature: str, body: list[Any]
) -> Message:
    return Message(
        destination=destination,
        path=path,
        interface=interface,
        member=member,
        signature=signature,
        body=body,
    )
