"""Judging answers, without sockets: httpx.MockTransport answers, a fake clock tells time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.core.probes.fixtures import settings
from trayapp.core.config.model import HttpCheck
from trayapp.core.models import Cause, Status
from trayapp.core.probes import Prober, ServerResolver

pytestmark = pytest.mark.anyio

START = datetime(2012, 7, 26, 12, 58, tzinfo=UTC)


class FakeClock:
    """Time passes only when a test says so."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def now(self) -> datetime:
        return START + timedelta(seconds=self.seconds)

    def monotonic(self) -> float:
        return self.seconds


def prober(handler: Callable[[httpx.Request], httpx.Response], clock: FakeClock) -> Prober:
    # The resolver is never asked: the mock transport answers every http check.
    return Prober(
        resolver=ServerResolver("127.0.0.1:9"),
        transport=httpx.MockTransport(handler),
        clock=clock,
    )


async def judge(
    handler: Callable[[httpx.Request], httpx.Response], clock: FakeClock | None = None, **check: Any
) -> Any:
    clock = clock or FakeClock()
    async with prober(handler, clock) as running:
        return await running.run(
            HttpCheck.model_validate({"url": "https://twitter.test/", **check}), settings()
        )


async def test_an_answer_slower_than_slow_after_is_slow() -> None:
    clock = FakeClock()

    def slowly(request: httpx.Request) -> httpx.Response:
        clock.seconds += 3.5  # the server took its time
        return httpx.Response(200, text="ok")

    result = await judge(slowly, clock)
    assert (result.cause, result.status) == (Cause.SLOW, Status.DEGRADED)
    assert result.detail == "answered in 3.5 s (slow after 3.0 s)"
    assert result.elapsed_ms == 3500.0
    assert result.checked_at == START


async def test_a_check_is_stamped_with_when_it_started() -> None:
    clock = FakeClock()
    clock.seconds = 60.0
    result = await judge(lambda request: httpx.Response(204), clock)
    assert result.ok
    assert (result.checked_at, result.elapsed_ms) == (START + timedelta(seconds=60), 0.0)


async def test_the_status_is_judged_before_the_body() -> None:
    result = await judge(
        lambda request: httpx.Response(503, text="Twitter is currently down"),
        body_absent="Twitter is currently down",
    )
    assert (result.cause, result.detail) == (Cause.HTTP_STATUS, "HTTP 503 Service Unavailable")


async def test_an_unknown_status_shows_the_servers_words_printably() -> None:
    def teapot(request: httpx.Request) -> httpx.Response:
        return httpx.Response(599, extensions={"reason_phrase": b"Gone \x1b[31mfishing"})

    result = await judge(teapot)
    assert result.detail == "HTTP 599 Gone ?[31mfishing"


async def test_the_request_is_the_configured_one() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    await judge(record, method="POST", headers={"X-Check": "1"})
    (request,) = seen
    assert (request.method, request.headers["x-check"]) == ("POST", "1")
    assert request.headers["accept-encoding"] == "gzip, deflate"
    assert request.headers["user-agent"].startswith("trayapp/")


async def test_redirects_are_followed_across_hosts_with_their_cookies() -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.host == "twitter.test":
            return httpx.Response(
                301,
                headers={"Location": "https://mobile.twitter.test/", "Set-Cookie": "guest=1"},
            )
        assert request.headers.get("cookie") is None  # another host: not its cookie
        return httpx.Response(200, text="welcome")

    result = await judge(route, body_contains="welcome")
    assert result.ok
