"""``trayapp watch``'s lines: an incident's end counts its flaps in words that fit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.builders import DOWN_AT
from trayapp.core.monitor.events import IncidentResolved
from trayapp.core.report.texts import event_line


@pytest.mark.parametrize(
    ("flaps", "line"),
    [
        (0, "Twitter: incident #12 resolved after 41 min"),
        (1, "Twitter: incident #12 resolved after 41 min, 1 flap"),
        (2, "Twitter: incident #12 resolved after 41 min, 2 flaps"),
    ],
)
def test_a_resolved_incident_counts_its_flaps(flaps: int, line: str) -> None:
    ended = DOWN_AT + timedelta(minutes=41)
    event = IncidentResolved(
        at=ended + timedelta(minutes=30),
        id=12,
        service="Twitter",
        started_at=DOWN_AT,
        ended_at=ended,
        flaps=flaps,
    )
    assert event_line(event).endswith(f"  {line}")
