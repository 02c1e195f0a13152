"""The commented example ``config.toml`` that ``trayapp config init`` writes.

The ``[defaults]``, ``[notifications]`` and ``[network]`` sections are generated from the
config model, each key with its description and default, so the example cannot drift from
what the loader accepts.
"""

from __future__ import annotations

import json
import textwrap

from pydantic import BaseModel

from trayapp.core.config.model import Defaults, Network, Notifications

__all__ = ["example_config"]

_HEADER = """\
# trayapp configuration: the services to watch and how to tell you about them.
# Durations: "250ms", "30s", "5m", "1h30m", or a number of seconds.
# Every key of [defaults] may be overridden by a service.
"""

_SERVICES = """\
# A service is something you care about. `url` is shorthand for one http check.
[[services]]
name = "Example"
url = "https://example.com/"
# status_page = "https://status.example.com"   # the vendor's own status page
# status_component = "API"                      # follow one component of that page
# group = "Work"                                # shown with the other services of "Work"
# interval = "5m"

# A service may have several checks: http, tcp, dns and ping.
# [[services]]
# name = "My API"
# remote = [{ source = "prometheus" }]   # what prometheus sees of it, from elsewhere
# [[services.checks]]
# type = "http"
# url = "https://api.example.com/health"
# expect_status = "200-299"
# body_contains = "ok"
# conditions = ["[BODY].status == UP", "[RESPONSE_TIME] < 500"]   # as Gatus writes them
# [[services.checks]]
# type = "tcp"
# host = "db.example.com"
# port = 5432
# [[services.checks]]
# type = "dns"
# name = "example.com"
# [[services.checks]]
# type = "ping"
# host = "db.example.com"
# ip_version = 4                       # optional, also for http and tcp: 4 or 6 only

# Monitoring you already run, read for what it sees from elsewhere: alertmanager,
# prometheus, gatus or uptime_kuma. Its targets appear as services of their own
# (prometheus/...), and a service's `remote` names the ones that look at it.
# [[sources]]
# name = "prometheus"
# kind = "prometheus"
# url = "http://prometheus.example.com:9090"
# query = "probe_success"
# headers = { Authorization = { secret = "prometheus/Authorization" } }

# Planned work: inside the window a failing service shows "maintenance", with no incident
# and no notification. One window (start and end, with their offset), or one that comes
# back (every "day", "weekday", "sunday", ... and the hours, in a time zone or local time).
# [[maintenance]]
# name = "Router firmware"
# services = ["Example"]
# every = "sunday"
# window = "02:00-04:00"
# timezone = "Europe/Berlin"
"""


def _section(name: str, model: BaseModel, commented: frozenset[str] = frozenset()) -> str:
    lines = [f"[{name}]"]
    dumped = model.model_dump(mode="json")
    for key, info in type(model).model_fields.items():
        lines += [f"# {line}" for line in textwrap.wrap(info.description or key, 88)]
        if key in commented:
            lines.append(f'# {key} = "22:00-07:00"')
        else:
            lines.append(f"{key} = {json.dumps(dumped[key])}")
    return "\n".join(lines) + "\n"


def example_config() -> str:
    """A complete, valid, commented config file."""
    return "\n".join(
        [
            _HEADER,
            _section("defaults", Defaults()),
            _section("notifications", Notifications(), commented=frozenset({"quiet_hours"})),
            _section("network", Network()),
            _SERVICES,
        ]
    )
