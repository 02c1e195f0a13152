"""httpcore's network, with our name resolution in front and a record of each connection.

httpcore's own backends resolve the host name with ``getaddrinfo`` inside the connect call:
the lookup cannot be timed apart from the connect, nor pointed at another DNS server.
:class:`ResolvingBackend` resolves the name through a
:class:`~trayapp.core.probes.resolver.Resolver` first, then connects to the addresses
itself (happy eyeballs, RFC 8305: the next address is tried when the previous one has not
answered within 250 ms). TLS still uses the name, for SNI and certificate checks, because
httpcore passes it to ``start_tls``.

A connection may keep to one IP family: httpcore's ``local_address`` of ``"0.0.0.0"`` or
``"::"`` (:data:`FAMILY_ADDRESS`, what a pool is made with or a probe passes) leaves only the
name's IPv4 or IPv6 addresses to try, and a name with none of that family fails as a lookup
does (:class:`~trayapp.core.probes.resolver.ResolveError`, "no IPv6 address for ...").

Every stream it returns carries a :class:`ConnectionInfo` (under the extra-info key
:data:`CONNECTION_INFO`): how long the lookup took, which address answered, and whether the
peer closed the connection. The last tells "the server hung up mid-answer" (cause
``reset``) from "the server sent garbage" (``protocol``), which h11 reports with the same
exception type.

A connection made while :data:`RECORDER` holds a :class:`Recorder` (the router sets it for
the request it sends) tells it as it goes: connecting, connected, the TLS handshake, each
write and read. That is how an http check learns its timings and how far it got, at the cost
of a few clock readings (see :mod:`trayapp.core.probes.tracing`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

import anyio
import httpcore

from trayapp.core.probes.resolver import ResolveError, Resolver, is_ip_address
from trayapp.core.probes.streams import AsyncioBackend

__all__ = [
    "CONNECTION_INFO",
    "FAMILY_ADDRESS",
    "HAPPY_EYEBALLS_DELAY",
    "RECORDER",
    "ConnectionInfo",
    "Recorder",
    "ResolvingBackend",
    "of_family",
]

CONNECTION_INFO = "trayapp.connection"
"""The ``get_extra_info`` key under which a stream returns its :class:`ConnectionInfo`."""

HAPPY_EYEBALLS_DELAY = 0.25
"""Seconds to wait for one address before trying the next as well (RFC 8305)."""

FAMILY_ADDRESS = {4: "0.0.0.0", 6: "::"}
"""IP version → the ``local_address`` that keeps a connection to that family."""

_FAMILIES = {address: version for version, address in FAMILY_ADDRESS.items()}


def of_family(host: str, addresses: list[str], version: int | None) -> list[str]:
    """``addresses`` (of ``host``) of IP ``version`` only, in their order; all for None.

    Raises:
        ResolveError: ``host`` has no address of that family.
    """
    if version is None:
        return addresses
    kept = [a for a in addresses if ipaddress.ip_address(a.split("%", 1)[0]).version == version]
    if not kept:
        raise ResolveError(host, f"no IPv{version} address for {host}")
    return kept


@dataclass(slots=True)
class ConnectionInfo:
    """What happened on one connection, filled in as it happens."""

    dns_seconds: float | None = None
    """How long the name lookup took; None for an IP address (no lookup)."""
    address: str = ""
    """The address that answered."""
    peer_closed: bool = False
    """The peer closed its side: a read returned end-of-stream."""


class Recorder(Protocol):
    """Hears what a connection does, as it does it (a check's
    :class:`~trayapp.core.probes.tracing.CheckTrace`)."""

    def connecting(self, host: str, port: int) -> None:
        """A connection to ``host``:``port`` begins (its name looked up first)."""

    def connected(self, info: ConnectionInfo, seconds: float) -> None:
        """The connection is made, ``seconds`` after it began, its lookup included."""

    def handshaking(self) -> None:
        """The TLS handshake begins."""

    def handshaken(self, seconds: float) -> None:
        """The TLS handshake took ``seconds``."""

    def sending(self) -> None:
        """The connection writes."""

    def receiving(self) -> None:
        """The connection reads."""


RECORDER: ContextVar[Recorder | None] = ContextVar("trayapp_recorder", default=None)
"""Who hears of the connections made now, in this task (None: nobody)."""


class ResolvingBackend(httpcore.AsyncNetworkBackend):
    """Resolves through ``resolver``, then connects with ``inner`` (by default
    :class:`~trayapp.core.probes.streams.AsyncioBackend`, asyncio's own streams)."""

    def __init__(
        self,
        resolver: Resolver,
        *,
        monotonic: Callable[[], float],
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._resolver = resolver
        self._monotonic = monotonic
        self._inner = inner if inner is not None else AsyncioBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve ``host`` and connect to the first of its addresses that answers.

        A ``local_address`` of :data:`FAMILY_ADDRESS` keeps to that family's addresses.

        Raises:
            ResolveError: the name could not be resolved, or has no address of the family.
            httpcore.ConnectError, httpcore.ConnectTimeout: no address took the connection.
        """
        info = ConnectionInfo()
        recorder, began = RECORDER.get(), 0.0
        if recorder is not None:
            began = self._monotonic()
            recorder.connecting(host, port)
        if is_ip_address(host):
            addresses = [host]
        else:
            started = self._monotonic()
            addresses = await self._resolver.addresses(host, 3600.0 if timeout is None else timeout)
            info.dns_seconds = self._monotonic() - started
        addresses = of_family(host, addresses, _FAMILIES.get(local_address or ""))
        if local_address in _FAMILIES:
            local_address = None  # the addresses left say the family: nothing to bind
        options = list(socket_options or ())

        async def connect(address: str) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                address, port, timeout=timeout, local_address=local_address, socket_options=options
            )

        address, stream = await _first_to_connect(addresses, connect)
        info.address = address
        if recorder is not None:
            recorder.connected(info, self._monotonic() - began)
        return TrackedStream(stream, info, recorder, self._monotonic)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are not something trayapp checks; passed through unchanged."""
        return await self._inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        """As the inner backend sleeps."""
        await self._inner.sleep(seconds)


async def _first_to_connect(
    addresses: list[str], connect: Callable[[str], Awaitable[httpcore.AsyncNetworkStream]]
) -> tuple[str, httpcore.AsyncNetworkStream]:
    """Race connections to ``addresses``, each started 250 ms after the one before it.

    The next address is started early when every attempt so far has failed. Returns the
    first connection made, closing any made later; when all fail, raises the preferred
    (first) address's error: it is the likeliest story.
    """
    if len(addresses) == 1:
        return addresses[0], await connect(addresses[0])
    attempts: dict[asyncio.Task[httpcore.AsyncNetworkStream], str] = {}
    errors: dict[str, BaseException] = {}
    try:
        for address in [*addresses, None]:
            if address is not None:
                attempts[asyncio.ensure_future(connect(address))] = address
            while attempts:
                delay = HAPPY_EYEBALLS_DELAY if address is not None else None
                done, _ = await asyncio.wait(
                    attempts, timeout=delay, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    failed = task.exception()
                    if failed is None:
                        return attempts.pop(task), task.result()
                    errors[attempts.pop(task)] = failed
                if address is not None:
                    break  # slow or failed: start the next address now
        raise errors.get(addresses[0]) or next(iter(errors.values()))
    finally:
        for task in attempts:
            task.cancel()
        # A loser may have connected just as the winner did: close what it opened.
        outcomes = await asyncio.gather(*attempts, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, httpcore.AsyncNetworkStream):
                await outcome.aclose()


class TrackedStream(httpcore.AsyncNetworkStream):
    """A stream that records end-of-stream in its :class:`ConnectionInfo`, and tells its
    ``recorder`` (if any) of its handshake, writes and reads."""

    def __init__(
        self,
        stream: httpcore.AsyncNetworkStream,
        info: ConnectionInfo,
        recorder: Recorder | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        self._stream = stream
        self._info = info
        self._recorder = recorder
        self._monotonic = monotonic

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, noting when the peer has closed."""
        if self._recorder is not None:
            self._recorder.receiving()
        data = await self._stream.read(max_bytes, timeout)
        if not data:
            self._info.peer_closed = True
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write as the wrapped stream does."""
        if self._recorder is not None:
            self._recorder.sending()
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        """Close the wrapped stream."""
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Upgrade to TLS; the TLS stream shares this connection's record."""
        recorder, monotonic = self._recorder, self._monotonic
        began = monotonic() if monotonic is not None else 0.0
        if recorder is not None:
            recorder.handshaking()
        try:
            stream = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        except BaseException:
            # httpcore closes the connection when the handshake fails, but not when it is
            # cancelled (a check's deadline): nothing else holds the socket then.
            with anyio.CancelScope(shield=True):
                await self._stream.aclose()
            raise
        if recorder is not None and monotonic is not None:
            recorder.handshaken(monotonic() - began)
        return TrackedStream(stream, self._info, recorder, monotonic)

    def get_extra_info(self, info: str) -> Any:
        """:data:`CONNECTION_INFO`, or whatever the wrapped stream knows."""
        if info == CONNECTION_INFO:
            return self._info
        return self._stream.get_extra_info(info)
