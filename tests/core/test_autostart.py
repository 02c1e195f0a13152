"""Start at login: the autostart entry written and removed, for real on Linux."""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path
from typing import Any

import pytest

from trayapp.core.autostart import (
    LAUNCH_AGENT_LABEL,
    Autostart,
    desktop_exec,
    trayapp_command,
)


def test_the_xdg_entry_appears_and_disappears(isolated_home: Path) -> None:
    autostart = Autostart(platform="linux", command=["/opt/trayapp/bin/trayapp"])
    entry = isolated_home / ".config" / "autostart" / "trayapp.desktop"
    assert autostart.path == entry
    assert not autostart.is_enabled()
    autostart.enable()
    assert autostart.is_enabled()
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\nType=Application\n")
    assert "\nExec=/opt/trayapp/bin/trayapp\n" in text
    assert "\nX-GNOME-Autostart-enabled=true\n" in text
    autostart.disable()
    assert not entry.exists()
    assert not autostart.is_enabled()
    autostart.disable()  # nothing to remove: no error


def test_xdg_config_home_is_followed_and_a_relative_one_ignored(tmp_path: Path) -> None:
    there = Autostart(platform="linux", home=tmp_path, environ={"XDG_CONFIG_HOME": "/x/conf"})
    assert there.path == Path("/x/conf/autostart/trayapp.desktop")
    relative = Autostart(platform="linux", home=tmp_path, environ={"XDG_CONFIG_HOME": "conf"})
    assert relative.path == tmp_path / ".config" / "autostart" / "trayapp.desktop"


def test_an_entry_the_desktop_turned_off_is_not_enabled(isolated_home: Path) -> None:
    autostart = Autostart(platform="linux", command=["trayapp"])
    autostart.enable()
    assert autostart.path is not None
    text = autostart.path.read_text(encoding="utf-8")
    autostart.path.write_text(text.replace("enabled=true", "enabled=false"), encoding="utf-8")
    assert not autostart.is_enabled()


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (["/usr/bin/trayapp"], "/usr/bin/trayapp"),
        (["/home/me/my apps/python", "-m", "trayapp"], '"/home/me/my apps/python" -m trayapp'),
        (["/opt/100%/trayapp"], "/opt/100%%/trayapp"),
        (["/opt/$HOME/trayapp"], '"/opt/\\\\$HOME/trayapp"'),
        (['/opt/say "hi"/trayapp'], '"/opt/say \\\\"hi\\\\"/trayapp"'),
        (["/opt/back\\slash/trayapp"], '"/opt/back\\\\\\\\slash/trayapp"'),
    ],
)
def test_the_exec_line_is_quoted_as_the_desktop_entry_spec_says(
    command: list[str], line: str
) -> None:
    assert desktop_exec(command) == line


def test_the_command_is_the_console_script_beside_the_interpreter(tmp_path: Path) -> None:
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.touch()
    assert trayapp_command(str(python)) == [str(python), "-m", "trayapp"]
    (tmp_path / "bin" / "trayapp").touch()
    assert trayapp_command(str(python)) == [str(tmp_path / "bin" / "trayapp")]
    assert trayapp_command()[0].startswith(str(Path(sys.executable).parent))


def test_the_macos_launch_agent_runs_trayapp_at_login(tmp_path: Path) -> None:
    autostart = Autostart(platform="darwin", home=tmp_path, command=["/Applications/t", "-x"])
    plist = tmp_path / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    assert autostart.path == plist
    autostart.enable()
    assert autostart.is_enabled()
    agent = plistlib.loads(plist.read_bytes())
    assert agent["Label"] == LAUNCH_AGENT_LABEL
    assert agent["ProgramArguments"] == ["/Applications/t", "-x"]
    assert agent["RunAtLoad"] is True
    autostart.set(False)
    assert not plist.exists()


class FakeRegistry:
    """The few winreg functions the Windows entry uses, over a dict."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    class _Key:
        def __init__(self, path: str) -> None:
            self.path = path

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    def OpenKey(self, root: str, path: str, *args: Any) -> Any:
        return self._Key(path)

    CreateKey = OpenKey

    def QueryValueEx(self, key: Any, name: str) -> tuple[str, int]:
        if (key.path, name) not in self.values:
            raise FileNotFoundError(name)
        return self.values[key.path, name], self.REG_SZ

    def SetValueEx(self, key: Any, name: str, _: int, kind: int, value: str) -> None:
        self.values[key.path, name] = value

    def DeleteValue(self, key: Any, name: str) -> None:
        if self.values.pop((key.path, name), None) is None:
            raise FileNotFoundError(name)


def test_the_windows_entry_is_a_run_value() -> None:
    registry = FakeRegistry()
    autostart = Autostart(
        platform="win32", command=[r"C:\Program Files\trayapp\trayappw.exe"], registry=registry
    )
    assert not autostart.is_enabled()
    autostart.enable()
    run = r"Software\Microsoft\Windows\CurrentVersion\Run"
    assert registry.values == {(run, "trayapp"): r'"C:\Program Files\trayapp\trayappw.exe"'}
    assert autostart.is_enabled()
    autostart.disable()
    autostart.disable()
    assert not autostart.is_enabled()
