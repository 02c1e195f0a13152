"""The results of "Test now", as plain text for people: a service's checks, a source's reading."""

from __future__ import annotations

from collections.abc import Sequence

from trayapp.core.models import CheckResult, Timings
from trayapp.core.rounds import judge_round
from trayapp.core.sources import SourceReading, vantage_words

__all__ = ["describe_reading", "describe_results"]

READING_LINES = 12
"""The most targets a source's test lists, one a line."""


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _timings(elapsed_ms: float, timings: Timings) -> str:
    return (
        f"took {_ms(elapsed_ms)} · DNS {_ms(timings.dns_ms)} · connect {_ms(timings.connect_ms)}"
        f" · TLS {_ms(timings.tls_ms)} · first byte {_ms(timings.ttfb_ms)}"
    )


def describe_results(results: Sequence[CheckResult]) -> str:
    """The service's status from ``results``, then each check: status, cause, detail, timings.

    ::

        Status: up
        ✓ http http://127.0.0.1:8080/up: up — HTTP 200 OK
          took 3.1 ms · DNS – · connect 0.4 ms · TLS – · first byte 1.9 ms
    """
    if not results:
        return "No checks to run here: the service is judged by its status page or its sources."
    lines = [f"Status: {judge_round(results).value}"]
    for result in results:
        if result.ok:
            mark, state = "✓", "up"
        elif result.cause is not None and result.cause.degrades:
            mark, state = "!", f"degraded ({result.cause.value})"
        else:
            cause = result.cause.value if result.cause is not None else "?"
            mark, state = "✗", f"failed ({cause})"
        detail = f" — {result.detail}" if result.detail else ""
        lines.append(f"{mark} {result.type} {result.target}: {state}{detail}")
        lines.append(f"  {_timings(result.elapsed_ms, result.timings)}")
    return "\n".join(lines)


def describe_reading(reading: SourceReading) -> str:
    """What a source said when read once: its targets and what each vantage point sees.

    ::

        Read: 2 targets
        https://shop.example/: up from prometheus/eu-west, down from prometheus/us-east
        https://api.example/: up from prometheus/eu-west, up from prometheus/us-east
    """
    if not reading.ok:
        return f"Not read: {reading.why()}"
    lines = [f"Read: {reading.itself().detail}"]
    if not reading.targets:
        said = "no alert is firing" if reading.alerts_only else "it names no target"
        lines.append(f"The source answered, but {said}.")
    for target, vantages in list(reading.targets.items())[:READING_LINES]:
        lines.append(f"{target}: {vantage_words(vantages)}")
    more = len(reading.targets) - READING_LINES
    if more > 0:
        lines.append(f"and {more} more")
    return "\n".join(lines)
