"""Reading each kind of source's answer as targets and vantage points (pure: no network).

The answers are written after the APIs' documented shapes (Alertmanager's ``/api/v2/alerts``,
Prometheus's ``/api/v1/query``); the same readers meet the real servers in
``test_real_sources.py``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.vendors.pages import body
from trayapp.core.config.model import Source
from trayapp.core.models import Status
from trayapp.core.sources.readers import endpoints, error_text, read
from trayapp.core.vendors.documents import Document

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
JSON = {"content-type": "application/json"}


def source(kind: str = "prometheus", **more: Any) -> Source:
    return Source.model_validate({"name": kind, "kind": kind, "url": "http://127.0.0.1:9", **more})


def doc(data: object, headers: dict[str, str] = JSON) -> Document:
    return Document(json.dumps(data).encode(), headers)


def alert(state: str = "active", **labels: str) -> dict[str, object]:
    silenced = ["s1"] if state == "silenced" else []
    inhibited = ["f1"] if state == "inhibited" else []
    return {
        "labels": {"alertname": "SiteDown", **labels},
        "annotations": {"summary": f"{labels.get('instance', 'it')} is down"},
        "startsAt": "2026-11-21T08:55:00.000Z",
        "endsAt": "2026-11-21T09:10:00.000Z",
        "updatedAt": "2026-11-21T08:59:00.000Z",
        "fingerprint": "abc",
        "receivers": [{"name": "null"}],
        "status": {
            "state": "suppressed" if silenced or inhibited else state,
            "silencedBy": silenced,
            "inhibitedBy": inhibited,
        },
    }


def vector(*series: tuple[dict[str, str], str]) -> dict[str, object]:
    return {
        "status": "success",
        "data": {
            "resultType": "vector",
            "result": [{"metric": m, "value": [1763715600.0, v]} for m, v in series],
        },
    }


# --- where each kind is asked ----------------------------------------------------------


def test_each_kind_asks_its_api() -> None:
    assert endpoints(source("alertmanager")) == ("http://127.0.0.1:9/api/v2/alerts",)
    query = endpoints(source("prometheus", query='probe_success{job="blackbox"}'))
    assert query == (
        "http://127.0.0.1:9/api/v1/query?query=probe_success%7Bjob%3D%22blackbox%22%7D",
    )
    assert endpoints(source("gatus")) == ("http://127.0.0.1:9/api/v1/endpoints/statuses",)
    kuma = source("uptime_kuma", url="http://127.0.0.1:9/status/main")
    assert endpoints(kuma) == (
        "http://127.0.0.1:9/api/status-page/main",
        "http://127.0.0.1:9/api/status-page/heartbeat/main",
    )


# --- Alertmanager ----------------------------------------------------------------------


def test_alerts_become_targets_by_instance_and_vantage() -> None:
    alerts = [
        alert(instance="https://shop.example/", vantage="eu-west", severity="critical"),
        alert(instance="https://shop.example/", vantage="us-east", severity="warning"),
        alert(instance="db:5432", severity="info"),
        {**alert(), "labels": {"alertname": "Watchdog"}},
    ]
    targets = read(source("alertmanager"), [doc(alerts)], NOW)
    assert isinstance(targets, dict)
    shop = {v.name: v for v in targets["https://shop.example/"]}
    assert shop["alertmanager/eu-west"].status is Status.DOWN
    assert shop["alertmanager/eu-west"].detail == "SiteDown: https://shop.example/ is down"
    assert shop["alertmanager/eu-west"].since == datetime(2026, 11, 21, 8, 55, tzinfo=UTC)
    assert shop["alertmanager/us-east"].status is Status.DEGRADED
    (db,) = targets["db:5432"]
    assert (db.status, db.where) == (Status.UP, "")  # an info alert is no problem
    (watchdog,) = targets["Watchdog"]  # no instance: named by its alertname
    assert watchdog.status is Status.DOWN  # no severity: a firing alert is an outage


@pytest.mark.parametrize(
    ("state", "said"), [("silenced", "(silenced)"), ("inhibited", "(inhibited)")]
)
def test_silenced_and_inhibited_alerts_are_degraded_and_say_so(state: str, said: str) -> None:
    targets = read(
        source("alertmanager"), [doc([alert(state, instance="x", severity="critical")])], NOW
    )
    assert isinstance(targets, dict)
    (vantage,) = targets["x"]
    assert vantage.status is Status.DEGRADED
    assert vantage.detail.endswith(said)


def test_the_worst_alert_of_a_target_speaks_and_counts_the_others() -> None:
    alerts = [
        alert(instance="x", severity="warning"),
        {**alert(instance="x", severity="critical"), "annotations": {}},
        {**alert(instance="x", severity="page"), "annotations": {}},
    ]
    targets = read(source("alertmanager"), [doc(alerts)], NOW)
    assert isinstance(targets, dict)
    (vantage,) = targets["x"]
    assert (vantage.status, vantage.detail) == (Status.DOWN, "SiteDown and 1 more")


def test_labels_are_configurable() -> None:
    alerts = [alert(service="shop", region="eu", severity="critical")]
    chosen = source("alertmanager", target_label="service", vantage_label="region")
    targets = read(chosen, [doc(alerts)], NOW)
    assert isinstance(targets, dict)
    assert [v.name for v in targets["shop"]] == ["alertmanager/eu"]


def test_alert_text_is_plain_and_short() -> None:
    hostile = alert(instance="<b>x</b>", severity="critical")
    hostile["annotations"] = {"summary": "<script>alert(1)</script>" + "y" * 500}
    targets = read(source("alertmanager"), [doc([hostile])], NOW)
    assert isinstance(targets, dict)
    ((_name, (vantage,)),) = targets.items()
    assert "<" not in vantage.detail
    assert len(vantage.detail) <= 200


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (doc({"status": "success"}), "not a list of alerts"),
        (Document(b"<html>login</html>", {"content-type": "text/html"}), "not JSON"),
        (Document(b"[{", JSON), "not valid JSON"),
    ],
)
def test_an_answer_that_is_not_alerts_says_why(answer: Document, why: str) -> None:
    said = read(source("alertmanager"), [answer], NOW)
    assert isinstance(said, str)
    assert why in said


# --- Prometheus ------------------------------------------------------------------------


def test_each_series_is_a_vantage_point_of_its_target() -> None:
    answer = vector(
        ({"__name__": "probe_success", "instance": "https://a/", "vantage": "eu-west"}, "1"),
        ({"__name__": "probe_success", "instance": "https://a/", "vantage": "us-east"}, "0"),
        ({"instance": "https://b/"}, "NaN"),
        ({"job": "no instance"}, "1"),
    )
    targets = read(source(), [doc(answer)], NOW)
    assert isinstance(targets, dict)
    assert set(targets) == {"https://a/", "https://b/"}
    statuses = [(v.name, v.status, v.detail) for v in targets["https://a/"]]
    assert statuses == [
        ("prometheus/eu-west", Status.UP, "probe_success = 1"),
        ("prometheus/us-east", Status.DOWN, "probe_success = 0"),
    ]
    ((b),) = targets["https://b/"]
    assert (b.status, b.detail) == (Status.UNKNOWN, "value = NaN")


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (
            {"status": "success", "data": {"resultType": "matrix", "result": []}},
            "a matrix result, not one value per series",
        ),
        ({"status": "error", "errorType": "bad_data", "error": "parse error"}, "not a Prometheus"),
        ([1, 2, 3], "not a Prometheus"),
    ],
)
def test_an_answer_that_is_not_a_vector_says_why(answer: object, why: str) -> None:
    said = read(source(), [doc(answer)], NOW)
    assert isinstance(said, str)
    assert why in said


def test_an_error_answer_names_its_error() -> None:
    answer = doc({"status": "error", "errorType": "bad_data", "error": "1:14: parse error"})
    assert error_text(answer) == "bad_data: 1:14: parse error"
    plain = Document(b"Unauthorized\n", {"content-type": "text/plain; charset=utf-8"})
    assert error_text(plain) == "Unauthorized"
    assert error_text(Document(b"<html>no</html>", {"content-type": "text/html"})) == ""


# --- Gatus and Uptime Kuma, through the status page adapters ---------------------------


def test_gatus_endpoints_are_targets() -> None:
    targets = read(source("gatus"), [Document(body("gatus_statuses.json"), JSON)], NOW)
    assert isinstance(targets, dict)
    assert targets
    for vantages in targets.values():
        (vantage,) = vantages
        assert vantage.name == "gatus"
        assert vantage.status in (Status.UP, Status.DOWN, Status.UNKNOWN)
    assert any(v[0].status is Status.DOWN for v in targets.values())


def test_uptime_kuma_monitors_are_targets() -> None:
    kuma = source("uptime_kuma", url="http://127.0.0.1:9/status/main")
    documents = [
        Document(body("uptime_kuma_page.json"), JSON),
        Document(body("uptime_kuma_heartbeat.json"), JSON),
    ]
    targets = read(kuma, documents, NOW)
    assert isinstance(targets, dict)
    assert targets
    assert all(len(v) == 1 and v[0].name == "uptime_kuma" for v in targets.values())


def test_a_dashboard_that_cannot_be_read_says_why() -> None:
    said = read(source("gatus"), [Document(b"<html></html>", {"content-type": "text/html"})], NOW)
    assert isinstance(said, str)
    assert "JSON" in said


# --- nothing a server sends makes a reader raise ---------------------------------------

_JSONISH = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(
    kind=st.sampled_from(["alertmanager", "prometheus", "gatus", "uptime_kuma"]),
    data=_JSONISH,
    raw=st.binary(max_size=64),
    as_json=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_no_answer_makes_a_reader_raise(kind: str, data: object, raw: bytes, as_json: bool) -> None:
    chosen = source(kind, url="http://127.0.0.1:9/status/main")
    payload = json.dumps(data).encode() if as_json else raw
    documents = [Document(payload, JSON), Document(payload, JSON)]
    said = read(chosen, documents, NOW)
    assert isinstance(said, str | dict)


# --- remote text is plain, one line, capped -----------------------------------------------

_HOSTILE = st.lists(
    st.sampled_from(["\x1b[2J", "\n", "\r", "\t", "\x00", "\u202e", "a", "é", " "]),
    min_size=1,
    max_size=60,
).map(lambda parts: "".join(parts) * 100)
"""Labels and names as a hostile server writes them: escapes, newlines, and kilobytes."""


def _is_clean(text: str, limit: int) -> bool:
    return text.isprintable() and "\n" not in text and len(text) <= limit


@given(name=_HOSTILE, target=_HOSTILE, where=_HOSTILE)
@settings(max_examples=50, deadline=None)
def test_what_a_prometheus_says_is_sanitised(name: str, target: str, where: str) -> None:
    answer = vector(({"__name__": name, "instance": target, "vantage": where}, "0"))
    targets = read(source("prometheus"), [doc(answer)], NOW)
    assert isinstance(targets, dict)
    for said, vantages in targets.items():
        assert _is_clean(said, 300)
        for vantage in vantages:
            assert _is_clean(vantage.where, 60)
            assert _is_clean(vantage.detail, 300)
            assert "\x1b" not in vantage.describe()


@given(summary=_HOSTILE, instance=_HOSTILE)
@settings(max_examples=50, deadline=None)
def test_what_an_alertmanager_says_is_sanitised(summary: str, instance: str) -> None:
    raised = {**alert(instance=instance), "annotations": {"summary": summary}}
    targets = read(source("alertmanager"), [doc([raised])], NOW)
    assert isinstance(targets, dict)
    for said, vantages in targets.items():
        assert _is_clean(said, 300)
        assert all(_is_clean(v.detail, 300) for v in vantages)
