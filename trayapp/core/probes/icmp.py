"""ICMP echo ("ping"): does an address answer at all, and how fast.

One function, :func:`ping`, for IPv4 and IPv6, which never raises for anything the network
or the operating system does; an :class:`Echo` says what happened in one line for people.
:func:`ping_blocked` says, before anything is sent, whether this process may ask at all, and
how to allow it where it may not.

How it asks, by system (the first way the system allows):

    Linux     an ICMP datagram socket, which needs no privilege when the process's group is
              in ``net.ipv4.ping_group_range`` (that one setting covers IPv6 too); else a raw
              socket, when the process may open one (root, or ``CAP_NET_RAW``)
    macOS     an ICMP datagram socket, which every process may open; else a raw socket
    Windows   ``IcmpSendEcho`` / ``Icmp6SendEcho2`` of iphlpapi.dll, which need no
              privilege, on a worker thread (the call blocks until its reply or timeout;
              see :mod:`trayapp.core.probes.icmpwindows`)

When none is allowed, the echo was never sent: ``Echo.asked`` is False and the detail says
why. Replies are checked before they count: the type, the identifier (on a Linux datagram
socket the kernel replaces ours with the socket's port, so the expected one is read back
from the socket), the sequence number, the source and the payload. A raw socket sees every
ICMP packet of the machine; the checks keep other programs' replies out. ICMP errors
(unreachable, time exceeded) are matched to the echo they are about the same way: a Linux
datagram socket reads them from its error queue (``IP_RECVERR``), other sockets as packets.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import secrets
import socket
import statistics
import struct
import sys
import time
from dataclasses import dataclass

from trayapp.core.config.durations import format_duration
from trayapp.core.phrases import checks as words

__all__ = ["ALLOW_PING", "Echo", "ping", "ping_blocked"]

ALLOW_PING = 'sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"'
"""The command that lets every user of a Linux system ping without privilege (systemd's
default; a line in /etc/sysctl.d/ keeps it after a restart)."""


@dataclass(frozen=True)
class Echo:
    """What came of asking an address for ICMP echoes.

    Attributes:
        address: The address asked, as given.
        ok: Whether at least one echo was answered.
        rtt_ms: The round trip of the answered echoes in milliseconds (their median), or
            None when none was answered.
        detail: One line for people: ``"answered in 0.4 ms"``, ``"no answer within 1s"``,
            ``"unreachable: host unreachable (reported by 10.0.0.1)"``, or why the system
            would not let us ask.
        asked: False when the system would not let this process send an echo at all; the
            address may then be fine or not, nobody knows.
        sent: How many echoes went out.
        received: How many of them were answered in time.
        rtt_min_ms: The shortest round trip in milliseconds; None when none was answered.
        rtt_avg_ms: The mean round trip in milliseconds; None when none was answered.
        rtt_max_ms: The longest round trip in milliseconds; None when none was answered.
        errors: How many echoes were answered with an ICMP error (unreachable, time
            exceeded) or could not be sent at all; ``detail`` gives the first one's words
            when no echo was answered.
    """

    address: str
    ok: bool
    rtt_ms: float | None
    detail: str
    asked: bool
    sent: int = 0
    received: int = 0
    rtt_min_ms: float | None = None
    rtt_avg_ms: float | None = None
    rtt_max_ms: float | None = None
    errors: int = 0


async def ping(address: str, timeout: float, *, count: int = 1, interval: float = 1.0) -> Echo:
    """Send ``count`` ICMP echo requests to ``address`` and wait for the replies.

    Never blocks the event loop. Each echo waits at most ``timeout`` seconds for its reply
    and the echoes go out ``interval`` seconds apart, so the whole takes at most
    ``(count - 1) * interval + timeout`` seconds; it ends as soon as every echo has its
    reply or its error.

    Args:
        address: An IPv4 or IPv6 address; a link-local IPv6 address needs its interface
            (``"fe80::1%eth0"``). Names are not resolved here.
        timeout: Seconds each echo waits for its reply; more than zero.
        count: How many echoes to send; at least one.
        interval: Seconds between two echoes.

    Returns:
        The :class:`Echo`; ``ok`` when at least one echo was answered.

    Raises:
        ValueError: ``address`` is not an IP address, or ``timeout`` or ``count`` is not
            positive.
    """
    if timeout <= 0 or count < 1:
        raise ValueError(f"ping needs a positive timeout and count, got {timeout}, {count}")
    ip = ipaddress.ip_address(address)
    try:
        target = _Target.of(ip)
    except OSError:
        scope = ip.scope_id if isinstance(ip, ipaddress.IPv6Address) else None
        detail = words.NO_INTERFACE(scope=scope)
        return Echo(address, ok=False, rtt_ms=None, detail=detail, asked=True)
    if sys.platform == "win32":
        found = await _ping_windows(target, timeout, count, interval)
    else:
        found = await _ping_socket(target, timeout, count, interval)
    if isinstance(found, str):
        return Echo(address, ok=False, rtt_ms=None, detail=found, asked=False)
    return found.echo(address, timeout)


@dataclass(frozen=True)
class _Target:
    """Where the echoes go: the address without its scope, and the socket address."""

    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    sockaddr: tuple[str, int] | tuple[str, int, int, int]

    @classmethod
    def of(cls, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> _Target:
        """Raises OSError when a link-local address names an interface that does not exist."""
        if isinstance(ip, ipaddress.IPv4Address):
            return cls(ip, (str(ip), 0))
        scope = ip.scope_id or ""
        index = int(scope) if scope.isdigit() else socket.if_nametoindex(scope) if scope else 0
        bare = ipaddress.IPv6Address(ip.packed)
        return cls(bare, (str(bare), 0, 0, index))

    def same(self, address: str) -> bool:
        try:
            return ipaddress.ip_address(address.split("%", 1)[0]) == self.ip
        except ValueError:
            return False


class _Tally:
    """The echoes sent, their replies and errors, by sequence number."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}  # sequence -> perf_counter() at sending
        self.rtts: dict[int, float] = {}  # sequence -> milliseconds
        self.errors: dict[int, str] = {}  # sequence -> what went wrong, for people
        self.changed = asyncio.Event()

    def reply(self, sequence: int, now: float, timeout: float) -> None:
        start = self.sent.get(sequence)
        if start is None or sequence in self.rtts or sequence in self.errors:
            return
        if now - start <= timeout:  # a late reply is a lost echo, as for ping(8)
            self.rtts[sequence] = (now - start) * 1000
            self.changed.set()

    def error(self, sequence: int, text: str) -> None:
        if sequence in self.sent and sequence not in self.rtts:
            self.errors.setdefault(sequence, text)
            self.changed.set()

    def settled(self) -> bool:
        return len(self.rtts) + len(self.errors) >= len(self.sent)

    def echo(self, address: str, timeout: float) -> Echo:
        sent, received, errors = len(self.sent), len(self.rtts), len(self.errors)
        if received:
            rtts = self.rtts.values()
            rtt = statistics.median(rtts)
            if sent == 1:
                detail = words.ANSWERED_IN(rtt=_milliseconds(rtt))
            else:
                took = _milliseconds(rtt)
                detail = words.ECHOES_ANSWERED(received=received, sent=sent, rtt=took)
            spread = (min(rtts), statistics.fmean(rtts), max(rtts))
            return Echo(address, True, rtt, detail, True, sent, received, *spread, errors)
        if self.errors:
            detail = words.UNREACHABLE(reason=next(iter(self.errors.values())))
        else:
            detail = words.NO_ANSWER_WITHIN(timeout=format_duration(timeout))
        return Echo(address, False, None, detail, asked=True, sent=sent, errors=errors)


def _milliseconds(value: float) -> str:
    return f"{value:.2g} ms" if value < 10 else f"{value:.0f} ms"


# --- sockets (Linux, macOS, the BSDs) -------------------------------------------------------

# <linux/errqueue.h> and <linux/in.h>, <linux/in6.h>: not in Python's socket module.
_IP_RECVERR = 11
_IPV6_RECVERR = 25
_SO_EE_ORIGIN_ICMP = 2
_SO_EE_ORIGIN_ICMP6 = 3
_ERROR_QUEUE = getattr(socket, "MSG_ERRQUEUE", 0)

_REQUEST = {4: 8, 6: 128}
_REPLY = {4: 0, 6: 129}
_ERRORS = {4: frozenset({3, 11, 12}), 6: frozenset({1, 2, 3, 4})}

_UNREACHABLE = {
    4: {
        0: "network unreachable",
        1: "host unreachable",
        2: "protocol unreachable",
        3: "port unreachable",
        4: "fragmentation needed",
        6: "network unknown",
        7: "host unknown",
        9: "network administratively prohibited",
        10: "host administratively prohibited",
        13: "administratively prohibited",
    },
    6: {
        0: "no route to destination",
        1: "administratively prohibited",
        3: "address unreachable",
        4: "port unreachable",
        5: "source address failed policy",
        6: "reject route to destination",
    },
}


def _error_text(version: int, kind: int, code: int, offender: str | None) -> str:
    """An ICMP error in words: ``"host unreachable (reported by 10.0.0.1)"``."""
    if kind == (3 if version == 4 else 1):
        known = _UNREACHABLE[version].get(code)
        text = known or words.DESTINATION_UNREACHABLE(icmp_code=code)
    elif kind == (11 if version == 4 else 3):
        text = words.TTL_EXCEEDED() if version == 4 else words.HOP_LIMIT_EXCEEDED()
    elif version == 6 and kind == 2:
        text = words.PACKET_TOO_BIG()
    else:
        text = words.ICMP_ERROR(icmp_type=kind, icmp_code=code)
    return words.REPORTED_BY(reason=text, offender=offender) if offender else text


def _not_allowed(target: _Target, error: OSError) -> str:
    if error.errno == errno.EAFNOSUPPORT:
        return words.NO_IP_VERSION_ASKED(version=target.ip.version, address=target.ip)
    if isinstance(error, PermissionError):
        if sys.platform == "linux":
            return words.NO_PING_GROUP_ASKED(address=target.ip)
        return words.NO_PING_ASKED(address=target.ip)
    return words.CANNOT_PING_ASKED(reason=error.strerror, address=target.ip)


def _open(version: int) -> tuple[socket.socket, bool] | OSError:
    """A datagram ICMP socket (True), else a raw one (False), else why neither."""
    family = socket.AF_INET if version == 4 else socket.AF_INET6
    protocol = socket.IPPROTO_ICMP if version == 4 else socket.IPPROTO_ICMPV6
    try:
        return socket.socket(family, socket.SOCK_DGRAM, protocol), True
    except OSError as error:
        if error.errno == errno.EAFNOSUPPORT:
            return error
    try:
        return socket.socket(family, socket.SOCK_RAW, protocol), False
    except OSError as error:
        return error


def ping_blocked(version: int = 4) -> str | None:
    """Why this process may not send ICMP echoes over IP ``version`` (4 or 6), with what
    would allow it; None when it may.

    Opens an ICMP socket as :func:`ping` would, and closes it at once: nothing is sent, and
    it costs a few microseconds. On Linux, one setting (``net.ipv4.ping_group_range``)
    governs both versions; on Windows every process may.

    Returns:
        One line for people, e.g. ``this system does not allow unprivileged ping
        (net.ipv4.ping_group_range is "1 0", which leaves out every group of this user);
        allow it with: sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"``.
    """
    if sys.platform == "win32":
        return None
    opened = _open(version)
    if not isinstance(opened, OSError):
        opened[0].close()
        return None
    if opened.errno == errno.EAFNOSUPPORT:
        return words.NO_IP_VERSION(version=version)
    if not isinstance(opened, PermissionError):
        return words.CANNOT_PING(reason=(opened.strerror or str(opened)).lower())
    if sys.platform != "linux":
        return words.NO_ICMP_SOCKET()
    try:
        with open("/proc/sys/net/ipv4/ping_group_range") as setting:
            value = " ".join(setting.read().split())
    except OSError:
        return words.PING_GROUP(command=ALLOW_PING)
    return words.PING_GROUP_NOW(value=value, command=ALLOW_PING)


async def _ping_socket(
    target: _Target, timeout: float, count: int, interval: float
) -> _Tally | str:
    opened = _open(target.ip.version)
    if isinstance(opened, OSError):
        return _not_allowed(target, opened)
    sock, datagram = opened
    with sock:
        exchange = _Exchange(sock, target, timeout, datagram)
        loop = asyncio.get_running_loop()
        loop.add_reader(sock.fileno(), exchange.on_readable)
        try:
            for index in range(count):
                if index:
                    await asyncio.sleep(interval)
                exchange.send(index + 1)
            deadline = max(exchange.tally.sent.values(), default=time.perf_counter()) + timeout
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(deadline - time.perf_counter(), 0)):
                    while not exchange.tally.settled():
                        exchange.tally.changed.clear()
                        await exchange.tally.changed.wait()
        finally:
            loop.remove_reader(sock.fileno())
        return exchange.tally


class _Exchange:
    """Echo requests out of one socket, and what comes back, validated."""

    def __init__(self, sock: socket.socket, target: _Target, timeout: float, datagram: bool):
        self.sock, self.target, self.timeout, self.datagram = sock, target, timeout, datagram
        self.version = target.ip.version
        self.ident = secrets.randbits(16)
        self.payload = secrets.token_bytes(24)
        self.tally = _Tally()
        sock.setblocking(False)
        self.error_queue = datagram and sys.platform == "linux"
        if self.error_queue:
            level = socket.IPPROTO_IP if self.version == 4 else socket.IPPROTO_IPV6
            sock.setsockopt(level, _IP_RECVERR if self.version == 4 else _IPV6_RECVERR, 1)

    def send(self, sequence: int) -> None:
        header = struct.pack("!BBHHH", _REQUEST[self.version], 0, 0, self.ident, sequence)
        packet = header + self.payload
        if self.version == 4:  # the kernel sums ICMPv6 itself, ICMP only on some sockets
            packet = packet[:2] + struct.pack("!H", _checksum(packet)) + packet[4:]
        self.tally.sent[sequence] = time.perf_counter()
        try:
            self.sock.sendto(packet, self.target.sockaddr)
        except BlockingIOError:
            return  # a full send buffer: that echo is lost, as on a busy link
        except OSError as error:
            self.tally.error(sequence, (error.strerror or str(error)).lower())
            return
        if self.datagram:
            # Linux datagram sockets use their port (bound at the first send that went out)
            # as the identifier; macOS's keep ours and have no port.
            with_port = self.sock.getsockname()
            if len(with_port) >= 2 and with_port[1]:
                self.ident = int(with_port[1])

    def on_readable(self) -> None:
        for _ in range(64):  # bounded: the next round of the loop reads the rest
            if self.error_queue and self._read_error():
                continue
            try:
                data, source = self.sock.recvfrom(4096)
            except BlockingIOError:
                return
            except OSError:
                # An ICMP error as the socket's pending error; with an error queue its
                # details are read from there, otherwise it comes as a packet too.
                continue
            self._on_packet(data, str(source[0]), time.perf_counter())

    def _read_error(self) -> bool:
        try:
            data, ancillary, _flags, _address = self.sock.recvmsg(512, 512, _ERROR_QUEUE)
        except OSError:
            return False
        if len(data) < 8:
            return True
        kind, _code, _sum, ident, sequence = struct.unpack_from("!BBHHH", data)
        if kind != _REQUEST[self.version] or ident != self.ident:
            return True
        for _level, _type, extended in ancillary:
            if len(extended) < 16:
                continue
            number, origin, icmp_type, code = struct.unpack_from("=IBBB", extended)
            if origin in (_SO_EE_ORIGIN_ICMP, _SO_EE_ORIGIN_ICMP6):
                offender = _sockaddr_address(extended[16:])
                self.tally.error(sequence, _error_text(self.version, icmp_type, code, offender))
            else:
                self.tally.error(sequence, os.strerror(number).lower())
        return True

    def _on_packet(self, data: bytes, source: str, now: float) -> None:
        if self.version == 4 and data and data[0] >> 4 == 4:
            data = data[(data[0] & 0x0F) * 4 :]  # raw and macOS sockets keep the IP header
        if len(data) < 8:
            return
        kind, code, _sum, ident, sequence = struct.unpack_from("!BBHHH", data)
        if kind == _REPLY[self.version]:
            if ident == self.ident and data[8:] == self.payload and self.target.same(source):
                self.tally.reply(sequence, now, self.timeout)
        elif kind in _ERRORS[self.version]:
            about = _quoted_echo(self.version, data[8:])
            if about is not None and about[0] == self.target.ip.packed and about[1] == self.ident:
                self.tally.error(about[2], _error_text(self.version, kind, code, source))


def _quoted_echo(version: int, quoted: bytes) -> tuple[bytes, int, int] | None:
    """The destination, identifier and sequence of the echo request an ICMP error quotes."""
    if version == 4:
        if len(quoted) < 20:
            return None
        start, destination = (quoted[0] & 0x0F) * 4, quoted[16:20]
    else:
        start, destination = 40, quoted[24:40]
    inner = quoted[start : start + 8]
    if len(inner) < 8 or inner[0] != _REQUEST[version]:
        return None
    _kind, _code, _sum, ident, sequence = struct.unpack("!BBHHH", inner)
    return destination, ident, sequence


def _sockaddr_address(raw: bytes) -> str | None:
    """The address of a ``struct sockaddr_in`` or ``sockaddr_in6``, if it holds one."""
    if len(raw) >= 8 and struct.unpack_from("=H", raw)[0] == socket.AF_INET:
        return socket.inet_ntop(socket.AF_INET, raw[4:8])
    if len(raw) >= 24 and struct.unpack_from("=H", raw)[0] == socket.AF_INET6:
        return socket.inet_ntop(socket.AF_INET6, raw[8:24])
    return None


def _checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


# --- Windows ----------------------------------------------------------------------------------


if sys.platform == "win32":

    async def _ping_windows(
        target: _Target, timeout: float, count: int, interval: float
    ) -> _Tally | str:
        from trayapp.core.probes.icmpwindows import echo_windows

        tally = _Tally()
        payload = secrets.token_bytes(24)
        scope = target.sockaddr[3] if len(target.sockaddr) == 4 else 0
        echoes = []
        for index in range(count):
            if index:
                await asyncio.sleep(interval)
            tally.sent[index + 1] = time.perf_counter()
            echo = asyncio.to_thread(echo_windows, target.ip, scope, timeout, payload)
            echoes.append(asyncio.ensure_future(echo))
        for sequence, found in enumerate(await asyncio.gather(*echoes, return_exceptions=True), 1):
            if isinstance(found, OSError):
                return _not_allowed(target, found)
            if isinstance(found, BaseException):
                raise found
            if isinstance(found, float):
                tally.reply(sequence, tally.sent[sequence] + found, timeout)
            elif isinstance(found, str):
                tally.error(sequence, found)
        return tally
