"""The lab's web servers: the router's (the PAC file), the canary, the services, the portal.

One :class:`WebHosts` answers on port 80 of every address of
:data:`~tests.support.netlab.topology.WEB_HOSTS` and on port 443 of
:data:`~tests.support.netlab.topology.TLS_HOSTS`, by the address the request came to:

- ``10.77.0.1``: ``/proxy.pac`` (the PAC file, its text switchable).
- ``203.0.113.204``, the canary: ``/generate_204`` → 204 and no body; ``/success.txt`` →
  200 ``success``.
- ``203.0.113.10``, ``www.example.test``: ``/`` → 200 ``Example home``.
- ``203.0.113.11``, ``api.example.test``: ``/`` → 200 ``{"status": "ok"}``.
- Any other path: 404. A test adds or replaces pages with :meth:`WebHosts.set_page`.

While the captive portal is on, every path of every address answers with the sign-in page
(``page``), or with a redirect to it (``redirect``; the router's ``/login`` then shows the
page), and port 443 presents a certificate of the portal's own, which nothing trusts.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ssl
from dataclasses import dataclass

from tests.support.netlab.topology import (
    API,
    CANARY,
    DEFAULT_PAC,
    PORTAL_PAGE,
    PORTAL_URL,
    ROUTER,
    TLS_HOSTS,
    WEB_HOSTS,
    WWW,
)
from tests.support.routes import read_request, response

__all__ = ["Page", "WebHosts", "default_pages"]


@dataclass(frozen=True)
class Page:
    """What one path answers: a status, a body and its content type."""

    status: int = 200
    body: str = ""
    content_type: str = "text/plain; charset=utf-8"
    location: str = ""
    """The ``Location`` header, for a redirect; none when empty."""

    def wire(self) -> bytes:
        """The whole HTTP response."""
        headers = [("Content-Type", self.content_type)]
        if self.location:
            headers.append(("Location", self.location))
        return response(self.status, self.body.encode(), headers)


_SIGN_IN = Page(200, PORTAL_PAGE, "text/html; charset=utf-8")
_TO_PORTAL = Page(302, "", "text/html", location=PORTAL_URL)
_NOT_FOUND = Page(404, "no such page\n")


def default_pages() -> dict[str, dict[str, Page]]:
    """Address → path → page, as every web host answers at the start."""
    return {
        ROUTER: {"/proxy.pac": Page(200, DEFAULT_PAC, "application/x-ns-proxy-autoconfig")},
        CANARY: {"/generate_204": Page(204), "/success.txt": Page(200, "success\n")},
        WWW: {"/": Page(200, "Example home", "text/html; charset=utf-8")},
        API: {"/": Page(200, '{"status": "ok"}', "application/json")},
    }


class WebHosts:
    """The web servers of every host, with the captive portal's switch."""

    def __init__(self, certificate: str, portal_certificate: str, requests: list[str]):
        """Args:
        certificate: PEM file (key and chain) for port 443, signed by the lab's CA.
        portal_certificate: the same, from a CA nobody trusts: the portal's.
        requests: where each request is recorded, as ``"ADDRESS:PORT METHOD PATH HOST"``.
        """
        self.pages = default_pages()
        self.portal = "off"
        self.requests = requests
        self._servers: list[asyncio.Server] = []
        self._tls = self._context(certificate)
        self._portal_tls = self._context(portal_certificate)
        self._tls.sni_callback = self._choose_certificate

    def set_page(self, address: str, path: str, page: Page) -> None:
        """Let ``path`` on ``address`` answer ``page`` from now on."""
        self.pages.setdefault(address, {})[path] = page

    def set_portal(self, mode: str) -> None:
        """``off``, ``page`` or ``redirect`` (see the module's docstring).

        Raises:
            ValueError: no such mode.
        """
        if mode not in ("off", "page", "redirect"):
            raise ValueError(f"captive portal: no mode {mode!r}")
        self.portal = mode

    async def start(self) -> None:
        """Listen on every web host's port 80 and every TLS host's port 443."""
        for address in WEB_HOSTS:
            serve = functools.partial(self._serve, f"{address}:80", address)
            self._servers.append(await asyncio.start_server(serve, address, 80))
        for address in TLS_HOSTS:
            serve = functools.partial(self._serve, f"{address}:443", address)
            self._servers.append(await asyncio.start_server(serve, address, 443, ssl=self._tls))

    def close(self) -> None:
        """Stop listening."""
        for server in self._servers:
            server.close()

    def page_for(self, address: str, path: str) -> Page:
        """What ``path`` on ``address`` answers now, the captive portal considered."""
        if self.portal == "off":
            return self.pages.get(address, {}).get(path, _NOT_FOUND)
        if self.portal == "redirect" and (address, path) != (ROUTER, "/login"):
            return _TO_PORTAL
        return _SIGN_IN

    @staticmethod
    def _context(certificate: str) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate)
        return context

    def _choose_certificate(
        self, connection: ssl.SSLObject, name: str | None, context: ssl.SSLContext
    ) -> None:
        # Called for every handshake, with or without a server name: the portal, which
        # cannot hold the services' keys, shows a certificate of its own.
        if self.portal != "off":
            connection.context = self._portal_tls

    async def _serve(
        self,
        where: str,
        address: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        try:
            method, path, headers = await read_request(reader)
            self.requests.append(f"{where} {method} {path} {headers.get('host', '')}")
            writer.write(self.page_for(address, path).wire())
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away, or spoke something else than HTTP
        except (ssl.SSLError, ValueError):
            pass  # a client that refused the portal's certificate, or sent no request line
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()
