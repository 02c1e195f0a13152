"""Conditions in Gatus's language, ``"[BODY].status == UP"``, read into a :class:`Condition`.

A condition is one comparison; every condition of a check must hold::

    condition    = operand " " operator " " operand
    operator     = "==" | "!=" | "<" | "<=" | ">" | ">="
    operand      = lookup | "len(" lookup ")" | "has(" lookup ")"
                 | "pat(" pattern ")" | "any(" value { "," value } ")" | value
    lookup       = "[STATUS]" | "[RESPONSE_TIME]" | "[CERTIFICATE_EXPIRATION]" | "[IP]"
                 | "[CONNECTED]" | "[DNS_RCODE]" | "[BODY]" { "." key | "[" index "]" }
    value        = any other text, the spaces around it dropped: UP, 200, 48h, 127.0.0.1

As in Gatus, the operator has a space on each side, and the text on either side of it (spaces
inside included) is the operand; placeholder and function names are read in any case, keys
keep theirs; ``pat()`` (:mod:`trayapp.core.config.patterns`) and ``any()`` compare only with
``==`` and ``!=``. Unlike Gatus, which would fail such a check at every run, this refuses what
could never be judged:

- an unknown operator, placeholder or function, or a placeholder the kind of check lacks;
- a comparison of two fixed values, or of ``pat()`` or ``any()`` with each other;
- ``<``, ``<=``, ``>``, ``>=`` with a side that is no number: ``[IP]``, ``[CONNECTED]``,
  ``[DNS_RCODE]``, ``has()``, or a value that is neither a number nor a duration
  (:mod:`trayapp.core.config.quantities`);
- ``[STATUS]``, ``[RESPONSE_TIME]``, ``[CERTIFICATE_EXPIRATION]`` or ``len()`` compared with a
  value that is no number; ``[CONNECTED]`` or ``has()`` with anything but ``true`` or
  ``false``; ``[DNS_RCODE]`` with anything but a response code (``NOERROR``, ``NXDOMAIN``, ...).

Gatus's ``[DOMAIN_EXPIRATION]`` (a WHOIS lookup) and ``[CONTEXT]`` (its suites) are not
supported. Judging a condition against an answer is :mod:`trayapp.core.probes.conditions`.

Errors::

    ConditionError    not a condition; says what and where, as in
                      "[STATUS] === 200": unknown operator at "===" (character 10):
                      expected ==, !=, <, <=, >, >=
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Literal

from trayapp.core.config.patterns import Pattern, PatternError, compile_pattern
from trayapp.core.config.placeholders import (
    DNS_PLACEHOLDERS,
    HTTP_PLACEHOLDERS,
    OPERATORS,
    RCODES,
    Choices,
    Condition,
    Fixed,
    Lookup,
    Operand,
    Placeholder,
)
from trayapp.core.config.quantities import number_of
from trayapp.core.i18n import N_, _

__all__ = [
    "DNS_PLACEHOLDERS",
    "HTTP_PLACEHOLDERS",
    "OPERATORS",
    "RCODES",
    "Choices",
    "Condition",
    "ConditionError",
    "Fixed",
    "Lookup",
    "Operand",
    "Placeholder",
    "parse_condition",
    "parse_conditions",
]

MAX_LENGTH = 1000
"""The longest condition, in characters."""
_UNSUPPORTED = {
    "DOMAIN_EXPIRATION": N_("it needs a WHOIS lookup, which trayapp never makes"),
    "CONTEXT": N_("it belongs to Gatus's suites, which trayapp has not"),
}
"""Gatus's placeholders trayapp does not offer, and why (the hint of "not supported")."""
_NUMBER_HINT = N_("expected a number or a duration (200, 1.5, 500ms, 48h)")
_OPERATOR_CHARS = frozenset("=!<>≠≤≥")
_CALL = re.compile(r"([A-Za-z_]\w*)\((.*)\)\Z", re.DOTALL)
_OPEN = re.compile(r"(?<![\w\]])(len|has|pat|any)\(", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[([A-Za-z_]+)\]")


class ConditionError(ValueError):
    """Not a condition; ``str()`` says what and where, on one line."""

    def __init__(
        self, text: str, reason: str, at: tuple[int, str] | None = None, hint: str = ""
    ) -> None:
        """
        Args:
            text: The condition.
            reason: What is wrong, translated: ``unknown operator``.
            at: Where (0-based) and the text there; None when it is about the whole.
            hint: How to mend it, translated: ``expected ==, !=, <, <=, >, >=``.
        """
        shown = json.dumps(text if len(text) <= 120 else text[:119] + "…", ensure_ascii=False)
        said = reason
        if at is not None:
            position, token = at
            token = token if len(token) <= 30 else token[:29] + "…"
            # Translators: {reason} is what is wrong with a condition, {token} the part of
            # it in quotes, {position} how many characters from its start.
            said = _("{reason} at {token} (character {position})").format(
                reason=reason,
                token=json.dumps(token, ensure_ascii=False),
                position=position + 1,
            )
        super().__init__(f"{shown}: {said}" + (f": {hint}" if hint else ""))
        self.position = None if at is None else at[0]
        """Where in the condition (0-based); None when it is about the whole."""


def parse_condition(
    text: str, placeholders: Iterable[Placeholder] = HTTP_PLACEHOLDERS, *, kind: str = "http"
) -> Condition:
    """Read ``text`` as a condition of a check of ``kind`` that offers ``placeholders``.

    Raises:
        ConditionError: ``text`` is not such a condition; the message says why and where.
    """
    allowed = frozenset(placeholders)
    if not text.strip():
        raise ConditionError(
            text, _("an empty condition"), hint=_("write a comparison, as [STATUS] == 200")
        )
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            text,
            _("too long"),
            hint=_("a condition has at most {count} characters").format(count=MAX_LENGTH),
        )
    for position, char in enumerate(text):
        if not char.isprintable() and char != "\t":
            raise ConditionError(
                text, _("a control character"), (position, char), _("a condition is one line")
            )
    start, end = _operator(text)
    operator = text[start:end]
    if not text[:start].strip():
        raise ConditionError(text, _("nothing before the operator"), (start, operator))
    if not text[end:].strip():
        raise ConditionError(text, _("nothing after the operator"), (start, operator))
    left = _operand(text, 0, start, allowed, kind)
    right = _operand(text, end, len(text), allowed, kind)
    return _checked(Condition(text, left, operator, right), start)


@functools.lru_cache(maxsize=1024)
def parse_conditions(texts: tuple[str, ...], kind: str = "http") -> tuple[Condition, ...]:
    """Each of ``texts`` as a condition of an ``http`` or a ``dns`` check; cached, for the
    probes read a check's conditions at each of its runs.

    Raises:
        ConditionError: one of them is not a condition.
    """
    allowed = DNS_PLACEHOLDERS if kind == "dns" else HTTP_PLACEHOLDERS
    return tuple(parse_condition(text, allowed, kind=kind) for text in texts)


def _operator(text: str) -> tuple[int, int]:
    """Where the one operator is: a run of ``=!<>`` with a space on each side, outside the
    parentheses of ``len()``, ``has()``, ``pat()`` and ``any()``."""
    runs: list[tuple[int, int]] = []
    unclosed: list[tuple[int, str]] = []
    index = 0
    while index < len(text):
        opening = _OPEN.match(text, index)
        if opening is not None:
            unclosed.append((index, opening.group(0)))
            index = opening.end()
            continue
        if text[index] == ")" and unclosed:
            unclosed.pop()
        elif text[index] in _OPERATOR_CHARS and not unclosed:
            end = index
            while end < len(text) and text[end] in _OPERATOR_CHARS:
                end += 1
            runs.append((index, end))
            index = end
            continue
        index += 1
    spaced = [
        (start, end)
        for start, end in runs
        if (start == 0 or text[start - 1] in " \t") and (end == len(text) or text[end] in " \t")
    ]
    for start, end in spaced:
        if text[start:end] not in OPERATORS:
            # Translators: {operators} lists ==, !=, <, <=, >, >=.
            expected = _("expected {operators}").format(operators=", ".join(OPERATORS))
            raise ConditionError(text, _("unknown operator"), (start, text[start:end]), expected)
    if len(spaced) > 1:
        start, end = spaced[1]
        raise ConditionError(
            text,
            _("a second operator"),
            (start, text[start:end]),
            _("one comparison per condition"),
        )
    if spaced:
        return spaced[0]
    if unclosed:
        raise ConditionError(text, _("unclosed"), unclosed[0], _('a ")" must end it'))
    for start, end in runs:
        if any(operator in text[start:end] for operator in OPERATORS):
            raise ConditionError(
                text,
                _("an operator without spaces"),
                (start, text[start:end]),
                _("write one on each side, as [STATUS] == 200"),
            )
    raise ConditionError(
        text,
        _("no comparison"),
        hint=_("write two values and ==, !=, <, <=, > or >=, as [STATUS] == 200"),
    )


def _operand(
    text: str, start: int, end: int, allowed: frozenset[Placeholder], kind: str
) -> Operand:
    """One side of the comparison: ``text[start:end]``, the spaces around it dropped."""
    part = text[start:end]
    start += len(part) - len(part.lstrip())
    part = part.strip()
    call = _CALL.match(part)
    name = call.group(1).lower() if call is not None else ""
    if call is not None and name in ("len", "has"):
        inner = call.group(2)
        inner_start = start + len(name) + 1 + len(inner) - len(inner.lstrip())
        lookup = _lookup(text, inner.strip(), inner_start, allowed, kind)
        if lookup is None:
            at = (inner_start, inner.strip() or ")")
            raise ConditionError(
                text,
                _("not a placeholder"),
                at,
                # Translators: {name} is len or has, functions of a condition.
                _("{name}() takes one, as {name}([BODY].items)").format(name=name),
            )
        function: Literal["len", "has"] = "len" if name == "len" else "has"
        return Lookup(lookup.placeholder, lookup.path, function, part, start)
    if call is not None and name == "pat":
        try:
            return compile_pattern(call.group(2))
        except PatternError as error:
            raise ConditionError(
                text, _("not a pattern"), (start + 4 + error.offset, error.token), str(error)
            ) from None
    if call is not None and name == "any":
        options: list[Fixed] = []
        position = start + 4
        for option in call.group(2).split(","):
            if not option.strip():
                raise ConditionError(
                    text, _("an empty choice"), (start, part), _("write any(200, 204)")
                )
            options.append(Fixed(option.strip(), position + len(option) - len(option.lstrip())))
            position += len(option) + 1
        return Choices(tuple(options), part)
    if call is not None and call.group(2).lstrip().startswith("["):
        raise ConditionError(
            text,
            _("unknown function"),
            (start, f"{call.group(1)}("),
            _("expected len(), has(), pat() or any()"),
        )
    opening = re.match(r"(len|has|pat|any)\(", part, re.IGNORECASE)
    if opening is not None:
        raise ConditionError(text, _("unclosed"), (start, opening.group(0)), _('a ")" must end it'))
    lookup = _lookup(text, part, start, allowed, kind)
    return lookup if lookup is not None else Fixed(part, start)


def _lookup(
    text: str, part: str, start: int, allowed: frozenset[Placeholder], kind: str
) -> Lookup | None:
    """``part`` (at ``start`` in ``text``) as a placeholder and its path; None when it is
    no placeholder at all."""
    found = _PLACEHOLDER.match(part)
    if found is None:
        return None
    name = found.group(1).upper()
    token = (start, found.group(0))
    if name in _UNSUPPORTED:
        raise ConditionError(text, _("not supported"), token, _(_UNSUPPORTED[name]))
    if name not in Placeholder.__members__:
        import difflib  # for a mistake only

        close = difflib.get_close_matches(name, [p.value for p in allowed], n=1)
        if close:
            # Translators: {name} is a placeholder's name, as STATUS.
            hint = _("did you mean [{name}]?").format(name=close[0])
        else:
            # Translators: {names} lists the placeholders, as [STATUS], [BODY].
            hint = _("expected {names}").format(names=_names(allowed))
        raise ConditionError(text, _("unknown placeholder"), token, hint)
    placeholder = Placeholder(name)
    if placeholder not in allowed:
        reason = _("not in an http check") if kind == "http" else _("not in a dns check")
        # Translators: {names} lists the placeholders a check has, as [STATUS], [BODY].
        has = _("it has {names}").format(names=_names(allowed))
        raise ConditionError(text, reason, token, has)
    path = _path(text, part, found.end(), start)
    rest = (start + found.end(), part[found.end() :])
    if path and placeholder is not Placeholder.BODY:
        raise ConditionError(text, _("a path"), rest, _("only [BODY] has one"))
    if path and kind == "dns":
        raise ConditionError(
            text, _("a path"), rest, _("a dns check's [BODY] is its answers, which have none")
        )
    return Lookup(placeholder, path, None, part, start)


def _names(placeholders: frozenset[Placeholder]) -> str:
    return ", ".join(f"[{p}]" for p in Placeholder if p in placeholders)


def _path(text: str, part: str, index: int, start: int) -> tuple[str | int, ...]:
    """The keys and indices after ``[BODY]``: ``.data[0].id`` gives ``("data", 0, "id")``."""
    steps: list[str | int] = []
    while index < len(part):
        if part[index] == ".":
            end = index + 1
            while end < len(part) and part[end] not in ".[]":
                end += 1
            if not part[index + 1 : end].strip():
                raise ConditionError(
                    text, _("an empty key"), (start + index, "."), _("write [BODY].name")
                )
            steps.append(part[index + 1 : end])
            index = end
        elif part[index] == "[":
            end = part.find("]", index)
            if end < 0:
                raise ConditionError(
                    text, _("unclosed"), (start + index, part[index:]), _('a "]" must end it')
                )
            digits = part[index + 1 : end]
            if not digits.isascii() or not digits.isdigit():
                at = (start + index, part[index : end + 1])
                raise ConditionError(text, _("not an index"), at, _("expected 0, 1, 2, …"))
            steps.append(int(digits))
            index = end + 1
        else:
            raise ConditionError(
                text,
                _("unexpected text"),
                (start + index, part[index:]),
                _("a path goes on with .key or [index]"),
            )
    return tuple(steps)


def _checked(condition: Condition, operator_at: int) -> Condition:
    """``condition`` with its values normalized, if its two sides can be compared."""
    text, left, right = condition.text, condition.left, condition.right
    at = (operator_at, condition.operator)
    if not isinstance(left, Lookup) and not isinstance(right, Lookup):
        if isinstance(left, Pattern | Choices) and isinstance(right, Pattern | Choices):
            hint = _("pat() and any() compare with a placeholder, not with each other")
        else:
            hint = _("one side must be a placeholder, as [STATUS] or [BODY]")
        raise ConditionError(text, _("nothing to compare"), at, hint)
    ordering = condition.operator not in ("==", "!=")
    for side, other in ((left, right), (right, left)):
        if isinstance(side, Pattern | Choices) and ordering:
            name = "pat()" if isinstance(side, Pattern) else "any()"
            # Translators: {name} is pat() or any(), functions of a condition.
            reason = _("an operator {name} does not take").format(name=name)
            raise ConditionError(text, reason, at, _("only == and !="))
        if isinstance(side, Fixed) and ordering and number_of(side.text) is None:
            raise ConditionError(
                text, _("not a number"), (side.position, side.text), _(_NUMBER_HINT)
            )
        if not isinstance(side, Lookup):
            continue
        textual = side.placeholder in (Placeholder.IP, Placeholder.DNS_RCODE)
        if ordering and (side.boolean or (textual and side.function is None)):
            at_side = (side.position, side.text)
            raise ConditionError(text, _("not a number"), at_side, _("compare it with == or !="))
        for value in other.options if isinstance(other, Choices) else (other,):
            if isinstance(value, Fixed):
                _check_value(text, side, value)
    return Condition(text, _normalized(left, right), condition.operator, _normalized(right, left))


def _check_value(text: str, lookup: Lookup, value: Fixed) -> None:
    """Whether ``value`` is something ``lookup`` can yield."""
    at = (value.position, value.text)
    if lookup.numeric and number_of(value.text) is None:
        raise ConditionError(text, _("not a number"), at, _(_NUMBER_HINT))
    if lookup.boolean and value.text.lower() not in ("true", "false"):
        raise ConditionError(text, _("not true or false"), at)
    rcode = lookup.function is None and lookup.placeholder is Placeholder.DNS_RCODE
    if rcode and value.text.upper() not in RCODES:
        known = ", ".join(RCODES[:4])
        # Translators: {codes} lists a few DNS response codes, as NOERROR, NXDOMAIN.
        hint = _("expected {codes}, …").format(codes=known)
        raise ConditionError(text, _("not a DNS response code"), at, hint)


def _normalized(side: Operand, other: Operand) -> Operand:
    """``side`` as it compares with ``other``: true and false in lower case, response codes
    in upper case."""
    if not isinstance(other, Lookup) or other.function == "len":
        return side
    if other.boolean:
        case = str.lower
    elif other.placeholder is Placeholder.DNS_RCODE:
        case = str.upper
    else:
        return side
    if isinstance(side, Fixed):
        return Fixed(case(side.text), side.position)
    if isinstance(side, Choices):
        options = tuple(Fixed(case(o.text), o.position) for o in side.options)
        return Choices(options, side.text)
    return side
