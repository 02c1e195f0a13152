"""Vendor text as plain text: tags stripped, entities unescaped, one line, no control characters.

Status pages put HTML in their update bodies (``<p>We are <b>investigating</b>&hellip;</p>``)
and trayapp shows vendor text in a tooltip, a notification and a terminal, some of which
would take markup for markup. Nothing a page sends is passed on as markup: tags go, entities
become the characters they stand for, and the result is one printable line.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

from trayapp.core.text import printable

__all__ = ["plain_text"]

_BREAKS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>")


class _Collector(Protocol):
    parts: list[str]

    def feed(self, data: str) -> None: ...

    def close(self) -> None: ...


@functools.cache
def _collector_class() -> type[_Collector]:
    """The parser that collects a fragment's text, made at the first markup: the standard
    library's HTML parser and its entity tables (half a megabyte) are loaded only for text
    that has any."""
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        """Collects the text of an HTML fragment; ``convert_charrefs`` unescapes entities."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _HIDDEN:
                self._hidden += 1
            elif tag in _BREAKS:
                self.parts.append(" ")

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _BREAKS:
                self.parts.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in _HIDDEN:
                self._hidden = max(0, self._hidden - 1)
            elif tag in _BREAKS:
                self.parts.append(" ")

        def handle_data(self, data: str) -> None:
            if not self._hidden:
                self.parts.append(data)

    return Collector


def _strip(text: str) -> str:
    parser = _collector_class()()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError, IndexError):
        # Older parsers assert on some malformed declarations ("<![" at the end): fall back
        # to dropping anything tag-shaped, which is cruder but never passes markup on.
        import html

        return html.unescape(_TAG.sub(" ", text))
    return "".join(parser.parts)


def plain_text(value: object, limit: int = 500) -> str:
    """``value`` (a string from a status page, maybe HTML) as one line of plain text.

    Anything but a string is "". The text is cut to ``limit`` characters.
    """
    if not isinstance(value, str):
        return ""
    text = value[: limit * 20]  # a huge body costs no more than a large one
    if "<" in text or "&" in text:
        text = _strip(text)
        # Markup escaped twice (``&lt;b&gt;``) is markup still, once unescaped: strip it too.
        if _TAG.search(text):
            text = _strip(text.replace("&", "&amp;"))
    return printable(" ".join(text.split()), limit)
