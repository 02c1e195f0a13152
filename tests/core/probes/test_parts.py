"""The probes' parts on their own: the public API, happy eyeballs, the capped body reader,
the cause mapping, and proxies from the environment."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterable, Iterator

import h11
import httpcore
import httpx
import pytest

import trayapp.core.probes
from trayapp.core.models import Cause
from trayapp.core.probes import MAX_BODY_BYTES, ResolveError
from trayapp.core.probes.backend import CONNECTION_INFO, ConnectionInfo, ResolvingBackend
from trayapp.core.probes.body import BodyReader
from trayapp.core.probes.causes import Phase, Where, classify

pytestmark = pytest.mark.anyio


def test_the_public_api_is_pinned() -> None:
    assert sorted(trayapp.core.probes.__all__) == sorted(
        [
            "MAX_BODY_BYTES",
            "MAX_REDIRECTS",
            "Clock",
            "Echo",
            "Gateway",
            "Prober",
            "ProxyPolicy",
            "ResolveError",
            "ResolveTimeout",
            "Resolver",
            "ResolverAnswer",
            "ResolverOutcome",
            "Route",
            "ServerResolver",
            "SslContextFactory",
            "SystemClock",
            "SystemDns",
            "SystemResolver",
            "ask_resolver",
            "default_gateways",
            "ping",
            "ping_blocked",
            "ping_warning",
            "redact_url",
            "system_dns",
            "system_dns_servers",
            "system_ssl_context",
        ]
    )


# --- the backend: our resolver, happy eyeballs ---------------------------------------------------


class FixedResolver:
    def __init__(self, addresses: list[str]) -> None:
        self.addresses_of = addresses
        self.asked: list[str] = []

    async def addresses(self, host: str, timeout: float) -> list[str]:
        self.asked.append(host)
        if not self.addresses_of:
            raise ResolveError(host, f"no such name: {host}")
        return self.addresses_of

    async def records(self, name: str, record: str, timeout: float) -> list[str]:
        raise ResolveError(name, "not here")

    async def aclose(self) -> None:
        pass


class ScriptedNetwork(httpcore.AsyncNetworkBackend):
    """Each address hangs, refuses, or connects, as told."""

    def __init__(self, behaviour: dict[str, str]) -> None:
        self.behaviour = behaviour
        self.attempts: list[str] = []
        self.cancelled: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.attempts.append(host)
        what = self.behaviour[host]
        if what == "hang":
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled.append(host)
                raise
        if what == "refuse":
            raise httpcore.ConnectError(ConnectionRefusedError(111, "refused"))
        return httpcore.AsyncMockStream([b"hello", b""])


def ticking(*values: float) -> Iterator[float]:
    yield from values


async def test_an_address_that_hangs_is_raced_by_the_next() -> None:
    network = ScriptedNetwork({"2001:db8::1": "hang", "127.0.0.1": "ok"})
    resolver = FixedResolver(["2001:db8::1", "127.0.0.1"])
    clock = ticking(10.0, 10.5)
    backend = ResolvingBackend(resolver, monotonic=lambda: next(clock), inner=network)
    stream = await backend.connect_tcp("site.test", 80, timeout=5)
    info = stream.get_extra_info(CONNECTION_INFO)
    assert isinstance(info, ConnectionInfo)
    assert (info.address, info.dns_seconds) == ("127.0.0.1", 0.5)
    assert network.cancelled == ["2001:db8::1"]  # the loser does not linger


async def test_when_every_address_fails_the_first_ones_error_is_raised() -> None:
    network = ScriptedNetwork({"192.0.2.1": "refuse", "192.0.2.2": "refuse"})
    resolver = FixedResolver(["192.0.2.1", "192.0.2.2"])
    backend = ResolvingBackend(resolver, monotonic=lambda: 0.0, inner=network)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("site.test", 80)
    assert network.attempts == ["192.0.2.1", "192.0.2.2"]


async def test_an_address_needs_no_resolver() -> None:
    network = ScriptedNetwork({"192.0.2.9": "ok"})
    resolver = FixedResolver([])
    backend = ResolvingBackend(resolver, monotonic=lambda: 0.0, inner=network)
    stream = await backend.connect_tcp("192.0.2.9", 80)
    assert stream.get_extra_info(CONNECTION_INFO).dns_seconds is None
    assert resolver.asked == []


async def test_the_stream_notices_the_peer_closing() -> None:
    network = ScriptedNetwork({"192.0.2.9": "ok"})
    backend = ResolvingBackend(FixedResolver([]), monotonic=lambda: 0.0, inner=network)
    stream = await backend.connect_tcp("192.0.2.9", 80)
    info = stream.get_extra_info(CONNECTION_INFO)
    assert await stream.read(100) == b"hello"
    assert not info.peer_closed
    assert await stream.read(100) == b""
    assert info.peer_closed


# --- the body reader -----------------------------------------------------------------------------


def feed_all(reader: BodyReader, data: bytes, size: int = 65536) -> None:
    for start in range(0, len(data), size):
        if not reader.feed(data[start : start + size]):
            return
    reader.finish()


def test_a_plain_body_is_kept_whole() -> None:
    reader = BodyReader()
    feed_all(reader, b"hello " * 1000)
    assert reader.text("utf-8") == "hello " * 1000
    assert not reader.too_large


def test_a_body_past_the_cap_is_too_large_and_not_kept() -> None:
    reader = BodyReader(limit=1000)
    feed_all(reader, b"x" * 1001, size=100)
    assert reader.too_large
    assert reader.size <= 1000


def test_a_gzip_bomb_inflates_no_further_than_the_cap() -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    bomb = packer.compress(bytes(64 * MAX_BODY_BYTES)) + packer.flush()
    assert len(bomb) < MAX_BODY_BYTES // 4  # one read's worth inflates to 64 MiB
    reader = BodyReader("gzip")
    assert not reader.feed(bomb)
    assert reader.too_large
    assert reader.size <= MAX_BODY_BYTES


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_is_read_with_or_without_its_header(wbits: int) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    reader = BodyReader("deflate")
    feed_all(reader, packer.compress(b"still up") + packer.flush())
    assert reader.text(None) == "still up"


def test_a_body_that_is_not_its_encoding_is_corrupt() -> None:
    reader = BodyReader("gzip")
    feed_all(reader, b"plain text, not gzip")
    assert reader.corrupt
    assert reader.text(None) is None


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip"])
def test_an_encoding_we_did_not_ask_for_cannot_be_searched(encoding: str) -> None:
    reader = BodyReader(encoding)
    feed_all(reader, b"\x00\x01")
    assert not reader.decodable
    assert reader.text("utf-8") is None


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("latin-1", "café"),
        (None, "caf\ufffd"),
        ("no-such-charset", "caf\ufffd"),
        ("rot13", "caf\ufffd"),
    ],
)
def test_text_uses_the_charset_and_replaces_what_it_cannot_decode(
    charset: str | None, text: str
) -> None:
    reader = BodyReader()
    feed_all(reader, "café".encode("latin-1"))
    assert reader.text(charset) == text


# --- causes, from exception types ----------------------------------------------------------------

WHERE = Where("example.test:443", Phase.RESPONSE, 10.0)


def test_a_refusal_inside_an_exception_group_is_found() -> None:
    group = ExceptionGroup("attempts", [ConnectionRefusedError(111, "refused")])
    error = httpx.ConnectError("All connection attempts failed")
    error.__cause__ = OSError("All connection attempts failed")
    error.__cause__.__cause__ = group
    failure = classify(error, WHERE)
    assert failure is not None
    assert failure.cause is Cause.REFUSED


def test_a_cause_kept_only_as_an_argument_is_found() -> None:
    # httpcore's pool re-raises "from None"; the original is the wrapper's argument.
    failure = classify(httpcore.ConnectError(ConnectionRefusedError(111, "x")), WHERE)
    assert failure is not None
    assert failure.cause is Cause.REFUSED


def test_a_protocol_error_after_the_peer_closed_is_reset() -> None:
    error = httpcore.RemoteProtocolError(h11.RemoteProtocolError("incomplete"))
    closed = Where("example.test:443", Phase.BODY, 10.0, peer_closed=True)
    failure = classify(error, closed)
    assert failure is not None
    assert failure.cause is Cause.RESET
    failure = classify(error, WHERE)
    assert failure is not None
    assert failure.cause is Cause.PROTOCOL


def test_a_431_hint_says_the_headers_are_too_large() -> None:
    error = httpx.RemoteProtocolError("x")
    error.__cause__ = httpcore.RemoteProtocolError(
        h11.RemoteProtocolError("too long", error_status_hint=431)
    )
    failure = classify(error, WHERE)
    assert failure is not None
    assert failure.detail == "the response headers from example.test:443 are too large"


def test_the_message_text_does_not_matter() -> None:
    failure = classify(httpx.ReadTimeout("connection refused, certificate expired"), WHERE)
    assert failure is not None
    assert failure.cause is Cause.TIMEOUT


def test_what_no_probe_expects_is_not_classified() -> None:
    assert classify(ValueError("a bug"), WHERE) is None


# --- the transport: our pool inside httpx's transport ---------------------------------------------


async def test_requests_go_through_our_pool_not_httpx_own() -> None:
    """PoolTransport replaces a private attribute of httpx's transport (see its docstring).

    If a newer httpx kept its pool elsewhere, the replacement would be silently ignored and
    requests would bypass our resolver; this fails then, naming the cause.
    """
    from trayapp.core.probes.transport import PoolTransport, system_ssl_context

    network_response = b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"

    class Answering(ScriptedNetwork):
        async def connect_tcp(self, *args: object, **kwargs: object) -> httpcore.AsyncNetworkStream:
            await super().connect_tcp(*args, **kwargs)  # type: ignore[arg-type]
            return httpcore.AsyncMockStream([network_response])

    network = Answering({"127.0.0.1": "ok"})
    context = system_ssl_context(False)
    pool = httpcore.AsyncConnectionPool(ssl_context=context, network_backend=network)
    transport = PoolTransport(pool, context)
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get("http://127.0.0.1:9/")
    assert response.status_code == 204
    assert network.attempts == ["127.0.0.1"], (
        f"httpx {httpx.__version__} sent the request around trayapp's pool: "
        "PoolTransport must be updated for this httpx"
    )
