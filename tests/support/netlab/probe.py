"""Checks a test runs inside the client namespace, with the client's own resolver and sockets.

``python -I tests/support/netlab/probe.py '[CHECK, ...]'`` runs each check (a JSON object)
in turn and writes a JSON list of their results; :meth:`~tests.support.netlab.lab.NetLab.probe`
does that from a test. It needs nothing of the lab's package, whose imports would only slow
every probe down. Every result has ``seconds``; a check that failed has ``error`` (the
exception's class name), ``errno`` and ``message``. The checks:

- ``{"resolve": NAME}``: ``socket.getaddrinfo`` through glibc, as any program resolves →
  ``addresses``.
- ``{"query": NAME, "server": ADDRESS, "tcp": false}``: one A query straight to a name
  server (dnspython) → ``rcode``, ``addresses``.
- ``{"connect": "HOST:PORT"}``: a TCP connection → ``ok``.
- ``{"get": URL, "proxy": URL or null, "cafile": PATH or null}``: one HTTP(S) request with
  urllib, redirects not followed, through ``proxy`` if given and no other →
  ``status``, ``body``, ``location``.
- ``{"ping": ADDRESS}``: one ICMP echo over a datagram socket, as unprivileged ping does →
  ``ok``.

Each may have ``timeout`` (seconds, default 2).
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import dns.exception

__all__ = ["main", "run_check"]


def run_check(check: dict[str, Any]) -> dict[str, Any]:
    """The result of one check (see the module's docstring)."""
    timeout = float(check.get("timeout", 2))
    started = time.monotonic()
    try:
        if "resolve" in check:
            result = _resolve(check["resolve"])
        elif "query" in check:
            result = _query(check["query"], check["server"], timeout, bool(check.get("tcp")))
        elif "connect" in check:
            host, _, port = check["connect"].rpartition(":")
            with socket.create_connection((host, int(port)), timeout=timeout):
                result = {"ok": True}
        elif "get" in check:
            result = _get(check["get"], check.get("proxy"), check.get("cafile"), timeout)
        elif "ping" in check:
            result = _ping(check["ping"], timeout)
        else:
            raise ValueError(f"no such check: {check}")
    except urllib.error.URLError as error:
        reason = error.reason
        result = _failure(reason if isinstance(reason, BaseException) else error)
    except (OSError, dns.exception.DNSException) as error:
        result = _failure(error)
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def _failure(error: BaseException) -> dict[str, Any]:
    return {
        "error": type(error).__name__,
        "errno": getattr(error, "errno", None),
        "message": str(error),
    }


def _resolve(name: str) -> dict[str, Any]:
    infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    return {"addresses": sorted({str(info[4][0]) for info in infos})}


def _query(name: str, server: str, timeout: float, tcp: bool) -> dict[str, Any]:
    # Imported here: the other checks need none of it, and a probe starts faster without.
    import dns.message
    import dns.query
    import dns.rcode
    import dns.rdatatype

    query = dns.message.make_query(name, dns.rdatatype.A)
    send = dns.query.tcp if tcp else dns.query.udp
    answer = send(query, server, timeout=timeout)
    addresses = [item.to_text() for rrset in answer.answer for item in rrset]
    return {"rcode": dns.rcode.to_text(answer.rcode()), "addresses": addresses}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer to look at, not to follow


def _get(url: str, proxy: str | None, cafile: str | None, timeout: float) -> dict[str, Any]:
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {}),
        _NoRedirects(),
    ]
    if url.startswith("https:"):  # reading the system's CAs takes longer than the request
        context = ssl.create_default_context(cafile=cafile)
        handlers.append(urllib.request.HTTPSHandler(context=context))
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(url, timeout=timeout) as answer:
            status, body, location = answer.status, answer.read(), answer.headers["Location"]
    except urllib.error.HTTPError as error:
        status, body, location = error.code, error.read(), error.headers["Location"]
    return {"status": status, "body": body.decode("utf-8", "replace"), "location": location}


def _checksum(data: bytes) -> int:
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF


def _ping(address: str, timeout: float) -> dict[str, Any]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP) as sock:
        sock.settimeout(timeout)
        payload = b"trayapp lab ping"
        header = struct.pack("!BBHHH", 8, 0, 0, 0, 1)  # echo request; the kernel sets the id
        header = struct.pack("!BBHHH", 8, 0, _checksum(header + payload), 0, 1)
        sock.sendto(header + payload, (address, 0))
        while True:
            reply, _ = sock.recvfrom(1024)
            if reply[0] == 0 and reply[8:] == payload:  # echo reply to this request
                return {"ok": True}


def main() -> None:
    """Run the checks given as the first argument; write their results."""
    results = [run_check(check) for check in json.loads(sys.argv[1])]
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
