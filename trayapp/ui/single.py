"""One trayapp per user: a second start brings the first one's window forward and exits.

The first instance listens on a local socket (a Unix socket, or a named pipe on Windows)
named after the user and the config file. A second instance that reaches it sends one line,
``show``, and exits; if nothing answers (no first instance, or one that crashed and left its
socket behind), it removes the stale socket and becomes the first.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

__all__ = ["SingleInstance", "instance_key"]

_CONNECT_MS = 500


def instance_key(config: Path) -> str:
    """The socket's name: one trayapp per user and config file."""
    digest = hashlib.sha256(str(config.resolve()).encode()).hexdigest()[:12]
    return f"trayapp-{getpass.getuser()}-{digest}"


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
        """If another instance runs, ask it to show itself and return True.

        Waits at most half a second: this runs before anything is shown.
        """
        socket = QLocalSocket()
        socket.connectToServer(self._key)
        if not socket.waitForConnected(_CONNECT_MS):
            return False
        socket.write(b"show\n")
        socket.waitForBytesWritten(_CONNECT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the instance others hand over to; False if the socket cannot be made."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._key):
            # A socket left by an instance that crashed: nobody answered hand_over().
            QLocalServer.removeServer(self._key)
            if not server.listen(self._key):
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
        while (socket := server.nextPendingConnection()) is not None:
            # Owned by this object rather than the server, and never captured in a lambda:
            # a socket outliving its owner would be a dangling pointer.
            socket.setParent(self)
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(self._on_socket_disconnected)
            self._read(socket)

    @Slot()
    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    @Slot()
    def _on_socket_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        if socket.canReadLine() and bytes(socket.readLine().data()).strip() == b"show":
            self.showWanted.emit()
