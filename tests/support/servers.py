"""Servers on 127.0.0.1 for the probe tests: good and hostile HTTP(S), DNS, a proxy.

Everything runs on one asyncio loop in a daemon thread, so the servers answer both the
test process and the ``trayapp`` child processes it starts. ``with local_sites() as
sites:`` starts them all; ``sites`` says where they are.

- :class:`Site`, one handler behind several listeners: plain HTTP, HTTPS with a good, an
  expiring, an expired, an untrusted and a self-signed certificate (trustme), and a port
  that accepts and never says a word. Paths pick the behaviour: see
  :data:`tests.support.routes.ROUTES`.
- A DNS server: every ``*.test`` name has the A record 127.0.0.1 (and no AAAA), but
  ``dual.test`` has ::1 too and ``six.test`` only ::1; ``txt.test`` has a TXT record,
  ``silent.test`` is never answered, all else is NXDOMAIN (that is how ``.invalid`` gets its
  ``dns`` cause).
- A forward proxy (absolute-form requests and ``CONNECT``) that sends everything to
  127.0.0.1 whatever the name, and remembers each request line.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import socket
import ssl
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset
import trustme

from tests.support.routes import Exchange, read_request, route
from trayapp.core.config.model import Network
from trayapp.core.probes import Prober, ServerResolver
from trayapp.core.probes.localnet import Gateway, LocalNet
from trayapp.core.probes.proxies import ProxyPolicy

__all__ = ["LocalSites", "ServerThread", "Site", "closed_port", "local_sites"]

_T = TypeVar("_T")


def _quiet_about_tls(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    # Failed TLS handshakes and vanished clients are what many tests are about: not news.
    if not isinstance(context.get("exception"), ssl.SSLError | ConnectionError):
        loop.default_exception_handler(context)


class ServerThread:
    """An asyncio loop running in a daemon thread until :meth:`close`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(_quiet_about_tls)
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def call(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
        """Run ``coroutine`` on the loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    def close(self) -> None:
        """Cancel what still runs, stop the loop, join the thread."""

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        self.call(cancel_all())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


@dataclass
class Site:
    """The behaviours of :data:`~tests.support.routes.ROUTES` behind any number of listeners."""

    connections: int = 0
    """Connections accepted so far, over all listeners."""
    script: bytes = b""
    """What ``/script`` answers, byte for byte."""
    scenarios: dict[str, str] = field(default_factory=dict)
    """``/scenario/NAME`` behaves as the route given here (``"/up"`` until a test says)."""
    release: threading.Event = field(default_factory=threading.Event)
    """``/held`` answers once this is set."""
    _servers: list[asyncio.Server] = field(default_factory=list)
    _accepted: threading.Condition = field(default_factory=threading.Condition)

    def _count(self) -> None:
        with self._accepted:
            self.connections += 1
            self._accepted.notify_all()

    def wait_for_connections(self, count: int, timeout: float) -> bool:
        """Wait until :attr:`connections` reaches ``count``; False if ``timeout`` seconds
        passed first. Any thread but the servers'."""
        with self._accepted:
            return self._accepted.wait_for(lambda: self.connections >= count, timeout)

    async def listen(self, ssl_context: ssl.SSLContext | None = None) -> int:
        """A new listener on 127.0.0.1; its port."""
        server = await asyncio.start_server(
            self._serve, "127.0.0.1", 0, ssl=ssl_context, limit=1024 * 1024
        )
        self._servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    async def listen_silent(self) -> int:
        """A listener that accepts connections and never reads or writes a byte."""

        async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self._count()
            with contextlib.suppress(ConnectionError):
                await reader.read()  # only to notice the client leaving
            writer.close()

        server = await asyncio.start_server(hold, "127.0.0.1", 0)
        self._servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._count()
        try:
            method, path, headers = await read_request(reader)
            exchange = Exchange(method, path, headers, reader, writer, self)
            handler = route(path)
            if handler is None:
                await exchange.send(404, b"no such page")
            else:
                await handler(exchange)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away: that is what many tests do
        except ssl.SSLError:
            pass  # the client refused our certificate: that is what TLS tests are about
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()

    async def close(self) -> None:
        """Stop listening."""
        for server in self._servers:
            server.close()


_ADDRESSES = {"dual.test.": {"A": "127.0.0.1", "AAAA": "::1"}, "six.test.": {"AAAA": "::1"}}
"""The names whose addresses are not ``*.test``'s 127.0.0.1 alone."""


class _DnsProtocol(asyncio.DatagramProtocol):
    """Answers queries: ``*.test`` is 127.0.0.1, ``silent.test`` never answers."""

    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None
        self.queries: list[str] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            query = dns.message.from_wire(data)
        except Exception:
            return
        question = query.question[0]
        name = question.name.to_text().lower()
        self.queries.append(name)
        if name == "silent.test.":
            return
        response = dns.message.make_response(query)
        record = dns.rdatatype.to_text(question.rdtype)
        if not name.endswith(".test."):
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif name in _ADDRESSES:
            if record in _ADDRESSES[name]:
                answer = dns.rrset.from_text(name, 60, "IN", record, _ADDRESSES[name][record])
                response.answer.append(answer)
        elif question.rdtype == dns.rdatatype.A:
            response.answer.append(dns.rrset.from_text(name, 60, "IN", "A", "127.0.0.1"))
        elif question.rdtype == dns.rdatatype.TXT and name == "txt.test.":
            response.answer.append(dns.rrset.from_text(name, 60, "IN", "TXT", '"v=hello"'))
        assert self.transport is not None
        self.transport.sendto(response.to_wire(), addr)


class _Proxy:
    """A forward proxy to 127.0.0.1, whatever the name asked for."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.server: asyncio.Server | None = None

    async def listen(self) -> int:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: asyncio.StreamWriter | None = None
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, rest = head.split(b"\r\n", 1)
            method, target, version = request_line.decode("latin-1").split(" ")
            self.requests.append(f"{method} {target}")
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


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError):
        writer.write_eof()


def loopback_net(dns_server: str | None = None) -> LocalNet:
    """The machine's own network as the tests may touch it: a router on 127.0.0.1, and the
    local DNS server (or none) as the system's."""
    return LocalNet(
        gateways=lambda: [Gateway("127.0.0.1", "lo", 4)],
        dns_servers=lambda: [dns_server] if dns_server else [],
    )


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (it was free a moment ago)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalSites:
    """Where the servers of :func:`local_sites` listen, and what they have seen."""

    site: Site
    http_port: int
    tls_ports: dict[str, int]
    """``good``, ``expiring`` (in 5 days), ``expired``, ``untrusted`` (an unknown CA's),
    ``self-signed`` → port."""
    silent_port: int
    dns_server: str
    """``127.0.0.1:port`` of the DNS server."""
    proxy_url: str
    proxy_requests: list[str]
    ca: trustme.CA
    ca_file: Path
    """The CA's certificate as PEM, for ``SSL_CERT_FILE`` in child processes."""
    dns_queries: list[str]

    def http(self, path: str = "/up", host: str = "127.0.0.1") -> str:
        """A plain-HTTP URL of ``path``."""
        return f"http://{host}:{self.http_port}{path}"

    def https(self, path: str = "/up", cert: str = "good", host: str = "site.test") -> str:
        """An HTTPS URL of ``path``, served with the certificate ``cert``."""
        return f"https://{host}:{self.tls_ports[cert]}{path}"

    def prober(
        self, network: Network | None = None, *, proxies: ProxyPolicy | None = None
    ) -> Prober:
        """A prober that asks these servers' DNS, trusts the test CA, sees the machine's
        network as :func:`loopback_net`, and goes the way ``proxies`` say (None: direct); it
        fits ``make_prober=`` (``network`` unused)."""
        return Prober(
            resolver=ServerResolver(self.dns_server),
            ssl_context=self.client_context,
            proxies=proxies,
            local=loopback_net(self.dns_server),
        )

    def client_context(self, verify: bool) -> ssl.SSLContext:
        """An SSL context trusting only the test CA (or verifying nothing)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if verify:
            self.ca.configure_trust(context)
        else:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


def _server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    return context


def _self_signed_context(ca: trustme.CA) -> ssl.SSLContext:
    """A server presenting a self-signed certificate (a CA's own) as its only one."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with ca.cert_pem.tempfile() as cert, ca.private_key_pem.tempfile() as key:
        context.load_cert_chain(cert, key)
    return context


@contextlib.contextmanager
def local_sites(folder: Path) -> Iterator[LocalSites]:
    """Start every server; ``folder`` receives the CA file."""
    now = datetime.datetime.now(datetime.UTC)
    ca, stranger = trustme.CA(), trustme.CA()
    names = ("site.test", "other.test", "127.0.0.1", "localhost")
    certs = {
        "good": ca.issue_cert(*names),
        "expiring": ca.issue_cert(*names, not_after=now + datetime.timedelta(days=5)),
        "expired": ca.issue_cert(
            *names,
            not_before=now - datetime.timedelta(days=30),
            not_after=now - datetime.timedelta(days=1),
        ),
        "untrusted": stranger.issue_cert(*names),
    }
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    thread = ServerThread()
    site, proxy, dns_protocol = Site(), _Proxy(), _DnsProtocol()

    async def start() -> LocalSites:
        http_port = await site.listen()
        tls_ports = {kind: await site.listen(_server_context(c)) for kind, c in certs.items()}
        tls_ports["self-signed"] = await site.listen(_self_signed_context(stranger))
        silent_port = await site.listen_silent()
        proxy_port = await proxy.listen()
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: dns_protocol, local_addr=("127.0.0.1", 0)
        )
        dns_port = transport.get_extra_info("sockname")[1]
        return LocalSites(
            site=site,
            http_port=http_port,
            tls_ports=tls_ports,
            silent_port=silent_port,
            dns_server=f"127.0.0.1:{dns_port}",
            proxy_url=f"http://127.0.0.1:{proxy_port}",
            proxy_requests=proxy.requests,
            ca=ca,
            ca_file=ca_file,
            dns_queries=dns_protocol.queries,
        )

    async def stop() -> None:
        await site.close()
        if proxy.server is not None:
            proxy.server.close()
        if dns_protocol.transport is not None:
            dns_protocol.transport.close()

    try:
        sites = thread.call(start())
        yield sites
    finally:
        thread.call(stop())
        thread.close()
