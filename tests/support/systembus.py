"""The operating system's word on the network, played for real: a private system bus with a
stand-in NetworkManager, and a program that prints the hints trayapp takes from it.

- :func:`private_system_bus` starts a ``dbus-daemon`` of the test's own; a process given its
  address as ``DBUS_SYSTEM_BUS_ADDRESS`` takes it for the system bus.
- :class:`StandInNetworkManager` is ``org.freedesktop.NetworkManager`` on that bus, with what
  trayapp and Qt's ``networkmanager`` backend read of it (the state, the connectivity, the
  primary connection, its type and device, and whether it is metered); the test changes them
  and the stand-in says so on the bus, as NetworkManager does.
- ``python -m tests.support.systembus`` is trayapp's side: the system's word followed by
  :class:`~trayapp.ui.netinfo.NetworkWatch`, as the tray app does; it prints
  ``watching <source>``, then each hint as a line of JSON. :class:`HintProgram` runs it.

A program of its own can be put in a network namespace of its own, and Qt loads one backend
per process, for good."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Self

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusObjectPath, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.service import PropertyAccess, ServiceInterface, dbus_property

__all__ = [
    "CONNECTED_GLOBAL",
    "CONNECTED_SITE",
    "CONNECTIVITY_FULL",
    "CONNECTIVITY_PORTAL",
    "DISCONNECTED",
    "ETHERNET",
    "WIFI",
    "HintProgram",
    "ServedOnBus",
    "StandInNetworkManager",
    "SystemBus",
    "can_unshare_network",
    "private_system_bus",
]

ROOT = Path(__file__).resolve().parents[2]
NM = "org.freedesktop.NetworkManager"
NM_PATH = "/org/freedesktop/NetworkManager"

# NetworkManager's values (its D-Bus API's NMState and NMConnectivityState).
DISCONNECTED = 20
CONNECTED_SITE = 60
CONNECTED_GLOBAL = 70
CONNECTIVITY_PORTAL = 2
CONNECTIVITY_FULL = 4

ETHERNET = f"{NM_PATH}/ActiveConnection/1"
"""The active connection over a cable, for ``PrimaryConnection``."""
WIFI = f"{NM_PATH}/ActiveConnection/2"
"""The active connection over Wi-Fi (metered), for ``PrimaryConnection``."""

DBusObjectPaths = Annotated[list[str], DBusSignature("ao")]


@dataclass(frozen=True)
class SystemBus:
    """A running ``dbus-daemon`` of the test's own."""

    address: str
    daemon: subprocess.Popen[bytes]

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """The daemon stopped (SIGSTOP) while inside: a bus that hangs."""
        os.kill(self.daemon.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.daemon.pid, signal.SIGCONT)


@contextlib.contextmanager
def private_system_bus(folder: Path) -> Iterator[SystemBus]:
    """A ``dbus-daemon`` listening in ``folder``, stopped after."""
    address = f"unix:path={folder / 'system_bus_socket'}"
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", f"--address={address}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert daemon.stdout is not None
        assert daemon.stdout.readline().strip(), "dbus-daemon did not start"
        yield SystemBus(address, daemon)
    finally:
        daemon.terminate()
        daemon.wait(10)
        daemon.stdout.close()


class _Manager(ServiceInterface):
    def __init__(self) -> None:
        super().__init__(NM)
        self.values: dict[str, Any] = {
            "State": CONNECTED_GLOBAL,
            "Connectivity": CONNECTIVITY_FULL,
            "PrimaryConnection": ETHERNET,
            "PrimaryConnectionType": "802-3-ethernet",
            "Metered": 4,  # NM_METERED_GUESS_NO
        }

    @dbus_property(access=PropertyAccess.READ)
    def State(self) -> DBusUInt32:  # noqa: N802 (D-Bus names)
        return int(self.values["State"])

    @dbus_property(access=PropertyAccess.READ)
    def Connectivity(self) -> DBusUInt32:  # noqa: N802
        return int(self.values["Connectivity"])

    @dbus_property(access=PropertyAccess.READ)
    def PrimaryConnection(self) -> DBusObjectPath:  # noqa: N802
        return str(self.values["PrimaryConnection"])

    @dbus_property(access=PropertyAccess.READ)
    def PrimaryConnectionType(self) -> DBusStr:  # noqa: N802
        return str(self.values["PrimaryConnectionType"])

    @dbus_property(access=PropertyAccess.READ)
    def Metered(self) -> DBusUInt32:  # noqa: N802
        return int(self.values["Metered"])


class _ActiveConnection(ServiceInterface):
    def __init__(self, device: str, kind: str) -> None:
        super().__init__(f"{NM}.Connection.Active")
        self._device = device
        self._kind = kind

    @dbus_property(access=PropertyAccess.READ)
    def Devices(self) -> DBusObjectPaths:  # noqa: N802
        return [self._device]

    @dbus_property(access=PropertyAccess.READ)
    def Type(self) -> DBusStr:  # noqa: N802
        return self._kind


class _Device(ServiceInterface):
    def __init__(self, device_type: int, metered: int) -> None:
        super().__init__(f"{NM}.Device")
        self._device_type = device_type
        self._metered = metered

    @dbus_property(access=PropertyAccess.READ)
    def DeviceType(self) -> DBusUInt32:  # noqa: N802
        return self._device_type

    @dbus_property(access=PropertyAccess.READ)
    def Metered(self) -> DBusUInt32:  # noqa: N802
        return self._metered


class ServedOnBus:
    """A stand-in D-Bus service on the bus at ``address``, served from a thread of its own
    (its own event loop), so that a test's loop and the app's own talk to it as to a real
    daemon. A subclass exports its objects in :meth:`_export`; use it as a context manager.
    """

    def __init__(self, address: str) -> None:
        self._address = address
        self._loop = asyncio.new_event_loop()
        self._bus: MessageBus | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _serve(self) -> None:
        bus = self._bus = await MessageBus(bus_address=self._address).connect()
        await self._export(bus)

    async def _export(self, bus: MessageBus) -> None:
        raise NotImplementedError

    async def _close(self) -> None:
        bus, self._bus = self._bus, None
        if bus is not None:
            bus.disconnect()
            with contextlib.suppress(EOFError, OSError):  # the bus went away first
                await bus.wait_for_disconnect()


_CONNECTIONS = {
    ETHERNET: (f"{NM_PATH}/Devices/1", "802-3-ethernet", 1, 4),
    WIFI: (f"{NM_PATH}/Devices/2", "802-11-wireless", 2, 1),  # NM_METERED_YES
}
"""Each active connection's device, type, device type and whether it is metered."""


class StandInNetworkManager(ServedOnBus):
    """``org.freedesktop.NetworkManager`` on the bus at ``address``, served from a thread.

    It starts online over Ethernet, with full connectivity.
    """

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self._manager = _Manager()

    async def _export(self, bus: MessageBus) -> None:
        bus.export(NM_PATH, self._manager)
        for connection, (device, kind, device_type, metered) in _CONNECTIONS.items():
            bus.export(connection, _ActiveConnection(device, kind))
            bus.export(device, _Device(device_type, metered))
        await bus.request_name(NM)

    def set(self, **values: int | str) -> None:
        """Change these properties of the manager, and say so on the bus. Another
        ``PrimaryConnection`` brings its type and metering along, as NetworkManager's does."""
        if "PrimaryConnection" in values:
            _, kind, _, metered = _CONNECTIONS[str(values["PrimaryConnection"])]
            values = {"PrimaryConnectionType": kind, "Metered": metered, **values}
        asyncio.run_coroutine_threadsafe(self._change(values), self._loop).result(10)

    async def _change(self, values: dict[str, int | str]) -> None:
        self._manager.values.update(values)
        self._manager.emit_properties_changed(dict(values))

    def leave(self) -> None:
        """Leave the bus, as NetworkManager does when it stops."""
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """Answer nothing while inside, as a NetworkManager that hangs."""
        thawed = threading.Event()
        self._loop.call_soon_threadsafe(thawed.wait)
        try:
            yield
        finally:
            thawed.set()


class HintProgram:
    """``python -m tests.support.systembus``, running; its lines are read as they come.

    Args:
        command: What to put before the program (``unshare`` and its options, say).
        env: The program's environment.
    """

    def __init__(self, env: dict[str, str], command: Sequence[str] = ()) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            [*command, sys.executable, "-m", "tests.support.systembus"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.process.stdout:
            for line in self.process.stdout:
                self._lines.put(line.strip())

    def line(self, timeout: float = 20.0) -> str:
        """The next line the program prints.

        Raises:
            AssertionError: none within ``timeout`` seconds.
        """
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"the hint program said nothing in {timeout} s") from None

    def hint(self, timeout: float = 20.0) -> dict[str, Any]:
        """The next hint the program prints, as JSON."""
        value: dict[str, Any] = json.loads(self.line(timeout))
        return value

    def until(self, wanted: dict[str, Any], most: int = 6) -> dict[str, Any]:
        """The first of the next ``most`` hints that has every key and value of ``wanted``.

        Qt reports one change of NetworkManager's state as one signal or several, in an
        order of its own, and the watcher merges bursts: a test waits for the state it
        caused, not for an exact sequence of hints.

        Raises:
            AssertionError: none of them did (they are named).
        """
        seen = []
        for _ in range(most):
            hint = self.hint()
            if all(hint.get(key) == value for key, value in wanted.items()):
                return hint
            seen.append(hint)
        raise AssertionError(f"no hint with {wanted} among {seen}")

    def stop(self) -> None:
        """Stop the program."""
        self.process.terminate()
        self.process.wait(10)
        self._reader.join(10)


def can_unshare_network() -> bool:
    """Whether this machine lets a process have a network namespace (and user) of its own."""
    if not all(shutil.which(tool) for tool in ("unshare", "nsenter", "ip")):
        return False
    tried = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--net", "true"], capture_output=True, check=False
    )
    return tried.returncode == 0


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _main() -> None:
    from PySide6.QtCore import QCoreApplication

    from trayapp.core.monitor import NetworkHint
    from trayapp.runtime import Runtime
    from trayapp.ui.netinfo import NetworkWatch

    app = QCoreApplication(sys.argv[:1])
    runtime = Runtime()
    runtime.start()
    watch = NetworkWatch(settle_ms=0)

    def said(hint: NetworkHint) -> None:
        line = {
            "reachability": hint.reachability.value,
            "captive_portal": hint.captive_portal,
            "changed": hint.changed,
        }
        _say(json.dumps(line))

    watch.hinted.connect(said)
    watch.watching.connect(lambda backend: _say(f"watching {backend}"))
    watch.start(runtime)
    app.exec()


if __name__ == "__main__":
    _main()
