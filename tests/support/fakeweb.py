"""Sites and status pages answered in memory, for the monitor's tests of scheduling.

What :class:`~tests.support.servers.LocalSites` and
:class:`~tests.support.vendor_server.VendorPages` serve on 127.0.0.1, answered here through
``httpx.MockTransport`` instead: no socket and no thread, so that a
:class:`~tests.support.clocks.FakeClock` can jump ahead whenever the monitor waits. Sockets,
TLS and timeouts are what the probe tests and the real servers are for; these tests are about
what the monitor does with the answers, and when.

- ``http://site.test/scenario/NAME`` behaves as ``scenarios[NAME]`` says (``/up`` until a
  test says otherwise): ``/up``, ``/down-503`` (the "Twitter is currently down" page with
  503) or ``/reset`` (the connection reset: cause ``reset``); ``http://site.test/up`` is up.
- ``http://pages.test/PATH`` serves the :class:`~tests.support.vendor_server.Page` put there
  with :meth:`FakeWeb.serve`, conditional requests and all, and remembers each request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from tests.support.routes import BODY, DOWN_PAGE
from tests.support.servers import loopback_net
from tests.support.vendor_server import Page, Request, VendorPages
from trayapp.core.clock import Clock
from trayapp.core.probes import Prober, ServerResolver
from trayapp.core.vendors.poller import vendor_client

__all__ = ["FakeWeb"]

SITE = "http://site.test"
PAGES = "http://pages.test"


@dataclass
class FakeWeb:
    """The sites' scenarios and the pages served, by path, and the requests for pages."""

    scenarios: dict[str, str] = field(default_factory=dict)
    """``/scenario/NAME`` behaves as the route given here (``"/up"`` until a test says)."""
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def http(self, path: str) -> str:
        """The address of ``path`` on the site."""
        return f"{SITE}{path}"

    def url(self, path: str = "") -> str:
        """The address of ``path`` on the page server."""
        return f"{PAGES}{path}"

    def serve(self, path: str, page: Page) -> None:
        """Answer ``path`` of the page server with ``page`` from now on."""
        self.pages[path] = page

    def hits(self, path: str) -> list[Request]:
        """The requests made for ``path`` of the page server so far."""
        return [r for r in self.requests if r.path == path]

    def prober(self, clock: Clock) -> Prober:
        """A prober whose http checks this web answers (it has no other kind)."""
        return Prober(
            resolver=ServerResolver("127.0.0.1:9"),  # never asked: the transport answers
            transport=httpx.MockTransport(self._answer),
            clock=clock,
            local=loopback_net(),
        )

    def vendor_client(self) -> httpx.AsyncClient:
        """The client status pages are read with, answered by this web."""
        return vendor_client(transport=httpx.MockTransport(self._answer))

    def _answer(self, request: httpx.Request) -> httpx.Response:
        parts = urlsplit(str(request.url))
        if f"{parts.scheme}://{parts.netloc}" == PAGES:
            return self._page(parts.path, request)
        route = parts.path
        if route.startswith("/scenario/"):
            route = self.scenarios.get(route.removeprefix("/scenario/"), "/up")
        if route == "/no-content":
            return httpx.Response(204)
        if route == "/up":
            return httpx.Response(200, content=BODY, headers={"Content-Type": "text/plain"})
        if route == "/down-503":
            return httpx.Response(503, content=DOWN_PAGE)
        if route == "/reset":
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        return httpx.Response(404, content=b"no such route")

    def _page(self, path: str, request: httpx.Request) -> httpx.Response:
        page = self.pages.get(path) or Page(b"no such page", "text/plain", 404)
        asked = {name.lower(): value for name, value in request.headers.items()}
        status, body, sent = VendorPages._answer(page, asked)
        self.requests.append(Request(path, asked, status))
        return httpx.Response(status, content=body, headers=sent)
