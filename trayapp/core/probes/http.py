"""The ``http`` check: one request, its redirects followed, its answer judged.

The answer is judged in this order, and the first thing wrong is the cause::

    status not in expect_status (default 200-399)   http_status    "HTTP 503 Service Unavailable"
    body over 1 MiB (the rest is not read)           too_large
    body in an encoding it does not follow           protocol
    body_absent found / body_contains missing        content        "body contains 'down'"
    a condition that does not hold                   content, ...   '[BODY].status == UP: got
                                                                     "DOWN"'
    certificate expiring within cert_expiry (14d)    cert_expiring  "... expires in 5 days"

Conditions (:mod:`trayapp.core.probes.conditions`) are judged on the body as read (decoded,
up to the cap); a condition on ``[STATUS]`` judges the status in place of the default
``expect_status`` (one written in the file still holds as well).

(``slow`` is judged for every kind of check by :class:`~trayapp.core.probes.Prober`.)
Failures to get an answer at all are classified by :mod:`trayapp.core.probes.causes`.

Redirects are followed here rather than by httpx, which reads each redirect's whole body
into memory, without a cap. Each hop's cookies are kept for the next hop of the same check
only, and ``verify_tls = false`` holds for the check's own origin only (scheme, host and
port), not where a redirect leads. So do credentials, as in browsers: headers kept as
secrets, ``Authorization``, ``Proxy-Authorization`` and ``Cookie`` are dropped as soon as a
redirect changes the scheme, the host or the port, and are never sent again in that check. A
redirect from https to plain http is said in the detail ("redirected to plain HTTP"), whatever
the answer.

The server's certificate is read in binary form, so that its expiry is judged even where
``verify_tls = false`` (the parsed form is empty for a certificate nobody verified).
"""

from __future__ import annotations

import asyncio
import functools
import ssl
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from trayapp.core.clock import Clock
from trayapp.core.config.conditions import Condition, Placeholder, parse_conditions
from trayapp.core.config.running import HttpCheck, ServiceSettings
from trayapp.core.models import Cause
from trayapp.core.phrases import checks as words
from trayapp.core.probes.body import MAX_BODY_BYTES, BodyReader, read_body
from trayapp.core.probes.causes import PROBE_ERRORS, Diagnosis, classify, http_answer
from trayapp.core.probes.certificates import peer_certificate_expiry
from trayapp.core.probes.conditions import Observed, diagnosis, judge
from trayapp.core.probes.finding import DEADLINE_GRACE, Finding
from trayapp.core.probes.tracing import CheckTrace
from trayapp.core.probes.transport import (
    IP_VERSION,
    MAX_REDIRECTS,
    PROXY_NOTE,
    RECORDING,
    VERIFY_TLS,
)
from trayapp.core.text import printable, quoted

__all__ = ["CREDENTIAL_HEADERS", "HttpProbe"]

CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
"""Headers that carry credentials whatever the config calls them (lower case); dropped with
the secret ones when a redirect leaves the check's origin."""


class HttpProbe:
    """Runs ``http`` checks on the shared ``client``."""

    def __init__(self, client: httpx.AsyncClient, clock: Clock) -> None:
        self._client = client
        self._clock = clock

    async def run(
        self,
        check: HttpCheck,
        settings: ServiceSettings,
        timeout: float,
        headers: Mapping[str, str] | None = None,
        *,
        keep_body: bool = False,
    ) -> Finding:
        """Request ``check.url`` and judge the answer, all within ``timeout`` seconds.

        ``headers`` are the request's own headers with the secrets' values filled in; by
        default ``check.headers``, which must then hold no secret. ``keep_body`` keeps the
        decoded body of an accepted answer in the outcome (a source's document).
        """
        if headers is None:
            headers = {n: v for n, v in check.headers.items() if isinstance(v, str)}
        trace = CheckTrace(self._clock.monotonic, began=self._clock.monotonic())
        try:
            async with asyncio.timeout(timeout + DEADLINE_GRACE):
                outcome = await self._exchange(check, settings, timeout, trace, headers, keep_body)
        except PROBE_ERRORS as error:
            failure = classify(error, trace.where(timeout))
            if failure is None:
                raise
            return Finding(failure.cause, failure.detail, timings=trace.timings())
        return replace(outcome, timings=trace.timings())

    async def _exchange(
        self,
        check: HttpCheck,
        settings: ServiceSettings,
        timeout: float,
        trace: CheckTrace,
        headers: Mapping[str, str],
        keep_body: bool,
    ) -> Finding:
        request = self._client.build_request(
            check.method,
            check.url,
            headers=headers,
            timeout=_timeout(timeout),
            extensions={
                RECORDING: trace,
                VERIFY_TLS: check.verify_tls,
                PROXY_NOTE: trace.route,
                IP_VERSION: check.ip_version,  # httpx gives each redirect the same extensions
            },
        )
        origin: tuple[str, str, int | None] | None = None  # made when a redirect comes: rarely
        left_origin = downgraded = False
        cookies: httpx.Cookies | None = None  # made when a redirect sets one: rarely
        while True:
            response = await self._client.send(request, stream=True)
            trace.headed(response.status_code, response.reason_phrase)
            following = response.next_request if check.follow_redirects else None
            if following is None:
                break
            await response.aclose()  # unread: the connection is dropped, not drained
            trace.redirects += 1
            if trace.redirects > MAX_REDIRECTS:
                return Finding(Cause.REDIRECTS, words.MORE_REDIRECTS(count=MAX_REDIRECTS))
            if "set-cookie" in response.headers:
                cookies = cookies if cookies is not None else _cookie_jar()
                _keep_cookies(cookies, response)
            downgraded |= request.url.scheme == "https" and following.url.scheme == "http"
            origin = origin or _origin(request.url)  # the first request's: the check's own
            left_origin |= _origin(following.url) != origin
            if left_origin:
                # Once away, never back with them: a hop home again may be the attacker's.
                following.extensions = {**following.extensions, VERIFY_TLS: True}
                credentials = CREDENTIAL_HEADERS | {name.lower() for name in check.secrets}
                for name in [n for n in following.headers if n.lower() in credentials]:
                    del following.headers[name]
            if cookies is not None:
                cookies.set_cookie_header(following)  # the check's own, set by its redirects
            request = following
        try:
            finding = await self._judge(check, settings, response, keep_body, trace)
        finally:
            await response.aclose()
        if downgraded:
            finding = replace(finding, detail=words.PLAIN_HTTP(detail=finding.detail))
        return finding

    async def _judge(
        self,
        check: HttpCheck,
        settings: ServiceSettings,
        response: httpx.Response,
        keep: bool,
        trace: CheckTrace,
    ) -> Finding:
        status = response.status_code
        phrase = httpx.codes.get_reason_phrase(status) or printable(response.reason_phrase, 40)
        said = http_answer(status, phrase)
        location = _location(response)
        proxy = trace.route.proxy
        if proxy and status == httpx.codes.PROXY_AUTHENTICATION_REQUIRED:
            said = words.PROXY_ANSWERED(proxy=proxy, said=said)  # only a proxy asks that
        conditions = parse_conditions(tuple(check.conditions)) if check.conditions else ()
        if status not in check.expect_status and not _judges_status(check, conditions):
            return Finding(Cause.HTTP_STATUS, said, status, location=location)
        # The certificate is only at hand while the connection is open: read it first.
        expires = self._certificate_expiry(response)
        expiring = self._expiring(response, settings, expires)
        reader = await read_body(response)
        reads_body = any(Placeholder.BODY in c.placeholders for c in conditions)
        failure = self._judge_body(check, response, reader, reads_body)
        if failure is None and conditions:
            body = reader.text(_charset(response)) if reads_body else None
            seen = self._observed(status, body, trace, expires)
            failure = diagnosis(judge(conditions, seen))
        if failure is not None:
            return Finding(failure.cause, failure.detail, status)
        cause, detail = (None, said) if expiring is None else (Cause.CERT_EXPIRING, expiring)
        if not keep:
            return Finding(cause, detail, status, location=location)
        content_type = response.headers.get("content-type", "")
        return Finding(
            cause, detail, status, body=reader.data(), content_type=content_type, location=location
        )

    def _judge_body(
        self, check: HttpCheck, response: httpx.Response, reader: BodyReader, needed: bool
    ) -> Diagnosis | None:
        """What is wrong with the body; ``needed``: conditions read it."""
        if reader.too_large:
            limit = MAX_BODY_BYTES // (1024 * 1024)
            return Diagnosis(Cause.TOO_LARGE, words.BODY_TOO_LARGE(size=limit))
        if reader.corrupt:
            encoding = printable(reader.encoding)
            return Diagnosis(Cause.PROTOCOL, words.BODY_NOT_VALID(encoding=encoding))
        if check.body_contains is None and check.body_absent is None and not needed:
            return None
        text = reader.text(_charset(response))
        if text is None:
            encoding = quoted(reader.encoding)
            return Diagnosis(Cause.PROTOCOL, words.CANNOT_SEARCH(encoding=encoding))
        if check.body_absent is not None and check.body_absent in text:
            return Diagnosis(Cause.CONTENT, words.BODY_CONTAINS(text=quoted(check.body_absent)))
        if check.body_contains is not None and check.body_contains not in text:
            return Diagnosis(Cause.CONTENT, words.BODY_LACKS(text=quoted(check.body_contains)))
        return None

    def _observed(
        self, status: int, body: str | None, trace: CheckTrace, expires: datetime | None
    ) -> Observed:
        """What the conditions are judged on, the body read."""
        now = self._clock
        left = None if expires is None else (expires.timestamp() - now.now().timestamp()) * 1000
        connection = None if trace.route.proxy else trace.connection
        return Observed(
            status=status,
            body=body,
            response_ms=(now.monotonic() - trace.began) * 1000,
            certificate_ms=left,
            ip=connection.address if connection is not None and connection.address else None,
        )

    @staticmethod
    def _certificate_expiry(response: httpx.Response) -> datetime | None:
        """When the server's certificate expires; None without one (plain http)."""
        if response.url.scheme != "https":
            # No certificate of the server's: asking the stream costs system calls, and
            # through an https proxy it would answer with the proxy's.
            return None
        stream = response.extensions.get("network_stream")
        ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
        if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
            return None
        return peer_certificate_expiry(ssl_object)

    def _expiring(
        self, response: httpx.Response, settings: ServiceSettings, expires: datetime | None
    ) -> str | None:
        """A detail when the certificate, ``expires``, expires within ``settings.cert_expiry``."""
        if expires is None:
            return None
        left = expires.timestamp() - self._clock.now().timestamp()
        if left >= settings.cert_expiry:
            return None
        day = expires.date().isoformat()
        host = response.url.host
        if left < 0:
            return words.CERTIFICATE_EXPIRED(host=host, day=day)
        days = int(left // 86_400)
        if days < 1:
            return words.CERTIFICATE_EXPIRES_TODAY(host=host, day=day)
        return words.CERTIFICATE_EXPIRES(host=host, count=days, day=day)


@functools.lru_cache(maxsize=64)
def _timeout(seconds: float) -> httpx.Timeout:
    """httpx's timeout of ``seconds`` for every phase; made once for each check's timeout."""
    return httpx.Timeout(seconds)


def _judges_status(check: HttpCheck, conditions: tuple[Condition, ...]) -> bool:
    """Whether ``check``'s conditions judge the status in place of the default expect_status."""
    if check.gives("expect_status"):
        return False
    return any(Placeholder.STATUS in condition.placeholders for condition in conditions)


def _location(response: httpx.Response) -> str | None:
    """Where a redirect leads, made absolute; None for an answer that is no redirect."""
    where = response.headers.get("location")
    if not 300 <= response.status_code < 400 or not where:
        return None
    try:
        return str(response.url.join(where))
    except (httpx.InvalidURL, UnicodeError, ValueError):
        return None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port (the default one filled in): what a browser calls an origin."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port if url.port is not None else default


def _cookie_jar() -> httpx.Cookies:
    # A cookie set without a Domain goes back to its own host only, as in browsers
    # (urllib's default would send it to every subdomain as well).
    policy = DefaultCookiePolicy(strict_ns_domain=DefaultCookiePolicy.DomainStrictNonDomain)
    return httpx.Cookies(CookieJar(policy))


def _keep_cookies(cookies: httpx.Cookies, response: httpx.Response) -> None:
    """Take ``response``'s cookies, dropping any that no request header could carry."""
    cookies.extract_cookies(response)
    for cookie in list(cookies.jar):
        if not f"{cookie.name}={cookie.value or ''}".isascii():
            cookies.jar.clear(cookie.domain, cookie.path, cookie.name)


def _charset(response: httpx.Response) -> str | None:
    try:
        return response.charset_encoding
    except (ValueError, LookupError, UnicodeError):  # a garbled Content-Type
        return None
