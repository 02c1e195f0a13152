"""Where a platform's API lives, given the status page's address as the user wrote it.

A user writes the page (``https://status.twitterstat.us``), or sometimes the API itself
(``https://status.twitterstat.us/api/v2/summary.json``); either way the API's address is the
page's origin and path with the platform's own path after it.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

__all__ = ["endpoint", "origin"]


def endpoint(page_url: str, path: str, *, strip: tuple[str, ...] = ()) -> str:
    """The address of ``path`` on the page at ``page_url``.

    A ``page_url`` that already ends with ``path`` is kept as it is (query included). Its
    path is cut at the first of ``strip`` it contains (``/api/v2/`` for a Statuspage API
    address other than the summary's).
    """
    parts = urlsplit(page_url.strip())
    own = parts.path
    if own.rstrip("/").endswith(path.rstrip("/")):
        return urlunsplit((parts.scheme, parts.netloc, own, parts.query, ""))
    for marker in strip:
        if marker in own:
            own = own[: own.index(marker)]
    return urlunsplit((parts.scheme, parts.netloc, own.rstrip("/") + path, "", ""))


def origin(page_url: str) -> str:
    """``scheme://host[:port]`` of ``page_url``."""
    parts = urlsplit(page_url.strip())
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
