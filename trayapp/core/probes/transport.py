"""The one shared ``httpx.AsyncClient`` of the probes, and how it reaches the network.

- **A fresh connection per check.** Pools keep no idle connection
  (``max_keepalive_connections=0``), so every request dials anew and its timings include
  the lookup, the connect and the handshake, as a user's first visit would.
- **Our resolver.** Pools connect through
  :class:`~trayapp.core.probes.backend.ResolvingBackend`. httpx's transports take no
  network backend (encode/httpx discussion #3180, PR #3749 still open), so
  :class:`PoolTransport` is httpx's own transport around a pool we build with httpcore's
  public API.
- **TLS and IP family per check.** ``verify_tls = false`` is a check's own choice, and an
  SSL context belongs to a pool, so :class:`TlsChoice` keeps a verifying and a non-verifying
  transport and picks one by the request extension :data:`VERIFY_TLS`. So with
  ``ip_version``: a pool made with ``local_address`` ``"0.0.0.0"`` or ``"::"`` connects over
  that family only (see :mod:`~trayapp.core.probes.backend`), picked by the extension
  :data:`IP_VERSION`. Through a proxy, the proxy resolves the site's name and picks its
  family: the choice holds for direct connections only.
- **A route per request.** :class:`Router` asks a :class:`Routes` (the
  :class:`~trayapp.core.probes.proxies.ProxyPolicy`) which proxies a request goes through,
  in order, or direct, and sends it through a pooled transport per proxy, made on first use.
  When a proxy cannot be reached, the next one is tried, as browsers do with a PAC file's
  answer. A request marked :data:`DIRECT` goes direct whatever the routes say (a PAC file is
  fetched so). The proxy a request went through is noted in its :data:`PROXY_NOTE`, so that
  a failure can say so. A request's :data:`RECORDING` hears how its connections go: told by
  the connections themselves when they go direct (:data:`~.backend.RECORDER`), by httpcore's
  trace through a proxy (only the trace says what the proxy answered). SOCKS proxies need
  ``socksio``, which trayapp does not ship. The status pages' client routes its requests
  with a router of its own over the same policy, through transports of its own (see
  :func:`~trayapp.core.vendors.poller.vendor_client`).
- **No shared cookies.** The client's jar refuses everything: a check's cookies live for
  its own redirects only (see :mod:`trayapp.core.probes.http`), never leak into the next.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Protocol

import httpcore
import httpx

from trayapp import __version__
from trayapp.core.probes.backend import FAMILY_ADDRESS, RECORDER, Recorder
from trayapp.core.probes.body import ACCEPT_ENCODING
from trayapp.core.probes.resolver import ResolveError

__all__ = [
    "DIRECT",
    "IP_VERSION",
    "MAX_REDIRECTS",
    "PROXY_NOTE",
    "RECORDING",
    "VERIFY_TLS",
    "PoolTransport",
    "ProxyNote",
    "Router",
    "Routes",
    "SslContextFactory",
    "TlsChoice",
    "build_client",
    "system_ssl_context",
]

log = logging.getLogger(__name__)

MAX_REDIRECTS = 10
"""Redirects a check follows; one more is cause ``redirects``."""

VERIFY_TLS = "trayapp.verify_tls"
"""Request extension: False sends the request through the pool that does not verify TLS."""

IP_VERSION = "trayapp.ip_version"
"""Request extension: 4 or 6 connects over that IP family only; None (or none) over either."""

DIRECT = "trayapp.direct"
"""Request extension: True sends the request direct, whatever the routes say."""

PROXY_NOTE = "trayapp.proxy_note"
"""Request extension: a :class:`ProxyNote` the router fills in for each attempt."""

RECORDING = "trayapp.recording"
"""Request extension: a :class:`~.backend.Recorder` that is also an httpcore trace callback
(a :class:`~trayapp.core.probes.tracing.CheckTrace`), told how the request's connections go."""

SslContextFactory = Callable[[bool], ssl.SSLContext]
"""Makes the SSL context for verifying (True) or not verifying (False) connections."""

USER_AGENT = f"trayapp/{__version__}"


def system_ssl_context(verify: bool) -> ssl.SSLContext:
    """The OS trust store through truststore (corporate CAs work), or no verification."""
    if verify:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class PoolTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, sending through ``pool`` instead of a pool of its own making.

    This leans on a private detail of httpx: ``AsyncHTTPTransport`` keeps its httpcore pool
    in ``_pool`` and sends every request through it (true from httpx 0.18 to 0.28). An httpx
    that keeps it elsewhere, or has no httpcore pool at all (httpx 1.0's own transports), would
    make the replacement a no-op: requests would bypass our resolver, our timings and our
    pool settings without a word. So the constructor checks the detail and refuses to work,
    naming the cause, when it has changed; ``tests/core/probes/test_parts.py`` makes a request
    through the transport and checks it reached our pool.

    Raises:
        RuntimeError: the installed httpx no longer has the detail this relies on.
    """

    def __init__(self, pool: httpcore.AsyncConnectionPool, ssl_context: ssl.SSLContext) -> None:
        # The base class builds a default pool; passing our context keeps that cheap (no
        # certificates loaded) before the pool is replaced.
        super().__init__(verify=ssl_context)
        if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
            raise RuntimeError(
                f"httpx {httpx.__version__} changed AsyncHTTPTransport: it no longer keeps an "
                "httpcore pool in _pool, which trayapp's PoolTransport replaces; trayapp "
                "needs an httpx it was tested with (see the lock)"
            )
        self._pool = pool


class TlsChoice(httpx.AsyncBaseTransport):
    """Sends each request through a verifying or non-verifying transport, of either IP
    family or one only, each made on first use by ``make(verify, ip_version)``."""

    def __init__(self, make: Callable[[bool, int | None], httpx.AsyncBaseTransport]) -> None:
        self._make = make
        self._transports: dict[tuple[bool, int | None], httpx.AsyncBaseTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Route by the request's :data:`VERIFY_TLS` (default: verify) and :data:`IP_VERSION`
        (default: either) extensions."""
        verify = request.extensions.get(VERIFY_TLS, True) is not False
        version = request.extensions.get(IP_VERSION)
        key = (verify, version if version in FAMILY_ADDRESS else None)
        transport = self._transports.get(key)
        if transport is None:
            transport = self._transports[key] = self._make(*key)
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the transports made so far."""
        transports, self._transports = list(self._transports.values()), {}
        for transport in transports:
            await transport.aclose()


@dataclass(slots=True)
class ProxyNote:
    """Where the router last sent a request: what a failure's detail names."""

    proxy: str = ""
    """``host:port`` of the proxy; empty when the request went direct."""
    target: str = ""
    """``host:port`` the request is for."""
    tunnel: bool = False
    """The proxy was asked for a tunnel (``CONNECT``, for https), not for the URL itself."""


class Routes(Protocol):
    """What the router asks which way a request goes."""

    async def way(self, url: httpx.URL) -> _Way:
        """The proxies to try for ``url``, in order; None for direct."""
        ...

    def failed(self, proxy: httpx.Proxy) -> None:
        """``proxy`` could not be reached."""
        ...


class _Way(Protocol):
    @property
    def proxies(self) -> Sequence[httpx.Proxy | None]: ...


_UNREACHABLE = (httpx.ConnectError, httpx.ConnectTimeout, ResolveError)
"""What says a proxy could not be reached: the next one may be."""


class Router(httpx.AsyncBaseTransport):
    """Sends each request the way ``routes`` say, through ``pooled(proxy)`` transports
    (None: direct), each made once and kept until :meth:`aclose`."""

    def __init__(
        self,
        routes: Routes | None,
        pooled: Callable[[httpx.Proxy | None], httpx.AsyncBaseTransport],
    ) -> None:
        self._routes = routes
        self._pooled = pooled
        self._transports: dict[tuple[str, ...], httpx.AsyncBaseTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Try each proxy of the request's way in turn while the last could not be reached."""
        proxies: Sequence[httpx.Proxy | None] = (None,)
        if self._routes is not None and request.extensions.get(DIRECT) is not True:
            proxies = (await self._routes.way(request.url)).proxies or (None,)
        note = request.extensions.get(PROXY_NOTE)
        recording = request.extensions.get(RECORDING)
        for index, proxy in enumerate(proxies):
            if isinstance(note, ProxyNote):
                _note(note, proxy, request.url)
            if proxy is not None and recording is not None:
                request.extensions["trace"] = recording  # what the proxy answers, too
            # Told by the connections themselves when the trace does not tell already.
            told: Recorder | None = None if "trace" in request.extensions else recording
            token = RECORDER.set(told)
            try:
                return await self._transport(proxy).handle_async_request(request)
            except _UNREACHABLE:
                if proxy is None or index == len(proxies) - 1:
                    raise
                assert self._routes is not None
                self._routes.failed(proxy)
                log.info("proxy %s:%s unreachable, trying the next", proxy.url.host, proxy.url.port)
            finally:
                RECORDER.reset(token)
        raise AssertionError("unreachable: a way has at least one step")

    def _transport(self, proxy: httpx.Proxy | None) -> httpx.AsyncBaseTransport:
        key: tuple[str, ...] = ("direct",)
        if proxy is not None:
            auth = proxy.raw_auth or (b"", b"")
            key = (str(proxy.url), auth[0].decode("latin-1"), auth[1].decode("latin-1"))
        transport = self._transports.get(key)
        if transport is None:
            transport = self._transports[key] = self._pooled(proxy)
        return transport

    async def aclose(self) -> None:
        """Close every transport made so far."""
        transports, self._transports = list(self._transports.values()), {}
        for transport in transports:
            await transport.aclose()


def _note(note: ProxyNote, proxy: httpx.Proxy | None, url: httpx.URL) -> None:
    port = url.port or (443 if url.scheme == "https" else 80)
    note.target = f"{url.host}:{port}"
    if proxy is None:
        note.proxy, note.tunnel = "", False
        return
    host = proxy.url.host
    default = 443 if proxy.url.scheme == "https" else 80
    note.proxy = f"{f'[{host}]' if ':' in host else host}:{proxy.url.port or default}"
    note.tunnel = url.scheme == "https"


def _pool(
    ssl_context: ssl.SSLContext,
    backend: httpcore.AsyncNetworkBackend,
    proxy: httpx.Proxy | None,
    proxy_ssl_context: ssl.SSLContext | None,
    ip_version: int | None = None,
) -> httpcore.AsyncConnectionPool:
    common: dict[str, Any] = {
        "ssl_context": ssl_context,
        "max_connections": None,
        "max_keepalive_connections": 0,  # a fresh connection for every request
        "network_backend": backend,
    }
    if proxy is None:
        local = FAMILY_ADDRESS.get(ip_version) if ip_version is not None else None
        return httpcore.AsyncConnectionPool(local_address=local, **common)
    return httpcore.AsyncHTTPProxy(
        proxy_url=httpcore.URL(
            scheme=proxy.url.raw_scheme,
            host=proxy.url.raw_host,
            port=proxy.url.port,
            target=proxy.url.raw_path,
        ),
        proxy_auth=proxy.raw_auth,
        proxy_headers=proxy.headers.raw,
        proxy_ssl_context=proxy_ssl_context,
        **common,
    )


def build_client(
    *,
    backend: httpcore.AsyncNetworkBackend,
    ssl_context: SslContextFactory,
    routes: Routes | None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """The probes' client: fresh connections through ``backend``, each request the way
    ``routes`` say (None: always direct).

    A ``transport`` replaces all of that (tests pass ``httpx.MockTransport``); the client's
    other settings stay.
    """
    contexts: dict[bool, ssl.SSLContext] = {}

    def context(verify: bool) -> ssl.SSLContext:
        if verify not in contexts:
            contexts[verify] = ssl_context(verify)
        return contexts[verify]

    def pooled(proxy: httpx.Proxy | None) -> TlsChoice:
        def make(verify: bool, ip_version: int | None) -> httpx.AsyncBaseTransport:
            # TLS to the proxy itself is always verified (and only for https:// proxies).
            tls_proxy = proxy is not None and proxy.url.scheme == "https"
            proxy_context = context(True) if tls_proxy else None
            pool = _pool(context(verify), backend, proxy, proxy_context, ip_version)
            return PoolTransport(pool, context(verify))

        return TlsChoice(make)

    return httpx.AsyncClient(
        transport=transport or Router(routes, pooled),
        trust_env=False,  # the routes say where requests go; nothing comes from the environment
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        follow_redirects=False,  # the probe follows them itself, reading no redirect's body
        max_redirects=MAX_REDIRECTS,
        timeout=None,  # each request carries its check's timeout
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
    )
