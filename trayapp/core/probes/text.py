"""Text that goes into a check's detail: one printable line, no secrets.

Anything a server sent (a reason phrase, a redirect's URL) may hold control characters
or terminal escape sequences, and is shown in a terminal and in the tray; a URL from the
config may carry a password.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit, urlunsplit

__all__ = ["duration_text", "printable", "quoted", "redact_url"]


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


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return printable(url)
    if parts.password is None:
        return printable(url)
    user, _, host = parts.netloc.rpartition("@")
    name = user.partition(":")[0]
    return printable(urlunsplit(parts._replace(netloc=f"{name}:***@{host}")))


def duration_text(seconds: float) -> str:
    """``0.0123`` gives ``"12 ms"``, ``4.25`` gives ``"4.2 s"``, ``75`` gives ``"75 s"``."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 10:
        return f"{seconds:.1f} s"
    return f"{seconds:.0f} s"
