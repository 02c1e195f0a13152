"""One trayapp per user and config: a second start hands over to the first."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from trayapp.ui.single import SingleInstance, instance_key


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
