"""A site a test turns off and on: the target a real monitoring stack probes.

:class:`SwitchableSite` is a tiny HTTP server on 127.0.0.1 answering ``200 ok``; stopped,
its port refuses connections, and it starts again on the same port.
:func:`switchable_sites` makes them, all served by one
:class:`~tests.support.servers.ServerThread`, so they answer the test process and the
programs it starts alike.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator

from tests.support.servers import ServerThread

__all__ = ["SwitchableSite", "switchable_sites"]


class SwitchableSite:
    """A tiny HTTP server on 127.0.0.1: ``200 ok`` to any request while it is up.

    :meth:`stop` closes its port, so connections are refused, and drops the connections it
    has open (a prober's keep-alive ones); :meth:`start` listens on the same port again. A new
    site is up.
    """

    def __init__(self, thread: ServerThread) -> None:
        self._thread = thread
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self.port = 0
        self.requests = 0
        """Requests answered so far."""
        self.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def up(self) -> bool:
        """Whether it listens."""
        return self._server is not None

    def start(self) -> None:
        """Listen (again, on the same port); nothing if up already."""
        if self._server is None:
            self._server = self._thread.call(
                asyncio.start_server(self._answer, "127.0.0.1", self.port)
            )
            self.port = int(self._server.sockets[0].getsockname()[1])

    def stop(self) -> None:
        """Stop listening: connections to the port are refused from now on."""
        if self._server is not None:
            server, self._server = self._server, None

            async def close() -> None:
                server.close()
                # Python 3.11's server leaves the connections it accepted open.
                for writer in list(self._open):
                    writer.transport.abort()
                await server.wait_closed()

            self._thread.call(close())

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._open.add(writer)
        try:
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
                await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                    b"Connection: close\r\n\r\nok"
                )
                await writer.drain()
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
        finally:
            self._open.discard(writer)


@contextlib.contextmanager
def switchable_sites() -> Iterator[Callable[[], SwitchableSite]]:
    """A factory of :class:`SwitchableSite`, served by one thread, all stopped on the way out."""
    thread = ServerThread()
    made: list[SwitchableSite] = []

    def make() -> SwitchableSite:
        made.append(SwitchableSite(thread))
        return made[-1]

    try:
        yield make
    finally:
        for site in made:
            site.stop()
        thread.close()
