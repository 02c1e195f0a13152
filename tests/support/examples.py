"""Config files the tests share."""

CONTRACT_EXAMPLE = """\
[defaults]                 # every key optional; each service may override any of them
interval = "60s"           # durations: "250ms", "30s", "5m", "1h30m", or a number of seconds
timeout = "10s"
failure_threshold = 2      # failed rounds in a row before a service is down
success_threshold = 2      # good rounds in a row before it is up again
flap_window = "30m"        # a failure this soon after recovery continues the same incident
slow_after = "3s"          # slower than this: degraded, cause "slow"

[notifications]
enabled = true
on_recovery = true
on_degraded = false
quiet_hours = "22:00-07:00"
coalesce = "15s"           # changes within this window go out as one notification

[network]
canaries = ["https://connectivitycheck.gstatic.com/generate_204", "tcp://1.1.1.1:53"]

[[services]]
name = "Twitter"
url = "https://twitter.com/"                  # shorthand for one http check
status_page = "https://status.twitterstat.us" # optional; its platform is detected
interval = "5m"

[[services]]
name = "Twitter mobile"
[[services.checks]]
type = "http"
url = "https://mobile.twitter.com/"
expect_status = "200-399"
body_absent = "Twitter is currently down"
[[services.checks]]
type = "tcp"
host = "api.twitter.com"
port = 443
"""
"""The example config of the public contract (docs/contract.md), as it stands there."""


SOURCES_EXAMPLE = """\
[defaults]
interval = "1m"

# The monitoring we already run.
[[sources]]
name = "prometheus"
kind = "prometheus"
url = "http://prometheus.internal:9090"
query = 'probe_success{job="blackbox"}'
interval = "30s"
headers = { Authorization = { secret = "prometheus/Authorization" } }

[[sources]]
name = "alerts"
kind = "alertmanager"
url = "http://alertmanager.internal:9093"
services = false

[[sources]]
name = "kuma"
kind = "uptime_kuma"
url = "https://kuma.example/status/main"

[[services]]
name = "Shop"
url = "https://shop.example/"
remote = [{ source = "prometheus" }, { source = "alerts", target = "shop" }]

[[services]]
name = "Backups"
remote = [{ source = "kuma", target = "Nightly backup" }]
"""
"""A config with a source of each kind, read by the config, schema and sources tests."""
