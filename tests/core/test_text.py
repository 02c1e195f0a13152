"""The text of a check's detail: one printable line, URLs without their credentials, and
counts with the noun that fits them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.text import plural, plural_of, printable, redact_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.com/a?page=2", "https://example.com/a?page=2"),
        ("https://alice:pa55word@example.com/", "https://***@example.com/"),
        ("https://ghp_abcdef123@example.com/", "https://***@example.com/"),
        ("https://example.com/?api_key=k&page=2", "https://example.com/?api_key=***&page=2"),
        ("https://example.com/?token=t&q=status", "https://example.com/?token=***&q=status"),
        ("https://example.com/?access_token=t", "https://example.com/?access_token=***"),
        ("https://example.com/?password=p&user=me", "https://example.com/?password=***&user=me"),
        (
            "https://bucket.example/o?X-Amz-Signature=abc&X-Amz-Expires=60",
            "https://bucket.example/o?X-Amz-Signature=***&X-Amz-Expires=60",
        ),
        ("https://example.com/?id=a1b2c3d4e5f6a7b8c9d0e1", "https://example.com/?id=***"),
        (
            "https://example.com/#access_token=t&state=1",
            "https://example.com/#access_token=***&state=1",
        ),
        ("https://example.com/#section-2", "https://example.com/#section-2"),
        ("not a url at all", "not a url at all"),
    ],
)
def test_credentials_in_urls_are_masked(url: str, shown: str) -> None:
    assert redact_url(url) == shown


USERINFO = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=%"
    ),
    min_size=1,
)
"""What RFC 3986 allows in a URL's user info, the colon apart."""


@given(USERINFO, USERINFO)
def test_a_password_never_survives_masking(user: str, password: str) -> None:
    shown = redact_url(f"https://{user}:{password}@h.test/path?page=2")
    assert shown == "https://***@h.test/path?page=2"


@given(st.text())
def test_whatever_stands_before_the_at_is_never_shown(text: str) -> None:
    shown = redact_url(f"https://{text}@h.test/")  # never raises, whatever the text
    if not any(char in text for char in "/?#"):  # then all of it is the user info
        assert shown.startswith("https://***@")


@given(st.text())
def test_what_is_shown_is_one_printable_line(text: str) -> None:
    shown = printable(text)
    assert "\n" not in shown
    assert "\x1b" not in shown
    assert len(shown) <= 120


@pytest.mark.parametrize(
    ("noun", "nouns"),
    [
        ("service", "services"),
        ("canary", "canaries"),
        ("day", "days"),
        ("entry", "entries"),
        ("match", "matches"),
        ("box", "boxes"),
        ("echo", "echoes"),
        ("person", "people"),
        ("confirmed outage", "confirmed outages"),
        ("older round", "older rounds"),
    ],
)
def test_a_noun_s_plural(noun: str, nouns: str) -> None:
    assert plural_of(noun) == nouns


def test_a_count_takes_the_noun_that_fits_it() -> None:
    assert [plural(n, "service") for n in (0, 1, 2)] == ["0 services", "1 service", "2 services"]
    assert [plural(n, "canary") for n in (0, 1, 2)] == ["0 canaries", "1 canary", "2 canaries"]
    assert plural(18_520, "target") == "18,520 targets"
    assert plural(-1, "degree") == "-1 degrees"


def test_an_irregular_plural_may_be_given() -> None:
    assert [plural(n, "criterion", "criteria") for n in (0, 1, 2)] == [
        "0 criteria",
        "1 criterion",
        "2 criteria",
    ]
