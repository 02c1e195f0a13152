"""The results of "Test now", as plain text for people: a service's checks, a source's reading."""

from __future__ import annotations

from collections.abc import Sequence

from trayapp.core.formats import format_number, format_seconds
from trayapp.core.i18n import _, ngettext, pgettext
from trayapp.core.models import CheckResult, Status, Timings
from trayapp.core.rounds import judge_round
from trayapp.core.sources import SourceReading, vantage_words

__all__ = ["describe_reading", "describe_results", "status_word"]

READING_LINES = 12
"""The most targets a source's test lists, one a line."""


def _ms(value: float | None) -> str:
    return "–" if value is None else format_seconds(value / 1000)


def _timings(elapsed_ms: float, timings: Timings) -> str:
    # Translators: how long a check took, and its phases; "DNS" and "TLS" are protocols.
    return _(
        "took {total} · DNS {dns} · connect {connect} · TLS {tls} · first byte {first}"
    ).format(
        total=_ms(elapsed_ms),
        dns=_ms(timings.dns_ms),
        connect=_ms(timings.connect_ms),
        tls=_ms(timings.tls_ms),
        first=_ms(timings.ttfb_ms),
    )


def status_word(status: Status) -> str:
    """``status`` in the user's language, as the glossary words it."""
    words = {
        Status.UP: pgettext("status", "up"),
        Status.DEGRADED: pgettext("status", "degraded"),
        Status.DOWN: pgettext("status", "down"),
        Status.UNKNOWN: pgettext("status", "unknown"),
        Status.PAUSED: pgettext("status", "paused"),
        Status.MAINTENANCE: pgettext("status", "maintenance"),
    }
    return words.get(status, status.value)


def describe_results(results: Sequence[CheckResult]) -> str:
    """The service's status from ``results``, then each check: status, cause, detail, timings.

    ::

        Status: up
        ✓ http http://127.0.0.1:8080/up: up — HTTP 200 OK
          took 3 ms · DNS – · connect 0 ms · TLS – · first byte 2 ms

    The causes are written as the config and ``--json`` name them (``http_status``).
    """
    if not results:
        return _("No checks to run here: the service is judged by its status page or its sources.")
    lines = [_("Status: {status}").format(status=status_word(judge_round(results)))]
    for result in results:
        if result.ok:
            mark, state = "✓", status_word(Status.UP)
        elif result.cause is not None and result.cause.degrades:
            mark, state = "!", _("degraded ({cause})").format(cause=result.cause.value)
        else:
            cause = result.cause.value if result.cause is not None else "?"
            mark, state = "✗", _("failed ({cause})").format(cause=cause)
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
        return _("Not read: {reason}").format(reason=reading.why())
    lines = [_("Read: {detail}").format(detail=reading.itself().detail)]
    if not reading.targets and reading.alerts_only:
        lines.append(_("The source answered, but no alert is firing."))
    elif not reading.targets:
        lines.append(_("The source answered, but it names no target."))
    for target, vantages in list(reading.targets.items())[:READING_LINES]:
        lines.append(f"{target}: {vantage_words(vantages)}")
    more = len(reading.targets) - READING_LINES
    if more > 0:
        # Translators: after a list of a source's targets cut short: how many are not shown.
        lines.append(
            ngettext("and {count} more", "and {count} more", more).format(count=format_number(more))
        )
    return "\n".join(lines)
