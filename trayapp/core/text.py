"""Text that goes into a check's detail: one printable line, no secrets; and counted nouns.

Anything a server sent (a reason phrase, a redirect's URL) may hold control characters
or terminal escape sequences, and is shown in a terminal and in the tray; a URL from the
config may carry credentials: a user and password, a token as the user
(``https://ghp_…@host/``), or a key or signature in the query (``?api_key=…``,
``X-Amz-Signature=…``). :func:`redact_url` masks them all, and is how every URL is shown,
logged, stored and exported.

A count goes with the noun that fits it: ``1 service``, ``2 services``, ``3 canaries`` (never
``1 services``). :func:`plural` does it in English only; a message a user reads counts through
:func:`trayapp.core.i18n.ngettext` instead, the whole message in each of its plural forms, so
that every language gets its own (``ngettext("{count} service", "{count} services", n)``).
:func:`length_text` says how long something lasted in the user's language.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from trayapp.core.formats import format_number
from trayapp.core.i18n import _

__all__ = [
    "duration_text",
    "length_text",
    "plural",
    "plural_of",
    "printable",
    "quoted",
    "redact_url",
]


def printable(text: str, limit: int = 120) -> str:
    """``text`` on one line, control characters shown as ``?``, cut to ``limit`` characters."""
    if len(text) <= limit and text.isascii() and text.isprintable():
        return text  # the common case, and a Prometheus answer has thousands of them
    cleaned = "".join(
        "?" if unicodedata.category(char).startswith("C") else char for char in text[: limit + 1]
    )
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def quoted(text: str, limit: int = 60) -> str:
    """``text`` in single quotes, for details like ``body contains 'down'``."""
    return f"'{printable(text, limit)}'"


_CREDENTIAL_NAME = re.compile(
    r"key|token|secret|passw|pwd|pass$|auth|sig|credential|session|sid$|jwt|bearer|"
    r"code$|otp|apikey|access|private|cert|hash",
    re.IGNORECASE,
)
"""Query parameter names whose values are credentials (matched anywhere in the name)."""

_TOKEN_LIKE = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9_\-.~+/=%]{20,}")
"""A value that looks like a token whatever its parameter is called: long, letters and
digits mixed (``page=2`` or ``q=status`` are left alone)."""


_AUTHORITY_USER = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")


def redact_url(url: str) -> str:
    """``url`` as it may be shown: user info and credential values in the query as ``***``.

    ``https://alice:pw@host/`` and ``https://ghp_x@host/`` give ``https://***@host/``;
    ``?api_key=k&page=2`` gives ``?api_key=***&page=2``. The result is one printable line.
    """
    if "@" not in url and "?" not in url and "#" not in url:
        return printable(url)  # the common case: nothing to mask, and every check's target
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken authority ("[" unclosed): mask up to its last "@"
        return printable(_AUTHORITY_USER.sub(r"\1***@", url))
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rpartition("@")[2]
    query = "&".join(_mask_parameter(item) for item in parts.query.split("&"))
    fragment = parts.fragment
    if "=" in fragment:  # OAuth's implicit flow puts tokens there: #access_token=…
        fragment = "&".join(_mask_parameter(item) for item in fragment.split("&"))
    if (netloc, query, fragment) == (parts.netloc, parts.query, parts.fragment):
        return printable(url)
    return printable(urlunsplit(parts._replace(netloc=netloc, query=query, fragment=fragment)))


def _mask_parameter(item: str) -> str:
    name, equals, value = item.partition("=")
    if not equals or not value:
        return item
    if _CREDENTIAL_NAME.search(name) or _TOKEN_LIKE.fullmatch(value):
        return f"{name}=***"
    return item


def duration_text(seconds: float) -> str:
    """``0.0123`` gives ``"12 ms"``, ``4.25`` gives ``"4.2 s"``, ``75`` gives ``"75 s"``."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 10:
        return f"{seconds:.1f} s"
    return f"{seconds:.0f} s"


def length_text(seconds: float) -> str:
    """A length of time as a person says it, in the user's language: ``45 s``, ``41 min``,
    ``1 h 5 min``, ``2 d 3 h`` (``2 T. 3 Std.``); :func:`trayapp.core.incident.format_length`
    translated."""
    whole = max(0, round(seconds))
    if whole < 60:
        # Translators: a length of time in seconds; "s" is the SI symbol.
        return _("{seconds} s").format(seconds=format_number(whole))
    minutes = round(whole / 60)
    if minutes < 60:
        # Translators: a length of time in minutes, abbreviated.
        return _("{minutes} min").format(minutes=format_number(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if minutes:
            # Translators: a length of time in hours and minutes, abbreviated.
            return _("{hours} h {minutes} min").format(
                hours=format_number(hours), minutes=format_number(minutes)
            )
        # Translators: a length of time in hours, abbreviated.
        return _("{hours} h").format(hours=format_number(hours))
    days, hours = divmod(hours, 24)
    if hours:
        # Translators: a length of time in days and hours, abbreviated.
        return _("{days} d {hours} h").format(days=format_number(days), hours=format_number(hours))
    # Translators: a length of time in days, abbreviated.
    return _("{days} d").format(days=format_number(days))


_IRREGULAR = {"echo": "echoes", "person": "people", "child": "children", "analysis": "analyses"}
"""Plurals the rules of :func:`plural_of` get wrong."""


def plural_of(noun: str) -> str:
    """The plural of an English ``noun`` (its last word, for ``confirmed outage``):
    ``services``, ``canaries``, ``days``, ``matches``, ``echoes``."""
    head, space, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        many = _IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in ("", "a", "e", "i", "o", "u"):
        many = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        many = last + "es"
    else:
        many = last + "s"
    return head + space + many


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the English noun that fits it: ``1 service``, ``0 services``, ``2,048 rounds``.

    English only: what a user reads counts with :func:`trayapp.core.i18n.ngettext`.

    Args:
        count: How many.
        noun: The noun for one (``service``, ``older round``).
        nouns: The noun for any other count; :func:`plural_of` ``noun`` when None.
    """
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {nouns if nouns is not None else plural_of(noun)}"
