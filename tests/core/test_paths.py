"""Where files live: platformdirs, each one redirectable."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from trayapp.core.paths import Paths, private_file, private_folder, write_private


def test_platform_folders_by_default(isolated_home: Path) -> None:
    paths = Paths.resolve({})
    assert paths.config == isolated_home / ".config" / "trayapp" / "config.toml"
    assert paths.data_dir == isolated_home / ".local" / "share" / "trayapp"
    assert not paths.config_given


def test_the_environment_overrides_the_platform(tmp_path: Path) -> None:
    env = {"TRAYAPP_CONFIG": str(tmp_path / "c.toml"), "TRAYAPP_DATA_DIR": str(tmp_path / "d")}
    paths = Paths.resolve(env)
    assert paths.config == tmp_path / "c.toml"
    assert paths.data_dir == tmp_path / "d"
    assert paths.config_given


def test_options_override_the_environment(tmp_path: Path) -> None:
    env = {"TRAYAPP_CONFIG": "/elsewhere.toml", "TRAYAPP_DATA_DIR": "/elsewhere"}
    paths = Paths.resolve(env, config=str(tmp_path / "c.toml"), data_dir=str(tmp_path / "d"))
    assert (paths.config, paths.data_dir) == (tmp_path / "c.toml", tmp_path / "d")


def test_resolving_creates_nothing(isolated_home: Path) -> None:
    Paths.resolve({})
    assert list(isolated_home.iterdir()) == []


def test_private_folders_and_files_are_closed_to_others(tmp_path: Path) -> None:
    folder = private_folder(tmp_path / "a" / "data")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    earlier = tmp_path / "earlier"
    earlier.mkdir(mode=0o755)
    (earlier / "history.sqlite3").write_bytes(b"")
    (earlier / "history.sqlite3").chmod(0o644)
    private_folder(earlier)
    private_file(earlier / "history.sqlite3")
    assert stat.S_IMODE(earlier.stat().st_mode) == 0o700
    assert stat.S_IMODE((earlier / "history.sqlite3").stat().st_mode) == 0o600
    private_file(tmp_path / "missing")  # nothing to close: no error


def test_a_private_write_is_the_users_alone_whatever_was_there(tmp_path: Path) -> None:
    exported = tmp_path / "incidents.csv"
    exported.write_text("old")
    exported.chmod(0o644)
    write_private(exported, "id,service\r\n1,Twitter\r\n")
    assert exported.read_bytes() == b"id,service\r\n1,Twitter\r\n"
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    fresh = tmp_path / "new.json"
    old_umask = os.umask(0o022)
    try:
        write_private(fresh, "[]")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
