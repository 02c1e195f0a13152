"""RSS and Atom feeds: history, never "down now"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.core.vendors.pages import NOW, document, read
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import Platform, VendorLevel

FE = Platform.FEED
ATOM = "application/atom+xml"


def test_recent_entries_are_history_and_the_level_stays_unknown() -> None:
    reading = read(FE, document("feed_history.atom", ATOM))
    assert reading.parsed
    assert reading.level is VendorLevel.UNKNOWN  # a feed never says what is down now
    (entry,) = reading.incidents  # the other is a month old
    assert entry.name == "Users may be experiencing issues"
    assert entry.latest_update == "Jul 26 Resolved - Twitter is back for all users."
    assert entry.updated_at == datetime(2012, 7, 26, 17, 40, 12, tzinfo=UTC)
    assert entry.url == "https://status.twitterstat.us/incidents/tw2012"
    assert "history only" in reading.description


def test_an_empty_feed_is_read_and_says_nothing() -> None:
    reading = read(FE, document("feed_empty.rss", "application/rss+xml"))
    assert reading.parsed
    assert reading.level is VendorLevel.UNKNOWN
    assert reading.incidents == ()
    assert reading.description == (
        "Example Status - Incident History: history only; the feed lists nothing"
    )


def test_a_day_later_the_entry_is_no_longer_recent() -> None:
    reading = read(FE, document("feed_history.atom", ATOM), now=NOW + timedelta(days=2))
    assert reading.incidents == ()


def test_a_cut_short_feed_or_an_html_page_is_not_a_feed() -> None:
    cut = document("feed_history.atom", ATOM).body[:700]
    assert not read(FE, Document(cut, {"content-type": ATOM})).parsed
    html = Document(
        b"<!doctype html><html><body>Status</body></html>", {"content-type": "text/html"}
    )
    assert not read(FE, html).parsed


def test_a_body_that_names_a_local_file_is_never_opened(tmp_path: Path) -> None:
    # Given a string, feedparser opens it as a file name or a URL: bodies go as streams.
    local = tmp_path / "history.atom"
    local.write_bytes(document("feed_history.atom", ATOM).body)
    reading = read(FE, Document(str(local).encode(), {"content-type": "application/xml"}))
    assert not reading.parsed
    assert reading.incidents == ()
