"""The config file most of the settings dialog's tests open: one service, and the user's notes,
which every save keeps."""

from __future__ import annotations

__all__ = ["CONFIG", "EVERYTHING", "EVERYTHING_DATA"]

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

EVERYTHING = """\
[defaults]
interval = "30s"

[notifications]
quiet_hours = "22:00-07:00"

[network]
canaries = []

[outside]
enabled = true
token = { secret = "globalping" }

[[sources]]
name = "prometheus"
kind = "prometheus"
url = "http://prometheus.example:9090"
query = 'probe_success{job="blackbox"}'
vantage_label = "region"
headers = { Authorization = { secret = "prometheus/Authorization" }, Accept = "application/json" }

[[services]]
name = "Shop"
group = "Work"
status_page = "https://status.shop.example/"
remote = [{ source = "prometheus" }]

[[services.checks]]
type = "http"
url = "https://shop.example/health"
method = "POST"
headers = { Authorization = { secret = "Shop/Authorization" }, X-Trace = "on" }
conditions = ["[STATUS] == 200", "[BODY].status == UP"]
ip_version = 4

[[services.checks]]
type = "tcp"
host = "db.shop.example"
port = 5432

[[services.checks]]
type = "dns"
name = "shop.example"
record = "AAAA"
server = "192.0.2.53"
conditions = ["[DNS_RCODE] == NOERROR"]

[[services.checks]]
type = "ping"
host = "gateway.shop.example"
count = 5

[[services]]
name = "NAS"
group = "Home"
url = "http://nas.example/"
timeout = "5s"
outside = false

[[maintenance]]
name = "Router firmware"
reason = "ISP's schedule"
services = ["NAS"]
every = "sunday"
window = "02:00-04:00"
timezone = "Europe/Berlin"

[[maintenance]]
start = "2026-12-24T02:00:00+01:00"
end = "2026-12-24T04:00:00+01:00"
"""
"""A config with something of every kind: a check of each type (with secret headers and
conditions), a source, groups, remote vantage points, secrets and maintenance windows."""

EVERYTHING_DATA = [
    "http://prometheus.example:9090",
    "https://status.shop.example/",
    "https://shop.example/health",
    "http://nas.example/",
    "Shop",
    "NAS",
    "Work",
    "Home",
    "prometheus",
    "Router firmware",
    "ISP's schedule",
    "Authorization",
    "X-Trace",
    "Shop/Authorization",
    "prometheus/Authorization",
    "globalping",
    "db.shop.example:5432",
    "shop.example AAAA",
    "gateway.shop.example",
    "Europe/Berlin",
    "02:00-04:00",
    "2026-12-24T02:00:00+01:00",
    "2026-12-24T04:00:00+01:00",
    "probe_success",
    'probe_success{job="blackbox"}',
]
"""The names and values of :data:`EVERYTHING` a user sees as written: never translated."""
