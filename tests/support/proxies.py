"""Forward proxies and a PAC file server on 127.0.0.1, for the proxy tests.

``with proxy_lab() as lab:`` starts them on a loop of their own (a
:class:`~tests.support.servers.ServerThread`):

- :class:`ForwardProxy`: absolute-form requests and ``CONNECT``, sent on to 127.0.0.1 whatever
  the name asked for; or, when a test sets :attr:`ForwardProxy.answer`, that status line to
  everything. It remembers each request line and each ``Proxy-Authorization`` it was sent.
- :class:`PacServer`: serves :attr:`PacServer.script` at any path, or :attr:`PacServer.status`
  when a test sets it, and counts the fetches.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.support.servers import ServerThread

__all__ = ["ForwardProxy", "PacServer", "ProxyLab", "proxy_lab"]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError):
        writer.write_eof()


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    pairs = (line.partition(":") for line in lines if ":" in line)
    return {name.strip().lower(): value.strip() for name, _, value in pairs}


@dataclass
class ForwardProxy:
    """A forward proxy to 127.0.0.1 (see the module's docstring)."""

    answer: str = ""
    """A status line ("502 Bad Gateway") to answer everything with; "" to forward."""
    requests: list[str] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)
    port: int = 0
    _server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: asyncio.StreamWriter | None = None
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, rest = head.split(b"\r\n", 1)
            method, target, version = request_line.decode("latin-1").split(" ")
            self.requests.append(f"{method} {target}")
            if auth := _headers(head).get("proxy-authorization"):
                self.authorizations.append(auth)
            if self.answer:
                writer.write(f"HTTP/1.1 {self.answer}\r\nContent-Length: 0\r\n\r\n".encode())
                await writer.drain()
                return
            if method == "CONNECT":
                port = int(target.rsplit(":", 1)[1])
                up_reader, upstream = await asyncio.open_connection("127.0.0.1", port)
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                url = urlsplit(target)
                up_reader, upstream = await asyncio.open_connection("127.0.0.1", url.port or 80)
                origin_form = url.path + (f"?{url.query}" if url.query else "")
                upstream.write(f"{method} {origin_form} {version}\r\n".encode() + rest)
            await asyncio.gather(_pipe(reader, upstream), _pipe(up_reader, writer))
        except (ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            pass
        finally:
            for stream in filter(None, [writer, upstream]):
                stream.close()


@dataclass
class PacServer:
    """Serves a PAC file at any path (see the module's docstring)."""

    script: str = ""
    status: str = "200 OK"
    fetches: int = 0
    port: int = 0
    _server: asyncio.Server | None = None

    def url(self, path: str = "/proxy.pac") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            self.fetches += 1
            body = self.script.encode() if self.status.startswith("200") else b""
            writer.write(
                f"HTTP/1.1 {self.status}\r\nContent-Type: application/x-ns-proxy-autoconfig\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


@dataclass
class ProxyLab:
    """Two forward proxies and a PAC server, and the loop they run on."""

    thread: ServerThread
    first: ForwardProxy
    second: ForwardProxy
    pac: PacServer

    def reset(self) -> None:
        """Forget what was seen and served; forward again."""
        for proxy in (self.first, self.second):
            proxy.answer = ""
            proxy.requests.clear()
            proxy.authorizations.clear()
        self.pac.script, self.pac.status, self.pac.fetches = "", "200 OK", 0


@contextlib.contextmanager
def proxy_lab() -> Iterator[ProxyLab]:
    """Start two proxies and a PAC server on 127.0.0.1."""
    thread = ServerThread()
    lab = ProxyLab(thread, ForwardProxy(), ForwardProxy(), PacServer())

    async def start() -> None:
        await lab.first.listen()
        await lab.second.listen()
        await lab.pac.listen()

    async def stop() -> None:
        for server in (lab.first, lab.second, lab.pac):
            await server.close()

    try:
        thread.call(start())
        yield lab
    finally:
        thread.call(stop())
        thread.close()
