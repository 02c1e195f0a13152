"""Translations: every string a user reads goes through here, in the core, the CLI and the ui.

The functions are gettext's, named as its tools expect, so that Babel extracts them
(``make translations``)::

    _("Settings")                                     a message
    ngettext("{count} service", "{count} services", n).format(count=n)
                                                      a count meets a noun
    pgettext("tray status", "Down")                   one English word, two meanings
    N_("The service's name")                          marked, not translated: a constant
                                                      translated where it is shown, _(CONSTANT)

Placeholders are named and filled after translation (``.format(name=...)``), so that a
translation may reorder them; a sentence is translated whole, never built from pieces. A
``# Translators:`` comment on the line before a call reaches the translator.

The language (:func:`language`) is chosen once, at the first translation, by
:func:`choose_language`: ``TRAYAPP_LANGUAGE`` first, else the desktop's (on Linux
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` as GNU gettext reads them; on macOS and
Windows the system's preferred languages), the first one trayapp has a catalogue for; else
English, the language of the source. :func:`set_language` changes it (tests, a setting).

``TRAYAPP_LANGUAGE=x-pseudo`` is the pseudo-locale: every translated string comes back
accented and between ``⟦`` and ``⟧`` (placeholders, markup and ``%`` conversions intact), so
that a test can find any text that bypassed translation (tests/support/pseudo.py).

Catalogues are compiled gettext files, ``resources/locale/<language>/LC_MESSAGES/trayapp.mo``.
Importing this module costs next to nothing: English needs no catalogue, gettext is imported
only to read one, and Babel (:mod:`trayapp.core.formats`) only when something is formatted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple, Protocol

__all__ = [
    "DOMAIN",
    "ENGLISH",
    "LANGUAGE_VARIABLE",
    "MARK_CLOSE",
    "MARK_OPEN",
    "N_",
    "PSEUDO",
    "Language",
    "_",
    "available_catalogues",
    "choose_language",
    "language",
    "ngettext",
    "pgettext",
    "preferred_languages",
    "pseudo",
    "set_language",
    "split_multi_string",
    "system_languages",
]

DOMAIN = "trayapp"
"""The catalogues' name: ``trayapp.pot``, ``trayapp.po``, ``trayapp.mo``."""
ENGLISH = "en"
PSEUDO = "x-pseudo"
LANGUAGE_VARIABLE = "TRAYAPP_LANGUAGE"
MARK_OPEN = "⟦"
MARK_CLOSE = "⟧"


class Language(NamedTuple):
    """The language trayapp speaks.

    Attributes:
        catalogue: ``"en"`` (the source's own strings), :data:`PSEUDO`, or the name of a
            catalogue under ``resources/locale`` (``"de"``).
        locale: What dates and numbers are formatted for, as Babel and Qt name it: the
            user's own tag when it names a region (``"de_AT"``, ``"en_GB"``), else the
            language (``"de"``, ``"en"``).
    """

    catalogue: str
    locale: str


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...
    def pgettext(self, context: str, message: str, /) -> str: ...


class _Source:
    """English: the strings as written."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str, /) -> str:
        return message


class _Pseudo(_Source):
    """The pseudo-locale: every string marked."""

    def gettext(self, message: str, /) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str, /) -> str:
        return pseudo(message)


_language: Language | None = None
_translations: _Translations = _Source()


def _(message: str) -> str:
    """``message`` in the user's language (itself when there is no translation)."""
    if _language is None:
        _start()
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` of a message that counts, in the user's language.

    Args:
        singular: The English for one, e.g. ``"{count} service"``.
        plural: The English for any other count, e.g. ``"{count} services"``.
        n: The count, which picks the form (German has two, Polish three, Arabic six).
    """
    if _language is None:
        _start()
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the user's language, where ``context`` tells two uses of it apart."""
    if _language is None:
        _start()
    return _translations.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name, which the extractor knows
    """``message`` itself, marked for extraction: translate it where it is shown."""
    return message


def language() -> Language:
    """The language trayapp speaks, chosen from the environment at the first call."""
    if _language is None:
        _start()
    assert _language is not None
    return _language


def set_language(tag: str | Language | None) -> Language:
    """Speak ``tag`` from now on (``"de"``, ``"de_AT"``, :data:`PSEUDO`); None chooses anew
    from the environment. A language without a catalogue gives English.

    Returns:
        The language now spoken.
    """
    global _language, _translations
    if tag is None:
        chosen = choose_language(os.environ, sys.platform)
    elif isinstance(tag, Language):
        chosen = tag
    else:
        chosen = choose_language({LANGUAGE_VARIABLE: tag}, sys.platform)
    _translations = _load(chosen.catalogue)
    _language = chosen
    return chosen


def _start() -> None:
    set_language(None)


def _load(catalogue: str) -> _Translations:
    if catalogue == ENGLISH:
        return _Source()
    if catalogue == PSEUDO:
        return _Pseudo()
    import gettext

    from trayapp.core.paths import resource_path

    try:
        path = resource_path("locale", catalogue, "LC_MESSAGES", f"{DOMAIN}.mo")
        with path.open("rb") as file:
            return gettext.GNUTranslations(file)
    except (OSError, ValueError):  # gone since it was listed, or not a catalogue: English
        return _Source()


def available_catalogues() -> frozenset[str]:
    """The languages trayapp has a compiled catalogue for (``{"de"}``), English aside."""
    # Here, not at the top: the paths bring platformdirs, which English never needs.
    from trayapp.core.paths import resource_path

    try:
        root = resource_path("locale")
    except FileNotFoundError:
        return frozenset()
    return frozenset(
        folder.name
        for folder in root.iterdir()
        if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )


def choose_language(
    environ: Mapping[str, str],
    platform: str,
    *,
    system: Callable[[], Sequence[str]] | None = None,
    available: Collection[str] | None = None,
) -> Language:
    """The first of the user's languages (:func:`preferred_languages`) trayapp speaks.

    English is always spoken; a language is spoken when there is a catalogue for it, or for
    its language without the region (``de_AT`` takes ``de``). ``C`` and ``POSIX`` are English.

    Args:
        environ: The environment (``os.environ``).
        platform: ``sys.platform``.
        system: The system's preferred languages on macOS and Windows (default:
            :func:`system_languages`).
        available: The catalogues there are (default: :func:`available_catalogues`).
    """
    catalogues = available  # listed only when a language other than English is wanted
    for tag in preferred_languages(environ, platform, system=system):
        name = _normalized(tag)
        if name.casefold() == PSEUDO:
            return Language(PSEUDO, ENGLISH)
        if name in ("C", "POSIX", ""):
            return Language(ENGLISH, ENGLISH)
        base = name.partition("_")[0].lower()
        if base == ENGLISH:
            return Language(ENGLISH, name)
        if catalogues is None:
            catalogues = available_catalogues()
        for candidate in (name, base):
            if candidate in catalogues:
                return Language(candidate, name)
    return Language(ENGLISH, ENGLISH)


def _normalized(tag: str) -> str:
    """``de_DE.UTF-8@euro`` or ``de-DE`` as ``de_DE``; ``zh-Hans-CN`` as ``zh_Hans_CN``."""
    tag = tag.strip().partition(".")[0].partition("@")[0]
    if tag.casefold() == PSEUDO:
        return tag
    parts = tag.replace("-", "_").split("_")
    return "_".join([parts[0].lower(), *parts[1:]]) if parts[0] not in ("C", "POSIX") else tag


def preferred_languages(
    environ: Mapping[str, str],
    platform: str,
    *,
    system: Callable[[], Sequence[str]] | None = None,
) -> list[str]:
    """The user's languages, most wanted first, as the platform says them.

    ``TRAYAPP_LANGUAGE`` (one tag or a colon-separated list) comes before anything else.
    On macOS and Windows, the system's preferred languages follow; where they cannot be
    read, the environment is read as on Linux: ``LC_ALL``, else ``LC_MESSAGES``, else
    ``LANG`` names the locale, and ``LANGUAGE`` (a colon-separated list) comes before it,
    unless the locale is ``C`` or ``POSIX`` (as GNU gettext has it: ``C`` means no
    translation). No locale at all is ``C``.
    """
    override = [tag for tag in environ.get(LANGUAGE_VARIABLE, "").split(":") if tag.strip()]
    if override:
        return override
    if platform in ("darwin", "win32"):
        found = [tag for tag in (system or system_languages)() if tag]
        if found:
            return found
    locale = next(
        (environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)),
        "C",
    )
    if _normalized(locale) in ("C", "POSIX"):
        return ["C"]
    listed = [tag for tag in environ.get("LANGUAGE", "").split(":") if tag.strip()]
    return [*listed, locale]


def system_languages() -> list[str]:
    """The system's preferred languages on macOS and Windows (``["de-DE", "en-US"]``); none
    elsewhere, or when the system does not say."""
    try:
        if sys.platform == "darwin":
            return _macos_languages()
        if sys.platform == "win32":
            return _windows_languages()
    except (OSError, AttributeError, ValueError):  # a library or function missing
        pass
    return []


def _macos_languages() -> list[str]:
    """CoreFoundation's ``CFLocaleCopyPreferredLanguages``: the order in System Settings."""
    import ctypes
    import ctypes.util

    library = ctypes.util.find_library("CoreFoundation")
    if library is None:
        return []
    cf = ctypes.cdll.LoadLibrary(library)
    cf.CFLocaleCopyPreferredLanguages.restype = ctypes.c_void_p
    cf.CFArrayGetCount.argtypes = [ctypes.c_void_p]
    cf.CFArrayGetCount.restype = ctypes.c_long
    cf.CFArrayGetValueAtIndex.argtypes = [ctypes.c_void_p, ctypes.c_long]
    cf.CFArrayGetValueAtIndex.restype = ctypes.c_void_p
    cf.CFStringGetCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_long]
    cf.CFStringGetCString.argtypes.append(ctypes.c_uint32)
    cf.CFStringGetCString.restype = ctypes.c_bool
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    utf8 = 0x08000100  # kCFStringEncodingUTF8
    array = cf.CFLocaleCopyPreferredLanguages()
    if not array:
        return []
    try:
        found = []
        for index in range(cf.CFArrayGetCount(array)):
            buffer = ctypes.create_string_buffer(128)
            item = cf.CFArrayGetValueAtIndex(array, index)
            if cf.CFStringGetCString(item, buffer, len(buffer), utf8):
                found.append(buffer.value.decode())
        return found
    finally:
        cf.CFRelease(array)


def _windows_languages() -> list[str]:
    """kernel32's ``GetUserPreferredUILanguages``: the display languages in Settings."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    by_name = 0x8  # MUI_LANGUAGE_NAME: "de-DE", not a language id
    count, size = ctypes.c_ulong(), ctypes.c_ulong(0)
    if not kernel32.GetUserPreferredUILanguages(
        by_name, ctypes.byref(count), None, ctypes.byref(size)
    ):
        return []
    buffer = ctypes.create_unicode_buffer(size.value)
    if not kernel32.GetUserPreferredUILanguages(
        by_name, ctypes.byref(count), buffer, ctypes.byref(size)
    ):
        return []
    return split_multi_string(ctypes.wstring_at(buffer, size.value))


def split_multi_string(text: str) -> list[str]:
    """Windows' list of strings, each ended by NUL and the list by another: its strings."""
    return [part for part in text.split("\0") if part]


_KEPT = (
    r"(\{[^{}]*\}"  # {name}, {count:,}
    r"|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]"  # %(prog)s, %s: argparse's own
    r"|<[^<>]*>|&#?\w+;)"  # rich text's tags and entities
)
"""What :func:`pseudo` leaves alone in a message."""

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)


def pseudo(message: str) -> str:
    """``message`` as the pseudo-locale says it: ``Open {name}`` gives ``⟦Öþéñ {name}⟧``.

    Placeholders (``{name}``, ``%(prog)s``, ``%s``), markup (``<b>``, ``&amp;``) and the
    whitespace around the message are kept as they are, so the marked text still formats
    and lays out like the original.
    """
    import re

    body = message.strip()
    if not body:
        return message
    start = message.index(body[0])
    pieces = re.split(_KEPT, body)
    accented = "".join(
        piece if index % 2 else piece.translate(_ACCENTED) for index, piece in enumerate(pieces)
    )
    end = start + len(body)
    return f"{message[:start]}{MARK_OPEN}{accented}{MARK_CLOSE}{message[end:]}"
