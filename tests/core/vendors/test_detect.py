"""Finding a status page's platform: well-known hosts at once, any other by probing."""

from __future__ import annotations

import pytest

from tests.core.vendors.pages import NOW, body
from trayapp.core.vendors.detect import (
    Detected,
    FetchFailure,
    candidates,
    detect,
    known_platform,
)
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, Platform

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://slack-status.com", Platform.SLACK),
        ("https://status.slack.com/", Platform.SLACK),
        ("https://status.cloud.google.com/", Platform.GOOGLE),
        ("https://www.google.com/appsstatus/dashboard/", Platform.GOOGLE),
        ("https://www.githubstatus.com", Platform.STATUSPAGE),
        ("https://bitbucket.status.atlassian.com", Platform.STATUSPAGE),
        ("https://acme.statuspage.io", Platform.STATUSPAGE),
        ("https://acme.instatus.com", Platform.INSTATUS),
        ("https://status.twitterstat.us", Platform.STATUSPAGE),
        ("https://www.google.com/search", None),  # Google, but not its status page
        ("https://notgithubstatus.com", None),  # a lookalike is no subdomain
        ("https://status.example.test", None),
        ("not a url at all", None),
    ],
)
def test_well_known_hosts(url: str, platform: Platform | None) -> None:
    assert known_platform(url) is platform


def test_a_known_page_is_tried_alone_any_other_against_every_platform() -> None:
    assert candidates("https://slack-status.com") == (Platform.SLACK,)
    assert candidates("https://status.example.test") == (
        Platform.STATUSPAGE,
        Platform.INCIDENT_IO,
        Platform.INSTATUS,
        Platform.SLACK,
        Platform.GATUS,
        Platform.UPTIME_KUMA,
        Platform.GOOGLE,
        Platform.FEED,
    )


class Fetches:
    """A fetcher serving fixed answers by address, and remembering what was asked."""

    def __init__(self, answers: dict[str, Document | FetchFailure]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, url: str) -> Document | FetchFailure:
        self.asked.append(url)
        return self.answers.get(url, FetchFailure("HTTP 404 Not Found", not_found=True))


def json_document(name: str) -> Document:
    return Document(body(name), {"content-type": "application/json"})


async def test_the_first_platform_that_understands_the_page_wins() -> None:
    fetch = Fetches(
        {"https://status.example.test/summary.json": json_document("instatus_summary.json")}
    )
    found = await detect(PageRef("https://status.example.test"), fetch, NOW)
    assert isinstance(found, Detected)
    assert found.platform is Platform.INSTATUS
    assert found.reading.parsed
    assert fetch.asked == [
        "https://status.example.test/api/v2/summary.json",
        "https://status.example.test/api/v1/summary",
        "https://status.example.test/summary.json",
    ]


async def test_an_answer_no_adapter_understands_is_passed_over() -> None:
    html = Document(b"<html>hi</html>", {"content-type": "text/html"})
    fetch = Fetches(
        {
            "https://status.example.test/api/v2/summary.json": html,
            "https://status.example.test/api/v1/endpoints/statuses": json_document(
                "gatus_statuses.json"
            ),
        }
    )
    found = await detect(PageRef("https://status.example.test"), fetch, NOW)
    assert isinstance(found, Detected)
    assert found.platform is Platform.GATUS


async def test_uptime_kuma_is_tried_only_for_a_status_slug_and_needs_both_documents() -> None:
    fetch = Fetches(
        {
            "https://kuma.test/api/status-page/main": json_document("uptime_kuma_page.json"),
            "https://kuma.test/api/status-page/heartbeat/main": json_document(
                "uptime_kuma_heartbeat.json"
            ),
        }
    )
    found = await detect(PageRef("https://kuma.test/status/main"), fetch, NOW)
    assert isinstance(found, Detected)
    assert found.platform is Platform.UPTIME_KUMA


async def test_a_page_that_cannot_be_reached_ends_the_probe() -> None:
    failure = FetchFailure("cannot connect")
    fetch = Fetches({"https://status.example.test/api/v2/summary.json": failure})
    assert await detect(PageRef("https://status.example.test"), fetch, NOW) is failure
    assert len(fetch.asked) == 1


async def test_nothing_understood_is_none() -> None:
    fetch = Fetches({})
    assert await detect(PageRef("https://status.example.test"), fetch, NOW) is None
    assert fetch.asked[-1] == "https://status.example.test"  # the feed is the address itself
