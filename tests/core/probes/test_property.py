"""No response a server can send makes a probe raise, hang past its timeout, or lose its cause."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.core.probes.fixtures import MARGIN, local_prober, stopwatch
from tests.core.probes.fixtures import settings as service_settings
from tests.support.servers import LocalSites
from trayapp.core.config.model import HttpCheck
from trayapp.core.models import Cause, CheckResult

TIMEOUT = 2.0


def responses(port: int) -> st.SearchStrategy[bytes]:
    """Mostly HTTP-shaped bytes, bent in the places parsers trip over; sometimes noise."""
    well_known = st.sampled_from(
        [
            b"HTTP/1.1 200 OK",
            b"HTTP/1.1 204 No Content",
            b"HTTP/1.1 302 Found",
            b"HTTP/1.1 304 Not Modified",
            b"HTTP/1.0 503 Service Unavailable",
            b"HTTP/1.1 100 Continue",
            b"HTTP/1.1 101 Switching Protocols",
            b"HTTP/2 200",
            b"ICY 200 OK",
            b"HTTP/1.1 200 \x1b[31mred\x1b[0m",
        ]
    )
    status_line = st.one_of(
        *[st.just(b"HTTP/1.1 200 OK")] * 3,
        *[well_known] * 3,
        st.builds(
            lambda code, reason: b"HTTP/1.1 %d %s" % (code, reason),
            st.integers(0, 1200),
            st.binary(max_size=20),
        ),
        st.binary(max_size=40),
    )
    values = {
        b"Content-Length": [b"0", b"5", b"20", b"99999999999999999999999", b"-1", b"5, 6"],
        b"Transfer-Encoding": [b"chunked", b"gzip, chunked", b"identity", b"chunked, chunked"],
        b"Content-Encoding": [b"gzip", b"deflate", b"br", b"gzip, deflate", b"x-gzip", b"identity"],
        b"Content-Type": [
            b"text/html; charset=utf-8",
            b"text/html; charset=utf-16",
            b"text/html; charset=rot13",
            b"text/html; charset=no-such-thing",
            b"text/plain; charset=\xff\xfe",
            b";;;=",
        ],
        b"Location": [
            b"/script",
            b"http://127.0.0.1:%d/script" % port,
            b"http://other.test:%d/script" % port,
            b"https://site.test:%d/" % port,
            b"ftp://site.test/",
            b"http://[::1",
            b"//",
            b"",
        ],
        b"Set-Cookie": [b"a=b; Domain=.test; Path=/", b"=;;", b"\xff=\xfe"],
        b"Connection": [b"close", b"keep-alive", b"upgrade"],
    }
    known = st.sampled_from(sorted(values)).flatmap(
        lambda name: st.sampled_from(values[name]).map(lambda value: name + b": " + value)
    )
    odd = st.builds(lambda n, v: n + b": " + v, st.binary(max_size=20), st.binary(max_size=30))
    # Mostly well-formed headers with awkward values: that is where parsers are reached.
    header = st.one_of(*[known] * 7, odd).map(lambda line: line + b"\r\n")
    body = st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda data: zlib.compress(data)),
        st.binary(max_size=200).map(lambda data: b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)),
        st.sampled_from([b"5\r\nhello\r\n", b"zz\r\n", b"0\r\n\r\n", b"ffffffffffffffff\r\n"]),
    )
    shaped = st.builds(
        lambda line, headers, ending, payload: (
            line + b"\r\n" + b"".join(headers) + ending + payload
        ),
        status_line,
        st.lists(header, max_size=6),
        st.sampled_from([b"\r\n", b"\n", b"", b"\r\n\r\n"]),
        body,
    )
    return st.one_of(shaped, st.binary(max_size=500))


OK_HEAD = b"HTTP/1.1 200 OK\r\n"

# Responses known to reach odd corners, tried on every run before the generated ones.
KNOWN_ODD = [
    OK_HEAD + b"Content-Type: text/html; charset=rot13\r\n\r\nx marks the spot",
    OK_HEAD + b"Content-Type: text/html; charset=utf-16\r\n\r\n\xff\xfex\x00\x00\xd8",
    OK_HEAD + b"Content-Type: text/html; charset=\xff\xfe\r\n\r\nx",
    OK_HEAD + b"Content-Type: ;;;=\r\n\r\nx",
    OK_HEAD
    + b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\x1f\x8b\x08\r\n0\r\n\r\n",
    OK_HEAD + b"Content-Encoding: deflate\r\n\r\n" + zlib.compress(b"x" * 5000)[:-4],
    OK_HEAD + b"Content-Encoding: gzip, deflate\r\n\r\nx",
    OK_HEAD + b"Content-Length: 99999999999999999999999\r\n\r\nx",
    OK_HEAD + b"Content-Length: -1\r\n\r\nx",
    OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nx",
    OK_HEAD + b"Set-Cookie: \xff=\xfe; Domain=..; Expires=yesterday\r\n\r\nx",
    b"HTTP/1.1 100 Continue\r\n\r\n",
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\nx",
    b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 302 Found\r\nLocation: ftp://site.test/\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: /script\r\nSet-Cookie: \xff=\xfe\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: \r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: //\r\n\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: http://nowhere.invalid/\r\n\r\n",
    b"HTTP/1.1 999 \x1b]0;pwned\x07\r\n\r\n",
    b"HTTP/1.1 200 OK",
    b"",
]


def _examples(cases: list[bytes]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        for case in reversed(cases):
            test = example(response=case)(test)
        return test

    return decorate


def test_no_response_makes_a_probe_raise(sites: LocalSites) -> None:
    check = HttpCheck(url=f"http://127.0.0.1:{sites.http_port}/script", body_contains="x")
    with asyncio.Runner() as runner:
        context = local_prober(sites)
        prober = runner.run(context.__aenter__())
        try:

            @settings(
                max_examples=400,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )
            @given(response=responses(sites.http_port))
            @_examples(KNOWN_ODD)
            def probe_survives(response: bytes) -> None:
                sites.site.script = response
                with stopwatch() as took:
                    result = runner.run(prober.run(check, service_settings(timeout=TIMEOUT)))
                assert isinstance(result, CheckResult)
                assert result.cause is None or isinstance(result.cause, Cause)
                assert result.ok or result.detail
                assert "internal error" not in result.detail
                assert took.seconds < TIMEOUT + MARGIN

            probe_survives()
        finally:
            runner.run(context.__aexit__(None, None, None))
