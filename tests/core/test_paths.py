"""Where files live: platformdirs, each one redirectable."""

from __future__ import annotations

from pathlib import Path

from trayapp.core.paths import Paths


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
