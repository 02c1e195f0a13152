"""A real Linux desktop session on a virtual screen, for tray and notification tests.

Starts what a desktop gives a tray app: an X display (Xvfb), a private session D-Bus, a
StatusNotifierItem tray host (``gtk-sni-tray-standalone --watcher``, like KDE or GNOME with
AppIndicator) and dunst, a real ``org.freedesktop.Notifications`` daemon, with
``dbus-monitor`` recording every notification call. A notification's button is pressed through
dunst's own context menu (:meth:`DesktopSession.press_button`): dunst hands the menu's lines to
its ``dmenu`` program, here a script that picks the line asked for. Only processes started
here are stopped, by their own handles, when the session closes; :func:`running` starts a
program of the caller's (a tray app, say) that is stopped, the same way, when its block ends.
The tray benchmark (``python -m bench tray``) starts its sessions here too.

dunst never draws a notification's buttons. A session started with
``notifier="notification-daemon"`` has GNOME's fallback daemon (:data:`BUTTONS_DAEMON`) in
dunst's place, which draws them under the text, where a click presses them; its bubbles show
at the top right of the screen (start such a session with its panel at the bottom, out of
their way). It has no :meth:`~DesktopSession.press_button`.

The Debian packages are installed by ``.ci/run``; where they are missing the session is
unavailable and :func:`missing_programs` says which.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "BUTTONS_DAEMON",
    "PROGRAMS",
    "DesktopSession",
    "Notifier",
    "missing_programs",
    "run_trayapp",
    "running",
    "start_session",
    "stop",
]

PROGRAMS = (
    "Xvfb",
    "dbus-daemon",
    "dbus-monitor",
    "dbus-send",
    "dunst",
    "gtk-sni-tray-standalone",
    "import",
    "xdotool",
)


BUTTONS_DAEMON = "/usr/lib/notification-daemon/notification-daemon"
"""GNOME's fallback notification daemon (Debian's ``notification-daemon``): it draws each
notification's buttons, as GNOME Shell and KDE do."""

Notifier = Literal["dunst", "notification-daemon"]
"""The notification daemon of a session."""


def missing_programs(notifier: Notifier = "dunst") -> list[str]:
    """The programs a session with ``notifier`` needs that this machine lacks."""
    programs = [p for p in PROGRAMS if p != "dunst"]
    programs.append("dunst" if notifier == "dunst" else BUTTONS_DAEMON)
    return [program for program in programs if shutil.which(program) is None]


@dataclass
class DesktopSession:
    """A running session: its environment, and where its evidence is kept."""

    env: dict[str, str]
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def notify_log(self) -> Path:
        """Every call on the org.freedesktop.Notifications interface, as dbus-monitor saw it."""
        return self.folder / "dbus-monitor.log"

    def notify_calls(self) -> str:
        """The text of every ``Notify`` call recorded so far."""
        text = self.notify_log.read_text(errors="replace")
        calls = text.split("method call")
        return "\n".join(call for call in calls if "member=Notify" in call)

    def press_button(self, words: str, timeout: float = 20) -> None:
        """Press the button ``words`` of a notification on screen, through dunst's context
        menu: dunst then tells the notification's sender (``ActionInvoked``).

        The menu is opened again until it offers ``words``: dunst shows a notification a
        moment after its ``Notify`` call, and offers no menu before.
        """
        (self.folder / "menu-choice").write_text(words)
        seen = len(self.menus_offered())

        def pressed() -> bool:
            self.run("dunstctl", "context")
            return words in self.menus_offered()[seen:]

        _wait_for(f"{words!r} in dunst's context menu", pressed, timeout, self.folder)

    def menus_offered(self) -> str:
        """Every line dunst's context menu offered so far."""
        offered = self.folder / "menu-offered.log"
        return offered.read_text(errors="replace") if offered.exists() else ""

    def screenshot(self, path: Path) -> Path:
        """Save the whole screen as a PNG."""
        self.run("import", "-window", "root", str(path))
        return path

    def run(self, *command: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        """Run a program inside the session and wait for it."""
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )


def _wait_for(what: str, ready: Callable[[], bool], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"desktop session: timed out waiting for {what} (logs in {log})")
        time.sleep(0.05)  # polling a program we do not control; nothing to wait on instead


def _bus_says_true(env: dict[str, str], *arguments: str) -> bool:
    result = subprocess.run(
        ["dbus-send", "--session", "--print-reply", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return "boolean true" in result.stdout


@contextlib.contextmanager
def start_session(
    folder: Path,
    screen: str = "1280x800x24",
    notifier: Notifier = "dunst",
    panel: Literal["top", "bottom"] = "top",
) -> Iterator[DesktopSession]:
    """Start Xvfb, a session bus, dbus-monitor, ``notifier`` and an SNI tray host (its panel,
    32 pixels high, along the ``panel`` edge of the screen, the icons at its right end); stop
    them after."""
    folder.mkdir(parents=True, exist_ok=True)
    runtime_dir = folder / "runtime"
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "XDG_CURRENT_DESKTOP",
            "XDG_SESSION_TYPE",
            "WAYLAND_DISPLAY",
            "QT_QPA_PLATFORMTHEME",
            "DESKTOP_SESSION",
        )
    }
    env.update(
        QT_QPA_PLATFORM="xcb",
        NO_AT_BRIDGE="1",
        GTK_A11Y="none",
        XDG_RUNTIME_DIR=str(runtime_dir),
    )
    session = DesktopSession(env, folder)

    def start(
        name: str, *command: str, extra_env: Mapping[str, str] | None = None, **kwargs: object
    ) -> subprocess.Popen[bytes]:
        log = (folder / f"{name}.log").open("wb")
        process = subprocess.Popen(
            command,
            env={**env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            **kwargs,
        )
        log.close()
        session.processes.append(process)
        return process

    try:
        display_read, display_write = os.pipe()
        start(
            "xvfb",
            "Xvfb",
            "-displayfd",
            str(display_write),
            "-screen",
            "0",
            screen,
            "-nolisten",
            "tcp",
            pass_fds=(display_write,),
        )
        os.close(display_write)
        with os.fdopen(display_read) as stream:
            number = stream.readline().strip()
        if not number:
            raise RuntimeError(f"desktop session: Xvfb did not start (logs in {folder})")
        env["DISPLAY"] = f":{number}"

        address_read, address_write = os.pipe()
        start(
            "dbus-daemon",
            "dbus-daemon",
            "--session",
            "--nofork",
            "--nopidfile",
            f"--print-address={address_write}",
            pass_fds=(address_write,),
        )
        os.close(address_write)
        with os.fdopen(address_read) as stream:
            env["DBUS_SESSION_BUS_ADDRESS"] = stream.readline().strip()

        # Its log is notify_log: every Notify call goes there.
        start(
            "dbus-monitor", "dbus-monitor", "--session", "interface='org.freedesktop.Notifications'"
        )
        _wait_for("dbus-monitor", lambda: "NameLost" in session.notify_log.read_text(), 10, folder)

        if notifier == "dunst":
            _start_dunst(folder, start)
        else:
            # Its bubbles are 400 pixels wide whatever they hold: at GTK's default font size
            # the third of trayapp's buttons is cut short.
            settings = folder / "gtk-config" / "gtk-3.0" / "settings.ini"
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text("[Settings]\ngtk-font-name = DejaVu Sans 9\n")
            start(
                "notification-daemon",
                BUTTONS_DAEMON,
                extra_env={"XDG_CONFIG_HOME": str(settings.parents[1])},
            )
        _wait_for(
            f"{notifier} on the bus",
            lambda: _bus_says_true(
                env,
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.Notifications",
            ),
            30,
            folder,
        )
        # gtk-sni-tray-standalone --watcher sometimes dies at start, before its watcher is
        # on the bus ("Pattern match failure in do expression at app/Main.hs:177"), seen about
        # once in ten starts on a loaded machine. A host that died is started again, twice at
        # most; one that runs but never registers still fails the session.
        for attempt in range(3):
            host = start(
                f"tray-host-{attempt}" if attempt else "tray-host",
                "gtk-sni-tray-standalone",
                "--watcher",
                f"--{panel}",
                "--end",
                "--size",
                "32",
                "--color",
                "#333333",
            )
            _wait_for(
                "a StatusNotifierHost",
                lambda host=host: (
                    host.poll() is not None  # type: ignore[misc]
                    or _bus_says_true(
                        env,
                        "--dest=org.kde.StatusNotifierWatcher",
                        "/StatusNotifierWatcher",
                        "org.freedesktop.DBus.Properties.Get",
                        "string:org.kde.StatusNotifierWatcher",
                        "string:IsStatusNotifierHostRegistered",
                    )
                ),
                30,
                folder,
            )
            if host.poll() is None:
                break
        else:
            raise RuntimeError(
                f"desktop session: the tray host died three times (logs in {folder})"
            )
        yield session
    finally:
        stop(*reversed(session.processes), within=5)


def _start_dunst(folder: Path, start: Callable[..., subprocess.Popen[bytes]]) -> None:
    """dunst, at the screen's bottom right, with a context menu that picks the line asked for
    in ``menu-choice`` and logs every line offered in ``menu-offered.log``."""
    chooser = folder / "choose-from-menu"
    chooser.write_text(
        f'#!/bin/sh\ntee -a "{folder}/menu-offered.log" |\n'
        f'grep -F -m 1 -- "$(cat "{folder}/menu-choice")"\n'
    )
    chooser.chmod(0o700)
    dunstrc = folder / "dunstrc"
    dunstrc.write_text(
        "[global]\n    origin = bottom-right\n    offset = 10x10\n    font = DejaVu Sans 10\n"
        f"    show_indicators = no\n    dmenu = {chooser}\n"
    )
    start("dunst", "dunst", "-config", str(dunstrc))


def stop(*processes: subprocess.Popen[bytes], within: float = 10) -> None:
    """Ask ``processes`` to end (SIGTERM), all at once, and wait for them; kill those still
    running ``within`` seconds later. Those that ended already are only waited for."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def running(
    command: Sequence[str], env: Mapping[str, str], log: Path, within: float = 10
) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` running with ``env`` (a session's, for a program with a window or a tray
    icon), its output in ``log``; stopped as :func:`stop` does when the block ends.

    Raises:
        OSError: The program could not be started.
    """
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        stop(process, within=within)


@contextlib.contextmanager
def run_trayapp(
    session: DesktopSession,
    child_env: dict[str, str],
    python: str,
    config: Path,
    data_dir: Path,
    log: Path,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m trayapp`` in ``session`` with the test's home and loopback guard (and
    ``extra_env``: a ``BROWSER``, say)."""
    env = {**session.env, "PYTHONPATH": child_env["PYTHONPATH"], "HOME": child_env["HOME"]}
    env.update(extra_env or {})
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = child_env[name]
    command = [python, "-m", "trayapp", "--config", str(config), "--data-dir", str(data_dir)]
    with running(command, env, log) as process:
        yield process
