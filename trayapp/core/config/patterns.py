"""Wildcard patterns, as conditions write them in ``pat()``: ``pat(*Home timeline*)``.

The syntax is Go's ``path.Match``, which Gatus uses::

    *        any run of characters, none included
    ?        any one character
    [abc]    one of these characters; [a-z] one in the range; [^a-z] one not in it
    \\c       the character c itself: \\*, \\?, \\[, \\\\
    any other character stands for itself

A pattern matches the whole text, case included: ``john*`` matches "john.doe", not "big john".
Gatus drops ``/`` from both the pattern and the text before matching (Go's separator); here
``*`` and ``?`` simply match ``/`` like any other character, which gives the same answer for
every pattern but the contrived (``pat(a/b)`` matching "ab").

A text can be a whole response body (up to 1 MiB), so matching never backtracks: the pieces
between stars have a fixed width, and each is searched for once, left to right, which is
enough to decide a match (a piece found further right could only leave less room for the
next). The time is linear in the text for each piece.

Errors::

    PatternError     not a pattern; .offset says where in it (0-based)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trayapp.core.i18n import _

__all__ = ["Pattern", "PatternError", "compile_pattern"]


class PatternError(ValueError):
    """Not a pattern: ``str()`` says why; ``offset`` is where in the pattern (0-based)."""

    def __init__(self, reason: str, offset: int, token: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.token = token


@dataclass(frozen=True, slots=True)
class _Piece:
    """What stands between two stars: one regular expression of a fixed width."""

    regex: re.Pattern[str]
    width: int


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled wildcard pattern (see the module's docstring): :meth:`matches` a text."""

    text: str
    """The pattern as written."""
    _pieces: tuple[_Piece, ...]
    """The pieces between stars: one for a pattern without a star, stars + 1 otherwise."""

    def matches(self, text: str) -> bool:
        """Whether the whole of ``text`` matches the pattern."""
        if len(self._pieces) == 1:
            only = self._pieces[0]
            return len(text) == only.width and only.regex.fullmatch(text) is not None
        first, *middle, last = self._pieces
        end = len(text) - last.width
        if end < first.width:
            return False
        if first.regex.match(text, 0, first.width) is None:
            return False
        if last.regex.fullmatch(text, end) is None:
            return False
        position = first.width
        for piece in middle:
            found = piece.regex.search(text, position, end)
            if found is None:
                return False
            position = found.end()
        return True


def compile_pattern(text: str) -> Pattern:
    """Read ``text`` as a wildcard pattern.

    Raises:
        PatternError: ``text`` breaks the syntax: an unclosed ``[``, an empty class, a
            range from high to low, a lone ``\\`` at the end.
    """
    pieces: list[_Piece] = []
    parts: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "*":
            pieces.append(_piece(parts))
            parts = []
            while index < len(text) and text[index] == "*":
                index += 1
            continue
        if char == "?":
            parts.append(".")
            index += 1
        elif char == "[":
            part, index = _class(text, index)
            parts.append(part)
        elif char == "\\":
            if index + 1 == len(text):
                raise PatternError(_('a "\\" needs a character after it'), index, "\\")
            parts.append(re.escape(text[index + 1]))
            index += 2
        else:
            parts.append(re.escape(char))
            index += 1
    pieces.append(_piece(parts))
    return Pattern(text, tuple(pieces))


def _piece(parts: list[str]) -> _Piece:
    return _Piece(re.compile("".join(parts), re.DOTALL), len(parts))


def _class(text: str, start: int) -> tuple[str, int]:
    """The regular expression of the class that opens at ``start``, and where it ends."""
    index = start + 1
    negated = index < len(text) and text[index] == "^"
    index += negated
    ranges: list[str] = []
    while True:
        if index >= len(text):
            raise PatternError(_('a "[" needs its "]"'), start, text[start:])
        if text[index] == "]" and ranges:
            break
        if text[index] == "]":
            raise PatternError(_("an empty class"), start, text[start : index + 1])
        low, index = _class_char(text, index, start)
        high = low
        if index < len(text) and text[index] == "-":
            high, index = _class_char(text, index + 1, start)
            if high < low:
                raise PatternError(
                    _("a range from high to low"), start, text[start:index]
                ) from None
        ranges.append(re.escape(low) if low == high else f"{re.escape(low)}-{re.escape(high)}")
    return f"[{'^' if negated else ''}{''.join(ranges)}]", index + 1


def _class_char(text: str, index: int, start: int) -> tuple[str, int]:
    """One character of the class opened at ``start`` (``\\`` escapes ``-`` and ``]``), and
    where the next begins."""
    if index >= len(text):
        raise PatternError(_('a "[" needs its "]"'), start, text[start:])
    char = text[index]
    if char == "\\":
        if index + 1 >= len(text):
            raise PatternError(_('a "\\" needs a character after it'), index, "\\")
        return text[index + 1], index + 2
    if char in "-]":
        # Translators: {char} is - or ], which a class of a pattern must escape.
        raise PatternError(
            _('a "{char}" in a class is written "\\{char}"').format(char=char), index, char
        )
    return char, index + 1
