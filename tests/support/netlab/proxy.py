"""The router's HTTP proxy on 10.77.0.1:3128: forwards, refuses, or fails, as a test says.

Absolute-form requests (``GET http://www.example.test/ HTTP/1.1``) are sent on in origin form
and ``CONNECT host:port`` opens a tunnel. Names are looked up in the lab's zone (the proxy has
a resolver of its own, whatever the router's DNS does) and each request line is recorded, so a
test can tell what went through the proxy. An upstream that cannot be reached gets 502 (504
after 5 s without an answer to the connection).

Modes: ``up``; ``down``, nothing listens (connections refused); ``failing``, every request
answered ``502 Bad Gateway``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
from urllib.parse import urlsplit

from tests.support.netlab.topology import PROXY_PORT, ROUTER
from tests.support.routes import response

__all__ = ["Proxy"]

_CONNECT_TIMEOUT = 5.0


class Proxy:
    """A forward proxy whose mode a test switches with :meth:`set_mode`."""

    def __init__(self, zone: dict[str, str], requests: list[str]):
        """Args:
        zone: name → address, the names the proxy can reach (shared with the DNS servers).
        requests: where each request is recorded, as ``"METHOD TARGET"``.
        """
        self.zone = zone
        self.requests = requests
        self.mode = "up"
        self._server: asyncio.Server | None = None

    async def set_mode(self, mode: str) -> None:
        """``up``, ``down`` or ``failing``; listening or not to match.

        Raises:
            ValueError: no such mode.
        """
        if mode not in ("up", "down", "failing"):
            raise ValueError(f"proxy: no mode {mode!r}")
        self.mode = mode
        if mode == "down" and self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        elif mode != "down" and self._server is None:
            self._server = await asyncio.start_server(
                self._serve, ROUTER, PROXY_PORT, reuse_address=True
            )

    def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()

    def _address(self, host: str) -> str:
        host = host.strip("[]").lower()
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(host))
        return self.zone[host]  # KeyError: a name the proxy cannot resolve

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: asyncio.StreamWriter | None = None
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, rest = head.split(b"\r\n", 1)
            method, target, version = request_line.decode("latin-1").split(" ")
            self.requests.append(f"{method} {target}")
            if self.mode == "failing":
                writer.write(response(502, b"the proxy is failing\n"))
                return
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                url = urlsplit(f"//{host}:{port}")
            else:
                url = urlsplit(target)
            try:
                up_reader, upstream = await asyncio.wait_for(
                    asyncio.open_connection(self._address(url.hostname or ""), url.port or 80),
                    _CONNECT_TIMEOUT,
                )
            except TimeoutError:
                writer.write(response(504, b"no answer from upstream\n"))
                return
            except (OSError, KeyError) as error:
                writer.write(response(502, f"cannot reach {target}: {error!r}\n".encode()))
                return
            if method == "CONNECT":
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                origin_form = (url.path or "/") + (f"?{url.query}" if url.query else "")
                upstream.write(f"{method} {origin_form} {version}\r\n".encode() + rest)
            await asyncio.gather(_pipe(reader, upstream), _pipe(up_reader, writer))
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # either side went away: what clients and servers do
        except ValueError:
            writer.write(response(400, b"not a proxy request\n"))
        finally:
            for stream in filter(None, [writer, upstream]):
                stream.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError):
        writer.write_eof()
