"""The configuration schema: one declarative model for every key of ``config.toml``.

The loader (:mod:`trayapp.core.config.reading`), the settings dialog and the docs all read this
model; a key added here is validated, defaulted and saved without a second list to keep.
What one key may hold (a duration, a URL, a status range, a header kept as a secret in the
OS keyring, ...) is a value type of :mod:`trayapp.core.config.values`; the ones callers use
are re-exported here.

Every model is frozen: the runtime hands the same :class:`Config` to the GUI thread as an
immutable snapshot. Values a service leaves out (``interval = None``) inherit from
``[defaults]``; :meth:`Config.settings_for` resolves them.

Tree::

    Config
     ├── defaults: Defaults          interval, timeout, thresholds, retry_after, flap_window,
     │                               slow_after, cert_expiry
     ├── notifications: Notifications
     ├── network: Network            canaries, dns_server, concurrency, proxy, pac
     ├── outside: Outside            a public measurement network asked when a service fails
     ├── sources: [Source]           monitoring systems read for their verdicts: name, kind
     │                               (alertmanager, prometheus, gatus, uptime_kuma), url,
     │                               headers, interval, ...
     ├── maintenance: [Maintenance]  planned work: the services it covers, and when
     └── services: [Service]         name, url shorthand, checks, status_page (and the
          │                          status_component to follow on it), remote, outside,
          │                          overrides, group
          ├── checks: [HttpCheck | TcpCheck | DnsCheck | PingCheck]   (by their ``type``)
          └── remote: [Remote]       a source's targets that look at the same service

A source's targets that no service names appear as services of their own, called
``source/target`` (see :mod:`trayapp.core.sources`).
"""

from __future__ import annotations

from typing import Annotated, Any, Self
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from trayapp.core.config.answers import ConfigMethods, ServiceMethods, group_names
from trayapp.core.config.checks import CHECK_TYPES, Check, DnsCheck, HttpCheck, PingCheck, TcpCheck
from trayapp.core.config.defaults import Defaults, ServiceSettings
from trayapp.core.config.maintenance import Maintenance, unknown_services
from trayapp.core.config.outside import OUTSIDE_PROVIDERS, Outside, OutsideChoice
from trayapp.core.config.running import DEFAULT_CANARIES
from trayapp.core.config.sources import SOURCE_KINDS, Remote, Source
from trayapp.core.config.values import (
    Canary,
    DnsServer,
    Duration,
    HttpUrl,
    PositiveInt,
    QuietHours,
    QuietHoursField,
    SecretRef,
    StatusRanges,
    StrictModel,
    split_host_port,
)
from trayapp.core.i18n import N_, _
from trayapp.core.text import redact_url

__all__ = [
    "CHECK_TYPES",
    "DEFAULT_CANARIES",
    "OUTSIDE_PROVIDERS",
    "SOURCE_KINDS",
    "Check",
    "Config",
    "Defaults",
    "DnsCheck",
    "Duration",
    "HttpCheck",
    "Maintenance",
    "Network",
    "Notifications",
    "Outside",
    "OutsideChoice",
    "PingCheck",
    "QuietHours",
    "Remote",
    "SecretRef",
    "Service",
    "ServiceSettings",
    "Source",
    "StatusRanges",
    "TcpCheck",
    "duplicate_names",
    "group_names",
    "split_host_port",
]


def duplicate_names(names: list[str]) -> list[tuple[int, int]]:
    """``(index, index of the first)`` for each name that repeats an earlier one, ignoring case."""
    seen: dict[str, int] = {}
    repeats = []
    for index, name in enumerate(names):
        key = name.strip().casefold()
        if key in seen:
            repeats.append((index, seen[key]))
        else:
            seen[key] = index
    return repeats


def _unique(kind: str, names: list[str]) -> None:
    """Raise for the first of ``names`` (of ``kind``, "service") that repeats an earlier one."""
    for index, first in duplicate_names(names):
        if kind == "service":
            message = _("duplicate service name '{name}' (also services[{first}])")
        else:
            message = _("duplicate source name '{name}' (also sources[{first}])")
        raise PydanticCustomError(
            "duplicate_name",
            message,
            {"loc": (f"{kind}s", index, "name"), "name": names[index], "first": first},
        )


class Notifications(StrictModel):
    """``[notifications]``: when the user is told."""

    enabled: bool = Field(True, title=N_("Enabled"), description=N_("Show desktop notifications."))
    on_recovery: bool = Field(
        True, title=N_("On recovery"), description=N_("Tell when a service comes back.")
    )
    on_degraded: bool = Field(
        False,
        title=N_("On degraded"),
        description=N_("Tell when a service is degraded, not only down."),
    )
    quiet_hours: QuietHoursField = Field(
        None,
        title=N_("Quiet hours"),
        description=N_('A daily window without notifications, e.g. "22:00-07:00".'),
    )
    coalesce: Duration = Field(
        15.0,
        title=N_("Coalesce"),
        description=N_("Changes within this window go out as one notification."),
    )
    settle: Duration = Field(
        2.0,
        title=N_("Settle"),
        description=N_(
            "How long a change waits before it is told, so that changes happening "
            "together are told as one; later changes within coalesce update that notification "
            "instead of making another. At most coalesce (a longer settle is cut to it)."
        ),
    )


class Network(StrictModel):
    """``[network]``: how trayapp tells your network failing from a service failing."""

    canaries: list[Canary] = Field(
        default_factory=lambda: list(DEFAULT_CANARIES),
        title=N_("Canaries"),
        description=N_(
            "Reference endpoints that tell whether your own network works, each with "
            'what it must answer: "http://example.org/ok.txt 200 ok" (a known URL needs no '
            'answer written), "dns://1.1.1.1/one.one.one.one" (a DNS query straight to a '
            'resolver), or "tcp://host:port" (proves nothing alone). An empty list turns the '
            "verdict off."
        ),
    )
    interval: Duration = Field(
        300.0,
        title=N_("Interval"),
        description=N_(
            "How often the canaries are asked while every service answers (behind a "
            "captive portal, services seem to answer); while the network is not online, every "
            "30 seconds at most."
        ),
    )
    dns_server: DnsServer = Field(
        "",
        title=N_("DNS server"),
        description=N_(
            'Ask this DNS server (host or host:port, e.g. "192.168.1.1:53") for every '
            'name instead of the system resolver; "" uses the system resolver.'
        ),
    )
    concurrency: PositiveInt = Field(
        20, title=N_("Concurrency"), description=N_("How many checks may run at the same time.")
    )
    proxy: str = Field(
        "system",
        title=N_("Proxy"),
        description=N_(
            'The proxy checks go through: "system" (the ``*_PROXY`` variables, else the '
            'desktop\'s proxy settings: GNOME, KDE, Windows, macOS), "none" (always direct), or '
            "a proxy's URL, ``http(s)://[user:password@]host:port``."
        ),
    )
    pac: str = Field(
        "",
        title=N_("PAC file"),
        description=N_(
            "A PAC file's URL (``http(s)://`` or ``file://``) that chooses the proxy "
            'for each request, whatever ``proxy`` says; "" for none.'
        ),
    )

    @field_validator("proxy", mode="before")
    @classmethod
    def _proxy_setting(cls, value: object) -> object:
        if not isinstance(value, str):
            return value  # the type's own message
        text = value.strip()
        if text.lower() in ("system", "none"):
            return text.lower()
        parts = urlsplit(text)
        try:
            port = parts.port
        except ValueError:
            port = -1
        scheme = parts.scheme.lower()
        if scheme.startswith("socks"):
            raise PydanticCustomError(
                "proxy",
                _("SOCKS proxies are not supported: {url} (use an http:// or https:// proxy)"),
                {"url": redact_url(text)},
            )
        if (
            scheme not in ("http", "https")
            or not parts.hostname
            or port == -1
            or parts.path not in ("", "/")
            or parts.query
            or " " in text
        ):
            raise PydanticCustomError(
                "proxy",
                _('not a proxy setting: {url} (use "system", "none" or http://host:port)'),
                {"url": redact_url(text)},
            )
        return text

    @field_validator("pac", mode="before")
    @classmethod
    def _pac_url(cls, value: object) -> object:
        if not isinstance(value, str) or not value.strip():
            return value.strip() if isinstance(value, str) else value
        text = value.strip()
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if (scheme in ("http", "https") and parts.hostname and " " not in text) or (
            scheme == "file" and parts.path
        ):
            return text
        raise PydanticCustomError(
            "pac",
            _("not a PAC file URL: {url} (use http(s)://host/proxy.pac or file:///path)"),
            {"url": redact_url(text)},
        )


def _override(title: str) -> Any:
    """A service's field that overrides the key of ``[defaults]`` titled ``title``."""
    return Field(None, title=title, description=N_("Overrides [defaults]."))


class Service(ServiceMethods, StrictModel):
    """``[[services]]``: something the user cares about, looked at by one or more checks."""

    name: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        title=N_("Name"), description=N_("The name shown in the tray and used on the command line.")
    )
    url: HttpUrl | None = Field(
        None, title=N_("URL"), description=N_("Shorthand for one http check of this URL.")
    )
    checks: list[Check] = Field(
        default_factory=list, title=N_("Checks"), description=N_("The checks of this service.")
    )
    status_page: HttpUrl | None = Field(
        None,
        title=N_("Status page"),
        description=N_(
            "The vendor's status page (its platform is detected): what the vendor "
            "says beside what the checks see."
        ),
    )
    status_component: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None,
        title=N_("Status component"),
        description=N_(
            "The component of the status page to follow, as the page names it "
            '("userstream", or "Group / Component"); the whole page when left out. Needs '
            "status_page."
        ),
    )
    remote: list[Remote] = Field(
        default_factory=list,
        title=N_("Remote"),
        description=N_(
            "Remote vantage points: targets of [[sources]], e.g. [{ source = "
            '"prometheus" }]. Down here but up from one of them is down for you; down everywhere '
            "is down for everyone."
        ),
    )
    outside: OutsideChoice = Field(
        "auto",
        title=N_("Outside"),
        description=N_(
            "Whether its target may be sent to [outside]'s network when it fails here: "
            'true (always, even a name that looks private), false (never), or "auto" (only a '
            "public name or address, without its user name, password or query)."
        ),
    )
    status_page_interval: Duration | None = _override(N_("Status page interval"))
    interval: Duration | None = _override(N_("Interval"))
    timeout: Duration | None = _override(N_("Timeout"))
    failure_threshold: PositiveInt | None = _override(N_("Failure threshold"))
    success_threshold: PositiveInt | None = _override(N_("Success threshold"))
    retry_after: Duration | None = _override(N_("Retry after"))
    flap_window: Duration | None = _override(N_("Flap window"))
    slow_after: Duration | None = _override(N_("Slow after"))
    cert_expiry: Duration | None = _override(N_("Cert expiry"))
    group: Annotated[str, Field(max_length=100)] | None = Field(
        None,
        title=N_("Group"),
        description=N_(
            'The group it is shown in ("Work"): the tray menu has an entry per group, '
            "with its worst status and its services under it; left out, the service stands alone."
        ),
    )

    @field_validator("group")
    @classmethod
    def _group_is_a_name(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or not value.isprintable()):
            raise PydanticCustomError("group", _("a group is a name on one line"))
        return value.strip() if value is not None else None

    @model_validator(mode="after")
    def _has_something_to_check(self) -> Self:
        if not self.name.strip():
            raise PydanticCustomError("name", _("a service needs a name"))
        if self.url is None and not self.checks and self.status_page is None and not self.remote:
            raise PydanticCustomError(
                "nothing_to_check",
                _(
                    "service '{name}' has nothing to check: give it a url, [[services.checks]], "
                    "a status_page or remote"
                ),
                {"name": self.name},
            )
        return self

    @model_validator(mode="after")
    def _component_has_a_page(self) -> Self:
        component = self.status_component
        if component is not None and self.status_page is None:
            raise PydanticCustomError(
                "status_component",
                _("service '{name}': status_component needs a status_page to follow it on"),
                {"name": self.name},
            )
        if component is not None and (not component.strip() or not component.isprintable()):
            raise PydanticCustomError(
                "status_component",
                _("service '{name}': status_component is a component's name on one line"),
                {"name": self.name},
            )
        return self

    def _shorthand(self, url: str) -> HttpCheck:
        return HttpCheck(url=url)


class Config(StrictModel, ConfigMethods[Service, Source]):
    """The whole file. An empty file (or none) is a valid config with no services."""

    defaults: Defaults = Field(default_factory=Defaults)
    notifications: Notifications = Field(default_factory=Notifications)
    network: Network = Field(default_factory=Network)
    outside: Outside = Field(default_factory=Outside)
    sources: list[Source] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    maintenance: list[Maintenance] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_are_known(self) -> Self:
        _unique("source", [s.name for s in self.sources])
        names = {source.name.strip().casefold() for source in self.sources}
        for index, service in enumerate(self.services):
            prefix, slash, _target = service.name.partition("/")
            if slash and prefix.strip().casefold() in names:
                raise PydanticCustomError(
                    "service_name",
                    _(
                        "service name '{name}' is taken: '{prefix}/...' names the targets of "
                        "source '{prefix}'"
                    ),
                    {"loc": ("services", index, "name"), "name": service.name, "prefix": prefix},
                )
            for at, remote in enumerate(service.remote):
                if remote.source.casefold() not in names:
                    known = ", ".join(f"'{s.name}'" for s in self.sources) or "none"
                    raise PydanticCustomError(
                        "remote",
                        _("service '{name}': no source named '{source}' (sources: {known})"),
                        {
                            "loc": ("services", index, "remote", at, "source"),
                            "name": service.name,
                            "source": remote.source,
                            "known": known,
                        },
                    )
        return self

    @model_validator(mode="after")
    def _maintenance_names_services(self) -> Self:
        names = [s.name for s in self.services]
        for at, index, name in unknown_services(
            self.maintenance, names, [s.name for s in self.sources]
        ):
            raise PydanticCustomError(
                "maintenance",
                _("no service named '{name}' (services: {known})"),
                {
                    "loc": ("maintenance", at, "services", index),
                    "name": name,
                    "known": ", ".join(f"'{n}'" for n in names) or "none",
                },
            )
        return self

    @model_validator(mode="after")
    def _names_are_unique(self) -> Self:
        _unique("service", [s.name for s in self.services])
        return self
