"""The way out: this computer's default gateways and DNS servers, and asking one of those.

    default_gateways()        the routers the default routes go through, as the system says
    system_dns_servers()      the name servers the system resolver asks
    system_dns()              the same, with systemd-resolved's stub and its upstream servers
    ask_resolver(...)         one DNS query to one server: answered, no, failing, silent or
                              unreachable

``default_gateways``, ``system_dns_servers`` and ``system_dns`` read small files or run one
short program, and so block for a moment (a few milliseconds; at most two seconds where a
program is run): call them through ``asyncio.to_thread`` from the event loop. They never
raise: what cannot be known comes back empty.

Where the gateways come from, by system:

    Linux          /proc/net/route and /proc/net/ipv6_route (the main table), no program run
    macOS, BSDs    ``route -n get -inet default`` and ``-inet6``, each within two seconds
    Windows        ``route print``: its rows are numbers and addresses whatever the language
                   of the system; the interface of an IPv4 route is its own address there,
                   of an IPv6 route its index, as ``route print`` shows them

A default route straight onto an interface (a point-to-point link, some VPNs) has no
gateway to ask and is left out. A link-local IPv6 gateway comes with its interface
(``fe80::1%eth0``), ready for :func:`~trayapp.core.probes.icmp.ping`.
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
import shutil
import socket
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from trayapp.core.config.basics import split_host_port
from trayapp.core.config.durations import format_duration
from trayapp.core.phrases import checks as words

if TYPE_CHECKING:
    import dns.message

__all__ = [
    "Gateway",
    "LocalNet",
    "ResolverAnswer",
    "ResolverOutcome",
    "SystemDns",
    "ask_resolver",
    "default_gateways",
    "linux_gateways",
    "route_get_gateways",
    "system_dns",
    "system_dns_servers",
    "windows_gateways",
]

_ROUTE_TIMEOUT = 2.0
"""Seconds ``route`` may take to answer; it reads the kernel's table and takes milliseconds."""

_PATH = "/usr/bin:/bin:/usr/sbin:/sbin"

_RESOLVED_STUBS = frozenset({"127.0.0.53", "127.0.0.54"})
"""The addresses of systemd-resolved's own stub resolvers."""


@dataclass(frozen=True)
class Gateway:
    """A router a default route goes through.

    Attributes:
        address: Its IP address; a link-local IPv6 one with its interface (``fe80::1%eth0``).
        interface: The interface the route leaves by (``eth0``; see the module for Windows).
        family: 4 or 6.
    """

    address: str
    interface: str
    family: Literal[4, 6]


def default_gateways() -> list[Gateway]:
    """The gateways of the default routes, IPv4 first, each family best route first.

    Blocks briefly (see the module). Empty when there is none, or when the system does not
    say.
    """
    if sys.platform == "linux":
        return linux_gateways(_read(Path("/proc/net/route")), _read(Path("/proc/net/ipv6_route")))
    if sys.platform == "win32":
        return windows_gateways(_run(["route", "print"]))
    found = []
    for family in ("-inet", "-inet6"):
        found += route_get_gateways(_run(["route", "-n", "get", family, "default"]))
    return found


def linux_gateways(route: str, ipv6_route: str) -> list[Gateway]:
    """The default gateways in the text of /proc/net/route and /proc/net/ipv6_route."""
    ranked: list[tuple[int, int, Gateway]] = []
    for line in route.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8 or fields[1] != "00000000" or fields[7] != "00000000":
            continue
        flags, metric = int(fields[3], 16), int(fields[6])
        if flags & 0x3 == 0x3 and int(fields[2], 16):  # RTF_UP | RTF_GATEWAY
            address = socket.inet_ntoa(struct.pack("<I", int(fields[2], 16)))
            ranked.append((4, metric, Gateway(address, fields[0], 4)))
    for line in ipv6_route.splitlines():
        fields = line.split()
        if len(fields) < 10 or fields[0] != "0" * 32 or fields[1] != "00":
            continue
        flags, metric = int(fields[8], 16), int(fields[5], 16)
        if flags & 0x3 == 0x3 and int(fields[4], 16):
            hop = ipaddress.IPv6Address(bytes.fromhex(fields[4]))
            address = f"{hop}%{fields[9]}" if hop.is_link_local else str(hop)
            ranked.append((6, metric, Gateway(address, fields[9], 6)))
    ranked.sort(key=lambda item: item[:2])
    return list(dict.fromkeys(gateway for _family, _metric, gateway in ranked))


def route_get_gateways(output: str) -> list[Gateway]:
    """The gateway in the output of macOS's and the BSDs' ``route -n get default``."""
    fields: dict[str, str] = {}
    for line in output.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            fields.setdefault(key.strip(), value.strip())
    gateway = _ip(fields.get("gateway", ""))
    interface = fields.get("interface", "")
    if gateway is None or not interface:
        return []
    address = fields["gateway"]
    if gateway.version == 6 and gateway.is_link_local and "%" not in address:
        address = f"{address}%{interface}"
    return [Gateway(address, interface, 4 if gateway.version == 4 else 6)]


def windows_gateways(output: str) -> list[Gateway]:
    """The default gateways in the output of Windows' ``route print``.

    IPv4 rows read ``0.0.0.0  0.0.0.0  gateway  interface-address  metric``; IPv6 rows
    ``index  metric  ::/0  gateway``. "On-link" (in the system's language) is no gateway.
    """
    ranked: list[tuple[int, int, Gateway]] = []
    for line in output.splitlines():
        fields = line.split()
        if len(fields) == 5 and fields[:2] == ["0.0.0.0", "0.0.0.0"] and fields[4].isdigit():
            gateway, interface = _ip(fields[2]), _ip(fields[3])
            if gateway is not None and gateway.version == 4 and interface is not None:
                ranked.append((4, int(fields[4]), Gateway(fields[2], fields[3], 4)))
        elif len(fields) == 4 and fields[2] == "::/0" and fields[0].isdigit():
            gateway = _ip(fields[3])
            if gateway is not None and gateway.version == 6 and fields[1].isdigit():
                address = fields[3]
                if gateway.is_link_local and "%" not in address:
                    address = f"{address}%{fields[0]}"
                ranked.append((6, int(fields[1]), Gateway(address, fields[0], 6)))
    ranked.sort(key=lambda item: item[:2])
    return list(dict.fromkeys(gateway for _family, _metric, gateway in ranked))


# --- the system resolver's servers ----------------------------------------------------------


@dataclass(frozen=True)
class SystemDns:
    """The name servers of the system resolver, and what stands behind a local stub.

    Attributes:
        servers: What the system resolver asks, in its order: /etc/resolv.conf's
            nameservers on Unix, the registry's on Windows.
        stub: The address of systemd-resolved's stub (``127.0.0.53``) when ``servers``
            holds it: then the name servers that matter are ``upstream``.
        upstream: The servers systemd-resolved asks (/run/systemd/resolve/resolv.conf), when
            it stands behind ``stub`` and says; else empty.
    """

    servers: tuple[str, ...]
    stub: str | None = None
    upstream: tuple[str, ...] = ()


def system_dns_servers() -> list[str]:
    """The name servers the system resolver asks, in its order (``127.0.0.53`` as such).

    Blocks briefly (see the module); empty when the system names none.
    """
    return list(system_dns().servers)


def system_dns(
    resolv_conf: str = "/etc/resolv.conf",
    resolved_conf: str = "/run/systemd/resolve/resolv.conf",
) -> SystemDns:
    """The system resolver's name servers, telling systemd-resolved's stub from upstream.

    Blocks briefly (see the module). On Windows both paths are ignored.

    Args:
        resolv_conf: The resolver configuration on Unix.
        resolved_conf: Where systemd-resolved writes the servers it asks itself.
    """
    servers = _nameservers(resolv_conf)
    stub = next((server for server in servers if server in _RESOLVED_STUBS), None)
    if stub is None or sys.platform == "win32":
        return SystemDns(servers)
    upstream = tuple(s for s in _nameservers(resolved_conf) if s not in _RESOLVED_STUBS)
    return SystemDns(servers, stub, upstream)


def _nameservers(path: str) -> tuple[str, ...]:
    """The nameservers dnspython reads from ``path`` (the registry on Windows)."""
    import dns.exception
    import dns.resolver

    try:
        resolver = dns.resolver.Resolver(filename=path)
    except (dns.exception.DNSException, OSError, ValueError):
        return ()
    return tuple(str(server) for server in resolver.nameservers)


# --- one question to one server -------------------------------------------------------------


class ResolverOutcome(enum.StrEnum):
    """What came of one DNS question to one server."""

    ANSWERED = "answered"
    """The server answered (NOERROR); the addresses may be none."""
    NXDOMAIN = "nxdomain"
    """The server says the name does not exist."""
    ERROR = "error"
    """The server answered with a failure: SERVFAIL, REFUSED, ... or a malformed message."""
    SILENT = "silent"
    """No answer within the timeout."""
    UNREACHABLE = "unreachable"
    """The question could not reach the server: no route, or nothing listens on its port."""


@dataclass(frozen=True)
class ResolverAnswer:
    """What one DNS server said to one question.

    Attributes:
        server: The server asked, as given (``"10.0.0.1"``, ``"10.0.0.1:5353"``).
        outcome: What came of it.
        addresses: The IPv4 addresses answered, in the server's order; empty unless
            ``outcome`` is answered.
        detail: One line for people: ``"answered: example.com is 93.184.216.34"``,
            ``"answers SERVFAIL for example.com"``, ``"no answer within 2s"``.
        rcode: The response code of the answer (``"NOERROR"``, ``"SERVFAIL"``, ...), or
            None when there was no answer.
    """

    server: str
    outcome: ResolverOutcome
    addresses: tuple[str, ...]
    detail: str
    rcode: str | None = None


async def ask_resolver(server: str, name: str, timeout: float) -> ResolverAnswer:
    """Ask ``server`` for ``name``'s A records once, over UDP, and say what came of it.

    Unlike a resolver, it neither retries nor asks another server: the question is about
    this server. The socket is connected, so that the system reports an ICMP "port
    unreachable" (and on Linux, with ``IP_RECVERR``, "host/network unreachable") instead of
    leaving the question to time out. Never raises for anything the network or the server
    does.

    Args:
        server: An IP address, with a port if not 53 (``"10.0.0.1:5353"``, ``"[::1]:53"``).
        name: The name to ask for.
        timeout: Seconds to wait for the answer, the sending included.

    Raises:
        ValueError: ``server`` is not an IP address with an optional port, or ``name`` is
            not a name.
    """
    import dns.exception
    import dns.message
    import dns.rcode
    import dns.rdatatype

    host, port = split_host_port(server, 53)
    ip = ipaddress.ip_address(host)
    try:
        query = dns.message.make_query(name, dns.rdatatype.A)
    except dns.exception.DNSException as error:  # an empty label, a label too long, ...
        raise ValueError(f"not a name to ask for: {name!r}") from error
    shown = query.question[0].name.to_text(omit_final_dot=True)

    def said(outcome: ResolverOutcome, detail: str, rcode: str | None = None) -> ResolverAnswer:
        return ResolverAnswer(server, outcome, (), detail, rcode)

    try:
        async with asyncio.timeout(timeout):
            reply = await _exchange(query, ip, host, port)
    except TimeoutError:
        silent = words.NO_ANSWER_WITHIN(timeout=format_duration(timeout))
        return said(ResolverOutcome.SILENT, silent)
    except (ConnectionRefusedError, ConnectionResetError):  # reset: Windows' word for it
        return said(ResolverOutcome.UNREACHABLE, words.NOTHING_ON_PORT(port=port))
    except OSError as error:
        detail = words.UNREACHABLE(reason=(error.strerror or str(error)).lower())
        return said(ResolverOutcome.UNREACHABLE, detail)
    except dns.exception.DNSException:
        return said(ResolverOutcome.ERROR, words.MALFORMED_DNS())
    rcode = dns.rcode.to_text(reply.rcode())
    if reply.rcode() == dns.rcode.NXDOMAIN:
        return said(ResolverOutcome.NXDOMAIN, words.SAYS_NO_SUCH_NAME(name=shown), rcode)
    if reply.rcode() != dns.rcode.NOERROR:
        return said(ResolverOutcome.ERROR, words.ANSWERS_RCODE(rcode=rcode, name=shown), rcode)
    addresses = tuple(
        dict.fromkeys(
            rdata.to_text()
            for rrset in reply.answer
            if rrset.rdtype == dns.rdatatype.A
            for rdata in rrset
        )
    )
    if not addresses:
        return said(ResolverOutcome.ANSWERED, words.ANSWERED_NO_IPV4(name=shown), rcode)
    detail = words.ANSWERED_ADDRESSES(name=shown, addresses=", ".join(addresses))
    return ResolverAnswer(server, ResolverOutcome.ANSWERED, addresses, detail, rcode)


async def _exchange(
    query: dns.message.Message,
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
    host: str,
    port: int,
) -> dns.message.Message:
    """Send ``query`` to ``host``:``port`` and wait for its response; other datagrams
    (a late answer to someone else's question) are passed over.

    Raises:
        OSError: the system reports the server unreachable.
        dns.exception.DNSException: the server's response is malformed.
    """
    import dns.exception
    import dns.message

    loop = asyncio.get_running_loop()
    family = socket.AF_INET if ip.version == 4 else socket.AF_INET6
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        if sys.platform == "linux":  # report "host unreachable" too, not only "port"
            level = socket.IPPROTO_IP if ip.version == 4 else socket.IPPROTO_IPV6
            sock.setsockopt(level, 11 if ip.version == 4 else 25, 1)  # IP(V6)_RECVERR
        sock.setblocking(False)
        address = (host, port) if ip.version == 4 else _sockaddr6(host, port)
        sock.connect(address)  # a datagram socket's connect sends nothing and never waits
        await loop.sock_sendall(sock, query.to_wire())
        while True:
            data = await loop.sock_recv(sock, 65535)
            try:
                reply = dns.message.from_wire(data)
            except dns.exception.DNSException:
                if len(data) >= 2 and data[:2] == query.id.to_bytes(2, "big"):
                    raise
                continue
            if query.is_response(reply):
                return reply


def _sockaddr6(host: str, port: int) -> tuple[str, int, int, int]:
    ip = ipaddress.IPv6Address(host)
    scope = ip.scope_id or ""
    index = int(scope) if scope.isdigit() else socket.if_nametoindex(scope) if scope else 0
    return (str(ipaddress.IPv6Address(ip.packed)), port, 0, index)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""


def _run(command: list[str]) -> str:
    """``command``'s output, or "" when it cannot be run, fails or takes too long."""
    program = shutil.which(command[0]) or shutil.which(command[0], path=_PATH)
    if program is None:
        return ""
    try:
        done = subprocess.run(  # a fixed program and arguments, no shell
            [program, *command[1:]],
            capture_output=True,
            timeout=_ROUTE_TIMEOUT,
            check=False,
            # Windows' route needs the environment it has; elsewhere, the words in English.
            env=None if sys.platform == "win32" else {"LC_ALL": "C", "PATH": _PATH},
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console flashes
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


@dataclass(frozen=True, slots=True)
class LocalNet:
    """Where the machine's own network is read: the default gateways and the DNS servers the
    system resolver asks (both block briefly). Tests pass their own, on loopback."""

    gateways: Callable[[], list[Gateway]] = default_gateways
    dns_servers: Callable[[], list[str]] = system_dns_servers
