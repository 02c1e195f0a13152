"""What the tray menu says of the services, in words: a group's entry."""

from __future__ import annotations

import pytest

from tests.ui.test_tray import view
from trayapp.core.models import Status
from trayapp.ui.menuwords import group_words


@pytest.mark.parametrize(
    ("statuses", "words"),
    [
        ((Status.UP, Status.DOWN, Status.UP), "Work — 1 of 3 down"),
        ((Status.UP, Status.DEGRADED, Status.DEGRADED), "Work — 2 of 3 degraded"),
        ((Status.UP, Status.UP), "Work — all 2 up"),
        ((Status.UP, Status.PAUSED), "Work — 1 of 2 up"),
        ((Status.DOWN,), "Work — down"),
        ((Status.UP, Status.MAINTENANCE), "Work — 1 of 2 in maintenance"),
    ],
)
def test_a_group_s_words_count_the_worst_of_its_services(
    statuses: tuple[Status, ...], words: str
) -> None:
    views = [view(f"s{n}", status) for n, status in enumerate(statuses)]
    assert group_words("Work", views) == words
