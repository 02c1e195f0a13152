"""Wildcard patterns of pat(): Go's syntax, whole-text matches, and no slow cases."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trayapp.core.config.patterns import PatternError, compile_pattern


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("*", "", True),
        ("*", "anything at all\n", True),
        ("john*", "john.doe", True),
        ("john*", "big john", False),
        ("*john*", "big john", True),
        ("*Home timeline*", "<title>Home timeline / X</title>", True),
        ("*Home timeline*", "<title>home timeline</title>", False),
        ("192.168.*", "192.168.0.1", True),
        ("192.168.*", "192.1680.1", False),
        ("2??", "204", True),
        ("2??", "2040", False),
        ("[0-4]*", "404", True),
        ("[^0-4]*", "404", False),
        ("[^0-4]*", "503", True),
        ("[ab]c", "bc", True),
        ("a\\*b", "a*b", True),
        ("a\\*b", "axb", False),
        ("a[\\]]b", "a]b", True),
        ("*/api/*", "https://x.test/api/v1", True),
        ("a*b*a", "aba", True),
        ("a*b*a", "ab", False),
        ("", "", True),
        ("", "x", False),
    ],
)
def test_patterns_match_whole_texts(pattern: str, text: str, matches: bool) -> None:
    assert compile_pattern(pattern).matches(text) is matches


@pytest.mark.parametrize(
    ("pattern", "offset", "reason"),
    [
        ("[abc", 0, 'a "[" needs its "]"'),
        ("x[]", 1, "an empty class"),
        ("[z-a]", 0, "a range from high to low"),
        ("[-a]", 1, 'a "-" in a class is written "\\-"'),
        ("ab\\", 2, 'a "\\" needs a character after it'),
    ],
)
def test_a_broken_pattern_says_where(pattern: str, offset: int, reason: str) -> None:
    with pytest.raises(PatternError) as caught:
        compile_pattern(pattern)
    assert (caught.value.offset, str(caught.value)) == (offset, reason)


def reference(pattern: list[str], text: str) -> bool:
    """A plain recursive matcher over tokens: slow, obviously right, for small cases."""

    @functools.cache
    def match(p: int, t: int) -> bool:
        if p == len(pattern):
            return t == len(text)
        token = pattern[p]
        if token == "*":
            return any(match(p + 1, u) for u in range(t, len(text) + 1))
        if t == len(text):
            return False
        char = text[t]
        if token == "?":
            ok = True
        elif token.startswith("[^"):
            ok = char not in token[2:-1]
        elif token.startswith("["):
            ok = char in token[1:-1]
        else:
            ok = char == token
        return ok and match(p + 1, t + 1)

    return match(0, 0)


TOKENS = st.sampled_from(["a", "b", "*", "?", "[ab]", "[^a]", "c"])


@given(st.lists(TOKENS, max_size=8), st.text(alphabet="abc", max_size=10))
def test_matching_agrees_with_a_plain_recursive_matcher(tokens: list[str], text: str) -> None:
    assert compile_pattern("".join(tokens)).matches(text) is reference(tokens, text)


@given(st.text(max_size=30))
def test_any_text_is_a_pattern_or_a_pattern_error(text: str) -> None:
    try:
        pattern = compile_pattern(text)
    except PatternError as error:
        offset: int | None = error.offset
    else:
        offset = None
        assert pattern.matches(text.replace("\\", "")) in (True, False)
    assert offset is None or 0 <= offset < len(text)


def test_a_megabyte_that_almost_matches_many_stars_is_decided() -> None:
    # Backtracking would try each way of placing twelve stars in a million characters.
    text = "a" * (1024 * 1024)
    assert not compile_pattern("*a*a*a*a*a*a*a*a*a*a*a*b*").matches(text)
    assert compile_pattern("*a*a*a*a*a*a*a*a*a*a*a*a").matches(text)
