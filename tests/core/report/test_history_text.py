"""``trayapp history``'s choice of services and its table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.report import HistoryReport, Response, ServiceHistory, Tally
from trayapp.core.report.history_text import UnknownService, history_table, pick_services

NOW = datetime(2012, 8, 26, 12, tzinfo=UTC)


def test_with_no_names_the_configured_come_first_then_the_others_kept() -> None:
    chosen = pick_services(["Twitter", "Slack"], ["Gmail", "twitter", "Old"], [])
    assert chosen == ["Twitter", "Slack", "Gmail", "Old"]


def test_names_are_taken_in_any_case_in_the_order_given_once_each() -> None:
    chosen = pick_services(["Twitter", "Slack"], ["Old"], ["old", "SLACK", "Twitter", "slack"])
    assert chosen == ["Old", "Slack", "Twitter"]


def test_an_unknown_name_is_said_with_the_services_there_are() -> None:
    with pytest.raises(UnknownService) as refused:
        pick_services(["Twitter"], ["Old"], ["Twitter", "Nobody", "Gone"])
    assert str(refused.value) == (
        "no service named 'Nobody', 'Gone' in the config or the history (services: 'Twitter')"
    )


def test_the_table_lines_up_and_says_what_the_figures_cover() -> None:
    report = HistoryReport(
        NOW,
        NOW - timedelta(days=7),
        (
            ServiceHistory(
                "Twitter\x1b[31m",  # a name is printed as plain, printable text
                {"24h": Tally(up=1), "7d": Tally(up=1_999, down=1), "30d": Tally(other=3)},
                Response(182, 1_412, 2_000, exact=True),
                incidents=12,
            ),
        ),
    )
    assert history_table(report).splitlines() == [
        "SERVICE        24 H      7 D  30 D     P50       P95  INCIDENTS",
        "Twitter?[31m  100 %  99.95 %     -  182 ms  1,412 ms         12",
        "response times (answered rounds) and incidents: the last 7 d",
    ]
    assert history_table(HistoryReport(NOW, NOW)) == "no services"
