"""Judging a check's conditions against what it saw: which do not hold, and why.

Pure: a probe hands over what it saw as an :class:`Observed` and gets back the conditions that
failed (:func:`judge`), each with its cause and a one-line detail, which :func:`diagnosis`
makes the check's. The language is :mod:`trayapp.core.config.conditions`.

What a placeholder yields, as in Gatus::

    [STATUS]                   the status code: 503
    [RESPONSE_TIME]            milliseconds from the request to the end of the body (dns: of
                               the lookup)
    [CERTIFICATE_EXPIRATION]   milliseconds until the server's certificate expires (below 0
                               once it has); 0 without a certificate (plain http)
    [IP]                       the address that answered; nothing through a proxy
    [CONNECTED]                true: conditions are judged on answers only; a check that
                               cannot connect fails with its own cause (refused, timeout, ...)
    [DNS_RCODE]                the DNS server's response code: NOERROR, NXDOMAIN, ...
    [BODY]                     the body's text, the spaces around it dropped; of a dns
                               check, its answers (an MX or SRV answer is its host, with
                               ":port" for SRV; a TXT answer its text)
    [BODY].a.b[0]              the JSON value there: a string as it is; a number as its
                               shortest text (1.0 is 1); true, false, null; an array or
                               object as compact JSON
    len(x)                     the elements of an array (the answers of a dns check), else
                               the characters of x's text
    has(x)                     whether the path leads to a value (null included), or x is
                               not empty

Comparing::

    ==  !=            whole numbers as numbers (0x1F == 31, "1" == 1), a JSON number as a
                      number (1.50 == 1.5), anything else as text, exactly (case counts)
    <  <=  >  >=      as numbers: a duration as milliseconds (48h), a whole number, a
                      decimal; a side that is no number fails (Gatus would read it as 0)
    pat(...)  any(...)  the text matches the pattern; is equal (as ==) to one of the values

A path that leads nowhere (no such key, an index past the end) fails every comparison but
``!=``; a body that is not JSON fails every comparison of a path, ``!=`` included (Gatus:
``!=`` holds). With a dns check, a comparison of ``[BODY]`` holds when it holds for one of
the answers; ``!=`` when ``==`` holds for none.

Causes::

    a condition on [RESPONSE_TIME]            slow
    a condition on [CERTIFICATE_EXPIRATION]   cert_expiring
    a condition on [STATUS]                   http_status, as expect_status would give
    any other                                 content
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from trayapp.core.config.conditions import (
    Choices,
    Condition,
    Fixed,
    Lookup,
    Operand,
    Placeholder,
)
from trayapp.core.config.patterns import Pattern
from trayapp.core.config.quantities import number_of, whole_number
from trayapp.core.models import Cause
from trayapp.core.phrases import checks as words
from trayapp.core.probes.causes import Diagnosis
from trayapp.core.text import printable

__all__ = ["Failed", "Observed", "diagnosis", "judge"]


@dataclass(frozen=True, slots=True)
class Observed:
    """What a check saw, for its conditions; None where it saw nothing of the kind."""

    status: int | None = None
    body: str | None = None
    """The decoded body (an http check)."""
    answers: tuple[str, ...] | None = None
    """The answers, as :data:`[BODY]` gives them (a dns check)."""
    response_ms: float = 0.0
    certificate_ms: float | None = None
    """Milliseconds until the certificate expires; None without one."""
    ip: str | None = None
    rcode: str | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """A condition that does not hold: the cause it gives, and the detail."""

    condition: Condition
    cause: Cause
    detail: str


def judge(conditions: Iterable[Condition], observed: Observed) -> list[Failed]:
    """The conditions that do not hold for ``observed``, in their order. Never raises for
    anything an answer holds."""
    answer = _Answer(observed)
    failed = []
    for condition in conditions:
        left, right = _side(condition.left, answer), _side(condition.right, answer)
        if not _holds(condition.operator, left, right):
            failed.append(Failed(condition, _cause(condition), _detail(condition, left, right)))
    return failed


def diagnosis(failed: Sequence[Failed]) -> Diagnosis | None:
    """The check's cause and detail: of the first condition that failed outright, else of
    the first that makes it degraded; None when none failed."""
    if not failed:
        return None
    first = next((f for f in failed if not f.cause.degrades), failed[0])
    more = len(failed) - 1
    also = f"; {words.MORE_CONDITIONS(count=more)}" if more else ""
    return Diagnosis(first.cause, first.detail + also)


_NOT_JSON = object()
_TOO_DEEP = object()
_NOWHERE = object()


@dataclass(frozen=True, slots=True)
class _Value:
    """One value a side yields: its text, and its number when it is one by type."""

    text: str
    number: int | float | None = None
    shown: str = ""
    """How the detail shows it; its text when empty."""


@dataclass(frozen=True, slots=True)
class _Seen:
    """What a side of a comparison yields: values, or none and why."""

    values: tuple[_Value, ...]
    absent: str = ""
    """Why there is nothing: "the body has no status"."""
    broken: bool = False
    """Nothing at all to compare, so that not even ``!=`` holds (a body that is not JSON)."""

    @property
    def shown(self) -> str:
        if not self.values:
            return self.absent
        shown = ", ".join(v.shown or printable(v.text, 40) for v in self.values[:3])
        if len(self.values) > 3:
            return words.GOT_MORE(values=shown, count=len(self.values) - 3)
        return words.GOT(values=shown)


@dataclass
class _Answer:
    """An :class:`Observed`, with its body's text and JSON read once, when first needed."""

    observed: Observed
    _text: str | None = None
    _document: object = field(default=None)
    _read: bool = False

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = (self.observed.body or "").strip()
        return self._text

    def document(self) -> object:
        """The body as JSON; :data:`_NOT_JSON` when it is not, :data:`_TOO_DEEP` when it
        nests deeper than Python's parser goes (about 900 levels)."""
        if not self._read:
            self._read = True
            try:
                self._document = json.loads(self.text)
            except ValueError:  # numbers past int's 4300 digits are one too
                self._document = _NOT_JSON
            except RecursionError:
                self._document = _TOO_DEEP
        return self._document


def _side(operand: Operand, answer: _Answer) -> _Seen | Choices | Pattern:
    if isinstance(operand, Fixed):
        return _Seen((_Value(operand.text),))
    if isinstance(operand, Lookup):
        return _lookup(operand, answer)
    return operand


def _lookup(lookup: Lookup, answer: _Answer) -> _Seen:
    observed = answer.observed
    if lookup.placeholder is Placeholder.BODY:
        if observed.answers is not None:
            return _answers(lookup, observed.answers)
        if lookup.path:
            return _json_path(lookup, answer)
        if lookup.function == "len":
            document = answer.document() if answer.text.startswith("[") else None
            count = len(document) if isinstance(document, list) else len(answer.text)
            return _Seen((_number(count),))
        if lookup.function == "has":
            return _Seen((_boolean(bool(answer.text)),))
        return _Seen((_Value(answer.text, shown=_quoted(answer.text)),))
    seen = _placeholder(lookup.placeholder, observed)
    if lookup.function == "has":
        return _Seen((_boolean(bool(seen.values and seen.values[0].text)),))
    if lookup.function == "len":
        return _Seen((_number(len(seen.values[0].text)),)) if seen.values else seen
    return seen


def _placeholder(placeholder: Placeholder, observed: Observed) -> _Seen:
    if placeholder is Placeholder.STATUS:
        if observed.status is None:
            return _Seen((), words.NO_STATUS())
        return _Seen((_number(observed.status),))
    if placeholder is Placeholder.RESPONSE_TIME:
        ms = observed.response_ms
        return _Seen((_Value(_number_text(round(ms)), ms, f"{ms:.0f} ms"),))
    if placeholder is Placeholder.CERTIFICATE_EXPIRATION:
        left = observed.certificate_ms
        if left is None:
            return _Seen((_Value("0", 0, words.NO_CERTIFICATE()),))
        return _Seen((_Value(_number_text(round(left)), left, _span(left)),))
    if placeholder is Placeholder.IP:
        if not observed.ip:
            return _Seen((), words.NO_IP())
        return _Seen((_Value(observed.ip),))
    if placeholder is Placeholder.CONNECTED:
        return _Seen((_boolean(True),))
    if observed.rcode is None:
        return _Seen((), words.NO_RCODE())
    return _Seen((_Value(observed.rcode),))


def _answers(lookup: Lookup, answers: tuple[str, ...]) -> _Seen:
    if lookup.function == "len":
        return _Seen((_number(len(answers)),))
    if lookup.function == "has":
        return _Seen((_boolean(bool(answers)),))
    if not answers:
        return _Seen((), words.NO_ANSWERS())
    return _Seen(tuple(_Value(a, shown=printable(a, 40)) for a in answers))


def _json_path(lookup: Lookup, answer: _Answer) -> _Seen:
    document = answer.document()
    where = printable(_path_text(lookup.path), 60)
    if document is _NOT_JSON or document is _TOO_DEEP:
        if lookup.function == "has":
            return _Seen((_boolean(False),))
        if document is _TOO_DEEP:
            said = words.NOT_JSON_DEEP()
        elif answer.text:
            said = words.NOT_JSON_SAID(text=_quoted(answer.text, 30))
        else:
            said = words.NOT_JSON_EMPTY()
        return _Seen((), said, broken=True)
    node = document
    for step in lookup.path:
        node = _step(node, step)
        if node is _NOWHERE:
            break
    if lookup.function == "has":
        return _Seen((_boolean(node is not _NOWHERE),))
    if node is _NOWHERE:
        return _Seen((), words.HAS_NO(where=where))
    if lookup.function == "len":
        if isinstance(node, list):
            return _Seen((_number(len(node)),))
        text = _json_text(node)
        if text is None:
            return _Seen((), words.TOO_DEEP_TO_MEASURE(where=where))
        return _Seen((_number(len(text)),))
    return _Seen((_json_value(node),))


def _step(node: object, step: str | int) -> object:
    """What ``step`` (a key, an index) leads to from ``node``; :data:`_NOWHERE` when it leads
    nowhere."""
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and step < len(node) else _NOWHERE
    return node[step] if isinstance(node, dict) and step in node else _NOWHERE


def _path_text(path: tuple[str | int, ...]) -> str:
    """``("data", 0, "id")`` as ``data[0].id``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _json_value(node: object) -> _Value:
    if isinstance(node, str):
        return _Value(node, shown=_quoted(node))
    if isinstance(node, int | float) and not isinstance(node, bool):
        return _number(node)
    text = _json_text(node)
    if text is None:
        return _Value("", shown=words.TOO_DEEP_TO_SHOW())
    return _Value(text, shown=printable(text, 60))


def _json_text(node: object) -> str | None:
    """A JSON value as text, as Gatus gives it; None when it is too deep to write."""
    if isinstance(node, str):
        return node
    if node is True or node is False or node is None:
        return json.dumps(node)
    if isinstance(node, int | float):
        return _number_text(node)
    try:
        return json.dumps(node, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, RecursionError):
        return None


def _number(value: int | float) -> _Value:
    return _Value(_number_text(value), value)


def _boolean(value: bool) -> _Value:
    return _Value("true" if value else "false")


def _number_text(value: int | float) -> str:
    """1.0 as "1", 0.5 as "0.5": the shortest text, as Gatus writes a JSON number."""
    if (
        isinstance(value, float)
        and math.isfinite(value)
        and value.is_integer()
        and abs(value) < 1e21
    ):
        return str(int(value))
    return str(value) if isinstance(value, int) else repr(value)


def _quoted(text: str, limit: int = 40) -> str:
    return f'"{printable(text, limit)}"'


def _span(ms: float) -> str:
    """Milliseconds until a certificate expires, as ``4d 23h``; ``-2h 5m (expired)``."""
    seconds = abs(ms) / 1000
    days, hours = int(seconds // 86_400), int(seconds % 86_400 // 3600)
    minutes = int(seconds % 3600 // 60)
    if days:
        text = f"{days}d {hours}h" if hours else f"{days}d"
    elif hours:
        text = f"{hours}h {minutes}m" if minutes else f"{hours}h"
    else:
        text = f"{minutes}m" if minutes else f"{int(seconds)}s"
    return f"-{text} (expired)" if ms < 0 else text


def _holds(
    operator: str, left: _Seen | Choices | Pattern, right: _Seen | Choices | Pattern
) -> bool:
    if isinstance(left, Choices | Pattern):
        left, right = right, left
    assert isinstance(left, _Seen)
    if isinstance(right, Choices | Pattern):
        if not left.values:
            return operator == "!=" and not left.broken
        if isinstance(right, Pattern):
            match = any(right.matches(value.text) for value in left.values)
        else:
            options = [_Value(option.text) for option in right.options]
            match = any(_equal(value, option) for value in left.values for option in options)
        return match if operator == "==" else not match
    if not left.values or not right.values:
        return operator == "!=" and not (left.broken or right.broken)
    pairs = [(a, b) for a in left.values for b in right.values]
    if operator == "==":
        return any(_equal(a, b) for a, b in pairs)
    if operator == "!=":
        return not any(_equal(a, b) for a, b in pairs)
    return any(_ordered(operator, a, b) for a, b in pairs)


def _equal(a: _Value, b: _Value) -> bool:
    whole_a, whole_b = whole_number(a.text), whole_number(b.text)
    if whole_a is not None and whole_b is not None:
        return whole_a == whole_b
    if a.number is not None or b.number is not None:
        number_a, number_b = _as_number(a), _as_number(b)
        if number_a is not None and number_b is not None:
            return number_a == number_b
    return a.text == b.text


def _ordered(operator: str, a: _Value, b: _Value) -> bool:
    number_a, number_b = _as_number(a), _as_number(b)
    if number_a is None or number_b is None:
        return False
    if operator == "<":
        return number_a < number_b
    if operator == "<=":
        return number_a <= number_b
    if operator == ">":
        return number_a > number_b
    return number_a >= number_b


def _as_number(value: _Value) -> int | float | None:
    return value.number if value.number is not None else number_of(value.text)


def _cause(condition: Condition) -> Cause:
    placeholders = condition.placeholders
    if Placeholder.RESPONSE_TIME in placeholders:
        return Cause.SLOW
    if Placeholder.CERTIFICATE_EXPIRATION in placeholders:
        return Cause.CERT_EXPIRING
    if Placeholder.STATUS in placeholders:
        return Cause.HTTP_STATUS
    return Cause.CONTENT


def _detail(
    condition: Condition, left: _Seen | Choices | Pattern, right: _Seen | Choices | Pattern
) -> str:
    """``[BODY].status == UP: got "DOWN"``: the condition and what its placeholders gave."""
    ordering = condition.operator not in ("==", "!=")
    said = []
    for operand, seen in ((condition.left, left), (condition.right, right)):
        if not isinstance(operand, Lookup) or not isinstance(seen, _Seen):
            continue
        shown = seen.shown
        if ordering and len(seen.values) == 1 and _as_number(seen.values[0]) is None:
            shown = words.NOT_A_NUMBER(seen=shown)
        said.append(shown)
    return words.SUBJECT(subject=printable(condition.text, 80), detail="; ".join(said))
