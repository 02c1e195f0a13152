"""The config's value types: status ranges, quiet hours and hosts, read and refused."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from trayapp.core.config.model import Config, HttpCheck, TcpCheck
from trayapp.core.config.values import QuietHours, StatusRanges


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("200-399", [200, 302, 399], [199, 400, 500]),
        ("200,204,301-302", [200, 204, 301, 302], [201, 303]),
        (503, [503], [500]),
        (["200-299", 404], [250, 404], [300]),
    ],
)
def test_status_ranges(text: object, inside: list[int], outside: list[int]) -> None:
    ranges = StatusRanges.parse(text)
    assert all(code in ranges for code in inside)
    assert not any(code in ranges for code in outside)
    assert StatusRanges.parse(str(ranges)) == ranges


@pytest.mark.parametrize("text", ["", "abc", "99", "600", "300-200", "2xx", True])
def test_status_ranges_refuse_nonsense(text: object) -> None:
    with pytest.raises(ValidationError, match="not a status range"):
        HttpCheck(url="https://a.test/", expect_status=text)  # type: ignore[arg-type]


def test_quiet_hours_may_cross_midnight() -> None:
    night = QuietHours.parse("22:00-07:00")
    assert time(23, 30) in night
    assert time(6, 59) in night
    assert time(7, 0) not in night
    assert time(12, 0) not in night
    lunch = QuietHours.parse("12:00-13:30")
    assert time(12, 15) in lunch
    assert time(14, 0) not in lunch
    assert str(night) == "22:00-07:00"


@pytest.mark.parametrize("text", ["25:00-07:00", "22:00", "22:00-22:00", "ten-eleven"])
def test_quiet_hours_refuse_nonsense(text: str) -> None:
    with pytest.raises(ValidationError, match="not a time range"):
        Config.model_validate({"notifications": {"quiet_hours": text}})


def test_hosts_accept_names_and_addresses() -> None:
    for host in ["example.com", "127.0.0.1", "::1", "[::1]", "bücher.example", "a-b.c_d.test"]:
        TcpCheck(type="tcp", host=host, port=80)
