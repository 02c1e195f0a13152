"""What a probe found, before it is stamped with the time and the target."""

from __future__ import annotations

from dataclasses import dataclass, field

from trayapp.core.models import Cause, Timings

__all__ = ["DEADLINE_GRACE", "Finding"]

DEADLINE_GRACE = 0.1
"""Seconds a check's whole deadline runs past its timeout.

Each phase has the check's timeout of its own (the lookup, the connect, the handshake, each
read), and when one of them runs out it says which phase stalled: a lookup that never
answers is cause ``dns``, not a bare ``timeout``. The whole-check deadline is for what no
phase timeout catches, a body trickling in a byte at a time; the grace lets the phase
timeouts, started a moment later, fire first.
"""


@dataclass(frozen=True, slots=True)
class Finding:
    """A probe's finding: a cause (None: fine), a one-line detail, what it measured."""

    cause: Cause | None
    detail: str
    http_status: int | None = None
    timings: Timings = field(default_factory=Timings)
    body: bytes | None = None
    """The decoded body, when the caller asked to keep it and it was read whole."""
    content_type: str = ""
    """The answer's Content-Type, kept with the body."""
    location: str | None = None
    """Where a redirect not followed leads (absolute), as the answer said."""
    elapsed: float | None = None
    """Seconds the check took by its own measure, reported and judged slow instead of the
    wall time it ran: a ping's mean round trip, not the wait between its echoes."""
