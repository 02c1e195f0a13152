"""Known status pages: offered for a vendor's address, recognised when typed."""

from __future__ import annotations

import pytest

from trayapp.core.vendors.known import (
    KNOWN_STATUS_PAGES,
    known_page_for,
    looks_like_status_page,
    suggest_service,
)


def test_a_known_vendor_s_address_gets_its_status_page_offered() -> None:
    suggestion = suggest_service("https://github.com/trayapp/trayapp")
    assert suggestion.name == "GitHub"
    assert suggestion.check_url == "https://github.com/trayapp/trayapp"
    assert suggestion.status_page == "https://www.githubstatus.com"
    assert "githubstatus.com" in suggestion.reason


def test_a_subdomain_counts_as_its_vendor_and_a_lookalike_does_not() -> None:
    page = known_page_for("https://api.github.com/")
    assert page is not None
    assert page.name == "GitHub"
    assert known_page_for("https://notgithub.com/") is None


def test_an_address_without_a_scheme_is_taken_as_https() -> None:
    assert suggest_service("slack.com").check_url == "https://slack.com"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.githubstatus.com/",
        "https://status.example.com/",
        "https://example.com/status",
        "https://slack-status.com",
    ],
)
def test_a_status_page_is_recognised(url: str) -> None:
    assert looks_like_status_page(url)
    suggestion = suggest_service(url)
    assert suggestion.check_url is None
    assert suggestion.status_page == url


@pytest.mark.parametrize(
    "url", ["https://example.com/", "https://statusbar.dev/", "https://example.com/stats"]
)
def test_an_ordinary_address_is_not_a_status_page(url: str) -> None:
    assert not looks_like_status_page(url)


def test_a_known_status_page_is_named_after_its_vendor() -> None:
    assert suggest_service("https://www.githubstatus.com").name == "GitHub"
    assert suggest_service("https://status.example.com").name == "Example"


def test_an_unknown_address_gets_a_name_from_its_host_and_no_status_page() -> None:
    suggestion = suggest_service("https://www.example.org/app")
    assert (suggestion.name, suggestion.status_page, suggestion.reason) == ("Example", None, "")
    assert suggest_service("http://127.0.0.1:8080/up").name == "127.0.0.1"


def test_every_known_page_is_https_and_recognised_as_a_status_page() -> None:
    for page in KNOWN_STATUS_PAGES:
        assert page.status_page.startswith("https://")
        assert looks_like_status_page(page.status_page), page
