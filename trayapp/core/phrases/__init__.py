"""The English sentences trayapp keeps, and how people read them in their own language.

A check's detail ("connection refused by example.com:443"), a status page's description ("All
systems operational"), a line of an incident's timeline ("Back up after 5 min") are written in
English: ``--json`` says them byte for byte as ever (docs/contract.md), and the history keeps
them as they were said, whatever language its reader speaks. Each is a :class:`Phrase`, one of
the finite set this package's modules hold (:mod:`.checks`, :mod:`.readings`, :mod:`.notes`).
A phrase writes the English; :func:`retell` reads an English sentence back, finds which phrase
said it and with what, and says it again in the user's language::

    REFUSED_BY = Phrase(N_("connection refused by {endpoint}"))
    REFUSED_BY(endpoint="example.com:443")    # "connection refused by example.com:443"
    retell("connection refused by example.com:443")
                                              # "Verbindung von example.com:443 abgewiesen"

The live tooltip and a timeline read back from the history go the same way, and nothing is
translated until it is shown (the probes write English only; the store needs nothing more).

Every phrase is compiled once, at the first :func:`retell`, into a regular expression: its
text, each ``{placeholder}`` a group whose name says what it holds, and how it is said again:

    nested       detail reason failure summary said seen problem origin
                 another sentence: retold in turn ("{detail} (redirected to plain HTTP)")
    maybe        subject target endpoint words first feed expected
                 another sentence, or data (a target, a vendor's words): retold if it can be
    lengths      timeout took limit length rtt      "5s", "1m30s", "4.2 s", "0.41 ms", "1 h 5 min"
    numbers      count more sent received flaps total size left_out good failing
                 a number, in the locale's digits; ``count`` chooses the plural form
    measures     spread                             "0.41/0.57/0.90 ms": its numbers localized
    a share      percent                            "50%" as the locale writes a percentage
    a day        day                                "2026-08-03" as the locale writes a date
    words        verdict status cause level         the domain's words (``down for everyone``)
    lists        continents                         "Europe and Asia": each name translated
    address      address                            an IP address
    anything else                                   data: a name, a host, a URL, as it is

No placeholder of data or of a nested sentence spans ``"; "``: a list of sentences joined so
("a; b") is told a sentence at a time. A sentence in quotes ('...') is told inside them. What
no phrase says is shown as it was stored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from trayapp.core import i18n
from trayapp.core.formats import format_date, format_number, format_percent, format_seconds
from trayapp.core.i18n import _
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.speech import SHOWN, Speech
from trayapp.core.text import length_text

__all__ = ["Phrase", "retell", "unknown_parts"]

_PHRASES: list[Phrase] = []
"""Every phrase made, in the order their modules made them."""


class Phrase:
    """An English sentence with ``{placeholders}``, as trayapp writes and stores it.

    Args:
        message: The English, marked for translation (``Phrase(N_("..."))``).
        plural: For a sentence that counts (``{count}``), its plural form; made by
            :meth:`ngettext`.
    """

    __slots__ = ("message", "plural")

    def __init__(self, message: str, plural: str | None = None) -> None:
        self.message = message
        self.plural = plural
        _PHRASES.append(self)

    @classmethod
    def ngettext(cls, singular: str, plural: str) -> Phrase:
        """A sentence that counts: ``{count}``'s value chooses the form, in every language.
        (Named as gettext's function, so that the extractor takes both forms.)"""
        return cls(singular, plural)

    def __repr__(self) -> str:
        return f"Phrase({self.message!r})"

    def __call__(self, **values: object) -> str:
        """The sentence in English, as the JSON and the history keep it. Whole numbers for a
        number placeholder are written with English digit grouping (``1,234``)."""
        english = {name: _english(name, value) for name, value in values.items()}
        return self._form(values.get("count")).format(**english)

    def said(self, say: Speech = SHOWN, **values: object) -> str:
        """The sentence in ``say``'s language: English as :meth:`__call__` writes it, else
        translated, each value said as :func:`retell` says a value it found."""
        if say.english or _english_only():
            return self(**values)
        english = {name: _english(name, value) for name, value in values.items()}
        return self._tell(english, 0, [])

    def _form(self, count: object) -> str:
        if self.plural is None:
            return self.message
        return self.message if count == 1 or count == "1" else self.plural

    def _tell(self, values: Mapping[str, str], depth: int, unknown: list[str]) -> str:
        """The sentence translated, with ``values`` (its English parts) said anew."""
        if self.plural is None:
            text = _(self.message)
        else:
            text = i18n.ngettext(self.message, self.plural, _whole(values.get("count", "0")))
        shown = {name: _say(name, value, depth, unknown) for name, value in values.items()}
        return text.format(**shown)


def retell(text: str, say: Speech = SHOWN) -> str:
    """``text``, an English sentence a phrase wrote, in ``say``'s language (the user's);
    as it is when the language is English or no phrase says it."""
    if say.english or not text or _english_only():
        return text
    return _retold(i18n.language(), text)[0]


def unknown_parts(text: str) -> tuple[str, ...]:
    """The parts of ``text`` that no phrase says (the whole, or a nested sentence): what
    :func:`retell` leaves in English. Empty when every part was recognized."""
    return _retold(i18n.language(), text)[1]


@functools.lru_cache(maxsize=4096)
def _retold(spoken: i18n.Language, text: str) -> tuple[str, tuple[str, ...]]:
    # Keyed by the language: the tooltip retells the same few details after every round.
    unknown: list[str] = []
    told = _tell(text, 0, unknown)
    if told is None:
        unknown.append(text)
    return (text if told is None else told), tuple(unknown)


_MAX_DEPTH = 8


def _tell(text: str, depth: int, unknown: list[str]) -> str | None:
    """``text`` retold; None when no phrase says it (nested parts no phrase says are added
    to ``unknown``)."""
    if depth > _MAX_DEPTH or not text:
        return None
    if len(text) > 2 and text[0] == text[-1] == "'":
        inner = _tell(text[1:-1], depth + 1, unknown)
        return None if inner is None else f"'{inner}'"
    for entry in _book():
        if not (text.startswith(entry.prefix) and text.endswith(entry.suffix)):
            continue
        found = entry.pattern.fullmatch(text)
        if found is not None:
            return entry.phrase._tell(found.groupdict(), depth + 1, unknown)
    if "; " in text:
        pieces = text.split("; ")
        told = [_tell(piece, depth + 1, unknown) for piece in pieces]
        if any(piece is not None for piece in told):
            unknown += [piece for piece, said in zip(pieces, told, strict=True) if said is None]
            return "; ".join(s if s is not None else p for p, s in zip(pieces, told, strict=True))
        return None
    if text in _alone():
        return _alone()[text](text)
    if text[0].islower():  # a title made part of a sentence: "you're offline: ..."
        return _tell(text[0].upper() + text[1:], depth + 1, unknown)
    return None


@functools.cache
def _alone() -> dict[str, Callable[[str], str]]:
    """The domain's words that are a whole text by themselves: a status, a cause, a status
    page's level (a note says ``down`` when a failure had no detail; a dashboard's component
    its level)."""
    found: dict[str, Callable[[str], str]] = {}
    for word in _LEVELS:
        found[word] = found[word[0].upper() + word[1:]] = _level
    found.update({cause.value: _cause for cause in Cause})
    found.update({status.value: _status for status in Status})
    return found


@dataclass(frozen=True, slots=True)
class _Entry:
    pattern: re.Pattern[str]
    prefix: str
    """The literal text before the first placeholder: a quick test before the pattern's."""
    suffix: str
    phrase: Phrase


_FIELD = re.compile(r"\{(\w+)\}")


@functools.cache
def _book() -> tuple[_Entry, ...]:
    """Every phrase's forms compiled, the most specific first: the most literal text, then
    the fewest placeholders that may hold anything."""
    from trayapp.core.phrases import checks, notes, readings  # noqa: F401 - they make them

    entries: list[tuple[int, int, _Entry]] = []
    for phrase in _PHRASES:
        for form in dict.fromkeys(f for f in (phrase.message, phrase.plural) if f is not None):
            fields = list(_FIELD.finditer(form))
            literal = len(_FIELD.sub("", form))
            prefix = form[: fields[0].start()] if fields else form
            suffix = form[fields[-1].end() :] if fields else form
            entry = _Entry(_compile(form, fields), prefix, suffix, phrase)
            # Of two as literal, the one whose placeholders are the more particular first.
            loose = sum(_pattern(field.group(1)) == _ANYTHING for field in fields)
            entries.append((-literal, loose, entry))
    entries.sort(key=lambda item: item[:2])
    return tuple(entry for *_order, entry in entries)


def _compile(form: str, fields: list[re.Match[str]]) -> re.Pattern[str]:
    parts, at, named = [], 0, set()
    for field in fields:
        parts.append(re.escape(form[at : field.start()]))
        name = field.group(1)
        parts.append(f"(?P={name})" if name in named else f"(?P<{name}>{_pattern(name)})")
        named.add(name)
        at = field.end()
    parts.append(re.escape(form[at:]))
    return re.compile("".join(parts), re.DOTALL)


# --- what each placeholder holds --------------------------------------------------------

_NESTED = frozenset({"detail", "reason", "failure", "summary", "said", "seen", "problem", "origin"})
_MAYBE = frozenset({"subject", "target", "endpoint", "words", "first", "feed", "expected"})
"""Placeholders that hold a sentence of trayapp's or data (a target, a vendor's words):
retold when a phrase says them, shown as they are otherwise."""
_LENGTHS = frozenset({"timeout", "took", "limit", "length", "rtt"})
_NUMBERS = frozenset(
    {"count", "more", "sent", "received", "flaps", "total", "size", "left_out"}
    | {"good", "failing"}
)
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_UNIT = r"(?:ms|min|s|m|h|d)"
_LENGTH = rf"{_NUMBER} ?{_UNIT}(?: ?{_NUMBER} ?{_UNIT})*"
_ANYTHING = r"(?:(?!; ).)+?"
_ADDRESS = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+(?:%[\w.-]+)?)"
_LEVELS = ("operational", "maintenance", "unknown", "degraded", "partial outage", "major outage")
"""A status page's levels in English words (:class:`~trayapp.core.vendors.VendorLevel`)."""


def _alternatives(words: list[str], capital: bool = False) -> str:
    def one(word: str) -> str:
        head = f"[{word[0]}{word[0].upper()}]" if capital else re.escape(word[0])
        return head + re.escape(word[1:])

    return "(?:" + "|".join(one(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _pattern(name: str) -> str:
    if name in _LENGTHS:
        return _LENGTH
    if name in _NUMBERS:
        return _NUMBER
    if name == "spread":
        return rf"{_NUMBER}(?:/{_NUMBER})* ms"
    if name == "day":
        return r"\d{4}-\d\d-\d\d"
    if name == "percent":
        return rf"{_NUMBER}%"
    if name == "address":
        return _ADDRESS
    if name == "code":
        return r"\d{3}"
    if name == "verdict":
        return _alternatives([v.words for v in Verdict])
    if name == "status":
        return _alternatives([s.value for s in Status])
    if name == "cause":
        return _alternatives([c.value for c in Cause])
    if name == "level":
        return _alternatives(list(_LEVELS), capital=True)
    return _ANYTHING


def _english(name: str, value: object) -> str:
    if name in _NUMBERS and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _say(name: str, value: str, depth: int, unknown: list[str]) -> str:
    """A placeholder's English value, said in the user's language."""
    if name in _NESTED or name in _MAYBE:
        told = _tell(value, depth, unknown)
        if told is None and value and name in _NESTED:
            unknown.append(value)
        return value if told is None else told
    sayer = _SAYERS.get(name)
    if sayer is None and name in _LENGTHS:
        sayer = _length
    elif sayer is None and name in _NUMBERS:
        sayer = _number
    if sayer is None:
        return value
    try:
        return sayer(value)
    except ValueError:  # not what the phrase's pattern promised: a value from elsewhere
        return value


def _whole(text: str) -> int:
    try:
        return round(float(text.replace(",", "")))
    except ValueError:
        return 0


def _number(text: str) -> str:
    english = text.replace(",", "")
    decimals = len(english.partition(".")[2])
    value = float(english)
    return format_number(round(value) if not decimals else value, decimals=decimals or None)


_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def _length(text: str) -> str:
    parts = re.findall(rf"({_NUMBER}) ?({_UNIT})", text)
    if not parts:
        raise ValueError(text)
    if len(parts) == 1 and parts[0][1] == "ms":
        # Translators: a length of time in milliseconds; "ms" is the SI symbol.
        return _("{milliseconds} ms").format(milliseconds=_number(parts[0][0]))
    seconds = sum(float(n.replace(",", "")) * _SECONDS[unit] for n, unit in parts)
    if seconds < 60 and not float(seconds).is_integer():
        return format_seconds(seconds)
    if 60 < seconds < 3600 and seconds % 60:
        minutes, rest = divmod(round(seconds), 60)
        # Translators: a length of time in minutes and seconds, abbreviated.
        return _("{minutes} min {seconds} s").format(
            minutes=format_number(minutes), seconds=format_number(rest)
        )
    return length_text(seconds)


def _measures(text: str) -> str:
    return re.sub(_NUMBER, lambda found: _number(found.group()), text)


def _percent(text: str) -> str:
    english = text.removesuffix("%")
    return format_percent(float(english) / 100, decimals=len(english.partition(".")[2]))


def _day(text: str) -> str:
    return format_date(date.fromisoformat(text))


def _verdict(text: str) -> str:
    return Verdict(text.replace(" ", "_")).shown


def _status(text: str) -> str:
    return Status(text).shown


def _cause(text: str) -> str:
    return Cause(text).shown


def _level(text: str) -> str:
    said = _(text.lower())
    return said[:1].upper() + said[1:] if text[:1].isupper() else said


_CONTINENTS = frozenset(
    {"Africa", "Antarctica", "Asia", "Europe", "North America", "Oceania", "South America"}
)
"""The continents in English, as the outside network's findings name them."""


def _continents(text: str) -> str:
    head, joined, last = text.rpartition(" and ")
    names = [*head.split(", "), last] if joined else [text]
    shown = [_(name) if name in _CONTINENTS else name for name in names]
    if len(shown) == 1:
        return shown[0]
    # Translators: the last two of a list of continents ("Europe, Asia and Africa").
    return _("{names} and {last}").format(names=", ".join(shown[:-1]), last=shown[-1])


_SAYERS: dict[str, Callable[[str], str]] = {
    "continents": _continents,
    "spread": _measures,
    "day": _day,
    "percent": _percent,
    "verdict": _verdict,
    "status": _status,
    "cause": _cause,
    "level": _level,
}


def _english_only() -> bool:
    spoken = i18n.language()
    return spoken.catalogue == i18n.ENGLISH and spoken.locale == i18n.ENGLISH
