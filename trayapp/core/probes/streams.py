"""httpcore's network on asyncio's own streams: the connections behind every check.

httpcore's default backend on asyncio goes through anyio: its own happy-eyeballs task group
for every connect (which :class:`~trayapp.core.probes.backend.ResolvingBackend` has done
already, address by address), a cancel scope for every read and write, and its TLS in
Python over memory BIOs. Per check that is about a fifth of all the instructions a plain
request executes (counted by ``bench instructions``). :class:`AsyncioBackend` does the same
with ``asyncio.open_connection``, ``asyncio.timeout`` and ``StreamWriter.start_tls``, which
also takes TLS through a TLS proxy (TLS in TLS).

It keeps httpcore's contract, as its anyio backend keeps it:

- errors are httpcore's, made of the error underneath (``ConnectionRefusedError``,
  ``ssl.SSLCertVerificationError`` …) and raised from it, as httpcore's own backends do:
  :func:`~trayapp.core.probes.causes.classify` finds it there, also after httpcore's pool
  re-raises ``from None``;
- a read at the end of the stream returns ``b""``, also when a TLS peer just closes the
  socket without saying goodbye, as most servers do;
- closing never waits on the peer: a TLS goodbye is offered, then the socket is dropped.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Iterable
from typing import Any

import httpcore
from httpcore._utils import is_socket_readable

__all__ = ["AsyncioBackend", "AsyncioStream"]


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection, as asyncio's reader and writer of it."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Up to ``max_bytes``; ``b""`` once the peer has closed.

        Raises:
            httpcore.ReadTimeout: Nothing came within ``timeout`` seconds.
            httpcore.ReadError: The connection broke.
        """
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as error:
            raise httpcore.ReadTimeout(error) from error
        except OSError as error:  # ConnectionResetError and kin; ssl.SSLError
            raise httpcore.ReadError(error) from error

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Send all of ``buffer``.

        Raises:
            httpcore.WriteTimeout: The peer took none of it within ``timeout`` seconds.
            httpcore.WriteError: The connection broke.
        """
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()
        except TimeoutError as error:
            raise httpcore.WriteTimeout(error) from error
        except OSError as error:  # ConnectionResetError and kin; ssl.SSLError
            raise httpcore.WriteError(error) from error

    async def aclose(self) -> None:
        """Close at once: a TLS goodbye is offered, but no answer waited for."""
        transport = self._writer.transport
        try:
            transport.close()
            await asyncio.sleep(0)  # one turn of the loop to send what is buffered
        finally:
            transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """The same connection with TLS on it (this stream is not to be used after).

        Raises:
            httpcore.ConnectTimeout: The handshake took longer than ``timeout`` seconds.
            httpcore.ConnectError: It failed (from the ``ssl.SSLError``, or the
                ``ConnectionResetError`` of a peer that hung up).
        """
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(
                    ssl_context, server_hostname=server_hostname, ssl_handshake_timeout=None
                )
        except TimeoutError as error:
            await self.aclose()
            raise httpcore.ConnectTimeout(error) from error
        except OSError as error:  # ConnectionResetError and kin; ssl.SSLError
            await self.aclose()
            raise httpcore.ConnectError(error) from error
        return AsyncioStream(self._reader, self._writer)

    def get_extra_info(self, info: str) -> Any:
        """What httpcore asks of a stream: ``ssl_object``, ``client_addr``, ``server_addr``,
        ``socket`` and ``is_readable``; None for anything else."""
        writer = self._writer
        if info == "ssl_object":
            return writer.get_extra_info("ssl_object")
        if info == "client_addr":
            return writer.get_extra_info("sockname")
        if info == "server_addr":
            return writer.get_extra_info("peername")
        if info == "socket":
            return writer.get_extra_info("socket")
        if info == "is_readable":
            sock = writer.get_extra_info("socket")
            return sock is not None and is_socket_readable(sock)
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connects with ``asyncio.open_connection``: to one address, as
    :class:`~trayapp.core.probes.backend.ResolvingBackend` asks, or to a name (resolved by
    the system then)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A connection to ``host``:``port``, from ``local_address`` when one is given.

        Raises:
            httpcore.ConnectTimeout: It was not made within ``timeout`` seconds.
            httpcore.ConnectError: It was refused, or could not be made (from the OSError).
        """
        local = (local_address, 0) if local_address else None
        opening = asyncio.open_connection(host, port, local_addr=local)
        return await _connected(opening, timeout, socket_options)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A connection to the Unix socket at ``path``.

        Raises:
            httpcore.ConnectTimeout: It was not made within ``timeout`` seconds.
            httpcore.ConnectError: It could not be made (from the OSError).
        """
        return await _connected(asyncio.open_unix_connection(path), timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        """As asyncio sleeps."""
        await asyncio.sleep(seconds)


async def _connected(
    opening: Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
    timeout: float | None,
    options: Iterable[httpcore.SOCKET_OPTION] | None,
) -> AsyncioStream:
    """The stream ``opening`` opens within ``timeout`` seconds, ``options`` set on its
    socket; closed again when one cannot be.

    Raises:
        httpcore.ConnectTimeout: It was not open in time.
        httpcore.ConnectError: It could not be opened, or the system refused an option (from
            the OSError).
    """
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await opening
    except TimeoutError as error:
        raise httpcore.ConnectTimeout(error) from error
    except OSError as error:
        raise httpcore.ConnectError(error) from error
    sock = writer.get_extra_info("socket")
    try:
        for option in options or ():
            sock.setsockopt(*option)
    except OSError as error:
        writer.transport.abort()
        raise httpcore.ConnectError(error) from error
    return AsyncioStream(reader, writer)
