"""Vendors' status pages: which well-known hosts have one, and which addresses are one.

The settings dialog turns an address the user types into a service: an ``http`` check of the
address and, when the host (or a parent domain of it) is in :data:`KNOWN_STATUS_PAGES`, that
vendor's status page; an address that is itself a status page becomes the service's
``status_page``. No network lookup: a table and a heuristic. Extend the table by adding a
:class:`KnownPage`. Which platform a page runs on (how it is read) is another table,
:data:`trayapp.core.vendors.detect.KNOWN_HOSTS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = [
    "KNOWN_STATUS_PAGES",
    "KnownPage",
    "ServiceSuggestion",
    "known_page_for",
    "looks_like_status_page",
    "suggest_service",
]


@dataclass(frozen=True, slots=True)
class KnownPage:
    """A vendor whose status page is well known."""

    name: str
    """The name a person would give the service."""
    hosts: tuple[str, ...]
    """The vendor's own domains; their subdomains count too."""
    status_page: str
    """The address of the vendor's status page."""


KNOWN_STATUS_PAGES: tuple[KnownPage, ...] = (
    KnownPage("GitHub", ("github.com", "githubusercontent.com"), "https://www.githubstatus.com"),
    KnownPage(
        "GitLab", ("gitlab.com",), "https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss"
    ),
    KnownPage("Bitbucket", ("bitbucket.org",), "https://bitbucket.status.atlassian.com"),
    KnownPage("Slack", ("slack.com",), "https://slack-status.com"),
    KnownPage("Discord", ("discord.com", "discord.gg"), "https://discordstatus.com"),
    KnownPage("Twitter", ("twitter.com",), "https://status.twitterstat.us"),
    KnownPage("Reddit", ("reddit.com",), "https://www.redditstatus.com"),
    KnownPage("Cloudflare", ("cloudflare.com",), "https://www.cloudflarestatus.com"),
    KnownPage("Dropbox", ("dropbox.com",), "https://status.dropbox.com"),
    KnownPage("Zoom", ("zoom.us",), "https://status.zoom.us"),
    KnownPage("OpenAI", ("openai.com", "chatgpt.com"), "https://status.openai.com"),
    KnownPage("npm", ("npmjs.com", "npmjs.org"), "https://status.npmjs.org"),
    KnownPage("PyPI", ("pypi.org", "pythonhosted.org"), "https://status.python.org"),
    KnownPage("DigitalOcean", ("digitalocean.com",), "https://status.digitalocean.com"),
    KnownPage("Heroku", ("heroku.com", "herokuapp.com"), "https://status.heroku.com"),
    KnownPage("Stripe", ("stripe.com",), "https://status.stripe.com"),
    KnownPage("Vercel", ("vercel.com", "vercel.app"), "https://www.vercel-status.com"),
    KnownPage("Netlify", ("netlify.com", "netlify.app"), "https://www.netlifystatus.com"),
    KnownPage("Figma", ("figma.com",), "https://status.figma.com"),
    KnownPage("Linear", ("linear.app",), "https://linearstatus.com"),
)
"""Well-known vendors and their status pages."""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def known_page_for(url: str) -> KnownPage | None:
    """The vendor of ``url``'s host (or a parent domain of it), if it is a known one."""
    host = _host(url)
    if not host:
        return None
    for page in KNOWN_STATUS_PAGES:
        if any(_within(host, domain) for domain in page.hosts):
            return page
    return None


def looks_like_status_page(url: str) -> bool:
    """Whether ``url`` is (most likely) a status page rather than the service itself.

    A known vendor's status page, a host named ``status.…`` or ``…status.…`` (the
    ``githubstatus.com`` kind), or a path whose first part is ``status``.
    """
    host = _host(url)
    if not host:
        return False
    if any(_within(host, _host(page.status_page)) for page in KNOWN_STATUS_PAGES):
        return True
    labels = host.split(".")
    if labels[0] == "status" or (len(labels) >= 2 and re.search(r"status$", labels[-2])):
        return True
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    first = path.strip("/").split("/", 1)[0].lower()
    return first in ("status", "statuspage", "system-status")


@dataclass(frozen=True, slots=True)
class ServiceSuggestion:
    """What to fill a new service with, from one address."""

    name: str
    check_url: str | None
    """The address to give an ``http`` check; None when the address is a status page."""
    status_page: str | None
    reason: str
    """Why the status page was offered, for the person deciding; "" when there is none."""


def suggest_service(url: str) -> ServiceSuggestion:
    """A service for ``url``: an http check of it, and a status page when one is known."""
    text = url.strip()
    if text and "://" not in text:
        text = "https://" + text
    host = _host(text)
    known = known_page_for(text)
    if looks_like_status_page(text):
        vendor = next((p for p in KNOWN_STATUS_PAGES if _within(host, _host(p.status_page))), known)
        name = vendor.name if vendor else _name_from(host, status=True)
        return ServiceSuggestion(name, None, text, f"{host} is a status page")
    if known is not None:
        reason = f"{known.name} publishes its status at {known.status_page}"
        return ServiceSuggestion(known.name, text, known.status_page, reason)
    return ServiceSuggestion(_name_from(host), text, None, "")


def _name_from(host: str, *, status: bool = False) -> str:
    """``www.example.com`` gives ``Example``; ``status.example.com`` gives ``Example``."""
    labels = [label for label in host.split(".") if label]
    if not labels or ":" in host or host.replace(".", "").isdigit():
        return host  # an IP address: nothing better to call it
    if len(labels) >= 2:
        labels = labels[:-1]  # the top-level domain says little
    drop = {"www", "status"} if status else {"www"}
    kept = [label for label in labels if label not in drop] or labels
    word = kept[-1]
    if status:
        word = re.sub(r"-?status$", "", word) or word
    return word[:1].upper() + word[1:]
