"""Judging conditions: Gatus's semantics, the detail a person reads, and no body that breaks it."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trayapp.core.config.conditions import parse_conditions
from trayapp.core.models import Cause
from trayapp.core.probes.conditions import Observed, diagnosis, judge


def holds(condition: str, kind: str = "http", **seen: Any) -> bool:
    return not judge(parse_conditions((condition,), kind), Observed(**seen))


def detail(condition: str, kind: str = "http", **seen: Any) -> str:
    (failed,) = judge(parse_conditions((condition,), kind), Observed(**seen))
    return failed.detail


# --- Gatus's own cases: the same answers -------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "body", "expected"),
    [
        ("[BODY] == test", "test", True),
        ("[BODY] == 123", "123", True),
        ("[BODY] < 124", "123", True),
        ("[BODY] > 123", "100", False),
        ("[BODY].status == UP", '{"status":"UP"}', True),
        ("[BODY].data.name == john", '{"data": {"id": 1, "name": "john"}}', True),
        ("[BODY].data.name == john", '{"data": {"id": 1}}', False),
        (
            "[BODY].user.firstName != [BODY].user.lastName",
            '{"user": {"firstName": "john", "lastName": "doe"}}',
            True,
        ),
        (
            "[BODY].user.firstName == [BODY].user.lastName",
            '{"user": {"firstName": "john", "lastName": "doe"}}',
            False,
        ),
        ("[BODY][0].id == 1", '[{"id": 1}, {"id": 2}]', True),
        ("[BODY].data == OK", '{"data": null}', False),
        ("[BODY].items[0] == OK", '{"items": [null, null]}', False),
        (
            "[BODY][0].name == test",
            '{"statusCode": 500, "message": "Internal Server Error"}',
            False,
        ),
        ("[BODY].data[1].id == 2", '{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}', True),
        ("[BODY].data > 0", '{"data": "0x1"}', True),
        ("[BODY].data == 1", '{"data": "0x1"}', True),
        ("[BODY].data == 0x1", '{"data": "0x1"}', True),
        ("[BODY].data == 12648243", '{"data": "0xC0ff33"}', True),
        ("[BODY].data == 2", '{"data": "0b0010"}', True),
        ("[BODY].data == 2", '{"data": "0o2"}', True),
        ("len([BODY].data) == 3", '{"data": "0x1"}', True),
        ("[BODY].data.id > 5", '{"data": {"id": 1}}', False),
        ("[BODY].balance > 100", '{"balance": "123.40000000000005"}', True),
        ("[BODY].data.id < 5", '{"data": {"id": 10}}', False),
        ("len([BODY].data.name) == 4", '{"data": {"name": "john"}}', True),
        ("len([BODY]) == 3", '[{"id": 1}, {"id": 2}, {"id": 3}]', True),
        ("len([BODY].data) == 3", '{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}', True),
        ("len([BODY]) == 8", "john.doe", True),
        ("len([BODY].name) == 8", '{"name": "john.doe"}', True),
        ("len([BODY].age) == 2", '{"age":18}', True),
        ("len([BODY].adult) == 4", '{"adult":true}', True),
        ("len([BODY][0]) == 23", '[{"age":18,"adult":true}]', True),
        ("len([BODY]) == 20", '{"name": "john.doe"}', True),
        ("[BODY] == pat(*john*)", '{"name": "john.doe"}', True),
        ("[BODY].name == pat(john*)", '{"name": "john.doe"}', True),
        ("[BODY].name == pat(bob*)", '{"name": "john.doe"}', False),
        (
            '[BODY] == pat(*<div id="user">john.doe</div>*)',
            '<html><div id="user">john.doe</div>',
            True,
        ),
        (
            'pat(*<div id="user">john.doe</div>*) == [BODY]',
            '<html><div id="user">jane.doe</div>',
            False,
        ),
        ("[BODY].data == pat(*Whatever*)", '{"data": ["hello", "world", "Whatever"]}', True),
        ("[BODY].name == any(john.doe, jane.doe)", '{"name": "jane.doe"}', True),
        ("[BODY].name == any(john.doe, jane.doe)", '{"name": "bob"}', False),
        ("has([BODY].errors) == false", "{}", True),
        ("has([BODY].errors) == false", '{"errors": ["1"]}', False),
        ("has([BODY].users) == true", '{"users": []}', True),
    ],
)
def test_bodies_are_judged_as_gatus_judges_them(condition: str, body: str, expected: bool) -> None:
    assert holds(condition, body=body) is expected


@pytest.mark.parametrize(
    ("condition", "seen", "expected"),
    [
        ("[STATUS] == 200", {"status": 200}, True),
        ("[STATUS] < 300", {"status": 301}, False),
        ("[STATUS] == any(200, 429)", {"status": 429}, True),
        ("any(200, 429) == [STATUS]", {"status": 404}, False),
        ("[STATUS] == pat(4*)", {"status": 404}, True),
        ("[RESPONSE_TIME] < 500", {"response_ms": 499.6}, True),
        ("[RESPONSE_TIME] < 1s", {"response_ms": 999.0}, True),
        ("[RESPONSE_TIME] >= 500", {"response_ms": 499.0}, False),
        ("[IP] == 127.0.0.1", {"ip": "127.0.0.1"}, True),
        ("[IP] == pat(10.*)", {"ip": "255.255.255.255"}, False),
        ("[CONNECTED] == true", {}, True),
        ("[CERTIFICATE_EXPIRATION] == 0", {}, True),
        ("[CERTIFICATE_EXPIRATION] > 48h", {"certificate_ms": 49 * 3_600_000.0}, True),
        ("[CERTIFICATE_EXPIRATION] > 48h", {"certificate_ms": 47 * 3_600_000.0}, False),
        ("[CERTIFICATE_EXPIRATION] > 48h", {}, False),
    ],
)
def test_the_other_placeholders(condition: str, seen: dict[str, Any], expected: bool) -> None:
    assert holds(condition, **seen) is expected


# --- where trayapp is stricter than Gatus, on purpose ---------------------------------------------


def test_a_path_that_leads_nowhere_fails_all_but_not_equal() -> None:
    body = '{"status": "UP"}'
    assert not holds("[BODY].missing == x", body=body)
    assert not holds("[BODY].count < 5", body=body)  # Gatus: 0 < 5, true
    assert holds("[BODY].error != true", body=body)
    assert not holds("len([BODY].missing) == 0", body=body)


def test_a_body_that_is_not_json_fails_every_path_even_not_equal() -> None:
    assert not holds("[BODY].status != DOWN", body="<html>Bad gateway</html>")
    assert not holds("[BODY].status != DOWN", body="")
    assert holds("has([BODY].status) == false", body="<html>")


def test_decimals_compare_as_decimals_and_null_is_a_value() -> None:
    assert holds("[BODY].load < 0.5", body='{"load": 0.3}')  # Gatus truncates both to 0
    assert holds("[BODY].ratio == 1.50", body='{"ratio": 1.5}')
    assert holds("[BODY].id == 1", body='{"id": 1.0}')
    assert holds("[BODY].big == 1000000", body='{"big": 1e6}')  # Gatus writes "1e+06"
    assert holds("[BODY].error == null", body='{"error": null}')
    assert holds("has([BODY].error) == true", body='{"error": null}')
    assert not holds("[BODY].version == 1.10", body='{"version": "1.1"}')  # text stays text


def test_texts_compare_exactly() -> None:
    assert not holds("[BODY].status == up", body='{"status": "UP"}')
    assert holds("[BODY].status == UP", body='  {"status": "UP"}\n')


def test_a_dns_checks_body_is_its_answers() -> None:
    answers = ("192.0.2.1", "192.0.2.2")
    assert holds("[BODY] == 192.0.2.2", "dns", answers=answers)
    assert not holds("[BODY] == 192.0.2.3", "dns", answers=answers)
    assert holds("[BODY] != 192.0.2.3", "dns", answers=answers)
    assert not holds("[BODY] != 192.0.2.1", "dns", answers=answers)
    assert holds("[BODY] == pat(192.0.2.*)", "dns", answers=answers)
    assert holds("len([BODY]) == 2", "dns", answers=answers)
    assert holds("[DNS_RCODE] == NOERROR", "dns", answers=answers, rcode="NOERROR")
    assert not holds("[DNS_RCODE] == NXDOMAIN", "dns", answers=(), rcode="NOERROR")


# --- what a person reads ------------------------------------------------------------------------


def test_the_detail_names_the_condition_and_the_value_seen() -> None:
    assert detail("[BODY].status == UP", body='{"status": "DOWN"}') == (
        '[BODY].status == UP: got "DOWN"'
    )
    assert detail("[STATUS] == 200", status=503) == "[STATUS] == 200: got 503"
    assert detail("[RESPONSE_TIME] < 500", response_ms=731.4) == (
        "[RESPONSE_TIME] < 500: got 731 ms"
    )
    assert detail("[CERTIFICATE_EXPIRATION] > 48h", certificate_ms=30 * 3_600_000.0) == (
        "[CERTIFICATE_EXPIRATION] > 48h: got 1d 6h"
    )
    assert detail("[CERTIFICATE_EXPIRATION] > 0", certificate_ms=-7_200_000.0) == (
        "[CERTIFICATE_EXPIRATION] > 0: got -2h (expired)"
    )
    assert detail("[CERTIFICATE_EXPIRATION] > 48h") == (
        "[CERTIFICATE_EXPIRATION] > 48h: got no certificate"
    )
    assert detail("len([BODY].items) > 0", body='{"items": []}') == ("len([BODY].items) > 0: got 0")
    assert detail("[BODY].a[2].b == 1", body='{"a": []}') == (
        "[BODY].a[2].b == 1: the body has no a[2].b"
    )
    assert detail("[BODY].load < 1", body='{"load": "high"}') == (
        '[BODY].load < 1: got "high", not a number'
    )
    assert detail("[BODY].status == UP", body="<html>" + "x" * 500) == (
        '[BODY].status == UP: the body is not JSON: "<html>xxxxxxxxxxxxxxxxxxxxxxx…"'
    )
    assert detail("[BODY].a == [BODY].b", body='{"a": 1, "b": 2}') == (
        "[BODY].a == [BODY].b: got 1; got 2"
    )
    assert detail("[IP] == 10.0.0.1") == (
        "[IP] == 10.0.0.1: no IP address known (through a proxy, only the proxy's)"
    )


def test_a_detail_is_one_short_printable_line_whatever_the_body() -> None:
    body = json.dumps({"status": "\x1b[31mDOWN\n" + "é" * 500})
    shown = detail("[BODY].status == UP", body=body)
    assert not any(unicodedata.category(char).startswith("C") for char in shown)
    assert len(shown) < 100


@pytest.mark.parametrize(
    ("condition", "cause"),
    [
        ("[STATUS] == 200", Cause.HTTP_STATUS),
        ("[BODY].status == UP", Cause.CONTENT),
        ("[RESPONSE_TIME] < 500", Cause.SLOW),
        ("[CERTIFICATE_EXPIRATION] > 48h", Cause.CERT_EXPIRING),
        ("[IP] == 10.0.0.1", Cause.CONTENT),
    ],
)
def test_each_condition_gives_its_cause(condition: str, cause: Cause) -> None:
    seen = Observed(status=503, body='{"status": "DOWN"}', response_ms=900.0, ip="127.0.0.1")
    (failed,) = judge(parse_conditions((condition,)), seen)
    assert failed.cause is cause


def test_the_check_is_down_before_degraded_and_says_how_many_more_failed() -> None:
    conditions = parse_conditions(
        ("[RESPONSE_TIME] < 500", "[BODY].status == UP", "[STATUS] == 200")
    )
    found = diagnosis(judge(conditions, Observed(status=200, body="{}", response_ms=900.0)))
    assert found is not None
    assert found.cause is Cause.CONTENT
    assert found.detail == "[BODY].status == UP: the body has no status; 1 more condition failed"
    slow = diagnosis(judge(conditions[:1], Observed(response_ms=900.0)))
    assert slow is not None
    assert (slow.cause, slow.detail) == (Cause.SLOW, "[RESPONSE_TIME] < 500: got 900 ms")
    assert diagnosis(judge(conditions, Observed(status=200, body='{"status": "UP"}'))) is None


# --- no body breaks it --------------------------------------------------------------------------

CONDITIONS = parse_conditions(
    (
        "[BODY].status == UP",
        "[BODY].status != DOWN",
        "[BODY].a.b[0].c < 5",
        "[BODY][0][1] >= 1h",
        "len([BODY]) > 0",
        "len([BODY].items) <= 3",
        "len([BODY][0]) == 2",
        "has([BODY].errors) == false",
        "[BODY] == pat(*a*b*c*)",
        "[BODY].status == pat([a-z]?*)",
        "[BODY].id == any(1, 0x2, three)",
        "[BODY] > 0",
        "[BODY].a == [BODY].b",
        "[STATUS] == 200",
    )
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**4000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["a", "b", "c", "status", "items", "errors", "id"])
            | st.text(max_size=3),
            inner,
            max_size=4,
        )
    ),
    max_leaves=30,
)


def nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + closing * depth


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(
    st.one_of(
        json_values.map(lambda v: json.dumps(v)),
        st.binary(max_size=200).map(lambda b: b.decode("utf-8", errors="replace")),
        st.text(max_size=200),
    )
)
@example(nested(5000))
@example('{"a":' * 3000 + "1" + "}" * 3000)
@example(nested(900))
@example('{"items": ' + nested(950) + "}")
@example("9" * 5000)
@example('{"id": ' + "9" * 5000 + "}")
@example('{"a": 1e999, "b": -1e999, "status": NaN}')
@example(b'{"status": "\xff\xfe\xed\xa0\x80"}'.decode("utf-8", errors="replace"))
@example('{"status": "\\ud800"}')
@example("")
def test_no_body_makes_judging_raise(body: str) -> None:
    failed = judge(CONDITIONS, Observed(status=200, body=body))
    for found in failed:
        assert not any(unicodedata.category(char).startswith("C") for char in found.detail)
        assert len(found.detail) <= 200
    assert diagnosis(failed) is not None or not failed
