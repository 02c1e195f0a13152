"""One trayapp per user and config: a second start hands over to the first."""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer
from pytestqt.qtbot import QtBot

from trayapp.ui.single import SingleInstance, _peer_is_us, instance_key


@pytest.fixture
def key(tmp_path: Path) -> str:
    return instance_key(tmp_path / "config.toml")


@pytest.fixture
def first(key: str) -> Iterator[SingleInstance]:
    instance = SingleInstance(key)
    yield instance
    instance.close()


def test_a_second_start_asks_the_first_to_show_itself(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    assert not first.hand_over()  # nobody there yet
    assert first.listen()
    second = SingleInstance(key)
    with qtbot.waitSignal(first.showWanted, timeout=5000):
        assert second.hand_over()


def test_a_socket_left_by_a_crashed_instance_is_taken_over(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    assert first.listen()
    assert first._server is not None
    path = first._server.fullServerName()
    first.close()
    stale = socket.socket(socket.AF_UNIX)  # what a killed process leaves: a file, no one there
    stale.bind(path)
    stale.close()
    successor = SingleInstance(key)
    assert not successor.hand_over()
    assert successor.listen()
    with qtbot.waitSignal(successor.showWanted, timeout=5000):
        assert SingleInstance(key).hand_over()
    successor.close()


def test_keys_differ_by_config_file(tmp_path: Path) -> None:
    assert instance_key(tmp_path / "a.toml") != instance_key(tmp_path / "b.toml")
    assert instance_key(tmp_path / "a.toml") == instance_key(tmp_path / "." / "a.toml")


# --- another user cannot stand in for the first instance ----------------------------------

NOBODY = 65534


def test_the_socket_is_in_the_users_private_runtime_folder(tmp_path: Path) -> None:
    path = Path(instance_key(tmp_path / "config.toml"))
    assert path.parent == Path(os.environ["XDG_RUNTIME_DIR"]) / "trayapp"
    first = SingleInstance(str(path))
    assert first.listen()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    first.close()


def test_a_socket_someone_made_at_the_shared_name_is_never_spoken_to(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Qt's default folder for a bare name is /tmp, where anyone can take the name first."""
    config = tmp_path / "config.toml"
    digest = hashlib.sha256(str(config.resolve()).encode()).hexdigest()[:12]
    squatter = QLocalServer()
    squatter.setSocketOptions(QLocalServer.SocketOption.WorldAccessOption)
    assert squatter.listen(f"trayapp-{getpass.getuser()}-{digest}")  # the name used to be this
    try:
        mine = SingleInstance(instance_key(config))
        assert not mine.hand_over()
        assert mine.listen()
        assert not squatter.hasPendingConnections()
        mine.close()
    finally:
        squatter.close()


@pytest.mark.skipif(os.getuid() != 0, reason="giving a file to another user needs root")
def test_a_socket_of_another_user_is_neither_spoken_to_nor_removed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    key = instance_key(tmp_path / "config.toml")
    path = Path(key)
    path.parent.mkdir(mode=0o700, parents=True)
    foreign = socket.socket(socket.AF_UNIX)
    foreign.bind(key)
    foreign.listen()
    os.chown(key, NOBODY, NOBODY)
    try:
        instance = SingleInstance(key)
        assert not instance.hand_over()
        assert not instance.listen()  # runs without the guard: said in the log
        assert path.exists()
        assert "is not this user's" in caplog.text
    finally:
        foreign.close()


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_runtime_folder_of_another_user_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "runtime"
    folder.mkdir(mode=0o777)
    os.chown(folder, NOBODY, NOBODY)
    instance = SingleInstance(instance_key(tmp_path / "config.toml", runtime_dir=folder))
    assert not instance.hand_over()
    assert not instance.listen()
    assert "not this user's own folder" in caplog.text


def test_a_peer_of_the_same_user_is_recognised() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert _peer_is_us(left.fileno())
