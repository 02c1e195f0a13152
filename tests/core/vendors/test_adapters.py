"""Every adapter against what a page must not be believed for: unknown, never operational.

HTML served with status 200, JSON served as the wrong type, a body cut short or garbled,
and, with hypothesis, any body at all: no adapter raises, and whatever it cannot read is
``unknown`` with the reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.vendors.pages import NOW, body, document
from trayapp.core.vendors.adapters import ADAPTERS, read_safely
from trayapp.core.vendors.documents import Document
from trayapp.core.vendors.model import PageRef, Platform, VendorLevel, VendorReading

PAGE = PageRef("https://status.example.test/status/main")

FIXTURES: dict[Platform, tuple[str, ...]] = {
    Platform.STATUSPAGE: ("statuspage_twitter.json",),
    Platform.INCIDENT_IO: ("incidentio_widget.json",),
    Platform.INSTATUS: ("instatus_summary.json",),
    Platform.SLACK: ("slack_current.json",),
    Platform.GOOGLE: ("google_cloud.json",),
    Platform.FEED: ("feed_history.atom",),
    Platform.GATUS: ("gatus_statuses.json",),
    Platform.UPTIME_KUMA: ("uptime_kuma_page.json", "uptime_kuma_heartbeat.json"),
}
TYPES = {Platform.FEED: "application/atom+xml"}


def fixture_documents(platform: Platform) -> list[Document]:
    kind = TYPES.get(platform, "application/json")
    return [document(name, kind) for name in FIXTURES[platform]]


def read_all(platform: Platform, documents: list[Document]) -> VendorReading:
    # The adapter itself, not read_safely: it is the adapter that must never raise.
    return ADAPTERS[platform].read(documents, PAGE, NOW)


def assert_unreadable(reading: VendorReading) -> None:
    assert not reading.parsed
    assert reading.level is VendorLevel.UNKNOWN
    assert reading.description


@pytest.mark.parametrize("platform", list(Platform))
def test_each_fixture_reads_as_its_platform(platform: Platform) -> None:
    reading = read_all(platform, fixture_documents(platform))
    assert reading.parsed
    assert reading.platform == platform.value
    assert reading.fetched_at == NOW


HTML = b"<!DOCTYPE html><html><head><title>Status</title></head><body>All good!</body></html>"


@pytest.mark.parametrize("platform", list(Platform))
def test_an_html_page_served_with_200_is_unknown(platform: Platform) -> None:
    served = Document(HTML, {"Content-Type": "text/html; charset=utf-8"})
    assert_unreadable(read_all(platform, [served, served]))


@pytest.mark.parametrize("platform", list(Platform))
def test_html_claiming_to_be_json_is_unknown(platform: Platform) -> None:
    liar = Document(HTML, {"Content-Type": "application/json"})
    assert_unreadable(read_all(platform, [liar, liar]))


@pytest.mark.parametrize("platform", [p for p in Platform if p is not Platform.FEED])
def test_the_right_json_with_the_wrong_content_type_is_unknown(platform: Platform) -> None:
    wrong = [Document(d.body, {"Content-Type": "text/html"}) for d in fixture_documents(platform)]
    reading = read_all(platform, wrong)
    assert_unreadable(reading)
    assert "text/html" in reading.description


@pytest.mark.parametrize("platform", list(Platform))
def test_a_body_cut_short_is_unknown(platform: Platform) -> None:
    whole = fixture_documents(platform)
    cut = [Document(d.body[: len(d.body) * 2 // 3], d.headers) for d in whole]
    assert_unreadable(read_all(platform, cut))


@pytest.mark.parametrize("platform", [p for p in Platform if p is not Platform.FEED])
def test_a_garbled_body_is_unknown(platform: Platform) -> None:
    whole = fixture_documents(platform)
    garbled = [Document(b"\xff\xfe" + d.body[:50] + b"\xc3\x28", d.headers) for d in whole]
    assert_unreadable(read_all(platform, garbled))


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("text", [b"", b"null", b"{}", b'"ok"', b"42", b'{"status": 7}'])
def test_json_of_the_wrong_shape_is_unknown(platform: Platform, text: bytes) -> None:
    served = Document(text, {"Content-Type": "application/json"})
    assert_unreadable(read_all(platform, [served, served]))


def test_a_bug_in_an_adapter_reads_as_unknown_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from trayapp.core.vendors.adapters import Adapter

    def broken(*_: object) -> VendorReading:
        raise RuntimeError("a bug")

    adapter = Adapter(Platform.SLACK, lambda url: (url,), broken)
    reading = read_safely(adapter, [], PAGE, NOW)
    assert_unreadable(reading)
    assert "internal error" in reading.description
    assert "the slack adapter failed" in caplog.text


# --- any body ----------------------------------------------------------------------------

CONTENT_TYPES = st.sampled_from(
    [
        "",
        "application/json",
        "application/json; charset=utf-8",
        "application/problem+json",
        "text/html",
        "application/atom+xml",
        "application/rss+xml",
        "text/xml",
        "text/plain",
        "application/json; charset=\x00",
    ]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "none",
            "critical",
            "major_outage",
            "MAJOROUTAGE",
            "active",
            "in_progress",
            "2012-07-26T04:23:00-07:00",
            "2024-05-01 10:00:00",
            "Thu, 26 Jul 2012 11:23:00 GMT",
            "99999-01-01T00:00:00Z",
            "<b>x</b>&amp;",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


@st.composite
def mutated_fixtures(draw: st.DrawFn, platform: Platform) -> list[Document]:
    """A fixture page with a few of its values replaced by anything JSON can hold."""
    documents = []
    for name in FIXTURES[platform]:
        data = json.loads(body(name))
        for _ in range(draw(st.integers(1, 4))):
            paths = _paths(data)
            path = paths[draw(st.integers(0, len(paths) - 1))]
            data = _replace(data, path, draw(json_values))
        documents.append(Document(json.dumps(data).encode(), {"content-type": "application/json"}))
    return documents


def bodies() -> st.SearchStrategy[Document]:
    noise = st.binary(max_size=400)
    shaped = st.builds(lambda v: json.dumps(v).encode(), json_values)
    xml = st.builds(
        lambda title, text: (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<item><title>{text}</title><pubDate>{text}</pubDate></item></channel></rss>"
        ).encode("utf-8", "surrogatepass"),
        st.text(max_size=20),
        st.text(max_size=20),
    )
    return st.builds(
        lambda data, kind: Document(data, {"Content-Type": kind}),
        st.one_of(noise, shaped, xml),
        CONTENT_TYPES,
    )


def check(reading: VendorReading, platform: Platform) -> None:
    assert isinstance(reading, VendorReading)
    assert isinstance(reading.level, VendorLevel)
    assert reading.fetched_at == NOW
    if not reading.parsed:
        assert reading.level is VendorLevel.UNKNOWN
    if platform is Platform.FEED:
        assert reading.level is VendorLevel.UNKNOWN  # never "down now", never "all is well"
    for text in [reading.description, *(i.latest_update for i in reading.incidents)]:
        assert "<b>" not in text
        assert text.isprintable()
    reading.summary()
    reading.to_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(platform=st.sampled_from(list(Platform)), first=bodies(), second=bodies())
def test_no_body_makes_an_adapter_raise(
    platform: Platform, first: Document, second: Document
) -> None:
    check(read_all(platform, [first, second]), platform)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), platform=st.sampled_from([p for p in Platform if p is not Platform.FEED]))
def test_no_bent_page_makes_an_adapter_raise(data: st.DataObject, platform: Platform) -> None:
    documents = data.draw(mutated_fixtures(platform))
    reading = read_all(platform, documents)
    check(reading, platform)
    # And following a component of it.
    followed = ADAPTERS[platform].read(documents, PageRef(PAGE.url, "userstream"), NOW)
    check(followed, platform)
