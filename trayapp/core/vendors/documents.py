"""What an adapter reads: a fetched body with its headers, and careful ways to read JSON.

Adapters never trust a page: a body may be HTML served with status 200, JSON served as
``text/html``, cut short, garbled, or shaped nothing like the documentation. :func:`load_json`
says why a body is not JSON; the ``as_*`` accessors read a value as the type wanted or give
an empty one, so that an adapter reads a strange document as "nothing there" rather than
failing on it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from trayapp.core.phrases import readings as sources
from trayapp.core.text import printable

__all__ = [
    "Document",
    "as_dict",
    "as_dicts",
    "as_link",
    "as_list",
    "as_text",
    "load_json",
    "media_type",
]

_JSON_TYPES = frozenset({"application/json", "text/json", "application/javascript"})


@dataclass(frozen=True, slots=True)
class Document:
    """A body as fetched (decoded of its content coding), with its response headers."""

    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    url: str = ""

    def header(self, name: str) -> str:
        """The value of header ``name`` (any case); "" when absent."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), "")


def media_type(document: Document) -> str:
    """The media type of ``document``'s Content-Type, lower case, without parameters."""
    return document.header("content-type").split(";", 1)[0].strip().lower()


def _is_json_type(kind: str) -> bool:
    return not kind or kind in _JSON_TYPES or kind.endswith("+json")


def load_json(document: Document) -> tuple[object, str]:
    """``document``'s body as JSON, and "" ; or None and why it is not JSON.

    A body served as anything but JSON (or with no type at all) is refused, whatever it
    holds: a page that says it is HTML is an error page, not the API.
    """
    kind = media_type(document)
    if not _is_json_type(kind):
        return None, sources.SERVED_AS(kind=printable(kind, 60))
    body = document.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        return None, sources.PAGE_EMPTY()
    if body[:1] == b"<":
        return None, sources.SERVED_HTML()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, sources.PAGE_GARBLED()
    try:
        return json.loads(text), ""
    except RecursionError:
        return None, sources.PAGE_TOO_DEEP()
    except ValueError:
        return None, sources.PAGE_NOT_JSON()


def as_dict(value: object) -> dict[str, object]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[object]:
    """``value`` if it is a JSON array, else an empty one (``null`` included)."""
    return value if isinstance(value, list) else []


def as_dicts(value: object) -> list[dict[str, object]]:
    """The JSON objects in ``value`` if it is an array; anything else in it is skipped."""
    return [item for item in as_list(value) if isinstance(item, dict)]


def as_text(value: object) -> str:
    """``value`` if it is a string, else ""."""
    return value if isinstance(value, str) else ""


def as_link(value: object, base: str = "") -> str | None:
    """``value`` as an http(s) address (relative ones joined to ``base``); None otherwise.

    A page's links are shown and may be opened: nothing but the web is let through.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        return None
    try:
        url = urljoin(base, value.strip()) if base else value.strip()
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url if url.isprintable() and " " not in url else None
