"""A vendor's status page server on 127.0.0.1: each path serves what the test put there.

It answers conditional requests as a real page does: ``If-None-Match`` matching the page's
ETag, or ``If-Modified-Since`` matching its Last-Modified, gets ``304 Not Modified`` and no
body. It remembers every request (path, headers, status sent) so that tests can see what
the client asked and how often. Runs on a :class:`~tests.support.servers.ServerThread`, so
it answers the test process and child processes alike.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from tests.support.routes import read_request, response
from tests.support.servers import ServerThread

__all__ = ["Page", "Request", "VendorPages", "vendor_pages"]


@dataclass
class Page:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "application/json"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """A request the server answered."""

    path: str
    headers: dict[str, str]
    status: int


@dataclass
class VendorPages:
    """The pages served, by path, and the requests answered."""

    port: int = 0
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        """The address of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, page: Page) -> None:
        """Answer ``path`` with ``page`` from now on."""
        self.pages[path] = page

    def hits(self, path: str) -> list[Request]:
        """The requests made for ``path`` so far."""
        return [r for r in self.requests if r.path == path]

    def reset(self) -> None:
        """Forget every page and request (between tests)."""
        self.pages.clear()
        self.requests.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _, path, headers = await read_request(reader)
            page = self.pages.get(path) or Page(b"no such page", "text/plain", 404)
            status, body, sent = self._answer(page, headers)
            self.requests.append(Request(path, headers, status))
            writer.write(response(status, body, sent))
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    @staticmethod
    def _answer(page: Page, asked: dict[str, str]) -> tuple[int, bytes, list[tuple[str, str]]]:
        validators = []
        if page.etag is not None:
            validators.append(("ETag", page.etag))
        if page.last_modified is not None:
            validators.append(("Last-Modified", page.last_modified))
        fresh = (page.etag is not None and asked.get("if-none-match") == page.etag) or (
            page.last_modified is not None and asked.get("if-modified-since") == page.last_modified
        )
        if page.status == 200 and fresh:
            return 304, b"", validators
        sent = [("Content-Type", page.content_type), *validators, *page.headers]
        return page.status, page.body, sent


@contextlib.contextmanager
def vendor_pages() -> Iterator[VendorPages]:
    """Start the server; stop it on the way out."""
    thread = ServerThread()
    pages = VendorPages()

    async def start() -> asyncio.Server:
        server = await asyncio.start_server(pages._serve, "127.0.0.1", 0)
        pages.port = int(server.sockets[0].getsockname()[1])
        return server

    server = thread.call(start())
    try:
        yield pages
    finally:

        async def stop() -> None:
            server.close()

        thread.call(stop())
        thread.close()
