"""``[[maintenance]]``: what a window may say, and every mistake named by file, line and key."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

import trayapp.core.config.maintenance
from tests.support.builders import problems_of
from trayapp.core.config.maintenance import Maintenance
from trayapp.core.config.reading import parse_config
from trayapp.core.config.windows import Daily, Once

SERVICES = """\
[[services]]
name = "NAS"
url = "http://nas.test/"

[[services]]
name = "Backups"
url = "http://backups.test/"
"""


def test_one_window_in_toml_date_times_or_quoted() -> None:
    config = parse_config(
        SERVICES
        + """
[[maintenance]]
name = "Router firmware"
reason = "Ask Sam"
start = 2026-12-24T02:00:00+01:00
end = "2026-12-24T04:00:00+01:00"
"""
    )
    (window,) = config.maintenance
    assert window.windows == Once(
        datetime.fromisoformat("2026-12-24T02:00:00+01:00"),
        datetime.fromisoformat("2026-12-24T04:00:00+01:00"),
    )
    assert window.covers("NAS")
    assert window.covers("backups")  # no services: every service
    assert window.title() == "Router firmware"
    assert window.span_at(datetime(2026, 12, 24, 2, 30, tzinfo=UTC)) is not None


def test_a_window_that_comes_back_in_its_zone() -> None:
    config = parse_config(
        SERVICES
        + """
[[maintenance]]
services = ["nas"]
every = "sunday"
window = "23:00-1:00"
timezone = "Europe/Berlin"
"""
    )
    (window,) = config.maintenance
    assert window.window == "23:00-01:00"
    assert window.windows == Daily(frozenset({6}), time(23), time(1), ZoneInfo("Europe/Berlin"))
    assert window.covers("NAS")
    assert not window.covers("Backups")
    assert window.title() == "every Sunday 23:00-01:00 (Europe/Berlin)"


def test_without_a_zone_the_hours_are_local() -> None:
    window = Maintenance(every="weekday", window="12:00-13:00")
    windows = window.windows
    assert isinstance(windows, Daily)
    assert windows.zone is None
    assert window.describe() == "every weekday (Monday to Friday) 12:00-13:00"


def test_a_source_s_targets_may_be_named() -> None:
    config = parse_config(
        SERVICES
        + """
[[sources]]
name = "prometheus"
kind = "prometheus"
url = "http://prometheus.test:9090"

[[maintenance]]
services = ["prometheus/https://shop.example/", "Prometheus"]
every = "day"
window = "02:00-03:00"
"""
    )
    assert config.maintenance[0].services == ["prometheus/https://shop.example/", "Prometheus"]


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            'start = 2026-12-24T04:00:00Z\nend = "2026-12-24T02:00:00Z"',
            "config.toml:11: maintenance[0].end: ends before it starts "
            "(2026-12-24T02:00:00Z is not after 2026-12-24T04:00:00+00:00)",
        ),
        (
            'start = "2026-12-24T02:00:00Z"',
            "config.toml:9: maintenance[0].end: required key is missing (a window has a start "
            "and an end)",
        ),
        (
            'start = 2026-12-24T02:00:00\nend = "2026-12-24T04:00:00Z"',
            "config.toml:10: maintenance[0].start: 2026-12-24T02:00:00 has no offset from UTC: "
            "write it as 2026-12-24T02:00:00+01:00 (or with Z for UTC)",
        ),
        (
            'start = "Christmas"\nend = "2026-12-24T04:00:00Z"',
            "config.toml:10: maintenance[0].start: not a date and time: 'Christmas' (use RFC "
            "3339, e.g. 2026-12-24T02:00:00+01:00)",
        ),
        (
            'every = "sundays"\nwindow = "02:00-04:00"',
            "config.toml:10: maintenance[0].every: expected one of 'day', 'weekday', 'weekend', "
            "'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday' or 'sunday', "
            'got "sundays"',
        ),
        (
            'every = "sunday"\nwindow = "02:00"',
            "config.toml:11: maintenance[0].window: not a time range: '02:00' (use "
            '"HH:MM-HH:MM", e.g. "02:00-04:00"; it may cross midnight)',
        ),
        (
            'every = "sunday"',
            "config.toml:9: maintenance[0].window: required key is missing: which hours "
            '("02:00-04:00")',
        ),
        (
            'every = "sunday"\nwindow = "02:00-04:00"\ntimezone = "Europe/Berlln"',
            "config.toml:12: maintenance[0].timezone: unknown time zone: 'Europe/Berlln' (an "
            'IANA name, e.g. "Europe/Berlin" or "America/New_York"; leave it out for local time)',
        ),
        (
            'start = 2026-12-24T02:00:00Z\nend = 2026-12-24T04:00:00Z\ntimezone = "UTC"',
            "config.toml:12: maintenance[0].timezone: timezone goes with every and window; "
            "start and end carry their own offset",
        ),
        (
            'start = 2026-12-24T02:00:00Z\nend = 2026-12-24T04:00:00Z\nevery = "day"',
            "config.toml:12: maintenance[0].every: a window is start and end, or every and "
            "window, not both",
        ),
        (
            'name = "Nothing"',
            "config.toml:9: maintenance[0]: say when: start and end (one window), or every and "
            "window (one that comes back)",
        ),
        (
            'services = ["NAS", "Twitter"]\nevery = "day"\nwindow = "02:00-03:00"',
            "config.toml:10: maintenance[0].services[1]: no service named 'Twitter' (services: "
            "'NAS', 'Backups')",
        ),
        (
            'evry = "day"\nwindow = "02:00-03:00"',
            "config.toml:10: maintenance[0].evry: unknown key (did you mean 'every'?)",
        ),
    ],
    ids=[
        "end before start",
        "start alone",
        "no offset",
        "not a time",
        "unknown day",
        "not a range",
        "every alone",
        "unknown zone",
        "zone for one window",
        "both kinds",
        "no time at all",
        "unknown service",
        "misspelt key",
    ],
)
def test_a_mistake_is_named_by_line_and_key(table: str, problem: str) -> None:
    text = f"{SERVICES}\n[[maintenance]]\n{table}\n"
    assert problems_of(text) == [problem]


def test_public_api() -> None:
    assert set(trayapp.core.config.maintenance.__all__) == {
        "EVERY_CHOICES",
        "Maintenance",
        "unknown_services",
        "zone_named",
    }
