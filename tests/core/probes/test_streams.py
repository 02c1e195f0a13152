"""The connections behind every check, on asyncio's own streams, against servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import ssl
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpcore
import pytest
import trustme

from tests.support.servers import closed_port
from trayapp.core.probes.streams import AsyncioBackend

pytestmark = pytest.mark.anyio

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
GUARD = 10.0
"""Seconds a test waits for what must happen at once, before it fails instead of hanging."""


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


def server_context(ca: trustme.CA, name: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)
    return context


def client_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


@contextlib.asynccontextmanager
async def serving(handler: Handler, context: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    """A server on 127.0.0.1 answering with ``handler``; its port. At the end, every
    connection it took is closed and every handler ended."""
    handlers: list[asyncio.Task[None]] = []
    writers: list[asyncio.StreamWriter] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        handlers.append(asyncio.current_task())  # type: ignore[arg-type]
        await handler(reader, writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        for writer in writers:
            writer.transport.abort()
        await server.wait_closed()


async def test_a_read_after_a_tls_peer_just_drops_the_socket_is_the_end(ca: trustme.CA) -> None:
    # Most servers close without a TLS goodbye (close_notify): that is an end, not an error.
    async def answer_and_drop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"hello")
        await writer.drain()
        writer.transport.get_extra_info("socket").shutdown(socket.SHUT_RDWR)  # no goodbye

    async with serving(answer_and_drop, server_context(ca, "site.test")) as port:
        plain = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=GUARD)
        stream = await plain.start_tls(client_context(ca), "site.test", timeout=GUARD)
        received = b""
        while chunk := await stream.read(1024, timeout=GUARD):
            received += chunk
        assert received == b"hello"
        await stream.aclose()


async def test_a_refused_connection_keeps_its_reason_through_a_re_raise_from_none() -> None:
    with pytest.raises(httpcore.ConnectError) as raised:
        await AsyncioBackend().connect_tcp("127.0.0.1", closed_port(), timeout=GUARD)
    # httpcore's pool re-raises "from None", so the reason must be in the error itself.
    (reason,) = raised.value.args
    assert isinstance(reason, ConnectionRefusedError)
    assert raised.value.__cause__ is reason


async def test_an_untrusted_certificate_fails_with_the_ssl_error_and_closes(ca: trustme.CA) -> None:
    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with serving(hold, server_context(trustme.CA(), "site.test")) as port:
        plain = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=GUARD)
        with pytest.raises(httpcore.ConnectError) as raised:
            await plain.start_tls(client_context(ca), "site.test", timeout=GUARD)
        assert isinstance(raised.value.args[0], ssl.SSLCertVerificationError)
        await asyncio.sleep(0)
        assert plain.get_extra_info("socket").fileno() == -1


async def test_a_read_that_waits_too_long_is_a_read_timeout() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with serving(silent) as port:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=GUARD)
        with pytest.raises(httpcore.ReadTimeout) as raised:
            await stream.read(1024, timeout=0.05)
        assert isinstance(raised.value.args[0], TimeoutError)
        await stream.aclose()


async def test_closing_never_waits_for_a_tls_peers_goodbye(ca: trustme.CA) -> None:
    # This peer stops reading after the handshake: it never answers the client's goodbye,
    # which asyncio alone would wait 30 s for with the socket open.
    async def deaf(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.transport.pause_reading()
        await asyncio.sleep(GUARD)

    async with serving(deaf, server_context(ca, "site.test")) as port:
        plain = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=GUARD)
        stream = await plain.start_tls(client_context(ca), "site.test", timeout=GUARD)
        raw = stream.get_extra_info("socket")
        await stream.aclose()
        await asyncio.sleep(0)  # asyncio closes the socket on the loop's next turn
        assert raw.fileno() == -1


async def test_tls_goes_through_a_tls_tunnel(ca: trustme.CA) -> None:
    # An https:// proxy: TLS to the proxy, and the site's own TLS inside it.
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.read(1024))
        await writer.drain()
        writer.close()

    writers: list[asyncio.StreamWriter] = []
    async with serving(echo, server_context(ca, "site.test")) as site_port:

        async def tunnel(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            site_reader, site_writer = await asyncio.open_connection("127.0.0.1", site_port)
            writers.append(site_writer)

            async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
                with contextlib.suppress(OSError, RuntimeError):
                    sink.write_eof()

            await asyncio.gather(pipe(reader, site_writer), pipe(site_reader, writer))

        async with serving(tunnel, server_context(ca, "proxy.test")) as proxy_port:
            plain = await AsyncioBackend().connect_tcp("127.0.0.1", proxy_port, timeout=GUARD)
            to_proxy = await plain.start_tls(client_context(ca), "proxy.test", timeout=GUARD)
            to_site = await to_proxy.start_tls(client_context(ca), "site.test", timeout=GUARD)
            assert to_site.get_extra_info("ssl_object").server_hostname == "site.test"
            await to_site.write(b"through", timeout=GUARD)
            assert await to_site.read(1024, timeout=GUARD) == b"through"
            await to_site.aclose()
        for writer in writers:
            writer.transport.abort()


async def test_socket_options_are_set_and_addresses_told() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with serving(silent) as port:
        option = (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        stream = await AsyncioBackend().connect_tcp(
            "127.0.0.1", port, timeout=GUARD, socket_options=[option]
        )
        assert stream.get_extra_info("socket").getsockopt(*option[:2]) == 1
        assert stream.get_extra_info("server_addr") == ("127.0.0.1", port)
        assert stream.get_extra_info("client_addr")[0] == "127.0.0.1"
        assert stream.get_extra_info("is_readable") is False
        assert stream.get_extra_info("ssl_object") is None
        await stream.aclose()


async def test_an_option_the_system_refuses_fails_the_connect_and_closes_it() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()

    async with serving(silent) as port:
        bad = (socket.SOL_SOCKET, 0x7FFF, 1)  # no such option
        with pytest.raises(httpcore.ConnectError) as raised:
            await AsyncioBackend().connect_tcp(
                "127.0.0.1", port, timeout=GUARD, socket_options=[bad]
            )
        assert isinstance(raised.value.args[0], OSError)
        gc.collect()  # an unclosed transport would warn here, and the warning fail the test


@pytest.mark.skipif(sys.platform == "win32", reason="no Unix sockets in asyncio on Windows")
async def test_a_unix_socket_connects(tmp_path: Path) -> None:
    async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"hi")
        writer.close()

    path = tmp_path / "s.sock"
    server = await asyncio.start_unix_server(greet, path)
    try:
        stream = await AsyncioBackend().connect_unix_socket(str(path), timeout=GUARD)
        assert await stream.read(16, timeout=GUARD) == b"hi"
        await stream.aclose()
    finally:
        server.close()
        await server.wait_closed()
    with pytest.raises(httpcore.ConnectError):
        await AsyncioBackend().connect_unix_socket(str(tmp_path / "none.sock"), timeout=GUARD)
