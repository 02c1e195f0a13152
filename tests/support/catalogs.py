"""A small catalogue of made-up services, for tests that need fixed entries (the shipped one
grows)."""

from __future__ import annotations

from trayapp.core.catalog import Catalog, parse_catalog

__all__ = ["SMALL_CATALOG", "small_catalog"]

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
