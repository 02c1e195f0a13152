"""One trayapp per user and config: a second start hands over to the first."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from trayapp.ui import single
from trayapp.ui.single import SingleInstance, _peer_is_us, _PipeServer, instance_key


@pytest.fixture
def key(tmp_path: Path) -> str:
    return instance_key(tmp_path / "config.toml")


@pytest.fixture
def first(key: str) -> Iterator[SingleInstance]:
    instance = SingleInstance(key)
    yield instance
    instance.close()


def hung_up(caller: socket.socket) -> bool:
    """Whether the other end closed ``caller`` (a non-blocking socket); never waits."""
    try:
        return caller.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:  # closed with what was sent to it unread
        return True


def test_a_second_start_asks_the_first_to_show_itself(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    assert not first.hand_over()  # nobody there yet
    assert first.listen()
    second = SingleInstance(key)
    with qtbot.waitSignal(first.showWanted, timeout=5000):
        assert second.hand_over()


def test_each_of_two_starts_in_a_row_shows_the_first(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    assert first.listen()
    with qtbot.waitSignal(first.showWanted, timeout=5000):
        assert SingleInstance(key).hand_over()
    with qtbot.waitSignal(first.showWanted, timeout=5000):
        assert SingleInstance(key).hand_over()


def test_a_socket_left_by_a_crashed_instance_is_taken_over(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    assert first.listen()
    first.close()
    stale = socket.socket(socket.AF_UNIX)  # what a killed process leaves: a file, no one there
    stale.bind(key)
    stale.close()
    successor = SingleInstance(key)
    assert not successor.hand_over()
    assert successor.listen()
    with qtbot.waitSignal(successor.showWanted, timeout=5000):
        assert SingleInstance(key).hand_over()
    successor.close()


def test_a_closed_instance_takes_no_more_hand_overs(key: str, first: SingleInstance) -> None:
    assert first.listen()
    first.close()
    assert not Path(key).exists()
    assert not SingleInstance(key).hand_over()
    first.close()  # twice is harmless


def test_closing_leaves_a_successors_socket_alone(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    """An instance that hung took no hand-over; the next start made the socket its own."""
    assert first.listen()
    Path(key).unlink()
    successor = SingleInstance(key)
    assert successor.listen()
    first.close()
    with qtbot.waitSignal(successor.showWanted, timeout=5000):
        assert SingleInstance(key).hand_over()
    successor.close()


def test_the_guard_loads_no_qt_network_module(
    python: str, child_env: dict[str, str], key: str
) -> None:
    """Qt's network module would cost the tray process about 3 MiB; on Unix it needs none."""
    code = (
        "import json, sys\n"
        "import trayapp.ui.single, trayapp.ui.start\n"
        "imported = 'PySide6.QtNetwork' in sys.modules\n"
        "from PySide6.QtCore import QCoreApplication, QEventLoop\n"
        "app = QCoreApplication([])\n"
        "first = trayapp.ui.single.SingleInstance(sys.argv[1])\n"
        "shown = []\n"
        "first.showWanted.connect(lambda: shown.append(True))\n"
        "listening = first.listen()\n"
        "handed = trayapp.ui.single.SingleInstance(sys.argv[1]).hand_over()\n"
        "while not shown:\n"
        "    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)\n"
        "first.close()\n"
        "print(json.dumps([imported, listening, handed, 'PySide6.QtNetwork' in sys.modules]))\n"
    )
    done = subprocess.run(
        [python, "-c", code, key],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [False, True, True, False]


def test_the_socket_is_in_the_users_private_runtime_folder(tmp_path: Path) -> None:
    path = Path(instance_key(tmp_path / "config.toml"))
    assert path.parent == Path(os.environ["XDG_RUNTIME_DIR"]) / "trayapp"
    first = SingleInstance(str(path))
    assert first.listen()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(path.lstat().st_mode)
    assert stat.S_IMODE(path.lstat().st_mode) == 0o600
    first.close()


def test_keys_differ_by_config_file(tmp_path: Path) -> None:
    assert instance_key(tmp_path / "a.toml") != instance_key(tmp_path / "b.toml")
    assert instance_key(tmp_path / "a.toml") == instance_key(tmp_path / "." / "a.toml")


# --- callers that do not speak as a second start does --------------------------------------


def test_a_caller_that_says_nothing_holds_up_no_one(
    qtbot: QtBot, key: str, first: SingleInstance
) -> None:
    assert first.listen()
    with socket.socket(socket.AF_UNIX) as silent:
        silent.connect(key)  # taken first: it queued first
        with qtbot.waitSignal(first.showWanted, timeout=5000):
            assert SingleInstance(key).hand_over()
        with qtbot.waitSignal(first.showWanted, timeout=5000):
            silent.sendall(b"show\n")  # still listened to, however late


@pytest.mark.parametrize(
    "said",
    [b"hello\n", b"shows\n", b"x" * 200, b"show" + b"!" * 100],
    ids=["another-word", "a-longer-word", "no-line-end", "show-and-no-line-end"],
)
def test_a_caller_that_says_something_else_is_hung_up_on(
    qtbot: QtBot, key: str, first: SingleInstance, said: bytes
) -> None:
    assert first.listen()
    with socket.socket(socket.AF_UNIX) as caller, qtbot.assertNotEmitted(first.showWanted):
        caller.connect(key)
        caller.sendall(said)
        caller.setblocking(False)
        qtbot.waitUntil(lambda: hung_up(caller), timeout=5000)
    with qtbot.waitSignal(first.showWanted, timeout=5000):
        assert SingleInstance(key).hand_over()


def test_a_caller_who_is_not_this_user_is_refused(
    qtbot: QtBot,
    key: str,
    first: SingleInstance,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(single, "_peer_is_us", lambda descriptor: False)
    assert first.listen()
    with socket.socket(socket.AF_UNIX) as caller, qtbot.assertNotEmitted(first.showWanted):
        caller.connect(key)
        caller.sendall(b"show\n")
        caller.setblocking(False)
        qtbot.waitUntil(lambda: hung_up(caller), timeout=5000)
    assert "refused a hand-over from another user" in caplog.text


# --- Windows' named pipe, made by Qt (which makes a Unix socket of it here) ----------------


def test_the_pipe_hands_over_too(qtbot: QtBot, tmp_path: Path) -> None:
    name = str(tmp_path / "pipe")
    first = _PipeServer(name)
    assert not _PipeServer(name).hand_over()  # nobody there yet
    assert first.listen()
    try:
        with qtbot.waitSignal(first.showWanted, timeout=5000):
            assert _PipeServer(name).hand_over()
        with qtbot.waitSignal(first.showWanted, timeout=5000):
            assert _PipeServer(name).hand_over()
    finally:
        first.close()
    assert not _PipeServer(name).hand_over()


# --- another user cannot stand in for the first instance ----------------------------------

NOBODY = 65534


def test_a_socket_someone_made_at_the_shared_name_is_never_spoken_to(tmp_path: Path) -> None:
    """A bare name is a socket in the shared temporary folder, where anyone can take it first."""
    config = tmp_path / "config.toml"
    digest = hashlib.sha256(str(config.resolve()).encode()).hexdigest()[:12]
    shared = Path(tempfile.gettempdir()) / f"trayapp-{getpass.getuser()}-{digest}"  # once used
    shared.unlink(missing_ok=True)
    squatter = socket.socket(socket.AF_UNIX)
    squatter.bind(str(shared))
    shared.chmod(0o777)
    squatter.listen()
    squatter.setblocking(False)
    try:
        mine = SingleInstance(instance_key(config))
        assert not mine.hand_over()
        assert mine.listen()
        with pytest.raises(BlockingIOError):  # nobody called
            squatter.accept()
        mine.close()
    finally:
        squatter.close()
        shared.unlink()


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
