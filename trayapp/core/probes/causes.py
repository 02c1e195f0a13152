"""From what went wrong to a cause: by exception type and by how far the check got.

Never by message text. The exception is looked at whole: httpx wraps httpcore's errors,
which wrap the socket's and TLS's (see :mod:`~trayapp.core.probes.streams`), so
:func:`classify` walks ``__cause__``, exception arguments and exception groups, and asks, in
this order::

    ResolveError (incl. ResolveTimeout)                dns       "no such name: ..."
    httpx.TooManyRedirects                             redirects
    httpx.UnsupportedProtocol (a redirect's target)    redirects "redirected to ftp://..."
    ssl.SSLError, while connecting or in the handshake tls       "certificate has expired"
    ConnectionRefusedError                             refused   "connection refused by ..."
    TimeoutError, httpx/httpcore TimeoutException      timeout   (what it was waiting for)
    ConnectionResetError, ConnectionAbortedError,
     BrokenPipeError                                   reset
    httpx/httpcore/h11 RemoteProtocolError,
     httpx.DecodingError
      ├── the peer had closed the connection           reset     "closed ... before ..."
      └── otherwise                                    protocol  (431 hint: headers too large)
    httpx.ProxyError                                   refused   "the proxy refused ..."
    httpx ReadError, WriteError, CloseError            reset
    httpx.ConnectError, in the TLS handshake           reset     (closed mid-handshake)
    httpx.ConnectError, any other OSError              refused   "cannot connect to ...: <errno>"
    any other httpx.HTTPError                          protocol
    anything else                                      not classified: a bug, re-raised

Through a proxy (:attr:`Where.proxy`), what only the proxy can have done is asked first, and
the words name it::

    ResolveError (the proxy's own name)               dns         "the proxy p:3128: no such ..."
    httpx.ProxyError, CONNECT answered with a status  http_status "the proxy p:3128 answered the
                                                                  tunnel request with HTTP 502 Bad
                                                                  Gateway"
    httpx.ProxyError, no status                       refused
    before the proxy answered (connecting to it, or waiting for its answer to CONNECT):
      ssl.SSLError, connecting (an https:// proxy)    tls
      ConnectionRefusedError                          refused     "the proxy p:3128 refused the
                                                                  connection"
      a timeout, connecting                           timeout     "the proxy p:3128 did not answer
                                                                  within 5s"
      a timeout, waiting for the tunnel               timeout     "... did not answer the tunnel
                                                                  request within 5s"
      a reset                                         reset
      any other failure to connect                    refused     "cannot connect to the proxy ..."
      a malformed answer to CONNECT                   protocol

The rest goes down the tree above, the site named beside the proxy: "no TLS handshake with
site:443 through the proxy p:3128 within 5s".

The answer-level causes (``http_status``, ``content``, ``too_large``, ``slow``,
``cert_expiring``) come from judging a response, not from exceptions; see
:mod:`trayapp.core.probes.http`.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import h11
import httpcore
import httpx

from trayapp.core.config.durations import format_duration
from trayapp.core.models import Cause
from trayapp.core.phrases import checks as said
from trayapp.core.probes.resolver import ResolveError
from trayapp.core.text import printable, redact_url

__all__ = ["PROBE_ERRORS", "Diagnosis", "Phase", "Where", "classify", "http_answer"]

PROBE_ERRORS: tuple[type[BaseException], ...] = (
    httpx.HTTPError,
    httpcore.ConnectError,
    httpcore.ConnectTimeout,
    OSError,  # includes TimeoutError and the socket's errors
    ResolveError,
    ssl.SSLError,
)
"""What a probe catches and hands to :func:`classify`; anything else is a bug."""


_E = TypeVar("_E", bound=BaseException)

PROTOCOL_KINDS: tuple[type[BaseException], ...] = (
    httpx.RemoteProtocolError,
    httpcore.RemoteProtocolError,
    h11.RemoteProtocolError,
    httpx.DecodingError,
)


class Phase(StrEnum):
    """How far a check got; a timeout or a closed connection is described by it."""

    CONNECT = "connect"
    TLS = "tls"
    REQUEST = "request"
    RESPONSE = "response"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Where:
    """The circumstances of a failure."""

    endpoint: str
    """``host:port`` being talked to (the proxy, when there is one)."""
    phase: Phase
    timeout: float
    peer_closed: bool = False
    """The peer had closed the connection (a read saw its end)."""
    redirected: bool = False
    """The failing request was a redirect's, not the configured URL's."""
    proxy: str = ""
    """``host:port`` of the proxy the failing request went through; empty when direct."""
    target: str = ""
    """``host:port`` the failing request was for."""
    tunnel: bool = False
    """The proxy was asked for a tunnel (``CONNECT``)."""
    answered: bool = False
    """Something answered on the failing connection (the proxy's answer to ``CONNECT``)."""
    proxy_status: tuple[int, str] | None = None
    """The status and reason of the proxy's answer to ``CONNECT``, when it refused."""


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A cause and its one-line detail."""

    cause: Cause
    detail: str


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, then what explicitly caused it, depth first, groups included, each once."""
    seen: set[int] = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        inner: list[BaseException] = []
        if isinstance(current, BaseExceptionGroup):
            inner.extend(current.exceptions)
        # httpcore wraps as ``ConnectError(original)`` and its pool re-raises ``from None``,
        # which cuts __cause__: the original survives only as an argument.
        inner.extend(arg for arg in current.args if isinstance(arg, BaseException))
        # Only explicit causes: an implicit __context__ is whatever was being handled at
        # the time, such as the SSLWantReadError every cancelled TLS handshake carries.
        if current.__cause__ is not None:
            inner.append(current.__cause__)
        stack.extend(reversed(inner))


def _find(chain: list[BaseException], kinds: type[_E] | tuple[type[_E], ...]) -> _E | None:
    return next((e for e in chain if isinstance(e, kinds)), None)


_WAITING = {
    Phase.CONNECT: said.NO_CONNECTION_WITHIN,
    Phase.TLS: said.NO_HANDSHAKE_WITHIN,
    Phase.REQUEST: said.NOT_SENT_WITHIN,
    Phase.RESPONSE: said.NO_RESPONSE_WITHIN,
    Phase.BODY: said.BODY_NOT_WITHIN,
}


def classify(error: BaseException, where: Where) -> Diagnosis | None:
    """The cause of ``error``; None when it is none of the kinds a probe expects."""
    chain = list(_chain(error))
    if where.proxy:
        found = _through_proxy(chain, where)
        if found is not None:
            return found
        endpoint = said.THROUGH_PROXY(target=where.target or said.THE_SERVER(), proxy=where.proxy)
    else:
        endpoint = where.endpoint or said.THE_SERVER()
    if resolve := _find(chain, ResolveError):
        return Diagnosis(Cause.DNS, printable(str(resolve)))
    if _find(chain, httpx.TooManyRedirects):
        return Diagnosis(Cause.REDIRECTS, said.TOO_MANY_REDIRECTS())
    if unsupported := _find(chain, httpx.UnsupportedProtocol):
        try:
            where_to = redact_url(str(unsupported.request.url))
        except RuntimeError:  # raised by .request when the error has none
            where_to = ""
        if where.redirected:
            redirected = (
                said.REDIRECTED_NOT_HTTP(url=where_to) if where_to else said.REDIRECTED_SOMEWHERE()
            )
            return Diagnosis(Cause.REDIRECTS, redirected)
        return Diagnosis(Cause.PROTOCOL, said.NOT_HTTP())
    if (tls := _find(chain, ssl.SSLError)) and where.phase in (Phase.CONNECT, Phase.TLS):
        return Diagnosis(Cause.TLS, _tls_detail(tls, endpoint))
    if _find(chain, ConnectionRefusedError):
        return Diagnosis(Cause.REFUSED, said.REFUSED_BY(endpoint=endpoint))
    if _find(chain, (TimeoutError, httpx.TimeoutException, httpcore.TimeoutException)):
        text = _WAITING[where.phase](
            endpoint=endpoint, timeout=format_duration(max(where.timeout, 0.001))
        )
        return Diagnosis(Cause.TIMEOUT, text)
    if _find(chain, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return Diagnosis(Cause.RESET, said.RESET_BY(endpoint=endpoint))
    if _find(chain, PROTOCOL_KINDS):
        return _protocol(chain, where, endpoint)
    if proxy := _find(chain, httpx.ProxyError):
        return Diagnosis(Cause.REFUSED, said.PROXY_REFUSED(reason=printable(str(proxy), 60)))
    if _find(chain, (httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        broke = said.BROKE_READING if where.phase is Phase.BODY else said.BROKE_BEFORE
        return Diagnosis(Cause.RESET, broke(endpoint=endpoint))
    if where.phase is Phase.TLS and _find(chain, (httpx.ConnectError, httpcore.ConnectError)):
        return Diagnosis(Cause.RESET, said.CLOSED_IN_HANDSHAKE(endpoint=endpoint))
    if _find(chain, (httpx.ConnectError, httpcore.ConnectError, OSError)):
        return Diagnosis(Cause.REFUSED, _cannot_connect(chain, endpoint))
    if _find(chain, httpx.HTTPError):
        return Diagnosis(Cause.PROTOCOL, said.HTTP_FAILURE(endpoint=endpoint))
    return None


def _cannot_connect(chain: list[BaseException], endpoint: str) -> str:
    """``cannot connect to <endpoint>: <the system's words for the error>``."""
    os_error = next((e for e in chain if isinstance(e, OSError) and e.errno is not None), None)
    if os_error and os_error.errno:
        return said.CANNOT_CONNECT_BECAUSE(endpoint=endpoint, reason=os.strerror(os_error.errno))
    return said.CANNOT_CONNECT(endpoint=endpoint)


def _through_proxy(chain: list[BaseException], where: Where) -> Diagnosis | None:
    """What only the proxy can have done: the words name it. None for the rest."""
    proxy = said.THE_PROXY(proxy=where.proxy)
    if resolve := _find(chain, ResolveError):
        return Diagnosis(Cause.DNS, printable(said.SUBJECT(subject=proxy, detail=resolve)))
    if _find(chain, httpx.ProxyError):
        if where.proxy_status is None:
            return Diagnosis(Cause.REFUSED, said.PROXY_REFUSED_TUNNEL(proxy=where.proxy))
        status, reason = where.proxy_status
        phrase = httpx.codes.get_reason_phrase(status) or printable(reason, 40)
        answer = http_answer(status, phrase)
        return Diagnosis(
            Cause.HTTP_STATUS, said.PROXY_ANSWERED_TUNNEL(proxy=where.proxy, said=answer)
        )
    if where.phase is not Phase.CONNECT and (where.answered or not where.tunnel):
        return None  # the tunnel is open, or the proxy relays the site's answer
    if (tls := _find(chain, ssl.SSLError)) and where.phase is Phase.CONNECT:
        return Diagnosis(Cause.TLS, _tls_detail(tls, proxy))
    if _find(chain, ConnectionRefusedError):
        return Diagnosis(Cause.REFUSED, said.PROXY_REFUSED_CONNECTION(proxy=where.proxy))
    if _find(chain, (TimeoutError, httpx.TimeoutException, httpcore.TimeoutException)):
        waited = format_duration(max(where.timeout, 0.001))
        if where.phase is Phase.CONNECT:
            return Diagnosis(Cause.TIMEOUT, said.PROXY_SILENT(proxy=where.proxy, timeout=waited))
        return Diagnosis(Cause.TIMEOUT, said.PROXY_SILENT_TUNNEL(proxy=where.proxy, timeout=waited))
    if _find(chain, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return Diagnosis(Cause.RESET, said.RESET_BY(endpoint=proxy))
    if where.phase is Phase.CONNECT and _find(chain, (httpx.ConnectError, httpcore.ConnectError)):
        return Diagnosis(Cause.REFUSED, _cannot_connect(chain, proxy))
    if where.tunnel and _find(chain, PROTOCOL_KINDS):
        return Diagnosis(Cause.PROTOCOL, said.PROXY_NOT_PROXY(proxy=where.proxy))
    return None


def http_answer(status: int, phrase: str) -> str:
    """An HTTP answer in words: ``HTTP 503 Service Unavailable``, ``HTTP 599``."""
    if phrase:
        return said.HTTP_ANSWER(code=status, reason_phrase=phrase)
    return said.HTTP_CODE(code=status)


def _protocol(chain: list[BaseException], where: Where, endpoint: str) -> Diagnosis:
    if where.peer_closed:
        closed = said.CLOSED_IN_BODY if where.phase is Phase.BODY else said.CLOSED_UNANSWERED
        return Diagnosis(Cause.RESET, closed(endpoint=endpoint))
    h11_error = _find(chain, h11.RemoteProtocolError)
    if h11_error is not None and h11_error.error_status_hint == 431:
        return Diagnosis(Cause.PROTOCOL, said.HEADERS_TOO_LARGE(endpoint=endpoint))
    if _find(chain, httpx.DecodingError):
        return Diagnosis(Cause.PROTOCOL, said.NOT_DECODED(endpoint=endpoint))
    return Diagnosis(Cause.PROTOCOL, said.MALFORMED(endpoint=endpoint))


def _tls_detail(error: ssl.SSLError, endpoint: str) -> str:
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return printable(said.TLS_PROBLEM(problem=error.verify_message, endpoint=endpoint))
    reason = getattr(error, "reason", None)
    if isinstance(reason, str) and reason:
        words = reason.lower().replace("_", " ")
        return printable(said.HANDSHAKE_FAILED_BECAUSE(endpoint=endpoint, reason=words))
    return said.HANDSHAKE_FAILED(endpoint=endpoint)
