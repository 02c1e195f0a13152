"""What one http check's connections did: where the time went, and how far it got.

A :class:`CheckTrace` follows a check through its connections (one per redirect) and sums,
in :class:`~trayapp.core.models.Timings`: ``dns`` the lookups, ``connect`` the TCP connects
without the lookups, ``tls`` the handshakes, ``ttfb`` from each request sent to its
response's head received. It knows the phase the check is in (:class:`~.causes.Phase`), for
a failure to say what it was waiting for.

It hears of a connection two ways::

    direct        the connection itself tells it (ResolvingBackend and its streams, as the
                  Recorder of RECORDER): a few clock readings a check
    via a proxy   httpcore's trace events (the request's "trace" extension), which alone say
                  what the proxy answered to CONNECT: a dozen coroutine calls a check

The router (:class:`~.transport.Router`) picks the way per request. httpcore's trace, on every
check, cost a tenth of the CPU time of a thousand checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trayapp.core.models import Timings
from trayapp.core.probes.backend import CONNECTION_INFO, ConnectionInfo
from trayapp.core.probes.causes import Phase, Where
from trayapp.core.probes.transport import ProxyNote

__all__ = ["CheckTrace"]

_PHASES = {
    "connect_tcp": Phase.CONNECT,
    "start_tls": Phase.TLS,
    "send_request_headers": Phase.REQUEST,
    "send_request_body": Phase.REQUEST,
    "receive_response_headers": Phase.RESPONSE,
    "receive_response_body": Phase.BODY,
}

_EVENTS: dict[str, tuple[str, str]] = {}
"""httpcore's event names, split once: ``"connection.connect_tcp.started"`` ->
``("connect_tcp", "started")``."""


def _event(name: str) -> tuple[str, str]:
    split = _EVENTS.get(name)
    if split is None:
        where, _, step = name.rpartition(".")
        split = _EVENTS[name] = (where.rpartition(".")[2], step)
    return split


def _add(total: float | None, seconds: float) -> float:
    return seconds if total is None else total + seconds


def _endpoint(host: object, port: object) -> str:
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


@dataclass(slots=True)
class CheckTrace:
    """One http check, as its connections went (see the module's docstring).

    The direct way's calls (:meth:`connecting` to :meth:`receiving`) follow
    :class:`~trayapp.core.probes.backend.Recorder`; :meth:`headed` is the probe's own word
    that a response's head came (the connection cannot tell a head from a body).
    """

    monotonic: Callable[[], float]
    phase: Phase = Phase.CONNECT
    redirects: int = 0
    """Redirects followed so far."""
    endpoint: str = ""
    connection: ConnectionInfo | None = None
    dns: float | None = None
    connect: float | None = None
    tls: float | None = None
    ttfb: float | None = None
    route: ProxyNote = field(default_factory=ProxyNote)
    """Where the router sent the request last (the proxy, if any)."""
    answered: bool = False
    """A response's head came on the current connection (through a proxy: its answer)."""
    status: tuple[int, str] | None = None
    """The status and reason of the last response head, a proxy's answer to CONNECT too."""
    began: float = 0.0
    """When the check began (``monotonic``): ``[RESPONSE_TIME]`` counts from it."""
    _started: dict[str, float] = field(default_factory=dict)
    _waiting: float | None = None
    """Since when the direct way waits for a response's head."""

    # --- the direct way: the connection tells --------------------------------------------

    def connecting(self, host: str, port: int) -> None:
        """A connection to ``host``:``port`` begins (its name looked up first)."""
        self.phase, self.answered, self.status = Phase.CONNECT, False, None
        self.endpoint = _endpoint(host, port)

    def connected(self, info: ConnectionInfo, seconds: float) -> None:
        """The connection is made, ``seconds`` after it began, its lookup included."""
        self.connection = info
        if info.dns_seconds is not None:
            self.dns = _add(self.dns, info.dns_seconds)
            seconds -= info.dns_seconds
        self.connect = _add(self.connect, max(seconds, 0.0))

    def handshaking(self) -> None:
        """The TLS handshake begins."""
        self.phase = Phase.TLS

    def handshaken(self, seconds: float) -> None:
        """The TLS handshake took ``seconds``."""
        self.tls = _add(self.tls, seconds)

    def sending(self) -> None:
        """The request is being sent."""
        self.phase, self._waiting = Phase.REQUEST, None

    def receiving(self) -> None:
        """The connection reads: after the request, that is waiting for the answer."""
        if self.phase is Phase.REQUEST:
            self.phase, self._waiting = Phase.RESPONSE, self.monotonic()

    def headed(self, status: int, reason: str) -> None:
        """A response's head came (the direct way; through a proxy the trace said so)."""
        if self._waiting is not None:
            self.ttfb = _add(self.ttfb, self.monotonic() - self._waiting)
            self.phase, self._waiting = Phase.BODY, None
            self.answered, self.status = True, (status, reason)

    # --- through a proxy: httpcore's trace --------------------------------------------------

    async def __call__(self, event: str, info: dict[str, Any]) -> None:
        now = self.monotonic()
        name, step = _event(event)
        if step == "started":
            self._started[name] = now
            self.phase = _PHASES.get(name, self.phase)
            if name == "connect_tcp":
                self.answered, self.status = False, None
                self.endpoint = _endpoint(info.get("host", ""), info.get("port", ""))
            return
        spent = now - self._started.pop(name, now)
        if step != "complete":
            return
        if name == "connect_tcp":
            stream = info.get("return_value")
            connection = stream.get_extra_info(CONNECTION_INFO) if stream is not None else None
            if isinstance(connection, ConnectionInfo):
                self.connected(connection, spent)
            else:
                self.connect = _add(self.connect, max(spent, 0.0))
        elif name == "start_tls":
            self.tls = _add(self.tls, spent)
        elif name == "receive_response_headers":
            self.ttfb = _add(self.ttfb, spent)
            self.phase = Phase.BODY
            self.answered = True
            head = info.get("return_value")
            if isinstance(head, tuple) and len(head) >= 3 and isinstance(head[1], int):
                reason = head[2].decode("latin-1") if isinstance(head[2], bytes) else ""
                self.status = (head[1], reason)

    # --- what it found ---------------------------------------------------------------------

    def timings(self) -> Timings:
        """The phases' times, in milliseconds."""

        def ms(seconds: float | None) -> float | None:
            return None if seconds is None else round(seconds * 1000, 1)

        return Timings(ms(self.dns), ms(self.connect), ms(self.tls), ms(self.ttfb))

    def where(self, timeout: float) -> Where:
        """How far the check got, for a failure within ``timeout`` to be classified."""
        peer_closed = self.connection is not None and self.connection.peer_closed
        return Where(
            self.endpoint,
            self.phase,
            timeout,
            peer_closed,
            self.redirects > 0,
            proxy=self.route.proxy,
            target=self.route.target,
            tunnel=self.route.tunnel,
            answered=self.answered,
            proxy_status=self.status,
        )
