"""A Globalping API on 127.0.0.1, as its public documentation describes it, and a DNS server
for the outside privacy rules.

:func:`fake_globalping` starts :class:`FakeGlobalping`:

- ``POST /v1/measurements`` answers ``202`` with ``{"id", "probesCount"}`` and a
  ``Location`` header; a target that is not public (an IP literal in a private or loopback
  range) gets ``400`` with a ``validation_error``, as the real API refuses it;
- ``GET /v1/measurements/{id}`` answers ``in-progress`` (each probe's result
  ``in-progress`` too) for :attr:`Plan.in_progress` reads, then ``finished`` with the
  results planned; a plan with ``in_progress=None`` never finishes; an unknown id is a 404;
- every answer carries ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (seconds);
  a POST with no measurement left gets ``429``;
- :attr:`FakeGlobalping.fault` makes the next answers a ``503``, a ``429`` or garbage.

It remembers each request (method, path, headers, JSON body). The result builders
(:func:`http_result`, :func:`failed_result`, :func:`offline_result`, :func:`ping_result`,
:func:`dns_result`) give the shapes of the documentation's examples.

:func:`fake_names` starts a DNS server answering A queries from a table, all else NXDOMAIN:
names that pass the name rules yet resolve to private addresses.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

from tests.support.routes import read_request, response
from tests.support.servers import ServerThread

__all__ = [
    "FakeGlobalping",
    "FakeNames",
    "Plan",
    "Recorded",
    "dns_result",
    "failed_result",
    "fake_globalping",
    "fake_names",
    "http_result",
    "offline_result",
    "ping_result",
]

Fault = Literal["none", "503", "429", "garbage", "garbage-get", "503-get"]


def _probe(continent: str, country: str, city: str, network: str) -> dict[str, Any]:
    return {
        "continent": continent,
        "region": "",
        "country": country,
        "state": None,
        "city": city,
        "asn": 24940,
        "longitude": 8.68,
        "latitude": 50.11,
        "network": network,
        "tags": [],
        "resolvers": ["private"],
    }


def http_result(
    country: str,
    city: str,
    continent: str,
    status_code: int = 200,
    total: int = 120,
    network: str = "Hetzner Online GmbH",
) -> dict[str, Any]:
    """A probe's finished http result: a status code and timings."""
    return {
        "probe": _probe(continent, country, city, network),
        "result": {
            "status": "finished",
            "resolvedAddress": "93.184.215.14",
            "headers": {"content-type": "text/html"},
            "rawHeaders": "Content-Type: text/html",
            "rawBody": None,
            "rawOutput": f"HTTP/1.1 {status_code}\nContent-Type: text/html",
            "truncated": False,
            "statusCode": status_code,
            "statusCodeName": "OK" if status_code == 200 else "Error",
            "timings": {
                "total": total,
                "download": 1,
                "firstByte": total - 40,
                "dns": 10,
                "tls": 15,
                "tcp": 14,
            },
            "tls": None,
        },
    }


def failed_result(country: str, city: str, continent: str, raw: str) -> dict[str, Any]:
    """A probe whose measurement failed (no answer at all): its raw output says why."""
    return {
        "probe": _probe(continent, country, city, "Comcast"),
        "result": {"status": "failed", "rawOutput": raw},
    }


def offline_result(country: str, city: str, continent: str) -> dict[str, Any]:
    """A probe that went offline before it measured."""
    return {
        "probe": _probe(continent, country, city, "Vultr"),
        "result": {"status": "offline", "rawOutput": ""},
    }


def ping_result(country: str, city: str, continent: str, loss: float = 0) -> dict[str, Any]:
    """A TCP ping's finished result: its statistics."""
    return {
        "probe": _probe(continent, country, city, "OVH SAS"),
        "result": {
            "status": "finished",
            "rawOutput": "TCP PING",
            "resolvedAddress": "93.184.215.14",
            "resolvedHostname": "93.184.215.14",
            "timings": [] if loss == 100 else [{"rtt": 11.5}],
            "stats": {
                "min": 11.5,
                "avg": None if loss == 100 else 11.5,
                "max": 11.5,
                "total": 3,
                "rcv": 0 if loss == 100 else 3,
                "drop": 3 if loss == 100 else 0,
                "loss": loss,
            },
        },
    }


def dns_result(
    country: str, city: str, continent: str, rcode: str = "NOERROR", answers: int = 1
) -> dict[str, Any]:
    """A DNS query's finished result: the response code and its answers."""
    return {
        "probe": _probe(continent, country, city, "Google LLC"),
        "result": {
            "status": "finished",
            "statusCode": 0 if rcode == "NOERROR" else 3,
            "statusCodeName": rcode,
            "rawOutput": ";; ->>HEADER<<-",
            "resolver": "8.8.8.8",
            "answers": [
                {
                    "name": "shop.example.org.",
                    "type": "A",
                    "ttl": 60,
                    "class": "IN",
                    "value": "93.184.215.14",
                }
            ]
            * answers,
            "timings": {"total": 22},
        },
    }


@dataclass
class Plan:
    """What the next measurement created will answer."""

    results: list[dict[str, Any]] = field(default_factory=list)
    in_progress: int | None = 1
    """How many reads answer ``in-progress`` before ``finished``; None: it never finishes."""


@dataclass(frozen=True)
class Recorded:
    """A request the fake answered."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeGlobalping:
    """The API's state: the plan for new measurements, the rate limit, what it was asked."""

    port: int = 0
    plan: Plan = field(default_factory=Plan)
    limit: int = 250
    remaining: int = 250
    reset: int = 3600
    """Seconds until the rate limit's window starts again, as ``X-RateLimit-Reset`` says."""
    fault: Fault = "none"
    requests: list[Recorded] = field(default_factory=list)
    _measurements: dict[str, tuple[Plan, list[int]]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The base URL, as ``[outside] url`` names it."""
        return f"http://127.0.0.1:{self.port}"

    def created(self) -> list[Recorded]:
        """The measurements asked for (the POSTs), in order."""
        return [r for r in self.requests if r.method == "POST"]

    def reset_state(self) -> None:
        """Forget every request and measurement; a fresh plan and rate limit."""
        self.plan = Plan()
        self.limit = self.remaining = 250
        self.reset = 3600
        self.fault = "none"
        self.requests.clear()
        self._measurements.clear()

    def _limits(self) -> list[tuple[str, str]]:
        return [
            ("X-RateLimit-Limit", str(self.limit)),
            ("X-RateLimit-Remaining", str(self.remaining)),
            ("X-RateLimit-Reset", str(self.reset)),
        ]

    def _json(self, status: int, data: object, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
        headers = [("Content-Type", "application/json; charset=utf-8"), *self._limits(), *extra]
        return response(status, json.dumps(data).encode(), headers)

    def _error(self, status: int, kind: str, message: str) -> bytes:
        return self._json(status, {"error": {"type": kind, "message": message}})

    def _answer(self, method: str, path: str, body: Any) -> bytes:
        if method == "POST" and path == "/v1/measurements":
            return self._create(body)
        prefix = "/v1/measurements/"
        if method == "GET" and path.startswith(prefix):
            return self._read(path.removeprefix(prefix))
        return self._error(404, "not_found", "Couldn't find the requested route.")

    def _create(self, body: Any) -> bytes:
        if self.fault == "503":
            return response(
                503, b"<html>Service Unavailable</html>", [("Content-Type", "text/html")]
            )
        if self.fault == "garbage":
            return response(202, b'{"id": "abc', [("Content-Type", "application/json")])
        if self.fault == "429" or self.remaining <= 0:
            self.remaining = 0
            return self._error(429, "too_many_requests", "You have run out of credits.")
        if not isinstance(body, dict) or body.get("type") not in ("http", "ping", "dns"):
            return self._error(400, "validation_error", "Parameter validation failed.")
        target = body.get("target")
        with contextlib.suppress(ValueError):
            if not ipaddress.ip_address(str(target)).is_global:
                return self._error(400, "validation_error", "Parameter validation failed.")
        self.remaining -= 1
        ident = f"m{len(self._measurements) + 1}x"
        self._measurements[ident] = (self.plan, [0])
        where = f"{self.url}/v1/measurements/{ident}"
        count = len(self.plan.results)
        return self._json(202, {"id": ident, "probesCount": count}, (("Location", where),))

    def _read(self, ident: str) -> bytes:
        if self.fault == "503-get":
            return response(503, b"", [("Content-Type", "text/plain")])
        if self.fault == "garbage-get":
            return response(200, b"<html>hello</html>", [("Content-Type", "text/html")])
        if ident not in self._measurements:
            return self._error(404, "not_found", "Couldn't find the requested measurement.")
        plan, reads = self._measurements[ident]
        reads[0] += 1
        done = plan.in_progress is not None and reads[0] > plan.in_progress
        results = plan.results
        if not done:
            results = [
                {**item, "result": {"status": "in-progress", "rawOutput": ""}} for item in results
            ]
        return self._json(
            200,
            {
                "id": ident,
                "type": "http",
                "status": "finished" if done else "in-progress",
                "createdAt": "2026-12-04T18:00:00.000Z",
                "updatedAt": "2026-12-04T18:00:01.000Z",
                "target": "shop.example.org",
                "probesCount": len(results),
                "locations": [],
                "measurementOptions": {},
                "results": results,
            },
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            method, path, headers = await read_request(reader)
            length = int(headers.get("content-length", "0") or 0)
            raw = await reader.readexactly(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw
            self.requests.append(Recorded(method, path, headers, body))
            writer.write(self._answer(method, path, body))
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


@contextlib.contextmanager
def fake_globalping() -> Iterator[FakeGlobalping]:
    """Start the fake API on 127.0.0.1; stop it on the way out."""
    thread = ServerThread()
    api = FakeGlobalping()

    async def start() -> asyncio.Server:
        server = await asyncio.start_server(api._serve, "127.0.0.1", 0)
        api.port = int(server.sockets[0].getsockname()[1])
        return server

    server = thread.call(start())
    try:
        yield api
    finally:

        async def stop() -> None:
            server.close()

        thread.call(stop())
        thread.close()


@dataclass
class FakeNames:
    """A DNS server's table: name (no trailing dot) → its A records."""

    names: dict[str, list[str]]
    server: str = ""
    """``127.0.0.1:port``, for a :class:`~trayapp.core.probes.ServerResolver`."""
    queries: list[str] = field(default_factory=list)


class _NamesProtocol(asyncio.DatagramProtocol):
    def __init__(self, table: FakeNames) -> None:
        self.table = table
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            query = dns.message.from_wire(data)
        except Exception:
            return
        question = query.question[0]
        name = question.name.to_text().lower().rstrip(".")
        self.table.queries.append(name)
        answer = dns.message.make_response(query)
        if name not in self.table.names:
            answer.set_rcode(dns.rcode.NXDOMAIN)
        elif question.rdtype == dns.rdatatype.A:
            for address in self.table.names[name]:
                answer.answer.append(dns.rrset.from_text(name + ".", 60, "IN", "A", address))
        assert self.transport is not None
        self.transport.sendto(answer.to_wire(), addr)


@contextlib.contextmanager
def fake_names(names: dict[str, list[str]]) -> Iterator[FakeNames]:
    """Start a DNS server on 127.0.0.1 answering A queries for ``names``, NXDOMAIN for others."""
    thread = ServerThread()
    table = FakeNames({name.lower(): list(addresses) for name, addresses in names.items()})

    async def start() -> asyncio.DatagramTransport:
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _NamesProtocol(table), local_addr=("127.0.0.1", 0)
        )
        table.server = f"127.0.0.1:{transport.get_extra_info('sockname')[1]}"
        return transport

    transport = thread.call(start())
    try:
        yield table
    finally:

        async def stop() -> None:
            transport.close()

        thread.call(stop())
        thread.close()
