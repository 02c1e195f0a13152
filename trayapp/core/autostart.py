r"""Start at login: the platform's own autostart entry for trayapp, written or removed.

::

    Linux, other XDG desktops  $XDG_CONFIG_HOME/autostart/trayapp.desktop
    Windows                    HKCU\Software\Microsoft\Windows\CurrentVersion\Run, value "trayapp"
    macOS                      ~/Library/LaunchAgents/io.github.trayapp.plist (RunAtLoad)

The entry starts the ``trayapp`` command that is running now: the console script beside the
interpreter when there is one, else ``python -m trayapp``. Everything the entry depends on (the
platform, the home folder, the environment, the command, the registry) can be passed in, so
tests write real files in a temporary home.

These functions touch the disk (or the registry): call them off the GUI thread.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "LAUNCH_AGENT_LABEL",
    "Autostart",
    "desktop_entry",
    "desktop_exec",
    "launch_agent",
    "trayapp_command",
]

LAUNCH_AGENT_LABEL = "io.github.trayapp"
"""The launchd label of the macOS entry, and its file's name."""

_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
_VALUE_NAME = "trayapp"
_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def trayapp_command(executable: str | None = None) -> list[str]:
    """The command that starts trayapp as it runs now.

    The ``trayapp`` console script next to the interpreter (a virtual environment's, or a
    system install's) when it is there; otherwise the interpreter with ``-m trayapp``.
    """
    python = Path(executable or sys.executable)
    names = ("trayappw.exe", "trayapp.exe") if python.suffix.lower() == ".exe" else ("trayapp",)
    for name in names:
        script = python.parent / name
        if script.is_file():
            return [str(script)]
    return [str(python), "-m", "trayapp"]


class Autostart:
    """The autostart entry of one platform.

    Args:
        platform: ``sys.platform`` by default: ``"win32"``, ``"darwin"``, anything else is
            treated as an XDG desktop.
        home: The user's home folder (``Path.home()`` by default).
        environ: For ``XDG_CONFIG_HOME`` (``os.environ`` by default).
        command: What the entry runs (:func:`trayapp_command` by default).
        registry: The ``winreg`` module, or a stand-in with the same functions (Windows).
    """

    def __init__(
        self,
        *,
        platform: str | None = None,
        home: Path | None = None,
        environ: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
        registry: Any = None,
    ) -> None:
        self.platform = platform or sys.platform
        self._home = home
        self._environ = os.environ if environ is None else environ
        self._command = list(command) if command is not None else None
        self._registry = registry

    @property
    def command(self) -> list[str]:
        """What the entry runs."""
        return self._command if self._command is not None else trayapp_command()

    @property
    def home(self) -> Path:
        """The user's home folder."""
        return self._home if self._home is not None else Path.home()

    @property
    def path(self) -> Path | None:
        """The file of the entry; None on Windows, where it is a registry value."""
        if self.platform == "win32":
            return None
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
        config = self._environ.get("XDG_CONFIG_HOME", "")
        # The spec: a relative (or empty) XDG_CONFIG_HOME is invalid and ignored.
        base = Path(config) if config and Path(config).is_absolute() else self.home / ".config"
        return base / "autostart" / "trayapp.desktop"

    def is_enabled(self) -> bool:
        """Whether trayapp starts at login."""
        if self.platform == "win32":
            return self._read_run_value() is not None
        path = self.path
        assert path is not None
        if self.platform == "darwin":
            return path.is_file()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        entries = _desktop_entries(text)
        return (
            entries.get("Hidden", "false") != "true"
            and entries.get("X-GNOME-Autostart-enabled", "true") != "false"
        )

    def enable(self) -> None:
        """Write the entry (replacing one there was)."""
        if self.platform == "win32":
            self._write_run_value(_run_line(self.command))
            return
        path = self.path
        assert path is not None
        if self.platform == "darwin":
            content = plistlib.dumps(launch_agent(self.command))
        else:
            content = desktop_entry(self.command).encode("utf-8")
        _write_atomically(path, content)

    def disable(self) -> None:
        """Remove the entry, if there is one."""
        if self.platform == "win32":
            self._delete_run_value()
            return
        path = self.path
        assert path is not None
        path.unlink(missing_ok=True)

    def set(self, enabled: bool) -> None:
        """:meth:`enable` or :meth:`disable`."""
        if enabled:
            self.enable()
        else:
            self.disable()

    # --- Windows ---------------------------------------------------------------------------

    def _winreg(self) -> Any:
        if self._registry is None:
            import winreg  # Windows only: imported when used there

            self._registry = winreg
        return self._registry

    def _read_run_value(self) -> str | None:
        winreg = self._winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _RUN_KEY) as key:
                value, _ = winreg.QueryValueEx(key, _VALUE_NAME)
        except FileNotFoundError:
            return None
        return str(value)

    def _write_run_value(self, line: str) -> None:
        winreg = self._winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, _RUN_KEY) as key:
            winreg.SetValueEx(key, _VALUE_NAME, 0, winreg.REG_SZ, line)

    def _delete_run_value(self) -> None:
        winreg = self._winreg()
        with (
            contextlib.suppress(FileNotFoundError),  # no entry: nothing to remove
            winreg.OpenKey(winreg.HKEY_CURRENT_USER, _RUN_KEY, 0, winreg.KEY_SET_VALUE) as key,
        ):
            winreg.DeleteValue(key, _VALUE_NAME)


def desktop_entry(command: Sequence[str]) -> str:
    """An XDG autostart ``.desktop`` file that runs ``command``."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=trayapp\n"
        "Comment=Is it down, or is it just me? Watches the services you depend on.\n"
        f"Exec={desktop_exec(command)}\n"
        "Icon=io.github.trayapp.TrayApp\n"  # the icon packaging/linux installs
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def desktop_exec(command: Sequence[str]) -> str:
    """``command`` as the value of a desktop entry's ``Exec`` key.

    Per the Desktop Entry specification: an argument with a reserved character is put in
    double quotes, inside which a double quote, backquote, dollar sign or backslash takes a
    backslash; a percent sign is doubled (it starts field codes); then the whole value is
    escaped as any string value is (a backslash doubled again, so a literal backslash in a
    quoted argument is written four times).
    """
    quoted = []
    for argument in command:
        if not argument or _DESKTOP_RESERVED & set(argument):
            inner = "".join("\\" + c if c in '"`$\\' else c for c in argument)
            argument = f'"{inner}"'
        quoted.append(argument.replace("%", "%%"))
    line = " ".join(quoted)
    escapes = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return "".join(escapes.get(c, c) for c in line)


def _desktop_entries(text: str) -> dict[str, str]:
    """The keys of the ``[Desktop Entry]`` group (values left escaped)."""
    entries: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            entries[key.strip()] = value.strip()
    return entries


def launch_agent(command: Sequence[str]) -> dict[str, Any]:
    """A launchd agent that runs ``command`` at login."""
    return {
        "Label": LAUNCH_AGENT_LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }


def _run_line(command: Sequence[str]) -> str:
    """``command`` as one Windows command line (the Run key holds one string)."""
    import subprocess

    return subprocess.list2cmdline(list(command))


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=".trayapp-", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
