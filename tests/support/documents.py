"""A web server on 127.0.0.1 that serves the documents a test gives it, path by path.

``with document_site() as site:`` starts it; ``site.serve("/health", {"status": "UP"})``
puts a JSON document (or text, or bytes) at a path, ``site.url("/health")`` says where. A
path nobody set is a 404. It answers the test process and the ``trayapp`` processes it
starts alike (its loop runs in a thread of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from tests.support.routes import read_request, response
from tests.support.servers import ServerThread

__all__ = ["DocumentSite", "document_site"]


@dataclass
class DocumentSite:
    """The documents served, by path: status, Content-Type and body."""

    port: int = 0
    documents: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)

    def serve(
        self,
        path: str,
        document: object,
        *,
        status: int = 200,
        content_type: str = "application/json",
    ) -> str:
        """Serve ``document`` at ``path``: bytes as they are, text as UTF-8, anything else
        as JSON. Returns its URL."""
        if isinstance(document, bytes):
            body = document
        elif isinstance(document, str):
            body = document.encode()
        else:
            body = json.dumps(document).encode()
        self.documents[path] = (status, content_type, body)
        return self.url(path)

    def url(self, path: str) -> str:
        """The plain-HTTP URL of ``path``."""
        return f"http://127.0.0.1:{self.port}{path}"

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _, path, _ = await read_request(reader)
            status, content_type, body = self.documents.get(
                path, (404, "text/plain", b"no such document")
            )
            writer.write(response(status, body, [("Content-Type", content_type)]))
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away
        finally:
            writer.close()


@contextlib.contextmanager
def document_site() -> Iterator[DocumentSite]:
    """Start a :class:`DocumentSite`; it stops when the block ends."""
    thread = ServerThread()
    site = DocumentSite()

    async def start() -> asyncio.Server:
        server = await asyncio.start_server(site._answer, "127.0.0.1", 0)
        site.port = int(server.sockets[0].getsockname()[1])
        return server

    server = thread.call(start())
    try:
        yield site
    finally:

        async def stop() -> None:
            server.close()

        thread.call(stop())
        thread.close()
