"""Vendor text as plain text: no markup passes, entities become characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.vendors.text import plain_text


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("<p>We are <b>investigating</b>&hellip;</p>", "We are investigating…"),
        ("line one<br>line two<br/>three", "line one line two three"),
        ("<ul><li>API</li><li>Web</li></ul>", "API Web"),
        ("<script>alert('x')</script>Fixed", "Fixed"),
        ("<style>p { color: red }</style>Fixed", "Fixed"),
        ("We&#39;re &amp; they&#x27;re", "We're & they're"),
        ("&lt;b&gt;escaped twice&lt;/b&gt;", "escaped twice"),  # markup still, once unescaped
        ("&amp;lt;b&amp;gt;", "&lt;b&gt;"),  # an entity written out as text stays text
        ("less than < 5% of users", "less than < 5% of users"),
        ("a\x00b\x1b[31mred", "a?b?[31mred"),
        ("  spaced\n\tout  ", "spaced out"),
    ],
)
def test_vendor_text_is_one_line_of_plain_text(sent: str, shown: str) -> None:
    assert plain_text(sent) == shown


def test_text_is_cut_and_anything_but_text_is_nothing() -> None:
    assert plain_text("x" * 1000, 10) == "x" * 9 + "…"
    assert plain_text(None) == ""
    assert plain_text(42) == ""
    assert plain_text(["<b>"]) == ""


@given(st.text(max_size=300))
def test_no_tag_survives(text: str) -> None:
    shown = plain_text(text)
    assert shown.isprintable()
    for tag in ("<b>", "<p>", "</p>", "<br>"):
        assert tag not in shown
