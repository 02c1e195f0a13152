"""The lab's name servers: the router's DNS forwarder and the public resolver.

Each :class:`NameServer` listens on port 53 of one address, UDP and TCP, and answers by its
:attr:`~NameServer.mode` from a zone it shares with the other (name → IPv4 address):

- ``answer``: the zone's A record; no other record (an empty NOERROR); NXDOMAIN for a name
  outside the zone.
- ``servfail``, ``nxdomain``: that rcode to every query.
- ``silent``: no answer at all (over TCP, the connection is held open and never answered).
- ``portal``, ``hijack``: every A query answered with the router's address, as captive
  portals and networks that intercept DNS do.

The router answers from the zone itself instead of forwarding to the public resolver, so that
a test sets each one's behaviour independently of the other.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct

import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from tests.support.netlab.topology import ROUTER

__all__ = ["NameServer"]

_TTL = 30


class NameServer(asyncio.DatagramProtocol):
    """A DNS server on ``address``:53 whose behaviour a test switches with :attr:`mode`."""

    def __init__(self, address: str, zone: dict[str, str], queries: list[str], modes: set[str]):
        """Args:
        address: the IPv4 address to listen on.
        zone: name (lower case, no final dot) → address; shared, changed by the lab.
        queries: where each query is recorded as ``"ADDRESS TYPE NAME"``.
        modes: the modes this server accepts (see the module's docstring).
        """
        self.address = address
        self.zone = zone
        self.queries = queries
        self.modes = modes
        self.mode = "answer"
        self._udp: asyncio.DatagramTransport | None = None
        self._tcp: asyncio.Server | None = None

    def set_mode(self, mode: str) -> None:
        """Answer as ``mode`` from now on.

        Raises:
            ValueError: this server has no such mode.
        """
        if mode not in self.modes:
            raise ValueError(f"DNS on {self.address}: no mode {mode!r}, only {sorted(self.modes)}")
        self.mode = mode

    async def start(self) -> None:
        """Listen on UDP and TCP port 53."""
        loop = asyncio.get_running_loop()
        self._udp, _ = await loop.create_datagram_endpoint(
            lambda: self, local_addr=(self.address, 53)
        )
        self._tcp = await asyncio.start_server(self._serve_tcp, self.address, 53)

    def close(self) -> None:
        """Stop listening."""
        if self._udp is not None:
            self._udp.close()
        if self._tcp is not None:
            self._tcp.close()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        answer = self.answer(data)
        if answer is not None and self._udp is not None:
            self._udp.sendto(answer, addr)

    def answer(self, wire: bytes) -> bytes | None:
        """The answer to the query ``wire`` in the current mode, or None to say nothing."""
        try:
            query = dns.message.from_wire(wire)
            question = query.question[0]
        except (dns.exception.DNSException, IndexError):
            return None  # not a query: a real server drops it too
        name = question.name.to_text(omit_final_dot=True).lower()
        kind = dns.rdatatype.to_text(question.rdtype)
        self.queries.append(f"{self.address} {kind} {name}")
        if self.mode == "silent":
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.RA
        if self.mode == "servfail":
            response.set_rcode(dns.rcode.SERVFAIL)
        elif self.mode == "nxdomain":
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif self.mode in ("portal", "hijack"):
            self._add_a(response, question, ROUTER)
        elif name in self.zone:
            self._add_a(response, question, self.zone[name])
        else:
            response.set_rcode(dns.rcode.NXDOMAIN)
        return response.to_wire()  # type: ignore[no-any-return]

    @staticmethod
    def _add_a(response: dns.message.Message, question: dns.rrset.RRset, address: str) -> None:
        if question.rdtype == dns.rdatatype.A:
            response.answer.append(dns.rrset.from_text(question.name, _TTL, "IN", "A", address))

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                (length,) = struct.unpack("!H", await reader.readexactly(2))
                answer = self.answer(await reader.readexactly(length))
                if answer is None:
                    await reader.read()  # silent: hold the connection until the client leaves
                    return
                writer.write(struct.pack("!H", len(answer)) + answer)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client is done: one query or many, it closes when it pleases
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
