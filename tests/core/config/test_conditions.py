"""Conditions in Gatus's language: what reads, and what is refused with a pointer to why."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.support.builders import problems_of
from trayapp.core.config.conditions import (
    DNS_PLACEHOLDERS,
    HTTP_PLACEHOLDERS,
    OPERATORS,
    Choices,
    Condition,
    ConditionError,
    Fixed,
    Lookup,
    Placeholder,
    parse_condition,
    parse_conditions,
)
from trayapp.core.config.model import DnsCheck, HttpCheck
from trayapp.core.config.patterns import Pattern
from trayapp.core.config.reading import parse_config


def error_of(text: str, kind: str = "http") -> str:
    allowed = DNS_PLACEHOLDERS if kind == "dns" else HTTP_PLACEHOLDERS
    with pytest.raises(ConditionError) as caught:
        parse_condition(text, allowed, kind=kind)
    return str(caught.value)


def outcome(text: str) -> Condition | ConditionError:
    """The condition ``text`` reads as, or the error it is refused with; anything else
    raised fails the test."""
    try:
        return parse_condition(text)
    except ConditionError as error:
        return error


# --- what reads ----------------------------------------------------------------------------------


def test_the_examples_people_paste_from_gatus_read() -> None:
    status, body, speed, length, pattern, certificate = parse_conditions(
        (
            "[STATUS] == 200",
            "[BODY].status == UP",
            "[RESPONSE_TIME] < 500",
            "len([BODY].items) > 0",
            "[BODY] == pat(*Home timeline*)",
            "[CERTIFICATE_EXPIRATION] > 48h",
        )
    )
    assert (status.left, status.operator, status.right) == (
        Lookup(Placeholder.STATUS, text="[STATUS]"),
        "==",
        Fixed("200"),
    )
    assert body.left == Lookup(Placeholder.BODY, ("status",), text="[BODY].status")
    assert body.right == Fixed("UP")
    assert speed.operator == "<"
    assert length.left == Lookup(Placeholder.BODY, ("items",), "len", "len([BODY].items)")
    assert isinstance(pattern.right, Pattern)
    assert pattern.right.text == "*Home timeline*"
    assert certificate.placeholders == {Placeholder.CERTIFICATE_EXPIRATION}


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[BODY].a.b[0].c == 1", ("a", "b", 0, "c")),
        ("[BODY][0].x == 1", (0, "x")),
        ("[BODY][0][12] == 1", (0, 12)),
        ("[BODY].data[1].id == 2", ("data", 1, "id")),
        ("[BODY].some key == 1", ("some key",)),
        ("[body].camelCase == 1", ("camelCase",)),
    ],
)
def test_paths_into_the_body_as_gatus_writes_them(text: str, path: tuple[str | int, ...]) -> None:
    left = parse_condition(text).left
    assert isinstance(left, Lookup)
    assert (left.placeholder, left.path) == (Placeholder.BODY, path)


def test_either_side_may_hold_the_placeholder_and_both_may() -> None:
    condition = parse_condition("any(200, 429) == [STATUS]")
    assert condition.left == Choices((Fixed("200"), Fixed("429")), "any(200, 429)")
    assert isinstance(condition.right, Lookup)
    both = parse_condition("[BODY].age == [BODY].id")
    assert isinstance(both.left, Lookup)
    assert isinstance(both.right, Lookup)


def test_a_value_keeps_its_inner_spaces_and_operators_inside_functions_do_not_count() -> None:
    assert parse_condition("[BODY].name == hello  world ").right == Fixed("hello  world")
    pattern = parse_condition('[BODY] == pat(*<div id="user">a == b</div>*)').right
    assert isinstance(pattern, Pattern)
    assert pattern.text == '*<div id="user">a == b</div>*'
    assert parse_condition("[BODY].html == <b>").right == Fixed("<b>")


def test_booleans_and_response_codes_are_read_in_any_case() -> None:
    assert parse_condition("has([BODY].errors) == FALSE").right == Fixed("false")
    assert parse_condition("[CONNECTED] == True").right == Fixed("true")
    dns = parse_condition("[DNS_RCODE] == any(nxdomain, NoError)", DNS_PLACEHOLDERS, kind="dns")
    assert dns.right == Choices((Fixed("NXDOMAIN"), Fixed("NOERROR")), "any(nxdomain, NoError)")


def test_durations_and_numbers_compare_with_time_placeholders() -> None:
    for text in (
        "[RESPONSE_TIME] < 1s",
        "[RESPONSE_TIME] <= 1.5e3",
        "[CERTIFICATE_EXPIRATION] > 14d",
    ):
        assert parse_condition(text).operator in ("<", "<=", ">")


# --- what is refused, and where ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[STATUS] === 200",
            '"[STATUS] === 200": unknown operator at "===" (character 10): '
            "expected ==, !=, <, <=, >, >=",
        ),
        (
            "[STATUS] = 200",
            '"[STATUS] = 200": unknown operator at "=" (character 10): '
            "expected ==, !=, <, <=, >, >=",
        ),
        (
            "[STATUS]==200",
            '"[STATUS]==200": an operator without spaces at "==" (character 9): '
            "write one on each side, as [STATUS] == 200",
        ),
        (
            "[STATSU] == 200",
            '"[STATSU] == 200": unknown placeholder at "[STATSU]" (character 1): '
            "did you mean [STATUS]?",
        ),
        (
            "[STATUS] == OK",
            '"[STATUS] == OK": not a number at "OK" (character 13): '
            "expected a number or a duration (200, 1.5, 500ms, 48h)",
        ),
        (
            "[IP] < 5",
            '"[IP] < 5": not a number at "[IP]" (character 1): compare it with == or !=',
        ),
        (
            "[BODY].a..b == 1",
            '"[BODY].a..b == 1": an empty key at "." (character 9): write [BODY].name',
        ),
        (
            "[BODY].a[x] == 1",
            '"[BODY].a[x] == 1": not an index at "[x]" (character 9): expected 0, 1, 2, …',
        ),
        (
            "len([BODY].a == 1",
            '"len([BODY].a == 1": unclosed at "len(" (character 1): a ")" must end it',
        ),
        (
            "lenght([BODY].a) == 1",
            '"lenght([BODY].a) == 1": unknown function at "lenght(" (character 1): '
            "expected len(), has(), pat() or any()",
        ),
        (
            "[BODY] == pat([a-)",
            '"[BODY] == pat([a-)": not a pattern at "[a-" (character 15): a "[" needs its "]"',
        ),
        (
            "[BODY] == pat(x[-a])",
            '"[BODY] == pat(x[-a])": not a pattern at "-" (character 17): '
            'a "-" in a class is written "\\-"',
        ),
        (
            "[BODY] < pat(x*)",
            '"[BODY] < pat(x*)": an operator pat() does not take at "<" (character 8): '
            "only == and !=",
        ),
        (
            "1 == 2",
            '"1 == 2": nothing to compare at "==" (character 3): '
            "one side must be a placeholder, as [STATUS] or [BODY]",
        ),
        (
            "1 < [BODY].x < 5",
            '"1 < [BODY].x < 5": a second operator at "<" (character 14): '
            "one comparison per condition",
        ),
        (
            "[BODY].status",
            '"[BODY].status": no comparison: write two values and ==, !=, <, '
            "<=, > or >=, as [STATUS] == 200",
        ),
        (
            "[CONNECTED] == yes",
            '"[CONNECTED] == yes": not true or false at "yes" (character 16)',
        ),
        (
            "[DOMAIN_EXPIRATION] > 720h",
            '"[DOMAIN_EXPIRATION] > 720h": not supported at "[DOMAIN_EXPIRATION]" '
            "(character 1): it needs a WHOIS lookup, which trayapp never makes",
        ),
        (
            "[STATUS] == any(200,,429)",
            '"[STATUS] == any(200,,429)": an empty choice at "any(200,,429)" (character 13): '
            "write any(200, 204)",
        ),
        (
            "[STATUS] == any(200, OK)",
            '"[STATUS] == any(200, OK)": not a number at "OK" (character 22): '
            "expected a number or a duration (200, 1.5, 500ms, 48h)",
        ),
        ("", '"": an empty condition: write a comparison, as [STATUS] == 200'),
        (
            "[STATUS] == 2\x1b[0m00",
            '"[STATUS] == 2\\u001b[0m00": a control character at "\\u001b" (character 14): '
            "a condition is one line",
        ),
    ],
)
def test_a_bad_condition_says_what_and_points_at_it(text: str, message: str) -> None:
    assert error_of(text) == message


def test_a_dns_check_has_its_own_placeholders() -> None:
    assert error_of("[STATUS] == 200", "dns") == (
        '"[STATUS] == 200": not in a dns check at "[STATUS]" (character 1): '
        "it has [BODY], [RESPONSE_TIME], [DNS_RCODE]"
    )
    assert error_of("[BODY].a == 1", "dns").startswith('"[BODY].a == 1": a path at ".a"')
    assert error_of("[DNS_RCODE] == 1", "http").startswith(
        '"[DNS_RCODE] == 1": not in an http check'
    )
    assert error_of("[DNS_RCODE] == OK", "dns") == (
        '"[DNS_RCODE] == OK": not a DNS response code at "OK" (character 16): '
        "expected NOERROR, NXDOMAIN, SERVFAIL, REFUSED, …"
    )


def test_a_long_condition_is_cut_in_the_message() -> None:
    message = error_of("[BODY] == " + "x" * 990 + " <")
    assert len(message) < 250
    assert "…" in message


@given(st.text(max_size=60))
@example("[STATUS] == pat(")
@example("len(has(pat(any(")
@example("[BODY][99999999999999999999999] == 1")
@example("[BODY].a[ == ]")
@example("any(,) == [IP]")
@example("[BODY] == pat(\\")
def test_any_text_reads_or_is_refused_with_a_condition_error(text: str) -> None:
    found = outcome(text)
    if isinstance(found, Condition):
        assert found.operator in OPERATORS
    else:
        assert str(found).startswith('"')
        assert "\n" not in str(found)


@given(
    st.lists(
        st.sampled_from(
            [
                "[STATUS]",
                "[BODY]",
                "[BODY].a[0]",
                "len(",
                "has(",
                "pat(",
                "any(",
                ")",
                "(",
                " == ",
                " < ",
                "!=",
                "=",
                "[",
                "]",
                ".",
                ",",
                "*",
                "200",
                "48h",
                "x",
                " ",
            ]
        ),
        max_size=12,
    )
)
def test_any_mix_of_the_language_s_tokens_reads_or_is_refused(tokens: list[str]) -> None:
    found = outcome("".join(tokens))
    assert isinstance(found, Condition | ConditionError)


# --- in the config file --------------------------------------------------------------------------


def test_a_bad_condition_is_a_config_problem_with_its_file_line_and_key() -> None:
    text = """\
[[services]]
name = "API"
[[services.checks]]
type = "http"
url = "https://api.test/health"
conditions = ["[STATUS] == 200",
              "[STATUS] === 200"]
"""
    assert problems_of(text) == [
        'config.toml:6: services[0].checks[0].conditions[1]: "[STATUS] === 200": unknown '
        'operator at "===" (character 10): expected ==, !=, <, <=, >, >='
    ]


def test_conditions_must_be_a_list_of_strings() -> None:
    base = '[[services]]\nname = "A"\n[[services.checks]]\nurl = "https://a.test/"\ntype = "http"\n'
    (problem,) = problems_of(base + 'conditions = "[STATUS] == 200"\n')
    assert problem.endswith('conditions: expected a list [...], got "[STATUS] == 200"')
    (problem,) = problems_of(base + "conditions = [200]\n")
    assert problem.endswith("conditions[0]: expected a string in quotes, got 200")


def test_checks_keep_their_conditions_as_written() -> None:
    check = HttpCheck.model_validate(
        {"url": "https://a.test/", "conditions": ["[body].status == UP"]}
    )
    assert check.conditions == ["[body].status == UP"]
    assert HttpCheck(url="https://a.test/").conditions == []
    dns = DnsCheck.model_validate(
        {"type": "dns", "name": "a.test", "conditions": ["[DNS_RCODE] == NXDOMAIN"]}
    )
    assert dns.conditions == ["[DNS_RCODE] == NXDOMAIN"]


def test_the_readmes_example_reads() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Conditions\n", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    config = parse_config(example)
    (check,) = config.services[0].checks
    assert isinstance(check, HttpCheck)
    assert len(parse_conditions(tuple(check.conditions))) == 6
