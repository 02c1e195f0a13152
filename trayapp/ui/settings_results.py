"""The results of "Test now", as plain text for people."""

from __future__ import annotations

from collections.abc import Sequence

from trayapp.core.models import CheckResult, Timings
from trayapp.core.rounds import judge_round

__all__ = ["describe_results"]


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
        return "No checks to run: the service has only a status page."
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
