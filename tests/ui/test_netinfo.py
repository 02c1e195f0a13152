"""The operating system's word on the network, turned into hints.

What each word makes is tested on :class:`SystemView` alone; what NetworkManager's properties
and the kernel's routes say, on their values and texts; Qt's backend, used off Linux, in this
process (its signals emitted by the test); and the whole way, from a change the operating
system sees to the hint trayapp takes, in processes of their own: the kernel's routes in a
network namespace, read through netlink, and a stand-in NetworkManager on a private system
bus.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import pytest
from PySide6.QtNetwork import QNetworkInformation
from pytestqt.qtbot import QtBot

from tests.support.systembus import (
    CONNECTED_GLOBAL,
    CONNECTED_SITE,
    CONNECTIVITY_FULL,
    CONNECTIVITY_PORTAL,
    DISCONNECTED,
    WIFI,
    HintProgram,
    StandInNetworkManager,
    SystemBus,
    can_unshare_network,
    private_system_bus,
)
from trayapp.core.monitor import NetworkHint, Reachability, SystemWord
from trayapp.core.network.system import (
    SYSTEM_BUS,
    follow_system,
    network_manager_word,
    routes_word,
    system_bus_may_exist,
)
from trayapp.runtime import Runtime
from trayapp.ui.netinfo import NetworkWatch, SystemView
from trayapp.ui.qtnetinfo import load_network_information, medium_of, reachability_of

Medium = QNetworkInformation.TransportMedium
QtReachability = QNetworkInformation.Reachability

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="no dbus-daemon here (Debian's dbus-daemon)"
)


def hint(reachability: Reachability, portal: bool | None = False, *, changed: bool) -> NetworkHint:
    return NetworkHint(reachability, portal, changed)


# --- what each word makes -------------------------------------------------------------------


def test_losing_the_way_out_and_finding_one_again_are_changes_of_network() -> None:
    view = SystemView(Reachability.ONLINE, captive_portal=False)
    assert view.reachability_changed(Reachability.DISCONNECTED) == hint(
        Reachability.DISCONNECTED, changed=True
    )
    # Connecting: unknown says nothing of the network, and the last known one counts.
    assert view.reachability_changed(Reachability.UNKNOWN) == hint(
        Reachability.UNKNOWN, changed=False
    )
    assert view.reachability_changed(Reachability.SITE) == hint(Reachability.SITE, changed=True)
    assert view.reachability_changed(Reachability.LOCAL) == hint(Reachability.LOCAL, changed=True)


def test_reachability_within_the_same_side_is_no_change_of_network() -> None:
    view = SystemView(Reachability.ONLINE, captive_portal=None)
    # A portal's page signed (site to online), or the internet lost beyond the router.
    assert view.reachability_changed(Reachability.SITE) == hint(
        Reachability.SITE, None, changed=False
    )
    assert view.reachability_changed(Reachability.ONLINE) == hint(
        Reachability.ONLINE, None, changed=False
    )
    assert view.reachability_changed(Reachability.ONLINE) is None
    offline = SystemView(Reachability.DISCONNECTED)
    assert offline.reachability_changed(Reachability.LOCAL) == hint(
        Reachability.LOCAL, None, changed=False
    )


def test_the_first_reachability_known_is_no_change_of_network() -> None:
    view = SystemView(Reachability.UNKNOWN)
    assert view.reachability_changed(Reachability.ONLINE) == hint(
        Reachability.ONLINE, None, changed=False
    )
    assert view.reachability_changed(Reachability.DISCONNECTED) == hint(
        Reachability.DISCONNECTED, None, changed=True
    )


def test_a_captive_portal_is_the_same_network_seen_better() -> None:
    view = SystemView(Reachability.SITE, captive_portal=False)
    assert view.captive_portal_changed(True) == hint(Reachability.SITE, True, changed=False)
    assert view.captive_portal_changed(True) is None
    assert view.reachability_changed(Reachability.ONLINE) == hint(
        Reachability.ONLINE, True, changed=False
    )


def test_another_medium_or_metering_is_another_network() -> None:
    view = SystemView(Reachability.ONLINE, medium="ethernet", metered=False)
    assert view.medium_changed("wifi") == hint(Reachability.ONLINE, None, changed=True)
    assert view.medium_changed("wifi") is None
    assert view.metered_changed(True) == hint(Reachability.ONLINE, None, changed=True)
    assert view.metered_changed(True) is None


def test_a_whole_word_makes_one_hint_for_all_that_changed_in_it() -> None:
    first = SystemWord(Reachability.ONLINE, False, "ethernet", False)
    view = SystemView.of(first)
    assert view.said(first) is None
    # A portal seen on the same network: no change of network.
    assert view.said(SystemWord(Reachability.SITE, True, "ethernet", False)) == hint(
        Reachability.SITE, True, changed=False
    )
    # The cable out and Wi-Fi in, in one word: one hint, a change of network.
    assert view.said(SystemWord(Reachability.ONLINE, False, "wifi", True)) == hint(
        Reachability.ONLINE, False, changed=True
    )
    # Connectivity no longer checked: the portal is not known, and nothing else changed.
    assert view.said(SystemWord(Reachability.ONLINE, None, "wifi", True)) == hint(
        Reachability.ONLINE, None, changed=False
    )


def test_the_watch_starts_each_source_s_view_afresh_with_its_first_word(qtbot: QtBot) -> None:
    watch = NetworkWatch(settle_ms=0)
    hints: list[NetworkHint] = []
    watch.hinted.connect(hints.append)
    with qtbot.waitSignal(watch.watching) as watching:
        watch._sourceSaid.emit("networkmanager")
        watch._wordSaid.emit(SystemWord(Reachability.ONLINE, False, "ethernet", False))
    assert watching.args == ["networkmanager"]
    assert hints == []  # a first word is no change
    watch._wordSaid.emit(SystemWord(Reachability.DISCONNECTED, False, "", False))
    assert hints == [hint(Reachability.DISCONNECTED, changed=True)]
    # NetworkManager gone: the routes' first word, in words of their own, is no change either.
    with qtbot.waitSignal(watch.watching) as watching:
        watch._sourceSaid.emit("netlink")
        watch._wordSaid.emit(SystemWord(Reachability.DISCONNECTED))
    assert watching.args == ["netlink"]
    assert watch.backend == "netlink"
    assert len(hints) == 1


# --- what NetworkManager and the kernel's routes say ------------------------------------------


@pytest.mark.parametrize(
    ("state", "connectivity", "kind", "metered", "word"),
    [
        (70, 4, "802-3-ethernet", 4, SystemWord(Reachability.ONLINE, False, "ethernet", False)),
        (60, 2, "802-11-wireless", 1, SystemWord(Reachability.SITE, True, "wifi", True)),
        (20, 1, "", 0, SystemWord(Reachability.DISCONNECTED, False, "", None)),
        # Connecting, connectivity not checked, a medium of another kind: said as they are.
        (40, 0, "wireguard", 3, SystemWord(Reachability.UNKNOWN, None, "wireguard", True)),
    ],
)
def test_network_manager_s_properties_are_a_word(
    state: int, connectivity: int, kind: str, metered: int, word: SystemWord
) -> None:
    properties = {
        "State": state,
        "Connectivity": connectivity,
        "PrimaryConnectionType": kind,
        "Metered": metered,
    }
    assert network_manager_word(properties) == word


def test_an_old_network_manager_s_few_properties_say_what_they_can() -> None:
    assert network_manager_word({}) == SystemWord()
    assert network_manager_word({"State": 70}) == SystemWord(Reachability.ONLINE)


ROUTE_HEADER = (
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
)


def route(iface: str, destination: str, mask: str, flags: str = "0003") -> str:
    return f"{iface}\t{destination}\t0102A8C0\t{flags}\t0\t0\t100\t{mask}\t0\t0\t0\n"


def ipv6_route(iface: str, destination: str, prefix: str, flags: str = "00000003") -> str:
    zeros = "0" * 32
    return f"{destination} {prefix} {zeros} 00 {zeros} 00000400 00000001 00000000 {flags} {iface}\n"


def test_a_default_route_is_a_way_out_through_its_interface() -> None:
    lan = route("eth0", "0002A8C0", "00FFFFFF", "0001")
    assert routes_word(ROUTE_HEADER + lan, "") == SystemWord(Reachability.DISCONNECTED)
    default = route("wlan0", "00000000", "00000000")
    assert routes_word(ROUTE_HEADER + lan + default, "") == SystemWord(
        Reachability.ONLINE, None, "wlan0", None
    )
    # A default route that is down is none.
    down = route("wlan0", "00000000", "00000000", "0002")
    assert routes_word(ROUTE_HEADER + lan + down, "").reachability is Reachability.DISCONNECTED


def test_an_ipv6_default_route_counts_but_not_the_kernel_s_unreachable_one() -> None:
    unreachable = ipv6_route("lo", "0" * 32, "00", "00200200")  # RTF_REJECT, on lo
    link_local = ipv6_route("eth0", "fe80" + "0" * 28, "40", "00000001")
    assert routes_word(ROUTE_HEADER, unreachable + link_local).reachability is (
        Reachability.DISCONNECTED
    )
    default = ipv6_route("eth0", "0" * 32, "00")
    both = routes_word(ROUTE_HEADER + route("wlan0", "00000000", "00000000"), default)
    assert both == SystemWord(Reachability.ONLINE, None, "eth0,wlan0", None)


def test_garbled_route_tables_say_disconnected_and_raise_nothing() -> None:
    for ipv4, ipv6 in [("", ""), ("junk", "junk"), (ROUTE_HEADER + "eth0 00000000\n", "0 00\n")]:
        assert routes_word(ipv4, ipv6).reachability is Reachability.DISCONNECTED
    bad_flags = ROUTE_HEADER + route("eth0", "00000000", "00000000", "zz")
    assert routes_word(bad_flags, "").reachability is Reachability.DISCONNECTED


# --- the watch, on Qt's backend in this process (Windows' and macOS's way) ------------------


@pytest.fixture
def information() -> QNetworkInformation:
    """Qt's backend for this machine, loaded in this process (once, for good)."""
    loaded = load_network_information()
    if loaded is None:
        pytest.skip("Qt has no network information backend here")
    return loaded


def test_each_of_qt_s_reachabilities_has_the_core_s_word() -> None:
    words = {reachability_of(value) for value in QtReachability}
    assert words == set(Reachability)
    assert reachability_of(QtReachability.Site) is Reachability.SITE
    assert medium_of(Medium.WiFi) == "wifi"
    assert medium_of(Medium.Unknown) == ""


def test_the_backend_loads_or_is_said_to_be_absent(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "trayapp.ui.netinfo")
    watch = NetworkWatch()
    loaded = load_network_information()
    with qtbot.waitSignal(watch.watching) as watching:
        watch.watch(loaded)
    if loaded is None:
        assert watching.args == [""]
        assert "no word on the network from the operating system" in caplog.text
        return
    (backend,) = watching.args
    assert backend == watch.backend == loaded.backendName()
    assert backend in QNetworkInformation.availableBackends()
    assert f"Qt's {backend} backend says" in caplog.text
    if sys.platform.startswith("linux"):
        assert backend in {"networkmanager", "glib", "connman"}


def test_with_no_backend_the_watch_says_so_once_and_hints_nothing(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "trayapp.ui.netinfo")
    watch = NetworkWatch()
    watch.watch(None)
    assert watch.backend is None
    said = [r for r in caplog.records if "no word on the network" in r.getMessage()]
    assert len(said) == 1
    assert said[0].levelno == logging.INFO


def test_qt_s_signals_become_hints(qtbot: QtBot, information: QNetworkInformation) -> None:
    watch = NetworkWatch(settle_ms=0)
    watch.watch(information)
    now = information.reachability()
    away = (
        QtReachability.Disconnected
        if now is not QtReachability.Disconnected
        else QtReachability.Local
    )
    portal = information.isBehindCaptivePortal()
    with qtbot.waitSignal(watch.hinted) as hinted:
        information.reachabilityChanged.emit(away)
    assert hinted.args[0].reachability is reachability_of(away)
    with qtbot.waitSignal(watch.hinted) as hinted:
        information.reachabilityChanged.emit(QtReachability.Online)
    assert hinted.args[0].reachability is Reachability.ONLINE
    if information.supports(QNetworkInformation.Feature.CaptivePortal):
        assert hinted.args[0].captive_portal is portal
    else:
        assert hinted.args[0].captive_portal is None


def test_a_burst_of_signals_makes_one_hint_at_once_and_one_after(
    qtbot: QtBot, information: QNetworkInformation
) -> None:
    watch = NetworkWatch(settle_ms=0)
    watch.watch(information)
    hints: list[NetworkHint] = []
    watch.hinted.connect(hints.append)
    portal = information.isBehindCaptivePortal()
    information.isBehindCaptivePortalChanged.emit(not portal)
    assert len(hints) == 1  # the first at once
    medium = information.transportMedium()
    information.transportMediumChanged.emit(
        Medium.Cellular if medium is not Medium.Cellular else Medium.WiFi
    )
    information.isBehindCaptivePortalChanged.emit(portal)
    assert len(hints) == 1  # the rest of the burst waits
    qtbot.waitUntil(lambda: len(hints) == 2)
    merged = hints[1]
    assert merged.changed  # the medium's change is kept in the merged hint
    if information.supports(QNetworkInformation.Feature.CaptivePortal):
        assert hints[0].captive_portal is (not portal)
        assert merged.captive_portal is portal


# --- the system bus: every question with a timeout ------------------------------------------


@pytest.fixture
def system_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SystemBus]:
    """A private system bus, the one this process and its children take."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("no dbus-daemon here (Debian's dbus-daemon)")
    with private_system_bus(tmp_path) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        yield bus


class Followed:
    """:func:`follow_system`, followed on the test's loop while inside, and what it said."""

    def __init__(self, bus_timeout: float = 5.0) -> None:
        self.sources: list[str] = []
        self.words: list[SystemWord] = []
        self._bus_timeout = bus_timeout
        self._task: asyncio.Future[None] | None = None
        self._said = asyncio.Event()

    async def __aenter__(self) -> Self:
        following = follow_system(
            lambda source: self._note(self.sources, source),
            lambda word: self._note(self.words, word),
            timeout=self._bus_timeout,
        )
        self._task = asyncio.ensure_future(following)
        self._task.add_done_callback(lambda _task: self._said.set())
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    def _note(self, said: list[Any], value: Any) -> None:
        said.append(value)
        self._said.set()

    async def until(self, ready: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``ready()``, woken by each thing said; fail if following ends first."""
        task = self._task
        assert task is not None
        async with asyncio.timeout(timeout):
            while not ready():
                if task.done():
                    task.result()
                    raise AssertionError("following ended")
                self._said.clear()  # nothing runs between the check and the wait
                await self._said.wait()


def first_word(*, bus_timeout: float = 5.0) -> Followed:
    """Follow the system until its first word."""

    async def follow() -> Followed:
        async with Followed(bus_timeout) as followed:
            await followed.until(lambda: bool(followed.words))
        return followed

    return asyncio.run(follow())


def test_a_bus_whose_socket_is_not_there_needs_no_client(tmp_path: Path) -> None:
    there = tmp_path / "bus"
    there.touch()
    missing = tmp_path / "none"
    assert not system_bus_may_exist({"DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={missing}"})
    assert not system_bus_may_exist(
        {"DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={missing};unix:path={missing}2"}
    )
    # Any address a client would have to try: another transport, an abstract socket, a file.
    for address in (
        f"unix:path={missing};unix:path={there}",
        f"unix:path={tmp_path}/b%75s",  # escaped, as the specification allows
        "unix:abstract=/tmp/dbus-system",
        "tcp:host=127.0.0.1,port=1",
        "",  # unset: D-Bus's default path, which a desktop has
    ):
        expected = address != "" or Path(SYSTEM_BUS.removeprefix("unix:path=")).exists()
        assert system_bus_may_exist({"DBUS_SYSTEM_BUS_ADDRESS": address}) is expected, address


@pytest.mark.linux_only
def test_no_system_bus_loads_no_dbus_client_and_the_routes_tell(
    python: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    child_env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={tmp_path / 'none'}"
    code = (
        "import asyncio, sys\n"
        "from trayapp.core.network.system import follow_system\n"
        "async def main():\n"
        "    said = asyncio.Event()\n"
        "    sources = []\n"
        "    task = asyncio.ensure_future(follow_system(sources.append, lambda w: said.set()))\n"
        "    await asyncio.wait_for(said.wait(), 20)\n"
        "    task.cancel()\n"
        "    print(sources, 'dbus_fast' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [python, "-c", code], env=child_env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout == "['netlink'] False\n", done.stderr


@pytest.mark.linux_only
def test_a_bus_without_network_manager_leaves_the_routes_to_tell(system_bus: SystemBus) -> None:
    followed = first_word()
    assert followed.sources == ["netlink"]
    assert followed.words[0].reachability in {Reachability.ONLINE, Reachability.DISCONNECTED}


@pytest.mark.linux_only
@pytest.mark.parametrize("hanging", ["the system bus", "NetworkManager"])
def test_a_bus_or_network_manager_that_hangs_leaves_the_routes_to_tell(
    system_bus: SystemBus, caplog: pytest.LogCaptureFixture, hanging: str
) -> None:
    caplog.set_level(logging.INFO, "trayapp.core.network.system")
    with contextlib.ExitStack() as stack:
        if hanging == "NetworkManager":
            manager = stack.enter_context(StandInNetworkManager(system_bus.address))
            stack.enter_context(manager.frozen())
        else:
            stack.enter_context(system_bus.frozen())
        followed = first_word(bus_timeout=0.5)
    assert followed.sources == ["netlink"]
    assert "the system bus does not answer within 0.5 s" in caplog.text


@pytest.mark.linux_only
@pytest.mark.parametrize("going", ["NetworkManager leaves the bus", "the bus goes away"])
def test_network_manager_is_followed_until_it_goes_away(
    system_bus: SystemBus, caplog: pytest.LogCaptureFixture, going: str
) -> None:
    caplog.set_level(logging.INFO, "trayapp.core.network.system")

    async def follow(manager: StandInNetworkManager) -> None:
        async with Followed() as followed:
            await followed.until(lambda: bool(followed.words))
            assert followed.sources == ["networkmanager"]
            assert followed.words == [SystemWord(Reachability.ONLINE, False, "ethernet", False)]
            await asyncio.to_thread(
                manager.set, State=CONNECTED_SITE, Connectivity=CONNECTIVITY_PORTAL
            )
            await followed.until(lambda: len(followed.words) == 2)
            assert followed.words[1] == SystemWord(Reachability.SITE, True, "ethernet", False)
            await asyncio.to_thread(manager.set, PrimaryConnection=WIFI)
            await followed.until(lambda: len(followed.words) == 3)
            assert followed.words[2] == SystemWord(Reachability.SITE, True, "wifi", True)
            if going == "the bus goes away":
                system_bus.daemon.kill()
            else:
                await asyncio.to_thread(manager.leave)
            await followed.until(lambda: len(followed.words) == 4)
            assert followed.sources == ["networkmanager", "netlink"]

    with StandInNetworkManager(system_bus.address) as manager:
        asyncio.run(follow(manager))
    assert "no more word from NetworkManager" in caplog.text
    assert "the kernel's routes tell from now on" in caplog.text


@pytest.mark.linux_only
def test_a_bus_that_hangs_leaves_the_watch_to_the_routes(
    qtbot: QtBot, system_bus: SystemBus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "trayapp")
    runtime = Runtime()
    runtime.start()
    watch = NetworkWatch()
    try:
        with system_bus.frozen(), qtbot.waitSignal(watch.watching, timeout=10_000) as watching:
            watch.start(runtime, timeout=0.5)
    finally:
        watch.stop()
        runtime.stop()
    assert watching.args == ["netlink"]
    assert "the system bus does not answer" in caplog.text
    assert "the operating system's word on the network, from the kernel's routes:" in caplog.text


# --- the whole way, in processes of their own -------------------------------------------------


@pytest.mark.linux_only
def test_network_manager_s_word_reaches_trayapp_as_hints(
    system_bus: SystemBus, child_env: dict[str, str]
) -> None:
    child_env["DBUS_SYSTEM_BUS_ADDRESS"] = system_bus.address
    with StandInNetworkManager(system_bus.address) as manager:
        program = HintProgram(child_env)
        try:
            assert program.line() == "watching networkmanager"
            manager.set(Connectivity=CONNECTIVITY_PORTAL)
            assert program.hint() == {
                "reachability": "online",
                "captive_portal": True,
                "changed": False,
            }
            manager.set(State=CONNECTED_SITE)
            program.until({"reachability": "site", "captive_portal": True, "changed": False})
            manager.set(Connectivity=CONNECTIVITY_FULL, State=CONNECTED_GLOBAL)
            program.until({"reachability": "online", "captive_portal": False, "changed": False})
            manager.set(State=DISCONNECTED)
            program.until({"reachability": "disconnected", "changed": True})
            manager.set(State=CONNECTED_GLOBAL, PrimaryConnection=WIFI)  # another network
            program.until({"reachability": "online", "changed": True})
        finally:
            program.stop()


@pytest.mark.linux_only
@pytest.mark.skipif(not can_unshare_network(), reason="no network namespaces of one's own here")
def test_the_kernel_s_routes_reach_trayapp_as_hints(child_env: dict[str, str]) -> None:
    # No system bus: the routes of the namespace, read through netlink.
    child_env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/system_bus_socket"
    program = HintProgram(child_env, ["unshare", "--user", "--map-root-user", "--net"])

    def ip(*arguments: str) -> None:
        namespace = ["nsenter", f"--target={program.process.pid}", "--user", "--net"]
        subprocess.run([*namespace, "--preserve-credentials", "ip", *arguments], check=True)

    try:
        assert program.line() == "watching netlink"
        ip("link", "add", "trayapp0", "type", "veth", "peer", "name", "trayapp1")
        ip("link", "set", "trayapp0", "up")
        ip("link", "set", "trayapp1", "up")
        ip("address", "add", "192.0.2.2/24", "dev", "trayapp0")
        ip("route", "add", "default", "via", "192.0.2.1")
        assert program.hint() == {"reachability": "online", "captive_portal": None, "changed": True}
        ip("route", "delete", "default")
        assert program.hint() == {
            "reachability": "disconnected",
            "captive_portal": None,
            "changed": True,
        }
        # Another way out: a default route through the other interface is another network.
        ip("address", "add", "198.51.100.2/24", "dev", "trayapp1")
        ip("route", "add", "default", "via", "198.51.100.1")
        assert program.hint() == {"reachability": "online", "captive_portal": None, "changed": True}
        ip("route", "replace", "default", "via", "192.0.2.1", "dev", "trayapp0")
        assert program.hint() == {"reachability": "online", "captive_portal": None, "changed": True}
    finally:
        program.stop()
