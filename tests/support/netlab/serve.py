"""The lab's servers, as one process inside the internet namespace, controlled over a pipe.

``python -m tests.support.netlab.serve FOLDER`` makes the lab's CA (its certificate written
to ``FOLDER/ca.pem``), starts every server of the internet namespace (the name servers of
:mod:`~tests.support.netlab.resolvers`, the web hosts of :mod:`~tests.support.netlab.web`,
the proxy of :mod:`~tests.support.netlab.proxy`), then writes one line, ``{"ready": true}``,
to standard output.

Then it reads one JSON command a line from standard input and answers each with one line:
``{"ok": true, ...}`` or ``{"error": "..."}``. Commands (key ``op``):

- ``set``: any of ``router_dns``, ``public_dns``, ``portal``, ``proxy`` (a mode each) and
  ``pac`` (the PAC file's text).
- ``names``: ``names`` (name → address) added to the zone, names in lower case.
- ``page``: ``address``, ``path``, ``status``, ``body``, ``content_type``, ``location``.
- ``traffic``: answers ``dns``, ``http`` and ``proxy``, what each server has seen.
- ``reset``: every mode, the zone, the pages and the PAC file as at the start; no traffic.

It stops when its standard input closes: the lab closed it, or the test process died.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import sys
from pathlib import Path
from typing import Any

import trustme

from tests.support.netlab.proxy import Proxy
from tests.support.netlab.resolvers import NameServer
from tests.support.netlab.topology import RESOLVER, ROUTER, TLS_HOSTS, ZONE
from tests.support.netlab.web import Page, WebHosts, default_pages

__all__ = ["Servers", "main"]

_TLS_NAMES = ("www.example.test", "api.example.test", *TLS_HOSTS)


class Servers:
    """Every server of the internet namespace, and the commands that switch them."""

    def __init__(self, folder: Path):
        """Make the CA and certificates in ``folder``; nothing listens yet."""
        ca, portal_ca = trustme.CA(organization_name="Lab"), trustme.CA()
        ca.cert_pem.write_to_path(str(folder / "ca.pem"))
        certificate, portal_certificate = folder / "web.pem", folder / "portal.pem"
        ca.issue_cert(*_TLS_NAMES).private_key_and_cert_chain_pem.write_to_path(str(certificate))
        portal_ca.issue_cert(*_TLS_NAMES).private_key_and_cert_chain_pem.write_to_path(
            str(portal_certificate)
        )
        self.zone = dict(ZONE)
        self.dns: list[str] = []
        self.http: list[str] = []
        self.proxied: list[str] = []
        self.router_dns = NameServer(
            ROUTER, self.zone, self.dns, {"answer", "servfail", "nxdomain", "silent", "portal"}
        )
        self.public_dns = NameServer(RESOLVER, self.zone, self.dns, {"answer", "silent", "hijack"})
        self.web = WebHosts(str(certificate), str(portal_certificate), self.http)
        self.proxy = Proxy(self.zone, self.proxied)

    async def start(self) -> None:
        """Listen everywhere."""
        await self.router_dns.start()
        await self.public_dns.start()
        await self.web.start()
        await self.proxy.set_mode("up")

    def close(self) -> None:
        """Stop listening."""
        for server in (self.router_dns, self.public_dns, self.web, self.proxy):
            server.close()

    async def command(self, message: dict[str, Any]) -> dict[str, Any]:
        """Carry out one command (see the module's docstring) and say how it went."""
        op = message.pop("op")
        if op == "set":
            await self._set(**message)
        elif op == "names":
            self.zone.update({name.lower(): address for name, address in message["names"].items()})
        elif op == "page":
            self.web.set_page(message.pop("address"), message.pop("path"), Page(**message))
        elif op == "traffic":
            return {"ok": True, "dns": self.dns, "http": self.http, "proxy": self.proxied}
        elif op == "reset":
            self.zone.clear()
            self.zone.update(ZONE)
            self.web.pages.clear()
            self.web.pages.update(default_pages())
            await self._set(router_dns="answer", public_dns="answer", portal="off", proxy="up")
            for record in (self.dns, self.http, self.proxied):
                record.clear()
        else:
            raise ValueError(f"no command {op!r}")
        return {"ok": True}

    async def _set(
        self,
        router_dns: str | None = None,
        public_dns: str | None = None,
        portal: str | None = None,
        proxy: str | None = None,
        pac: str | None = None,
    ) -> None:
        if router_dns is not None:
            self.router_dns.set_mode(router_dns)
        if public_dns is not None:
            self.public_dns.set_mode(public_dns)
        if portal is not None:
            self.web.set_portal(portal)
        if proxy is not None:
            await self.proxy.set_mode(proxy)
        if pac is not None:
            self.web.set_page(
                ROUTER, "/proxy.pac", Page(200, pac, "application/x-ns-proxy-autoconfig")
            )


def _quiet(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    # Handshakes that fail on the portal's certificate and clients that vanish are what the
    # tests are about; anything else goes to the log.
    if not isinstance(context.get("exception"), ssl.SSLError | ConnectionError):
        loop.default_exception_handler(context)


async def _serve(folder: Path) -> None:
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_quiet)
    servers = Servers(folder)
    await servers.start()
    commands = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    _say({"ready": True})
    try:
        while line := await commands.readline():
            try:
                answer = await servers.command(json.loads(line))
            except (ValueError, KeyError, TypeError, OSError) as error:
                answer = {"error": f"{type(error).__name__}: {error}"}
            _say(answer)
    finally:
        servers.close()


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    """Serve until standard input closes."""
    asyncio.run(_serve(Path(sys.argv[1])))


if __name__ == "__main__":
    main()
