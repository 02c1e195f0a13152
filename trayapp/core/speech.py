"""Saying a text twice: in English for the JSON, in the user's language for people.

Some texts reach both a person and ``watch --json`` (a notification's title and body, the
network's words): the JSON stays English, byte for byte, whatever language the user reads
(docs/contract.md), and the person reads their own. Such a text is composed by a function of
a :class:`Speech`, which says its messages, counts and lengths in one language or the other::

    def _title(say: Speech, name: str) -> str:
        return say._("{name} is down").format(name=name)

    said = both(lambda say: _title(say, "GitHub"))
    said.english   # "GitHub is down": for the JSON
    said.shown     # "GitHub ist ausgefallen": for the notification

``say._``, ``say.ngettext`` and ``say.pgettext`` are extracted like :mod:`trayapp.core.i18n`'s
functions (Babel knows them by their names). :data:`IN_ENGLISH` says the messages as written;
:data:`SHOWN` through :mod:`trayapp.core.i18n` and :mod:`trayapp.core.formats`. While the user
reads English, :func:`both` composes once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trayapp.core import i18n
from trayapp.core.formats import format_number

__all__ = ["IN_ENGLISH", "SHOWN", "Said", "Speech", "both", "plain"]


@dataclass(frozen=True, slots=True)
class Speech:
    """One language to say a composed text in: English as written, or the user's."""

    english: bool
    """True: the messages as written, numbers as Python writes them (the JSON's English)."""

    def _(self, message: str) -> str:
        """``message`` in this speech's language."""
        return message if self.english else i18n._(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` of a message that counts (see :func:`trayapp.core.i18n.ngettext`)."""
        if self.english:
            return singular if n == 1 else plural
        return i18n.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in this speech's language, told apart by ``context``."""
        return message if self.english else i18n.pgettext(context, message)

    def number(self, value: int) -> str:
        """A whole number: ``1,234`` in English, the locale's way otherwise (``1.234``)."""
        return f"{value:,}" if self.english else format_number(value)

    def count(self, value: int) -> str:
        """A whole number inside a length of time or a list: ``1234`` in English, as the
        JSON's words have always written it; the locale's way otherwise."""
        return str(value) if self.english else format_number(value)


IN_ENGLISH = Speech(english=True)
"""The messages as written: what the JSON says."""
SHOWN = Speech(english=False)
"""The user's language (:func:`trayapp.core.i18n.language`): what people read."""


@dataclass(frozen=True, slots=True)
class Said:
    """One text in both languages: ``english`` for the JSON, ``shown`` for people."""

    english: str
    shown: str

    def __bool__(self) -> bool:
        return bool(self.english)


def plain(text: str) -> Said:
    """A text that is the same in every language (a name, the vendor's own words)."""
    return Said(text, text)


def both(compose: Callable[[Speech], str]) -> Said:
    """The text ``compose`` makes, in English and in the user's language (composed once while
    the user reads English, with English numbers)."""
    english = compose(IN_ENGLISH)
    spoken = i18n.language()
    if spoken.catalogue == i18n.ENGLISH and spoken.locale == i18n.ENGLISH:
        return Said(english, english)
    return Said(english, compose(SHOWN))
