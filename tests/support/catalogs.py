"""Small catalogues of the tests' own, so that no test depends on what the shipped one
(resources/catalog.toml) holds. Their addresses are in ``.test``, which no test reaches: a test
that starts a monitor on what it adds writes a catalogue of local servers."""

from __future__ import annotations

from pathlib import Path

from trayapp.core.catalog import Catalog, parse_catalog

__all__ = ["CATALOG", "SMALL_CATALOG", "catalog_words", "small_catalog", "write_catalog"]

CATALOG = """\
[[service]]
name = "AWS"
url = "https://aws.amazon.test"
status_page = "https://health.aws.test/status"
platform = "feed"
aliases = ["Amazon Web Services"]
hosts = ["aws.amazon.test"]
category = "Cloud"

[[service.component]]
name = "EC2 us-east-1"
status_page = "https://health.aws.test/ec2-us-east-1.rss"
platform = "feed"

[[service.component]]
name = "EC2 eu-west-1"
status_page = "https://health.aws.test/ec2-eu-west-1.rss"
platform = "feed"

[[service.component]]
name = "S3 us-east-1"
status_page = "https://health.aws.test/s3-us-east-1.rss"
platform = "feed"

[[service]]
name = "GitHub"
url = "https://github.test"
status_page = "https://www.githubstatus.test"
platform = "statuspage"
aliases = ["gh"]
hosts = ["github.test"]
category = "Developer tools"

[[service.component]]
name = "Actions"

[[service.component]]
name = "Pages"

[[service]]
name = "GitLab"
url = "https://gitlab.test"
status_page = "https://status.gitlab.test"
platform = "statuspage"
hosts = ["gitlab.test"]
category = "Developer tools"

[[service]]
name = "Slack"
url = "https://slack.test"
status_page = "https://slack-status.test"
platform = "slack"
hosts = ["slack.test"]
category = "Communication"

[[service]]
name = "Zoom"
url = "https://zoom.test"
status_page = "https://status.zoom.test"
platform = "statuspage"
hosts = ["zoom.test"]
category = "Communication"
"""
"""Five services, two of them with components: AWS's regions (each a feed of its own) and
GitHub's parts (components of its page)."""


def write_catalog(folder: Path, text: str = CATALOG) -> Path:
    """Write the catalogue ``text`` to ``folder/catalog.toml``; return its path."""
    path = folder / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    return path


SMALL_CATALOG = """\
[[service]]
name = "Acme Cloud"
url = "https://acme.test"
status_page = "https://status.acme.test"
platform = "statuspage"
aliases = ["ACME", "acmecloud"]
hosts = ["acme.test", "acmecdn.test"]
category = "Cloud"

[[service.component]]
name = "Compute eu-west-1"

[[service.component]]
name = "Compute us-east-1"

[[service.component]]
name = "Storage us-east-1"
status_component = "Object Storage (us-east-1)"

[[service.component]]
name = "Post"
url = "https://post.acme.test/inbox"
status_page = "https://post-status.acme.test/history.atom"
platform = "feed"

[[service]]
name = "Beacon"
url = "https://beacon.test"
status_page = "https://beaconstatus.test"
platform = "instatus"
hosts = ["beacon.test"]
category = "Communication"

[[service]]
name = "Beacon Mail"
url = "https://mail.beacon.test"
status_page = "https://beaconstatus.test"
platform = "instatus"
category = "Communication"

[[service]]
name = "Chat Hub"
url = "https://chathub.test"
status_page = "https://chathub-status.test"
platform = "slack"
aliases = ["hub"]
hosts = ["chathub.test"]
category = "Communication"

[[service]]
name = "Lighthouse"
url = "https://lighthouse.test"
status_page = "https://lighthouse.test/status"
platform = "gatus"
hosts = ["lighthouse.test"]
category = "Developer tools"
"""
"""Five services: one with components (two of them regions, one with a page of its own),
two whose names share a word, one with an alias that is another's word."""


def small_catalog() -> Catalog:
    """:data:`SMALL_CATALOG`, read."""
    return parse_catalog(SMALL_CATALOG)


def catalog_words(catalog: Catalog) -> list[str]:
    """What the catalogue itself says, which the picker shows as it is in any language:
    names, aliases, categories, components and the status pages' hosts."""
    from trayapp.ui.catalog.model import status_hosts  # the picker's own reading of a page

    words = []
    for entry in catalog:
        words += [entry.name, *entry.aliases, entry.category, *status_hosts(entry)]
        words += [entry.component_name(c) for c in entry.components]
        words += [c.name for c in entry.components]
        choices = [entry.choice(None), *(entry.choice(c) for c in entry.components)]
        words += [c.status_component for c in choices if c.status_component]
    return [word for word in words if word]
