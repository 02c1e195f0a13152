"""What the servers of :mod:`tests.support.servers` answer over HTTP, path by path.

Each path of :data:`ROUTES` is one behaviour a probe meets in the wild: a good page, a
status code, a "we are down" page, slowness before the first byte or within the body, a
hang, a reset, redirects that loop or lead anywhere, endless or bombing gzip bodies,
broken encodings, a header too big, a protocol that is not HTTP, and pages whose
behaviour the test changes while a monitor watches (``/script``, ``/scenario/``,
``/held``). Anything else is a 404.

Also the bits of HTTP/1.1 these servers and :mod:`tests.support.vendor_server` share:
:func:`read_request` reads a request, :func:`response` writes an answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import http
import socket
import struct
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from tests.support.servers import Site

__all__ = [
    "BODY",
    "DOWN_PAGE",
    "INVALID_UTF8",
    "ROUTES",
    "Exchange",
    "Handler",
    "read_request",
    "response",
    "route",
]

Handler = Callable[["Exchange"], Awaitable[None]]
"""One behaviour: answers the request of an :class:`Exchange`."""

BODY = b"hello, world: all is well"
"""What a page that is up says."""
DOWN_PAGE = b"<html><h1>Twitter is currently down</h1></html>"
"""A page saying the service is down, whatever its status code."""
INVALID_UTF8 = b"<p>\xff\xfe caf\xc3 \xc3\x28 still up \xed\xa0\x80</p>"
"""A body declared UTF-8 that is not."""


async def read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str]]:
    """The method, path and headers (names in lower case) of the request ``reader`` brings."""
    head = await reader.readuntil(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _ = request_line.split(" ", 2)
    headers = {}
    for line in filter(None, header_lines):
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, urlsplit(target).path, headers


def response(
    status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None, reason: str = ""
) -> bytes:
    """A complete response with Content-Length, closing the connection."""
    if not reason:
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = "Whatever"
    head = [f"HTTP/1.1 {status} {reason}"]
    head += [f"{name}: {value}" for name, value in headers or []]
    head += [f"Content-Length: {len(body)}", "Connection: close"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Exchange:
    """One request to a :class:`~tests.support.servers.Site`, and the streams to answer on."""

    method: str
    path: str
    headers: dict[str, str]
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    site: Site

    async def send(
        self,
        status: int,
        body: bytes = b"",
        headers: list[tuple[str, str]] | None = None,
        reason: str = "",
    ) -> None:
        """A complete response with Content-Length, then the connection closes."""
        self.writer.write(response(status, body, headers, reason))
        await self.writer.drain()

    async def start_chunked(self, headers: list[tuple[str, str]] | None = None) -> None:
        """Status 200 and headers for a chunked body of unknown length."""
        head = ["HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Connection: close"]
        head += [f"{name}: {value}" for name, value in headers or []]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await self.writer.drain()

    async def chunk(self, data: bytes) -> None:
        """One chunk of a chunked body."""
        self.writer.write(b"%x\r\n%s\r\n" % (len(data), data))
        await self.writer.drain()


# --- behaviours, by path -------------------------------------------------------------------------


async def _up(x: Exchange) -> None:
    await x.send(200, BODY, [("Content-Type", "text/plain; charset=utf-8")])


async def _status(x: Exchange) -> None:
    await x.send(int(x.path.rsplit("/", 1)[1]), b"something is wrong")


async def _down_page(x: Exchange) -> None:
    await x.send(200, DOWN_PAGE, [("Content-Type", "text/html")])


async def _down_503(x: Exchange) -> None:
    await x.send(503, DOWN_PAGE)


async def _slow_first_byte(x: Exchange) -> None:
    await asyncio.sleep(int(x.path.rsplit("/", 1)[1]) / 1000)
    await x.send(200, BODY)


async def _slow_body(x: Exchange) -> None:
    x.writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(600):  # a minute at most, if the client never gives up
        x.writer.write(b"trickle...")
        await x.writer.drain()
        await asyncio.sleep(0.1)


async def _hang(x: Exchange) -> None:
    await x.reader.read()  # until the client gives up and closes


async def _close_mid(x: Exchange) -> None:
    x.writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 100)
    await x.writer.drain()


async def _reset(x: Exchange) -> None:
    sock = x.writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    x.writer.transport.abort()  # with linger 0: a RST, not a FIN


async def _redirect_loop(x: Exchange) -> None:
    await x.send(302, headers=[("Location", "/redirect-loop")])


async def _redirect(x: Exchange) -> None:
    left = int(x.path.rsplit("/", 1)[1])
    if left == 0:
        await x.send(200, BODY)
    else:
        await x.send(302, headers=[("Location", f"/redirect/{left - 1}")])


async def _redirect_to(x: Exchange) -> None:
    # /redirect-to/<anything>: Location is the rest of the path, as given.
    await x.send(302, headers=[("Location", x.path.removeprefix("/redirect-to/"))])


async def _cookie_gate(x: Exchange) -> None:
    # Without the cookie: set it and come back; a client that drops cookies loops forever.
    if "gate=open" in x.headers.get("cookie", ""):
        await x.send(200, BODY)
    else:
        await x.send(302, headers=[("Set-Cookie", "gate=open; Path=/"), ("Location", x.path)])


async def _endless(x: Exchange) -> None:
    await x.start_chunked()
    block = b"z" * 65536
    for _ in range(100_000):
        await x.chunk(block)


async def _gzip_bomb(x: Exchange) -> None:
    await x.start_chunked([("Content-Encoding", "gzip")])
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1024 * 1024)
    for _ in range(100_000):  # ~100 GB inflated, if anyone read it all
        if packed := packer.compress(zeros):
            await x.chunk(packed)


async def _gzip_ok(x: Exchange) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    body = packer.compress(BODY * 100) + packer.flush()
    await x.send(200, body, [("Content-Encoding", "gzip")])


async def _deflate_raw(x: Exchange) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    await x.send(200, packer.compress(BODY) + packer.flush(), [("Content-Encoding", "deflate")])


async def _bad_gzip(x: Exchange) -> None:
    await x.send(200, b"this is not gzip at all", [("Content-Encoding", "gzip")])


async def _invalid_utf8(x: Exchange) -> None:
    await x.send(200, INVALID_UTF8, [("Content-Type", "text/html; charset=utf-8")])


async def _huge_header(x: Exchange) -> None:
    x.writer.write(b"HTTP/1.1 200 OK\r\nX-Huge: " + b"a" * 300_000 + b"\r\n\r\n")
    await x.writer.drain()
    await x.reader.read()


async def _garbage(x: Exchange) -> None:
    x.writer.write(b"SPDY/9 banana\r\n\r\n")
    await x.writer.drain()
    await x.reader.read()


async def _script(x: Exchange) -> None:
    # Whatever the test put in site.script, byte for byte; then the connection closes.
    x.writer.write(x.site.script)
    await x.writer.drain()


async def _scenario(x: Exchange) -> None:
    # A service whose behaviour the test changes while a monitor watches it.
    target = x.site.scenarios.get(x.path.removeprefix("/scenario/"), "/up")
    handler = route(target)
    assert handler is not None
    assert handler is not _scenario
    await handler(dataclasses.replace(x, path=target))


async def _held(x: Exchange) -> None:
    # Answers as /up, but only once the test sets site.release: a round held open at will.
    while not x.site.release.is_set():
        await asyncio.sleep(0.02)
    await _up(x)


async def _echo(x: Exchange) -> None:
    lines = [f"{name}: {value}" for name, value in sorted(x.headers.items())]
    await x.send(200, ("\n".join([f"{x.method} {x.path}", *lines])).encode())


ROUTES: dict[str, Handler] = {
    "/up": _up,
    "/status/": _status,
    "/down-page": _down_page,
    "/down-503": _down_503,
    "/slow-first-byte/": _slow_first_byte,
    "/slow-body": _slow_body,
    "/hang": _hang,
    "/close-mid": _close_mid,
    "/reset": _reset,
    "/redirect-loop": _redirect_loop,
    "/redirect/": _redirect,
    "/redirect-to/": _redirect_to,
    "/cookie-gate": _cookie_gate,
    "/endless": _endless,
    "/gzip-bomb": _gzip_bomb,
    "/gzip-ok": _gzip_ok,
    "/deflate-raw": _deflate_raw,
    "/bad-gzip": _bad_gzip,
    "/invalid-utf8": _invalid_utf8,
    "/huge-header": _huge_header,
    "/garbage": _garbage,
    "/script": _script,
    "/echo": _echo,
    "/held": _held,
    "/scenario/": _scenario,
}
"""Path (or path prefix, ending in ``/``) → behaviour. Anything else is a 404."""


def route(path: str) -> Handler | None:
    """The behaviour :data:`ROUTES` gives ``path``; None when it has none (a 404).

    Args:
        path: The path asked for, without the query.

    Returns:
        The handler listed for ``path`` itself, else the first listed for a prefix
        (ending in ``/``) that ``path`` starts with.
    """
    if path in ROUTES:
        return ROUTES[path]
    prefixes = (p for p in ROUTES if p.endswith("/") and path.startswith(p))
    return next((ROUTES[p] for p in prefixes), None)
