"""The config as the running monitor holds it: a plain, frozen record for each table of
``config.toml``, built from a validated model and free of pydantic.

The model (:mod:`trayapp.core.config.model`) reads the file, refuses what is wrong and
describes each key to the settings dialog; pydantic and the model's validators cost a
process about 15 MiB that it keeps for good. The tray therefore reads its file in a process
of its own (:mod:`trayapp.core.config.aside`) and keeps these records, which hold the same
fields with the same defaults and answer the same questions: each table's methods are
written once, in :mod:`trayapp.core.config.answers`, which model and record both inherit.

Everything the monitor does takes either (it reads fields and calls these methods); it
tells checks apart by ``type``, never by class. :func:`record` turns a model into its
record, and ``tests/core/config/test_running.py`` keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from trayapp.core.config.answers import (
    SERVICE_SETTINGS,
    CheckMethods,
    ConfigMethods,
    DefaultsMethods,
    MaintenanceMethods,
    ServiceMethods,
    ServiceSettings,
    SourceMethods,
    group_names,
)
from trayapp.core.config.basics import SUCCESS, QuietHours, StatusRanges

if TYPE_CHECKING:
    from trayapp.core.config.model import Config as ConfigModel

__all__ = [
    "DEFAULT_CANARIES",
    "DEFAULT_LOCATIONS",
    "SERVICE_SETTINGS",
    "Check",
    "Config",
    "Defaults",
    "DnsCheck",
    "HttpCheck",
    "Maintenance",
    "Network",
    "Notifications",
    "Outside",
    "PingCheck",
    "Remote",
    "SecretRef",
    "Service",
    "ServiceSettings",
    "Source",
    "TcpCheck",
    "group_names",
    "record",
    "record_of",
]

DEFAULT_CANARIES = (
    "http://connectivitycheck.gstatic.com/generate_204",
    "http://detectportal.firefox.com/success.txt",
    "dns://1.1.1.1/one.one.one.one",
    "dns://8.8.8.8/dns.google",
)
"""Two web canaries that browsers and phones use for captive portals (plain http, so that a
portal can show its sign-in page), and two public resolvers asked for their own names."""

DEFAULT_LOCATIONS = ("Europe", "North America", "Asia", "South America", "Oceania")
"""One place on each of five continents."""


# --- the records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SecretRef:
    """A value kept in the OS keyring, by its name there."""

    secret: str

    def __str__(self) -> str:
        return f"secret {self.secret!r}"


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpCheck(CheckMethods):
    """An HTTP(S) request judged by status, body and speed."""

    type: Literal["http"] = "http"
    url: str
    method: str = "GET"
    headers: dict[str, str | SecretRef] = field(default_factory=dict)
    expect_status: StatusRanges = SUCCESS
    body_contains: str | None = None
    body_absent: str | None = None
    follow_redirects: bool = True
    verify_tls: bool = True
    slow_after: float | None = None
    timeout: float | None = None
    conditions: list[str] = field(default_factory=list)
    ip_version: Literal[4, 6] | None = None
    given: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """The keys the file gave (see :meth:`CheckMethods.gives`); not a key of the file."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TcpCheck(CheckMethods):
    """A TCP connect."""

    type: Literal["tcp"]
    host: str
    port: int
    timeout: float | None = None
    ip_version: Literal[4, 6] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DnsCheck(CheckMethods):
    """A DNS lookup."""

    type: Literal["dns"]
    name: str
    record: str | None = None
    server: str | None = None
    timeout: float | None = None
    conditions: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class PingCheck(CheckMethods):
    """ICMP echoes."""

    type: Literal["ping"]
    host: str
    count: int = 3
    timeout: float | None = None
    ip_version: Literal[4, 6] | None = None


Check = HttpCheck | TcpCheck | DnsCheck | PingCheck


@dataclass(frozen=True, slots=True, kw_only=True)
class Defaults(DefaultsMethods):
    """``[defaults]``."""

    interval: float = 60.0
    timeout: float = 10.0
    failure_threshold: int = 2
    success_threshold: int = 2
    retry_after: float = 5.0
    flap_window: float = 1800.0
    slow_after: float = 3.0
    cert_expiry: float = 14 * 86_400.0
    status_page_interval: float = 300.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Maintenance(MaintenanceMethods):
    """``[[maintenance]]``: planned work."""

    name: str | None = None
    reason: str | None = None
    services: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    every: str | None = None
    window: str | None = None
    timezone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Notifications:
    """``[notifications]``."""

    enabled: bool = True
    on_recovery: bool = True
    on_degraded: bool = False
    quiet_hours: QuietHours | None = None
    coalesce: float = 15.0
    settle: float = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Network:
    """``[network]``."""

    canaries: list[str] = field(default_factory=lambda: list(DEFAULT_CANARIES))
    interval: float = 300.0
    dns_server: str = ""
    concurrency: int = 20
    proxy: str = "system"
    pac: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outside:
    """``[outside]``."""

    enabled: bool = False
    provider: Literal["globalping", "none"] = "globalping"
    url: str = "https://api.globalping.io"
    probes: int = 5
    locations: list[str] = field(default_factory=lambda: list(DEFAULT_LOCATIONS))
    interval: float = 600.0
    token: SecretRef | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Remote:
    """A target of a source that looks at the same thing as a service's own checks."""

    source: str
    target: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(SourceMethods):
    """``[[sources]]``: a monitoring system trayapp reads."""

    name: str
    kind: Literal["alertmanager", "prometheus", "gatus", "uptime_kuma"]
    url: str
    query: str | None = None
    target_label: str = "instance"
    vantage_label: str = "vantage"
    headers: dict[str, str | SecretRef] = field(default_factory=dict)
    verify_tls: bool = True
    services: bool = True
    max_services: int = 300
    interval: float | None = None
    timeout: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Service(ServiceMethods):
    """``[[services]]``: something the user cares about."""

    name: str
    url: str | None = None
    checks: list[Check] = field(default_factory=list)
    status_page: str | None = None
    status_component: str | None = None
    remote: list[Remote] = field(default_factory=list)
    outside: Literal["auto", True, False] = "auto"
    status_page_interval: float | None = None
    interval: float | None = None
    timeout: float | None = None
    failure_threshold: int | None = None
    success_threshold: int | None = None
    retry_after: float | None = None
    flap_window: float | None = None
    slow_after: float | None = None
    cert_expiry: float | None = None
    group: str | None = None

    def _shorthand(self, url: str) -> HttpCheck:
        return HttpCheck(url=url)


@dataclass(frozen=True, slots=True, kw_only=True)
class Config(ConfigMethods[Service, Source]):
    """The whole file."""

    defaults: Defaults = field(default_factory=Defaults)
    notifications: Notifications = field(default_factory=Notifications)
    network: Network = field(default_factory=Network)
    outside: Outside = field(default_factory=Outside)
    sources: list[Source] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    maintenance: list[Maintenance] = field(default_factory=list)


RECORDS: dict[str, type] = {
    kind.__name__: kind
    for kind in (
        SecretRef,
        HttpCheck,
        TcpCheck,
        DnsCheck,
        PingCheck,
        Defaults,
        Maintenance,
        Notifications,
        Network,
        Outside,
        Remote,
        Source,
        Service,
        Config,
    )
}
"""Each record by the name of its model."""


def record(value: ConfigModel) -> Config:
    """The record of a validated config model (a record is given back as it is)."""
    built = record_of(value)
    assert isinstance(built, Config)
    return built


def record_of(value: Any) -> Any:
    """The record of any part of a validated model (a service, a source, a check): lists
    and tables of them likewise; anything else as it is."""
    names = getattr(type(value), "model_fields", None)
    if names is not None:
        kind = RECORDS[type(value).__name__]
        values = {name: record_of(getattr(value, name)) for name in names}
        if kind is HttpCheck:
            values["given"] = frozenset(getattr(value, "model_fields_set", ()))
        return kind(**values)
    if isinstance(value, list):
        return [record_of(item) for item in value]
    if isinstance(value, dict):
        return {key: record_of(item) for key, item in value.items()}
    return value
