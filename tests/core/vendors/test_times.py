"""Times in every form status pages write them, as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.support.builders import DOWN_AT
from trayapp.core.vendors.times import utc


@pytest.mark.parametrize(
    "written",
    [
        "2012-07-26T11:23:00Z",
        "2012-07-26T11:23:00.000Z",
        "2012-07-26T04:23:00-07:00",  # Statuspage and Slack write the page's own offset
        "2012-07-26T04:23:00.000-0700",
        "2012-07-26T16:53:00+05:30",
        "2012-07-26 11:23:00",  # Uptime Kuma: no zone, UTC
        "2012-07-26T11:23:00",
        "Thu, 26 Jul 2012 11:23:00 GMT",
        "Thu, 26 Jul 2012 07:23:00 -0400",
        1343301780,
        1343301780000,
        1343301780.0,
        datetime(2012, 7, 26, 4, 23, tzinfo=timezone(timedelta(hours=-7))),
    ],
)
def test_every_form_is_the_same_moment_in_utc(written: object) -> None:
    moment = utc(written)
    assert moment == DOWN_AT
    assert moment is not None
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    "garbage",
    [None, "", "soon", "2012-13-45T99:00:00Z", True, float("nan"), float("inf"), 10**30,
     "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+01:00", [], "x" * 200],
)  # fmt: skip
def test_anything_else_is_none(garbage: object) -> None:
    assert utc(garbage) is None
