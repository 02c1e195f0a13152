"""One trayapp per user: a second start brings the first one's window forward and exits.

The first instance listens on a local socket named after the config file. A second instance
that reaches it sends one line, ``show``, and exits; if nothing answers (no first instance,
or one that crashed and left its socket behind), it removes the stale socket and becomes the
first.

No other user may stand in for the first instance. A name in a shared folder (Qt's default
on Unix is ``/tmp``) can be taken first by anyone, who would then stop trayapp from starting
and receive its hand-overs. So on Unix and macOS the socket lives in the user's runtime
folder (``$XDG_RUNTIME_DIR``, platformdirs' per-user choice elsewhere), which must be the
user's own and closed to others (0700); a socket there owned by someone else is never
spoken to, and on Linux a connecting peer must be the same user (``SO_PEERCRED``). On
Windows the name is a named pipe that Qt restricts to the user (``UserAccessOption``).
Where none of that can be had, trayapp runs without the single-instance guard, and says so
in the log.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import socket
import stat
import struct
import sys
import warnings
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from trayapp.core.paths import APP_NAME

__all__ = ["SingleInstance", "instance_key"]

log = logging.getLogger(__name__)

_CONNECT_MS = 500
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


class SingleInstance(QObject):
    """Makes sure one trayapp runs per key.

    Signals:
        showWanted(): another start asked this instance to show itself.
    """

    showWanted = Signal()

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._server: QLocalServer | None = None

    def hand_over(self) -> bool:
        """If another instance of this user runs, ask it to show itself and return True.

        A socket that is not this user's, or in a folder that is not, is never spoken to.
        Waits at most half a second: this runs before anything is shown.
        """
        if _UNIX:
            path = Path(self._key)
            if not _private_folder(path.parent, create=False) or not _ours(path):
                return False
        peer = QLocalSocket()
        peer.connectToServer(self._key)
        if not peer.waitForConnected(_CONNECT_MS):
            return False
        peer.write(b"show\n")
        peer.waitForBytesWritten(_CONNECT_MS)
        peer.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the instance others hand over to.

        Returns False, having logged why, when the socket cannot be made: trayapp then runs
        without the guard rather than not at all.
        """
        if _UNIX:
            path = Path(self._key)
            if not _private_folder(path.parent, create=True):
                return False
            if path.exists() or path.is_symlink():
                if not _ours(path):
                    log.warning("no single-instance guard: %s is not this user's", path)
                    return False
                # A socket left by an instance that crashed: nobody answered hand_over().
                QLocalServer.removeServer(self._key)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._key):
            log.warning("no single-instance guard: %s", server.errorString())
            return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        """Stop answering other starts (the socket is removed)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    @Slot()
    def _on_server_new_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while (peer := server.nextPendingConnection()) is not None:
            if _UNIX and not _peer_is_us(int(peer.socketDescriptor())):
                log.warning("refused a hand-over from another user")
                peer.abort()
                peer.deleteLater()
                continue
            # Owned by this object rather than the server, and never captured in a lambda:
            # a socket outliving its owner would be a dangling pointer.
            peer.setParent(self)
            peer.readyRead.connect(self._on_socket_ready_read)
            peer.disconnected.connect(self._on_socket_disconnected)
            self._read(peer)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        peer = self.sender()
        if isinstance(peer, QLocalSocket):
            self._read(peer)

    @Slot()
    def _on_socket_disconnected(self) -> None:
        peer = self.sender()
        if isinstance(peer, QLocalSocket):
            peer.deleteLater()

    def _read(self, peer: QLocalSocket) -> None:
        if peer.canReadLine() and bytes(peer.readLine().data()).strip() == b"show":
            self.showWanted.emit()
