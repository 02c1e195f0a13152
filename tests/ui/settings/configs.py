"""The config file most of the settings dialog's tests open: one service, and the user's notes,
which every save keeps."""

from __future__ import annotations

__all__ = ["CONFIG"]

CONFIG = """\
# trayapp's settings, with my notes
[defaults]
interval = "30s"   # often: I am impatient

[network]
canaries = []      # no network verdict in these tests

[[services]]
name = "Twitter"                 # the web site
url = "https://twitter.com/"
status_page = "https://status.twitterstat.us"
"""
