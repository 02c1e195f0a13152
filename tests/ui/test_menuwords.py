"""What the tray menu says of the services, in words: a group's entry, the services a level
of the menu does not show."""

from __future__ import annotations

import pytest

from tests.ui.test_tray import view
from trayapp.core import i18n
from trayapp.core.models import Status
from trayapp.ui.menuwords import group_words, more_words


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


@pytest.mark.parametrize(
    ("language", "statuses", "words"),
    [
        ("en", (Status.UP,) * 960, "… and 960 more, all up"),
        ("en", (Status.UP, Status.PAUSED), "… and 2 more services"),
        ("en", (Status.PAUSED,), "… and 1 more, all paused"),
        ("de", (Status.UP,) * 960, "… und 960 weitere, alle {up}"),
        ("de", (Status.UP, Status.PAUSED), "… und 2 weitere Dienste"),
        ("de", (Status.UP,), "… und 1 weiterer, {up}"),
    ],
)
def test_the_services_not_shown_are_counted_and_said_of_one_status(
    language: str, statuses: tuple[Status, ...], words: str
) -> None:
    i18n.set_language(language)
    views = [view(f"s{n}", status) for n, status in enumerate(statuses)]
    assert more_words(views) == words.format(up=Status.UP.shown)
