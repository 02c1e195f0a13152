"""The operating system's word on the network: Qt's QNetworkInformation, turned into hints.

What each word makes is tested on :class:`SystemView` alone; the watch on Qt's real backend in
this process (its signals emitted by the test); and the whole way, from a change the operating
system sees to the hint trayapp takes, in processes of their own (Qt loads one backend per
process): the kernel's routes in a network namespace, read by Qt's ``glib`` backend, and a
stand-in NetworkManager on a private system bus, read by its ``networkmanager`` backend.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

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
from trayapp.core.monitor import NetworkHint, Reachability
from trayapp.runtime import Runtime
from trayapp.ui.netinfo import (
    SYSTEM_BUS,
    NetworkWatch,
    SystemView,
    load_network_information,
    reachability_of,
    system_bus_answers,
    system_bus_may_exist,
)

Medium = QNetworkInformation.TransportMedium
QtReachability = QNetworkInformation.Reachability

needs_dbus = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None, reason="no dbus-daemon here (Debian's dbus-daemon)"
)


def hint(reachability: Reachability, portal: bool | None = False, *, changed: bool) -> NetworkHint:
    return NetworkHint(reachability, portal, changed)


# --- what each word makes -------------------------------------------------------------------


def test_each_of_qt_s_reachabilities_has_the_core_s_word() -> None:
    words = {reachability_of(value) for value in QtReachability}
    assert words == set(Reachability)
    assert reachability_of(QtReachability.Site) is Reachability.SITE


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
    view = SystemView(Reachability.ONLINE, medium=Medium.Ethernet, metered=False)
    assert view.medium_changed(Medium.WiFi) == hint(Reachability.ONLINE, None, changed=True)
    assert view.medium_changed(Medium.WiFi) is None
    assert view.metered_changed(True) == hint(Reachability.ONLINE, None, changed=True)
    assert view.metered_changed(True) is None


# --- the watch, on Qt's backend in this process ---------------------------------------------


@pytest.fixture
def information() -> QNetworkInformation:
    """Qt's backend for this machine, loaded in this process (once, for good)."""
    loaded = load_network_information()
    if loaded is None:
        pytest.skip("Qt has no network information backend here")
    return loaded


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


# --- the system bus: asked with a timeout before Qt asks it without one ---------------------


@pytest.fixture
def system_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SystemBus]:
    """A private system bus, the one this process and its children take."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("no dbus-daemon here (Debian's dbus-daemon)")
    with private_system_bus(tmp_path) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        yield bus


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="D-Bus is Linux's")
def test_no_system_bus_is_nothing_to_wait_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'none'}")
    assert asyncio.run(system_bus_answers(timeout=5))


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
def test_no_system_bus_loads_no_dbus_client(
    python: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    child_env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={tmp_path / 'none'}"
    code = (
        "import asyncio, sys\n"
        "from trayapp.ui.netinfo import system_bus_answers\n"
        "print(asyncio.run(system_bus_answers(timeout=5)), 'dbus_fast' in sys.modules)\n"
    )
    done = subprocess.run(
        [python, "-c", code], env=child_env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout == "True False\n", done.stderr


@pytest.mark.linux_only
def test_a_system_bus_that_hangs_is_not_asked_by_qt(system_bus: SystemBus) -> None:
    assert asyncio.run(system_bus_answers(timeout=5))
    with system_bus.frozen():
        assert not asyncio.run(system_bus_answers(timeout=0.5))


@pytest.mark.linux_only
def test_a_network_manager_that_hangs_is_not_asked_by_qt(system_bus: SystemBus) -> None:
    with StandInNetworkManager(system_bus.address) as manager:
        assert asyncio.run(system_bus_answers(timeout=5))
        with manager.frozen():
            assert not asyncio.run(system_bus_answers(timeout=0.5))


@pytest.mark.linux_only
def test_a_bus_that_hangs_leaves_the_watch_without_a_backend(
    qtbot: QtBot, system_bus: SystemBus, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "trayapp.ui.netinfo")
    runtime = Runtime()
    runtime.start()
    watch = NetworkWatch()
    try:
        with system_bus.frozen(), qtbot.waitSignal(watch.watching, timeout=10_000) as watching:
            watch.start(runtime, timeout=0.5)
    finally:
        runtime.stop()
    assert watching.args == [""]
    assert "the system bus does not answer" in caplog.text


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
            program.until({"reachability": "online", "captive_portal": True, "changed": False})
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
    # No system bus: Qt's glib backend reads the routes of the namespace through netlink.
    child_env["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/system_bus_socket"
    program = HintProgram(child_env, ["unshare", "--user", "--map-root-user", "--net"])

    def ip(*arguments: str) -> None:
        namespace = ["nsenter", f"--target={program.process.pid}", "--user", "--net"]
        subprocess.run([*namespace, "--preserve-credentials", "ip", *arguments], check=True)

    try:
        assert program.line() == "watching glib"
        ip("link", "add", "trayapp0", "type", "veth", "peer", "name", "trayapp1")
        ip("link", "set", "trayapp0", "up")
        ip("link", "set", "trayapp1", "up")
        ip("address", "add", "192.0.2.2/24", "dev", "trayapp0")
        ip("route", "add", "default", "via", "192.0.2.1")
        assert program.hint() == {
            "reachability": "online",
            "captive_portal": False,
            "changed": True,
        }
        ip("route", "delete", "default")
        assert program.hint() == {
            "reachability": "disconnected",
            "captive_portal": False,
            "changed": True,
        }
    finally:
        program.stop()
