"""Canaries: reference endpoints that prove the user's own network works, and what each must
answer to prove it.

A canary is one line of ``[network] canaries``::

    http://connectivitycheck.gstatic.com/generate_204     a known URL: its answer is known (204)
    http://example.org/ok.txt 200 ok                      an http(s) URL, its status, its body
    dns://1.1.1.1/one.one.one.one                         a DNS query straight to a resolver
    dns://192.0.2.53:5353/example.org 192.0.2.10          ... and the addresses it must give
    tcp://example.org:443                                 a bare connect: proves nothing alone

An http canary passes only on its expected answer: without one written, the known answer of
the URL (Android's and ChromeOS's ``generate_204``, Firefox's ``success.txt``, Apple's,
Microsoft's, GNOME's and Ubuntu's own), else any 2xx. Anything else from it (a 200 page in
place of a 204, a redirect, a certificate for another name) means someone else answers in its
place: a captive portal. A dns canary asks its server for the name's A records without the
system resolver; with expected addresses (written, or known for the resolvers' own names)
an answer giving others means someone else answers DNS in its place. A tcp canary only says a
connection was accepted, which a middlebox does for any address: it never proves the
network works on its own.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from trayapp.core.i18n import _

__all__ = [
    "Canary",
    "DnsCanary",
    "HttpCanary",
    "TcpCanary",
    "parse_canary",
]


@dataclass(frozen=True, slots=True)
class HttpCanary:
    """An http(s) canary: ``url`` must answer ``status`` (None: any 2xx) and ``body``.

    ``body`` is compared with the answer's body, spaces around it trimmed: equal, or, when
    ``contains``, found in it. None: the body is not looked at.
    """

    text: str
    url: str
    status: int | None
    body: str | None = None
    contains: bool = False

    def expects(self, status: int, body: str | None) -> bool:
        """Whether an answer of ``status`` and ``body`` (None: unreadable) is the expected one."""
        wanted = status == self.status if self.status is not None else 200 <= status < 300
        if not wanted:
            return False
        if self.body is None:
            return True
        if body is None:
            return False
        found = body.strip()
        return self.body in found if self.contains else found == self.body

    @property
    def expected(self) -> str:
        """The expected answer in words: ``HTTP 204``, ``HTTP 200 "success"``."""
        status = f"HTTP {self.status}" if self.status is not None else "an HTTP 2xx"
        return status if self.body is None else f'{status} "{self.body}"'

    @property
    def host(self) -> str:
        """The host the URL names."""
        return urlsplit(self.url).hostname or ""


@dataclass(frozen=True, slots=True)
class DnsCanary:
    """A DNS query for ``name``'s A records straight to ``server`` (``host`` or ``host:port``).

    ``expect``: addresses of which the answer must give one at least; empty, any answer does.
    """

    text: str
    server: str
    name: str
    expect: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TcpCanary:
    """A TCP connect to ``host``:``port``."""

    text: str
    host: str
    port: int


Canary = HttpCanary | DnsCanary | TcpCanary

KNOWN_HTTP: dict[tuple[str, str], tuple[int, str | None, bool]] = {
    ("connectivitycheck.gstatic.com", "/generate_204"): (204, None, False),
    ("www.google.com", "/gen_204"): (204, None, False),
    ("clients3.google.com", "/generate_204"): (204, None, False),
    ("detectportal.firefox.com", "/success.txt"): (200, "success", False),
    ("captive.apple.com", "/"): (200, "Success", True),
    ("captive.apple.com", "/hotspot-detect.html"): (200, "Success", True),
    ("www.msftconnecttest.com", "/connecttest.txt"): (200, "Microsoft Connect Test", False),
    ("www.msftncsi.com", "/ncsi.txt"): (200, "Microsoft NCSI", False),
    ("nmcheck.gnome.org", "/check_network_status.txt"): (200, "NetworkManager is online", False),
    ("connectivity-check.ubuntu.com", "/"): (204, None, False),
}
"""The answers of the operating systems' and browsers' own connectivity checks."""

KNOWN_DNS: dict[str, frozenset[str]] = {
    "one.one.one.one": frozenset({"1.1.1.1", "1.0.0.1"}),
    "dns.google": frozenset({"8.8.8.8", "8.8.4.4"}),
    "dns.quad9.net": frozenset({"9.9.9.9", "149.112.112.112"}),
}
"""Public resolvers' own names, whose addresses are the resolvers' and never change."""


def parse_canary(text: str) -> Canary:
    """Read one line of ``[network] canaries`` (see the module's table).

    Raises:
        ValueError: the line is not a canary; the message says why, in one line.
    """
    words = text.split()
    if not words:
        raise ValueError(_("an empty canary"))
    target, rest = words[0], words[1:]
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    if scheme in ("http", "https"):
        return _http(text, target, rest)
    if scheme == "dns":
        return _dns(text, target, rest)
    if scheme == "tcp":
        if rest:
            raise ValueError(
                _("a tcp canary takes nothing after its address: {text}").format(text=text)
            )
        host, port = _host_port(target)
        if port is None:
            raise ValueError(_("not a tcp://host:port address: {target}").format(target=target))
        return TcpCanary(text, host, port)
    raise ValueError(
        _("not an http(s) URL, dns://server/name or tcp://host:port: {target}").format(
            target=target
        )
    )


def _http(text: str, url: str, rest: list[str]) -> HttpCanary:
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ValueError(_("not an http(s) URL: {url}").format(url=url)) from None
    if not parts.hostname:
        raise ValueError(_("not an http(s) URL: {url}").format(url=url))
    if rest:
        status = _status(rest[0], text)
        body = " ".join(rest[1:]) or None
        return HttpCanary(text, url, status, body)
    known = KNOWN_HTTP.get((parts.hostname.lower(), parts.path or "/"))
    if known is None and parts.path.rsplit("/", 1)[-1] in ("generate_204", "gen_204"):
        known = (204, None, False)
    if known is None:
        return HttpCanary(text, url, None)
    status, body, contains = known
    return HttpCanary(text, url, status, body, contains)


def _status(word: str, text: str) -> int:
    if not word.isdigit() or not 100 <= int(word) <= 599:
        raise ValueError(
            _("an http canary's expected status is a number from 100 to 599: {text}").format(
                text=text
            )
        )
    return int(word)


def _dns(text: str, target: str, rest: list[str]) -> DnsCanary:
    parts = urlsplit(target)
    name = parts.path.strip("/").rstrip(".").lower()
    host, port = _host_port(target)
    if not name or "/" in name:
        raise ValueError(_("not a dns://server/name canary: {target}").format(target=target))
    try:
        expect = frozenset(str(ipaddress.ip_address(word)) for word in rest)
    except ValueError:
        raise ValueError(
            _("a dns canary's expected answers are IP addresses: {text}").format(text=text)
        ) from None
    server = f"[{host}]" if ":" in host else host
    server = server if port is None else f"{server}:{port}"
    return DnsCanary(text, server, name, expect or KNOWN_DNS.get(name, expect))


def _host_port(target: str) -> tuple[str, int | None]:
    parts = urlsplit(target)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(_("not a valid port: {target}").format(target=target)) from None
    if not parts.hostname:
        raise ValueError(_("no host in {target}").format(target=target))
    return parts.hostname, port
