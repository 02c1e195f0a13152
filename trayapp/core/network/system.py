"""The operating system's word on the network, on Linux: NetworkManager's, or the kernel's routes.

Run on the runtime's loop, :func:`follow_system` says what the system tells of the network
each time it changes, as a :class:`SystemWord`, and which of two sources tells it:

``networkmanager``
    NetworkManager on the system bus, when it answers there within :data:`BUS_TIMEOUT`: the
    properties of its manager object (``State``, ``Connectivity``, ``Metered`` and
    ``PrimaryConnectionType``), read once and followed through ``PropertiesChanged``. It
    tells all four parts of a word: how far the network reaches, a captive portal (from its
    own connectivity check), the medium, and whether the network is metered.
``netlink``
    The kernel's routing table, where NetworkManager does not run (or stops running): a
    netlink socket (``NETLINK_ROUTE``) says when a link, an address or a route changed, and
    the routes are then read again from ``/proc/net/route`` and ``/proc/net/ipv6_route``. A
    default route is a way out ("online"); none is "disconnected". The medium is the name of
    the interface the default route goes through, so that another way out (Wi-Fi instead of
    the cable) is another network. Neither a captive portal nor metering can be told.

Both are what Qt's ``networkmanager`` and ``glib`` backends read, asked from the runtime's
loop instead of loaded in the GUI thread: every question to the bus has a timeout, so a bus
or a NetworkManager that hangs costs the hints and nothing else, and the tray needs neither
Qt's network module nor GLib's network monitor (about 6 MiB of memory between them).

A word never decides the network's state: the UI turns it into hints
(:class:`~trayapp.core.network.status.NetworkHint`) that make the monitor ask at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from trayapp.core.network.status import Reachability

__all__ = [
    "BUS_TIMEOUT",
    "SystemWord",
    "follow_system",
    "network_manager_word",
    "routes_word",
    "system_bus_may_exist",
]

log = logging.getLogger(__name__)

BUS_TIMEOUT = 3.0
"""Seconds the system bus, and NetworkManager on it, have to answer each question."""
PROC_NET = Path("/proc/net")
"""Where the kernel's routing tables are read."""
SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket"
"""The system bus's address when ``DBUS_SYSTEM_BUS_ADDRESS`` names none (D-Bus's default)."""

NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"
_BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
_PROPERTIES = "org.freedesktop.DBus.Properties"

# NetworkManager's NMState, NMConnectivityState and NMMetered, as its D-Bus API gives them.
_STATES = {
    10: Reachability.DISCONNECTED,  # asleep
    20: Reachability.DISCONNECTED,
    30: Reachability.DISCONNECTED,  # disconnecting
    50: Reachability.LOCAL,
    60: Reachability.SITE,
    70: Reachability.ONLINE,
}  # unknown (0) and connecting (40) say nothing yet
_PORTAL = {1: False, 2: True, 3: False, 4: False}  # unknown (0): not checked, or checking
_METERED = {1: True, 2: False, 3: True, 4: False}  # yes, no, guessed yes, guessed no
_MEDIA = {
    "802-3-ethernet": "ethernet",
    "802-11-wireless": "wifi",
    "gsm": "cellular",
    "cdma": "cellular",
    "bluetooth": "bluetooth",
}

# Linux's netlink groups of NETLINK_ROUTE (linux/rtnetlink.h), and the flags of a route.
_GROUPS = 0x1 | 0x10 | 0x40 | 0x100 | 0x400  # links, IPv4 addresses and routes, IPv6 both
_RTF_UP = 0x1
_RTF_REJECT = 0x200


@dataclass(frozen=True, slots=True)
class SystemWord:
    """What the operating system says of the network at one moment.

    Attributes:
        reachability: How far the network reaches.
        captive_portal: Whether a captive portal stands in the way; None when not told.
        medium: What the way out goes over (``ethernet``, ``wifi``, ``cellular``, an
            interface's name), "" when not told or there is none: compared, never shown.
        metered: Whether the network is metered; None when not told.
    """

    reachability: Reachability = Reachability.UNKNOWN
    captive_portal: bool | None = None
    medium: str = ""
    metered: bool | None = None


def network_manager_word(properties: Mapping[str, Any]) -> SystemWord:
    """The word of NetworkManager's manager object, from its properties' values."""
    kind = str(properties.get("PrimaryConnectionType", ""))
    return SystemWord(
        _STATES.get(properties.get("State", 0), Reachability.UNKNOWN),
        _PORTAL.get(properties.get("Connectivity", 0)),
        _MEDIA.get(kind, kind),
        _METERED.get(properties.get("Metered", 0)),
    )


def routes_word(ipv4: str, ipv6: str) -> SystemWord:
    """The word of the kernel's routes, from the text of ``/proc/net/route`` and of
    ``/proc/net/ipv6_route``: online through the interfaces of the default routes."""
    ways: set[str] = set()
    for line in ipv4.splitlines()[1:]:  # a header, then a route a line
        fields = line.split()
        if len(fields) >= 8 and fields[1] == fields[7] == "00000000":
            with contextlib.suppress(ValueError):
                if int(fields[3], 16) & _RTF_UP:
                    ways.add(fields[0])
    for line in ipv6.splitlines():
        fields = line.split()
        if len(fields) >= 10 and fields[1] == "00" and not fields[0].strip("0"):
            with contextlib.suppress(ValueError):
                flags = int(fields[8], 16)
                if flags & _RTF_UP and not flags & _RTF_REJECT and fields[9] != "lo":
                    ways.add(fields[9])
    if not ways:
        return SystemWord(Reachability.DISCONNECTED)
    return SystemWord(Reachability.ONLINE, medium=",".join(sorted(ways)))


def system_bus_may_exist(environ: Mapping[str, str]) -> bool:
    """False when every address of the system bus is a socket file that is not there: no
    bus to ask (a container, a session without one), so no D-Bus client need be loaded to
    find out. True for anything else, the addresses only a client can try included.
    """
    address = environ.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS
    for entry in address.split(";"):
        transport, _, options = entry.partition(":")
        keys = dict(option.partition("=")[::2] for option in options.split(","))
        if transport != "unix" or "path" not in keys or os.path.exists(unquote(keys["path"])):
            return True
    return False


async def follow_system(
    backend: Callable[[str], None],
    say: Callable[[SystemWord], None],
    *,
    timeout: float = BUS_TIMEOUT,
) -> None:
    """Say the system's word on the network each time it changes, until cancelled.

    ``backend`` is called with the source's name as it starts following one
    (``networkmanager``, ``netlink``), and with "" when there is none to follow (no netlink
    socket to be had); ``say`` with the first word, then each new one. Run it on the
    runtime's loop; both are called there.
    """
    if system_bus_may_exist(os.environ):
        with contextlib.suppress(_NoManager):
            await _follow_network_manager(backend, say, timeout)
            log.info(
                "no more word from NetworkManager (it left the system bus, or the bus went "
                "away); the kernel's routes tell from now on"
            )
    await _follow_routes(backend, say)


class _NoManager(Exception):
    """NetworkManager is not on the system bus, or the bus does not answer in time."""


async def _follow_network_manager(
    backend: Callable[[str], None], say: Callable[[SystemWord], None], timeout: float
) -> None:
    """Follow NetworkManager until it leaves the bus.

    Raises:
        _NoManager: it is not there to follow (the reason is logged).
    """
    from dbus_fast import BusType, Message, MessageType
    from dbus_fast.aio import MessageBus
    from dbus_fast.errors import DBusFastError

    bus = MessageBus(bus_type=BusType.SYSTEM)
    properties: dict[str, Any] = {}
    gone = asyncio.Event()
    following = False
    last: SystemWord | None = None

    def tell() -> None:
        nonlocal last
        word = network_manager_word(properties)
        if word != last:
            last = word
            say(word)

    def heard(message: Message) -> None:
        if message.message_type is not MessageType.SIGNAL:
            return
        if message.member == "NameOwnerChanged" and message.body[:1] == [NM]:
            if not message.body[2]:
                gone.set()
        elif message.member == "PropertiesChanged" and message.path == NM_PATH:
            interface, changed = message.body[0], message.body[1]
            if interface == NM:
                properties.update((name, value.value) for name, value in changed.items())
                if following and not gone.is_set():
                    tell()

    async def ask(destination: str, path: str, interface: str, member: str, *body: str) -> Any:
        reply = await bus.call(
            Message(
                destination=destination,
                path=path,
                interface=interface,
                member=member,
                signature="s" * len(body),
                body=list(body),
            )
        )
        if reply is None or reply.message_type is MessageType.ERROR:
            raise _NoManager(reply.error_name if reply is not None else "no reply")
        return reply.body

    try:
        try:
            async with asyncio.timeout(timeout):
                await bus.connect()
                bus.add_message_handler(heard)
                for rule in (
                    f"type='signal',sender='{NM}',path='{NM_PATH}',interface='{_PROPERTIES}',"
                    "member='PropertiesChanged'",
                    f"type='signal',sender='{_BUS[0]}',interface='{_BUS[2]}',"
                    f"member='NameOwnerChanged',arg0='{NM}'",
                ):
                    await ask(*_BUS, "AddMatch", rule)
                (owned,) = await ask(*_BUS, "NameHasOwner", NM)
                if not owned:
                    raise _NoManager("NetworkManager is not on the system bus")
                (values,) = await ask(NM, NM_PATH, _PROPERTIES, "GetAll", NM)
        except TimeoutError:
            log.info("the system bus does not answer within %g s", timeout)
            raise _NoManager from None
        except (OSError, EOFError, DBusFastError) as error:
            # No bus, or one that turns us away.
            log.debug("the system bus: %s", error)
            raise _NoManager from error
        except _NoManager as error:
            log.debug("no NetworkManager: %s", error)
            raise
        # Signals heard before the reply are older than it: its values stand.
        properties.update((name, value.value) for name, value in values.items())
        backend("networkmanager")
        following = True
        tell()
        disconnected = asyncio.ensure_future(bus.wait_for_disconnect())  # type: ignore[no-untyped-call]
        left = asyncio.ensure_future(gone.wait())
        # A bus that drops us ends wait_for_disconnect with its error: it is spent here.
        disconnected.add_done_callback(_spent)
        try:
            await asyncio.wait({disconnected, left}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in (disconnected, left):
                waiting.cancel()
    finally:
        bus.disconnect()


def _spent(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


async def _follow_routes(backend: Callable[[str], None], say: Callable[[SystemWord], None]) -> None:
    """Follow the kernel's routes: read again each time netlink says something changed.

    One change (a cable in) comes as several messages (the link, its address, its routes),
    and a read between them may say a word the next read takes back: the UI merges the
    words of a burst into one hint.
    """
    try:
        news = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    except (OSError, AttributeError) as error:  # not Linux, or a sandbox without netlink
        log.info("no netlink socket (%s): no word on the network from the kernel", error)
        backend("")
        return
    loop = asyncio.get_running_loop()
    heard = asyncio.Event()
    with news:
        news.setblocking(False)
        news.bind((0, _GROUPS))
        loop.add_reader(news.fileno(), heard.set)
        try:
            backend("netlink")
            last = _read_routes()
            say(last)
            while True:
                await heard.wait()
                heard.clear()
                _drain(news)
                word = _read_routes()
                if word != last:
                    last = word
                    say(word)
        finally:
            loop.remove_reader(news.fileno())


def _drain(news: socket.socket) -> None:
    """Read what the socket holds: its news only says that something changed."""
    while True:
        try:
            if not news.recv(65536):
                return
        except BlockingIOError:
            return
        except OSError:  # ENOBUFS: more news than the socket kept; the routes are read anyway
            return


def _read_routes() -> SystemWord:
    def text(name: str) -> str:
        try:
            return (PROC_NET / name).read_text(encoding="ascii", errors="replace")
        except OSError:  # no IPv6 here, say
            return ""

    return routes_word(text("route"), text("ipv6_route"))
