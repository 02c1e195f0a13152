"""One trayapp per user: a second start brings the first one's window forward and exits.

The first instance listens on a local socket named after the config file. A second instance
that reaches it sends one line, ``show``, and exits; if nothing answers (no first instance,
or one that crashed and left its socket behind), it removes the stale socket and becomes the
first.

No other user may stand in for the first instance. A name in a shared folder (such as
``/tmp``) can be taken first by anyone, who would then stop trayapp from starting and
receive its hand-overs. So on Unix and macOS the socket lives in the user's runtime folder
(``$XDG_RUNTIME_DIR``, platformdirs' per-user choice elsewhere), which must be the user's own
and closed to others (0700); a socket there owned by someone else is never spoken to, and on
Linux a connecting peer must be the same user (``SO_PEERCRED``). On Windows the name is a
named pipe that Qt restricts to the user (``UserAccessOption``). Where none of that can be
had, trayapp runs without the single-instance guard, and says so in the log.

On Unix and macOS the socket is Python's own (:class:`_UnixSocketServer`), watched on the GUI
thread by Qt's socket notifiers: the tray needs nothing else from Qt's network module, and
importing it would cost the tray process about 3 MiB. Windows has no Unix sockets in Python
to rely on, so there Qt's local server and socket make and speak to the pipe
(:class:`_PipeServer`), and Qt's network module is imported there only.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import logging
import os
import socket
import stat
import struct
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from trayapp.core.paths import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

__all__ = ["SingleInstance", "instance_key"]

log = logging.getLogger(__name__)

_CONNECT_MS = 500
_LINE_MAX = 64
"""The most a second start may send before its line ends; more, and it is hung up on."""
_UNIX = sys.platform != "win32"


def instance_key(config: Path, runtime_dir: Path | None = None) -> str:
    """The socket's name: one trayapp per user and config file.

    On Unix and macOS, a path in ``runtime_dir`` (by default the user's runtime folder);
    on Windows, a pipe name with the user's name in it.
    """
    digest = hashlib.sha256(str(config.resolve()).encode()).hexdigest()[:12]
    if not _UNIX:
        return f"trayapp-{getpass.getuser()}-{digest}"
    return str((runtime_dir or _runtime_dir()) / f"instance-{digest}")


def _runtime_dir() -> Path:
    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR platformdirs falls back to /tmp/runtime-<uid> and warns;
        # that folder is checked like any other before it is used (_private_folder).
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir(APP_NAME))


def _ours(path: Path) -> bool:
    """Whether ``path`` exists and belongs to this user (never follows a link)."""
    try:
        return path.lstat().st_uid == os.getuid()
    except OSError:
        return False


def _private_folder(folder: Path, *, create: bool) -> bool:
    """Whether ``folder`` is this user's and closed to others; made (0700) when ``create``."""
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            log.warning("no single-instance guard: cannot make %s: %s", folder, error)
            return False
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        log.warning("no single-instance guard: %s is not this user's own folder", folder)
        return False
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            folder.chmod(0o700)
        except OSError:
            return False
    return True


def _peer_is_us(descriptor: int) -> bool:
    """Whether the process at the other end of a Unix socket runs as this user.

    Linux tells (``SO_PEERCRED``); elsewhere the socket's private folder is the guard, and
    this says yes.
    """
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None or descriptor < 0:
        return True
    with socket.socket(fileno=os.dup(descriptor)) as peer:
        credentials = peer.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid) == os.getuid()


def _retire(notifier: QSocketNotifier) -> None:
    """Stop ``notifier`` before its socket is closed: it must not watch a number reused."""
    notifier.setEnabled(False)
    notifier.deleteLater()


class SingleInstance(QObject):
    """Makes sure one trayapp runs per key.

    Signals:
        showWanted(): another start asked this instance to show itself.
    """

    showWanted = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server: _UnixSocketServer | _PipeServer = (
            _UnixSocketServer(key, self) if _UNIX else _PipeServer(key, self)
        )
        self._server.showWanted.connect(self.showWanted)

    def hand_over(self) -> bool:
        """If another instance of this user runs, ask it to show itself and return True.

        A socket that is not this user's, or in a folder that is not, is never spoken to.
        Waits at most half a second: this runs before anything is shown.
        """
        return self._server.hand_over()

    def listen(self) -> bool:
        """Become the instance others hand over to.

        Returns False, having logged why, when the socket cannot be made: trayapp then runs
        without the guard rather than not at all.
        """
        return self._server.listen()

    def close(self) -> None:
        """Stop answering other starts (the socket is removed)."""
        self._server.close()


@dataclass
class _Caller:
    """A second start connected to the Unix socket, until its line is read."""

    connection: socket.socket
    notifier: QSocketNotifier
    received: bytearray = field(default_factory=bytearray)


class _UnixSocketServer(QObject):
    """The guard on Unix and macOS: a socket file in the user's private runtime folder.

    Nothing here waits on the GUI thread: the listening socket and every caller's are
    non-blocking, and each is read when its notifier says there is something to read.

    Signals:
        showWanted(): a second start sent ``show``.
    """

    showWanted = Signal()

    def __init__(self, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = Path(path)
        self._listening: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        # The socket file's device and inode, so that close() removes no successor's.
        self._made: tuple[int, int] | None = None
        self._callers: dict[int, _Caller] = {}

    def hand_over(self) -> bool:
        """Send ``show`` to the first instance, if one of this user's answers."""
        path = self._path
        if not _private_folder(path.parent, create=False) or not _ours(path):
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
                peer.settimeout(_CONNECT_MS / 1000)
                peer.connect(str(path))
                peer.sendall(b"show\n")
        except OSError:  # refused, gone or timed out: nobody to hand over to
            return False
        return True

    def listen(self) -> bool:
        """Make the socket file and watch it; False, having logged why, if it cannot be."""
        path = self._path
        if not _private_folder(path.parent, create=True):
            return False
        if path.exists() or path.is_symlink():
            if not _ours(path):
                log.warning("no single-instance guard: %s is not this user's", path)
                return False
            # A socket left by an instance that crashed: nobody answered hand_over(). What
            # cannot be removed makes bind() fail, and that is logged.
            with contextlib.suppress(OSError):
                path.unlink()
        listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listening.setblocking(False)
            listening.bind(str(path))
        except OSError as error:
            listening.close()
            log.warning("no single-instance guard: %s: %s", path, error)
            return False
        try:
            made = path.lstat()
            path.chmod(0o600)
            listening.listen()
        except OSError as error:
            listening.close()
            with contextlib.suppress(OSError):
                path.unlink()
            log.warning("no single-instance guard: %s: %s", path, error)
            return False
        self._made = (made.st_dev, made.st_ino)
        self._listening = listening
        self._notifier = QSocketNotifier(listening.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_listener_activated)
        return True

    def close(self) -> None:
        """Hang up on every caller, stop listening and remove the socket file."""
        for descriptor in list(self._callers):
            self._hang_up(descriptor)
        if self._notifier is not None:
            _retire(self._notifier)
            self._notifier = None
        if self._listening is not None:
            self._listening.close()
            self._listening = None
            self._remove_socket_file()

    def _remove_socket_file(self) -> None:
        made, self._made = self._made, None
        with contextlib.suppress(OSError):
            now = self._path.lstat()
            if (now.st_dev, now.st_ino) == made:
                self._path.unlink()

    @Slot()
    def _on_listener_activated(self) -> None:
        listening = self._listening
        if listening is None:
            return  # closed since the notice was sent
        while True:
            try:
                connection, _address = listening.accept()
            except BlockingIOError:
                return  # every pending caller taken
            except ConnectionAbortedError:
                continue  # gone before it was taken
            except OSError as error:
                # Out of descriptors, say: the notifier would fire again at once, and again.
                # QLocalServer stops listening then, and so does this.
                log.warning("no single-instance guard any more: %s", error)
                self.close()
                return
            try:
                ours = _peer_is_us(connection.fileno())
            except OSError:
                connection.close()  # gone before it could be asked who it is
                continue
            if not ours:
                log.warning("refused a hand-over from another user")
                connection.close()
                continue
            connection.setblocking(False)
            notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
            self._callers[connection.fileno()] = _Caller(connection, notifier)
            notifier.activated.connect(self._on_caller_activated)

    @Slot()
    def _on_caller_activated(self) -> None:
        notifier = self.sender()
        if not isinstance(notifier, QSocketNotifier):
            return
        descriptor = notifier.socket()
        caller = self._callers.get(descriptor)
        if caller is None or caller.notifier is not notifier:
            return  # hung up on since the notice was sent
        try:
            received = caller.connection.recv(_LINE_MAX)
        except BlockingIOError:
            return
        except OSError:
            self._hang_up(descriptor)
            return
        if not received:  # the caller hung up before its line ended
            self._hang_up(descriptor)
            return
        caller.received += received
        line, newline, _rest = caller.received.partition(b"\n")
        if newline:
            self._hang_up(descriptor)
            if line.strip() == b"show":
                self.showWanted.emit()
        elif len(caller.received) >= _LINE_MAX:
            self._hang_up(descriptor)  # no line of ours is that long

    def _hang_up(self, descriptor: int) -> None:
        caller = self._callers.pop(descriptor)
        _retire(caller.notifier)
        caller.connection.close()


class _PipeServer(QObject):
    """The guard on Windows: a named pipe, made and spoken to by Qt, open to the user only.

    Qt's network module is imported here, at the first use, and nowhere else.

    Signals:
        showWanted(): a second start sent ``show``.
    """

    showWanted = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._server: QLocalServer | None = None

    def hand_over(self) -> bool:
        """Send ``show`` to the first instance, if one answers."""
        from PySide6.QtNetwork import QLocalSocket

        peer = QLocalSocket()
        peer.connectToServer(self._name)
        if not peer.waitForConnected(_CONNECT_MS):
            return False
        peer.write(b"show\n")
        peer.waitForBytesWritten(_CONNECT_MS)
        peer.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Make the pipe; False, having logged why, if it cannot be."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._name):
            log.warning("no single-instance guard: %s", server.errorString())
            return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        """Stop listening (the pipe is removed)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    @Slot()
    def _on_server_new_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while (peer := server.nextPendingConnection()) is not None:
            # Owned by this object rather than the server, and never captured in a lambda:
            # a socket outliving its owner would be a dangling pointer.
            peer.setParent(self)
            peer.readyRead.connect(self._on_socket_ready_read)
            peer.disconnected.connect(self._on_socket_disconnected)
            self._read(peer)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        peer = self.sender()
        if isinstance(peer, QLocalSocket):
            self._read(peer)

    @Slot()
    def _on_socket_disconnected(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        peer = self.sender()
        if isinstance(peer, QLocalSocket):
            peer.deleteLater()

    def _read(self, peer: QLocalSocket) -> None:
        if peer.canReadLine() and bytes(peer.readLine().data()).strip() == b"show":
            self.showWanted.emit()
