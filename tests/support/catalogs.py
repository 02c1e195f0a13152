"""A small catalogue of well-known services of the tests' own, so that no test depends on what
the shipped one (resources/catalog.toml) holds. Its addresses are in ``.test``, which no test
reaches: a test that starts a monitor on what it adds writes a catalogue of local servers."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CATALOG", "write_catalog"]

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
