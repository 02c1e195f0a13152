"""Globalping: jsDelivr's open network of probes, asked to load a target from a few places.

The API (``https://api.globalping.io``, documented at globalping.io/docs/api.globalping.io):

- ``POST /v1/measurements`` with ``{"type": "http" | "ping" | "dns", "target": host,
  "locations": [{"magic": "Europe", "limit": 1}, ...], "measurementOptions": {...}}``
  answers ``202`` with ``{"id": ..., "probesCount": n}`` and a ``Location`` header;
- ``GET /v1/measurements/{id}`` answers ``{"status": "in-progress" | "finished",
  "results": [{"probe": {"continent", "country", "city", "asn", "network", ...},
  "result": {"status": "finished" | "failed" | "offline", "rawOutput", ...}}]}``; an http
  result has ``statusCode`` and ``timings.total``, a ping result ``stats.loss`` and
  ``stats.avg``, a dns result ``statusCodeName`` and ``answers``;
- every answer carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
  ``X-RateLimit-Reset`` (seconds until the window starts again); over the limit it answers
  ``429``. Without a token the limit is per IP address; a token (``Authorization: Bearer``)
  raises it.

:meth:`Globalping.measure` creates a measurement, polls it every half second until it is
finished (30 seconds at most) and reads it into an :class:`OutsideReading`. It never raises
for what the network or the server does: a rate limit, a 5xx, garbage, a measurement that
never finishes all come back as an :class:`OutsideUnavailable` in words. After a 429 it asks
nothing until the window resets: it never retries in a loop. The token goes only into the
``Authorization`` header: never into a reason, a log line or a repr.
"""

from __future__ import annotations

import re
from collections.abc import Container
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from trayapp.core.clock import Clock
from trayapp.core.config.basics import SUCCESS
from trayapp.core.config.running import Outside
from trayapp.core.outside.privacy import OutsideTarget
from trayapp.core.outside.reading import (
    OFFLINE,
    OutsideProbe,
    OutsideReading,
    OutsideUnavailable,
    RateLimit,
    summarize,
)

__all__ = ["PROVIDER", "Globalping", "measurement_request"]

PROVIDER = "globalping"
_NAME = "Globalping"
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_DEFAULT_BACKOFF = 60.0
"""How long to wait after a 429 that does not say when the window resets."""

_CAUSES = (
    ("ENOTFOUND", "dns"),
    ("EAI_AGAIN", "dns"),
    ("ECONNREFUSED", "refused"),
    ("ECONNRESET", "reset"),
    ("ETIMEDOUT", "timeout"),
    ("TIMEOUT", "timeout"),
    ("CERT", "tls"),
    ("SSL", "tls"),
    ("TLS", "tls"),
)
"""Words of a failed probe's raw output (Node.js error codes) and the cause each means."""


def _locations(locations: list[str] | tuple[str, ...], probes: int) -> list[dict[str, Any]]:
    """``probes`` shared among ``locations``, the first ones taking what does not divide."""
    places = list(locations)[:probes]
    share, extra = divmod(probes, len(places))
    return [{"magic": place, "limit": share + (i < extra)} for i, place in enumerate(places)]


def measurement_request(
    target: OutsideTarget, *, probes: int, locations: list[str] | tuple[str, ...]
) -> dict[str, Any]:
    """The body of ``POST /v1/measurements`` that measures ``target`` from ``probes`` places.

    An http target sends its host, port, path, method and protocol; a ping a TCP connect to
    its port (a tcp check) or ICMP echoes (a ping check); a dns target its record type.
    Nothing else of the check.
    """
    body: dict[str, Any] = {"type": target.kind, "target": target.host}
    if locations:
        body["locations"] = _locations(locations, probes)
    else:
        body["limit"] = probes
    if target.kind == "http":
        body["measurementOptions"] = {
            "request": {"host": target.host, "path": target.path, "method": target.method},
            "port": target.port,
            "protocol": "HTTPS" if target.scheme == "https" else "HTTP",
        }
    elif target.kind == "ping" and target.port is None:
        body["measurementOptions"] = {"protocol": "ICMP", "packets": 3}
    elif target.kind == "ping":
        body["measurementOptions"] = {"protocol": "TCP", "port": target.port, "packets": 3}
    else:
        body["measurementOptions"] = {"query": {"type": target.record}}
    return body


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _failure_cause(raw: str) -> str:
    upper = raw.upper()
    return next((cause for word, cause in _CAUSES if word in upper), "failed")


def _probe(item: object, kind: str, accepts: Container[int]) -> OutsideProbe | None:
    """One entry of ``results``, or None when it is not shaped as one."""
    if not isinstance(item, dict):
        return None
    probe, result = item.get("probe"), item.get("result")
    if not isinstance(probe, dict) or not isinstance(result, dict):
        return None
    where = {
        "continent": _text(probe.get("continent")),
        "country": _text(probe.get("country")),
        "city": _text(probe.get("city")),
        "network": _text(probe.get("network")),
    }
    status = result.get("status")
    raw = _text(result.get("rawOutput"))[:200]
    if status == "offline":
        return OutsideProbe(
            **where, ok=False, status_code=None, cause=OFFLINE, detail="probe offline", time_ms=None
        )
    if status != "finished":
        cause = _failure_cause(raw)
        return OutsideProbe(
            **where, ok=False, status_code=None, cause=cause, detail=raw or "failed", time_ms=None
        )
    timings = result.get("timings")
    total = _number(timings.get("total")) if isinstance(timings, dict) else None
    if kind == "http":
        code = result.get("statusCode")
        if not isinstance(code, int) or isinstance(code, bool):
            return OutsideProbe(
                **where,
                ok=False,
                status_code=None,
                cause="protocol",
                detail="no HTTP status",
                time_ms=total,
            )
        ok = code in accepts
        return OutsideProbe(
            **where,
            ok=ok,
            status_code=code,
            cause="" if ok else "http_status",
            detail=f"HTTP {code}",
            time_ms=total,
        )
    if kind in ("ping", "icmp"):
        stats = result.get("stats")
        stats = stats if isinstance(stats, dict) else {}
        loss, average = _number(stats.get("loss")), _number(stats.get("avg"))
        ok = loss is not None and loss < 100
        works, fails = ("answers", "no reply") if kind == "icmp" else ("connects", "no connection")
        detail = f"{works}, {loss:g}% lost" if ok and loss else works
        return OutsideProbe(
            **where,
            ok=ok,
            status_code=None,
            cause="" if ok else "timeout",
            detail=detail if ok else fails,
            time_ms=average,
        )
    name = _text(result.get("statusCodeName")) or "no answer"
    answers = result.get("answers")
    ok = name == "NOERROR" and isinstance(answers, list) and bool(answers)
    code = result.get("statusCode")
    return OutsideProbe(
        **where,
        ok=ok,
        status_code=code if isinstance(code, int) and not isinstance(code, bool) else None,
        cause="" if ok else "dns",
        detail=name if not ok or not isinstance(answers, list) else f"{len(answers)} answers",
        time_ms=total,
    )


class Globalping:
    """Asks Globalping to load targets from a few places.

    Args:
        client: The HTTP client to use (the caller's: its proxy, timeouts and lifetime).
        clock: Time for the poll's pauses, its deadline and the rate limit's window.
        url: The API's base URL ("https://api.globalping.io").
        probes: How many places each measurement asks (1-50).
        locations: Where they are ("Europe", "DE", "Tokyo"); empty lets the network choose.
        token: A Globalping token for a higher rate limit, sent as ``Authorization: Bearer``.
        poll_interval: Seconds between two reads of a measurement in progress.
        deadline: Seconds a measurement may take before it is given up.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        clock: Clock,
        *,
        url: str = "https://api.globalping.io",
        probes: int = 5,
        locations: list[str] | tuple[str, ...] = (),
        token: str | None = None,
        poll_interval: float = 0.5,
        deadline: float = 30.0,
    ) -> None:
        self._client = client
        self._clock = clock
        self._url = url.rstrip("/")
        self._probes = probes
        self._locations = tuple(locations)
        self._token = token
        self._poll = poll_interval
        self._deadline = deadline
        self._blocked_until: datetime | None = None
        self.rate_limit: RateLimit | None = None
        """The rate limit as the last answer told it; None before the first."""

    @classmethod
    def for_settings(
        cls, settings: Outside, client: httpx.AsyncClient, clock: Clock, token: str | None
    ) -> Globalping:
        """The network ``[outside]`` names (its URL, probes and places), asked with
        ``client`` and ``token`` (the value of ``settings.token``, looked up by the caller)."""
        return cls(
            client,
            clock,
            url=settings.url,
            probes=settings.probes,
            locations=settings.locations,
            token=token,
        )

    def __repr__(self) -> str:
        return f"Globalping({self._url!r}, probes={self._probes})"

    @property
    def blocked_until(self) -> datetime | None:
        """Until when nothing is asked (after a 429, or with no measurement left)."""
        if self._blocked_until is not None and self._clock.now() >= self._blocked_until:
            self._blocked_until = None
        return self._blocked_until

    async def measure(
        self, target: OutsideTarget, *, accepts: Container[int] = SUCCESS
    ) -> OutsideReading | OutsideUnavailable:
        """Load ``target`` from the configured places, and wait for every answer.

        Args:
            target: What to send (see :func:`~trayapp.core.outside.privacy.decide`).
            accepts: The HTTP status codes that count as loading (the check's).

        Returns:
            The reading, or why there is none. Never raises for the network's doing.
        """
        blocked = self.blocked_until
        if blocked is not None:
            return self._limited(blocked)
        body = measurement_request(target, probes=self._probes, locations=self._locations)
        created = await self._call("POST", "/v1/measurements", body)
        if isinstance(created, OutsideUnavailable):
            return created
        ident = created.get("id")
        if not isinstance(ident, str) or not _ID.fullmatch(ident):
            return self._unavailable(f"{_NAME}'s answer is not a measurement")
        started = self._clock.monotonic()
        while True:
            await self._clock.sleep(self._poll)
            state = await self._call("GET", f"/v1/measurements/{ident}")
            if isinstance(state, OutsideUnavailable):
                return state
            status = state.get("status")
            if status == "finished":
                icmp = target.kind == "ping" and target.port is None
                return self._reading(state, "icmp" if icmp else target.kind, accepts)
            if status != "in-progress":
                return self._unavailable(f"{_NAME}'s answer is not a measurement")
            if self._clock.monotonic() - started >= self._deadline:
                return self._unavailable(
                    f"{_NAME} did not finish the measurement within {self._deadline:g} s"
                )

    def _reading(
        self, state: dict[str, Any], kind: str, accepts: Container[int]
    ) -> OutsideReading | OutsideUnavailable:
        results = state.get("results")
        if not isinstance(results, list):
            return self._unavailable(f"{_NAME}'s answer is not a measurement")
        probes = tuple(
            probe for item in results if (probe := _probe(item, kind, accepts)) is not None
        )
        return OutsideReading(PROVIDER, self._clock.now(), probes, summarize(probes))

    async def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any] | OutsideUnavailable:
        """One request; its JSON object, or why there is none (the rate limit noted)."""
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            response = await self._client.request(
                method, self._url + path, json=body, headers=headers
            )
            content = await response.aread()
        except httpx.HTTPError as error:
            # An httpx error names the URL, never the headers: no token in it.
            return self._unavailable(f"could not reach {_NAME}: {type(error).__name__}")
        self._note_limit(response, body is not None)
        if response.status_code == 429:
            until = self._back_off(response)
            return self._limited(until)
        if response.status_code >= 500:
            return self._unavailable(f"{_NAME} answered HTTP {response.status_code}")
        try:
            data = response.json() if content else None
        except ValueError:
            data = None
        if response.status_code >= 400:
            message = ""
            if isinstance(data, dict) and isinstance(data.get("error"), dict):
                message = _text(data["error"].get("message"))[:200]
            said = f": {message}" if message else ""
            return self._unavailable(
                f"{_NAME} refused the measurement (HTTP {response.status_code}){said}"
            )
        if not isinstance(data, dict):
            return self._unavailable(f"{_NAME}'s answer is not a measurement")
        return data

    def _note_limit(self, response: httpx.Response, creating: bool) -> None:
        """Read the ``X-RateLimit-*`` headers; with none left, ask nothing until the reset."""
        headers = response.headers
        if "x-ratelimit-limit" not in headers and "x-ratelimit-remaining" not in headers:
            return
        reset = _seconds(headers.get("x-ratelimit-reset"))
        limit = RateLimit(
            limit=_count(headers.get("x-ratelimit-limit")),
            remaining=_count(headers.get("x-ratelimit-remaining")),
            reset_at=None if reset is None else self._clock.now() + timedelta(seconds=reset),
        )
        self.rate_limit = limit
        if creating and limit.remaining == 0 and limit.reset_at is not None:
            self._blocked_until = limit.reset_at

    def _back_off(self, response: httpx.Response) -> datetime:
        wait = _seconds(response.headers.get("retry-after"))
        if wait is None:
            wait = _seconds(response.headers.get("x-ratelimit-reset"))
        until = self._clock.now() + timedelta(seconds=_DEFAULT_BACKOFF if wait is None else wait)
        self._blocked_until = until
        return until

    def _limited(self, until: datetime) -> OutsideUnavailable:
        return OutsideUnavailable(
            PROVIDER,
            f"{_NAME}'s rate limit is used up until {until.astimezone(UTC):%H:%M} UTC",
            rate_limited=True,
            retry_at=until,
        )

    def _unavailable(self, reason: str) -> OutsideUnavailable:
        return OutsideUnavailable(PROVIDER, reason)


def _count(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


def _seconds(value: str | None) -> float | None:
    """A header's whole seconds from now; an epoch time is not what Globalping sends."""
    if value is None or not value.strip().isdigit():
        return None
    return float(min(int(value), 86_400))
