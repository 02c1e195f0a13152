"""The operating system's word on the network, from Qt's QNetworkInformation, as hints.

Qt loads one backend per process. On Linux it is ``networkmanager`` when NetworkManager is
on the system bus, else ``glib`` (GLib's network monitor: the kernel's routes, or
NetworkManager's word), else ``connman``; Windows, macOS and Android have their own. What
each tells, as PySide6 6.11 ships them::

    backend          reachability  captive portal  transport medium  metered
    networkmanager   yes           yes             yes               yes
    glib             yes           yes             no                yes
    connman          yes           no              yes               no

:class:`NetworkWatch` turns the backend's signals into
:class:`~trayapp.core.monitor.NetworkHint` values, which the app hands to the monitor
(:meth:`~trayapp.runtime.MonitorHost.network_hint`). A hint never decides the network's
state: it makes the monitor ask at once, instead of an interval later. A hint is
``changed`` when the network itself changed (see :class:`SystemView`)::

    reachability  from no way out to some, or back: disconnected or local <-> site or online
                  (unknown, while a backend connects, says nothing: the last known counts)
    medium        any change: from Ethernet to Wi-Fi, a cable out
    metered       any change: a phone's hotspot instead of the office's Wi-Fi

A change of network comes as a burst of signals (down, connecting, up, another medium): the
first hint goes out at once, the rest of the burst merged into one :data:`SETTLE_MS` later.

Loading a backend asks the system bus, with no timeout, and PySide holds the interpreter's
lock meanwhile: with a dbus-daemon that hangs, loading never returns, and no thread of
trayapp's runs again (measured: still waiting after two minutes). So the runtime first asks
the bus, with a timeout (:func:`system_bus_answers`); only when it answers, or there is no
bus, does the GUI thread load the backend, the thread Qt wants it loaded in. Loading then
takes 10 to 30 ms. With no backend, trayapp says so once in its log, and the canaries alone
tell.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Mapping
from urllib.parse import unquote

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from trayapp.core.monitor import NetworkHint, Reachability
from trayapp.runtime import Runtime
from trayapp.ui.futures import Outcome, when_done

__all__ = [
    "BUS_TIMEOUT",
    "SETTLE_MS",
    "NetworkWatch",
    "SystemView",
    "load_network_information",
    "reachability_of",
    "system_bus_answers",
    "system_bus_may_exist",
]

log = logging.getLogger(__name__)

SETTLE_MS = 1000
"""How long the hints of one burst of signals are merged into one, in milliseconds."""
BUS_TIMEOUT = 3.0
"""Seconds the system bus, and the network services on it, have to answer."""
BUS_SERVICES = ("org.freedesktop.NetworkManager", "net.connman")
"""The services on the system bus that Qt's backends ask."""
SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket"
"""The system bus's address when ``DBUS_SYSTEM_BUS_ADDRESS`` names none (D-Bus's default)."""

Medium = QNetworkInformation.TransportMedium

_REACHABILITY = {
    QNetworkInformation.Reachability.Unknown: Reachability.UNKNOWN,
    QNetworkInformation.Reachability.Disconnected: Reachability.DISCONNECTED,
    QNetworkInformation.Reachability.Local: Reachability.LOCAL,
    QNetworkInformation.Reachability.Site: Reachability.SITE,
    QNetworkInformation.Reachability.Online: Reachability.ONLINE,
}

_WAY_OUT = frozenset({Reachability.SITE, Reachability.ONLINE})
"""Reachabilities with a way beyond the local network: the network is there."""


def reachability_of(value: QNetworkInformation.Reachability) -> Reachability:
    """Qt's reachability in the core's words."""
    return _REACHABILITY[value]


class SystemView:
    """What the operating system last said of the network, and the hint each new word makes.

    Each method takes a new value and returns the hint it makes, or None when nothing
    changed. Every hint carries the reachability and captive portal last said.

    Args:
        reachability: What the backend says when it is loaded.
        captive_portal: Likewise; None when the backend cannot tell.
        medium: Likewise.
        metered: Likewise; None when the backend cannot tell.
    """

    def __init__(
        self,
        reachability: Reachability = Reachability.UNKNOWN,
        *,
        captive_portal: bool | None = None,
        medium: Medium = Medium.Unknown,
        metered: bool | None = None,
    ) -> None:
        self.reachability = reachability
        self.captive_portal = captive_portal
        self.medium = medium
        self.metered = metered
        self._known = None if reachability is Reachability.UNKNOWN else reachability

    def reachability_changed(self, value: Reachability) -> NetworkHint | None:
        """The reachability is now ``value``: ``changed`` when a way out came or went."""
        if value is self.reachability:
            return None
        self.reachability = value
        if value is Reachability.UNKNOWN:
            return self._hint(changed=False)
        known, self._known = self._known, value
        return self._hint(changed=known is not None and (known in _WAY_OUT) != (value in _WAY_OUT))

    def captive_portal_changed(self, value: bool) -> NetworkHint | None:
        """Whether the network is behind a captive portal: the same network, seen better."""
        if value is self.captive_portal:
            return None
        self.captive_portal = value
        return self._hint(changed=False)

    def medium_changed(self, value: Medium) -> NetworkHint | None:
        """The way out goes over ``value`` now: another network."""
        if value == self.medium:
            return None
        self.medium = value
        return self._hint(changed=True)

    def metered_changed(self, value: bool) -> NetworkHint | None:
        """Whether the network is metered: another network (a phone's hotspot, say)."""
        if value is self.metered:
            return None
        self.metered = value
        return self._hint(changed=True)

    def _hint(self, *, changed: bool) -> NetworkHint:
        return NetworkHint(self.reachability, self.captive_portal, changed)


async def system_bus_answers(timeout: float = BUS_TIMEOUT) -> bool:
    """Whether loading Qt's backend cannot hang: the system bus answers, and so does each
    network service on it that a backend would ask (see :data:`BUS_SERVICES`).

    Also true off Linux (no D-Bus there) and where there is no system bus: Qt gives up at
    once too. Run it on the runtime's loop.
    """
    if not sys.platform.startswith("linux") or not system_bus_may_exist(os.environ):
        return True
    from dbus_fast import BusType, Message
    from dbus_fast.aio import MessageBus
    from dbus_fast.errors import DBusFastError

    bus = MessageBus(bus_type=BusType.SYSTEM)
    try:
        async with asyncio.timeout(timeout):
            await bus.connect()
            for name in BUS_SERVICES:
                owned = await bus.call(
                    Message(
                        destination="org.freedesktop.DBus",
                        path="/org/freedesktop/DBus",
                        interface="org.freedesktop.DBus",
                        member="NameHasOwner",
                        signature="s",
                        body=[name],
                    )
                )
                if owned.body and owned.body[0]:
                    # Any reply, an error one too, says the service is there to answer.
                    await bus.call(
                        Message(
                            destination=name,
                            path="/",
                            interface="org.freedesktop.DBus.Peer",
                            member="Ping",
                        )
                    )
    except TimeoutError:
        return False
    except (OSError, EOFError, DBusFastError) as error:
        # No bus, or one that turns us away: Qt's backends give up at once too.
        log.debug("the system bus: %s", error)
    finally:
        bus.disconnect()
    return True


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


def load_network_information() -> QNetworkInformation | None:
    """Qt's backend for this platform (or the one that tells most, reachability among it),
    loaded; None when there is none here.

    Call it on the GUI thread, once :func:`system_bus_answers` said yes.
    """
    # False also when a backend is loaded already (there is one per process): use that one.
    QNetworkInformation.loadDefaultBackend()
    information = QNetworkInformation.instance()
    if information is None or not information.supports(QNetworkInformation.Feature.Reachability):
        return None  # Qt's stand-in, which tells nothing
    return information


class NetworkWatch(QObject):
    """Follows the operating system's word on the network, and says what it hints.

    Args:
        settle_ms: How long the hints of one burst are merged (see :data:`SETTLE_MS`).

    Signals:
        hinted(object): a :class:`~trayapp.core.monitor.NetworkHint` for the monitor.
        watching(str): the name of the backend now followed; "" when there is none to follow.
    """

    hinted = Signal(object)
    watching = Signal(str)

    def __init__(self, parent: QObject | None = None, *, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self.backend: str | None = None
        """The name of the backend followed, once there is one."""
        self._view = SystemView()
        self._pending: NetworkHint | None = None
        self._settle = QTimer(self, singleShot=True, interval=settle_ms)
        self._settle.timeout.connect(self._on_settle_timeout)

    def start(self, runtime: Runtime, *, timeout: float = BUS_TIMEOUT) -> None:
        """Ask the system bus on ``runtime`` (see :func:`system_bus_answers`), then load the
        backend and follow it."""
        when_done(runtime.submit(system_bus_answers(timeout)), self, self._on_bus_answered)

    def _on_bus_answered(self, outcome: Outcome) -> None:
        if outcome.ok and outcome.value:
            self.watch(load_network_information())
        elif outcome.ok:
            log.info(
                "the system bus does not answer: no word on the network from the operating "
                "system; the canaries alone tell"
            )
            self.watching.emit("")
        # Otherwise the runtime stopped first: trayapp is quitting.

    def watch(self, information: QNetworkInformation | None) -> None:
        """Follow ``information``'s signals; with None (no backend), say so in the log."""
        if information is None:
            log.info(
                "no word on the network from the operating system (Qt has no backend that "
                "tells reachability here); the canaries alone tell"
            )
            self.watching.emit("")
            return
        features = QNetworkInformation.Feature
        self.backend = information.backendName()
        tells = information.supports
        self._view = SystemView(
            reachability_of(information.reachability()),
            captive_portal=(
                information.isBehindCaptivePortal() if tells(features.CaptivePortal) else None
            ),
            medium=information.transportMedium(),
            metered=information.isMetered() if tells(features.Metered) else None,
        )
        information.reachabilityChanged.connect(self._on_information_reachability_changed)
        information.isBehindCaptivePortalChanged.connect(
            self._on_information_is_behind_captive_portal_changed
        )
        information.transportMediumChanged.connect(self._on_information_transport_medium_changed)
        information.isMeteredChanged.connect(self._on_information_is_metered_changed)
        log.info(
            "the operating system's word on the network: Qt's %s backend says %s",
            self.backend,
            self._view.reachability.value,
        )
        self.watching.emit(self.backend)

    @Slot(QNetworkInformation.Reachability)
    def _on_information_reachability_changed(self, value: QNetworkInformation.Reachability) -> None:
        self._offer(self._view.reachability_changed(reachability_of(value)))

    @Slot(bool)
    def _on_information_is_behind_captive_portal_changed(self, value: bool) -> None:
        self._offer(self._view.captive_portal_changed(value))

    @Slot(QNetworkInformation.TransportMedium)
    def _on_information_transport_medium_changed(self, value: Medium) -> None:
        self._offer(self._view.medium_changed(value))

    @Slot(bool)
    def _on_information_is_metered_changed(self, value: bool) -> None:
        self._offer(self._view.metered_changed(value))

    def _offer(self, hint: NetworkHint | None) -> None:
        if hint is None:
            return
        if not self._settle.isActive():
            self.hinted.emit(hint)
            self._settle.start()
            return
        pending = self._pending
        changed = hint.changed or (pending is not None and pending.changed)
        self._pending = NetworkHint(hint.reachability, hint.captive_portal, changed)

    @Slot()
    def _on_settle_timeout(self) -> None:
        if self._pending is not None:
            hint, self._pending = self._pending, None
            self.hinted.emit(hint)
            self._settle.start()  # hints keep coming at most once a settle apart
