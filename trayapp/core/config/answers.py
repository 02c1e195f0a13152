"""What each table of the config answers beyond its fields, written once for both of its
forms: the model that reads the file (:mod:`trayapp.core.config.model`) and the record the
monitor runs on (:mod:`trayapp.core.config.running`) inherit these classes, and each
method reads only fields, which the two have alike. Nothing here imports pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, tzinfo
from typing import Any, Generic, Self, TypeVar

from trayapp.core.config.windows import Daily, Once, Span, days_of, parse_daily, zone_named

__all__ = [
    "SERVICE_SETTINGS",
    "CheckMethods",
    "ConfigMethods",
    "DefaultsMethods",
    "MaintenanceMethods",
    "ServiceMethods",
    "ServiceSettings",
    "SourceMethods",
    "group_names",
]


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """A service's timing and thresholds with ``[defaults]`` filled in."""

    interval: float
    timeout: float
    failure_threshold: int
    success_threshold: int
    flap_window: float
    slow_after: float
    cert_expiry: float = 14 * 86_400.0
    status_page_interval: float = 300.0
    retry_after: float = 5.0


SERVICE_SETTINGS = tuple(f.name for f in fields(ServiceSettings))
"""The keys of ``[defaults]`` that a service may override."""


# --- the answers --------------------------------------------------------


def _secret_headers(headers: Mapping[str, object]) -> dict[str, str]:
    return {name: value.secret for name, value in headers.items() if not isinstance(value, str)}  # type: ignore[attr-defined]


class CheckMethods:
    """What every check answers, whatever its ``type``."""

    __slots__ = ()

    @property
    def target(self) -> str:
        """What the check looks at, for people."""
        check: Any = self
        if check.type == "http":
            return str(check.url)
        if check.type == "tcp":
            host = f"[{check.host}]" if ":" in check.host else check.host
            return f"{host}:{check.port}"
        if check.type == "dns":
            return f"{check.name} {check.record}" if check.record else str(check.name)
        return str(check.host)

    @property
    def secrets(self) -> dict[str, str]:
        """Header name → the keyring name of its value, for the headers kept as secrets."""
        return _secret_headers(getattr(self, "headers", {}))

    def gives(self, key: str) -> bool:
        """Whether the file gave ``key`` itself, where the check could have left it out."""
        given = getattr(self, "model_fields_set", None)  # a model knows, a record was told
        return key in (getattr(self, "given", ()) if given is None else given)


class DefaultsMethods:
    """What ``[defaults]`` answers."""

    __slots__ = ()

    def settings(self) -> ServiceSettings:
        """These defaults as the settings of something that overrides none of them."""
        return ServiceSettings(**{name: getattr(self, name) for name in SERVICE_SETTINGS})


class MaintenanceMethods:
    """What a ``[[maintenance]]`` window answers."""

    __slots__ = ()

    @property
    def windows(self) -> Once | Daily:
        """The window's arithmetic (see :mod:`trayapp.core.config.windows`)."""
        window: Any = self
        if window.start is not None and window.end is not None:
            return Once(datetime.fromisoformat(window.start), datetime.fromisoformat(window.end))
        assert window.every is not None  # the validator says so
        assert window.window is not None
        start, end = parse_daily(window.window)
        zone: tzinfo | None = None if window.timezone is None else zone_named(window.timezone)
        return Daily(days_of(window.every), start, end, zone)

    def covers(self, service: str) -> bool:
        """Whether the window covers the service called ``service`` (case-insensitive)."""
        window: Any = self
        if not window.services:
            return True
        wanted = service.strip().casefold()
        return any(name.strip().casefold() == wanted for name in window.services)

    def span_at(self, moment: datetime) -> Span | None:
        """The stretch of the window that holds ``moment``, if any."""
        return self.windows.span_at(moment)

    def describe(self) -> str:
        """When, for people: ``every sunday 23:00-01:00 (Europe/Berlin)``, or
        ``2026-12-24T02:00:00+01:00 to 2026-12-24T04:00:00+01:00``."""
        window: Any = self
        if window.start is not None:
            return f"{window.start} to {window.end}"
        days = {"day": "day", "weekday": "weekday (Monday to Friday)", "weekend": "weekend day"}
        every = days.get(window.every or "", (window.every or "").capitalize())
        zone = f" ({window.timezone})" if window.timezone else ""
        return f"every {every} {window.window}{zone}"

    def title(self) -> str:
        """Its name, else when it is."""
        window: Any = self
        return str(window.name or self.describe())


class SourceMethods:
    """What a ``[[sources]]`` entry answers."""

    __slots__ = ()

    @property
    def promql(self) -> str:
        """The query a prometheus source asks."""
        return getattr(self, "query", None) or "probe_success"

    @property
    def secrets(self) -> dict[str, str]:
        """Header name → the keyring name of its value, for the headers kept as secrets."""
        return _secret_headers(getattr(self, "headers", {}))


class ServiceMethods:
    """What a ``[[services]]`` entry answers."""

    __slots__ = ()

    @property
    def all_checks(self) -> tuple[Any, ...]:
        """The ``url`` shorthand as an http check, followed by the explicit checks (each form
        makes the shorthand's check of its own kind: its ``_shorthand(url)``)."""
        service: Any = self
        shorthand = (service._shorthand(service.url),) if service.url is not None else ()
        return (*shorthand, *service.checks)

    @property
    def has_checks(self) -> bool:
        """Whether it has any check: what ``bool(all_checks)`` says, without making them."""
        service: Any = self
        return service.url is not None or bool(service.checks)

    @property
    def first_url(self) -> str | None:
        """The URL of its first http check (``url``'s, if it has one); None for none."""
        service: Any = self
        return service.url or next((c.url for c in service.checks if c.type == "http"), None)

    def remote_target(self, remote: Any) -> str:
        """The target ``remote`` names: its own, else the service's first URL, else its name."""
        if remote.target is not None:
            return str(remote.target)
        service: Any = self
        return self.first_url or str(service.name)


ServiceT = TypeVar("ServiceT")
SourceT = TypeVar("SourceT")


class ConfigMethods(Generic[ServiceT, SourceT]):
    """What the whole config answers; ``ServiceT`` and ``SourceT`` are its services' and
    sources' types (the model's, or the records')."""

    __slots__ = ()

    def source(self, name: str) -> SourceT | None:
        """The source called ``name`` (case-insensitive), if there is one."""
        wanted = name.strip().casefold()
        config: Any = self
        return next((s for s in config.sources if s.name.casefold() == wanted), None)

    def service(self, name: str) -> ServiceT | None:
        """The service called ``name`` (case-insensitive), if there is one."""
        wanted = name.strip().casefold()
        config: Any = self
        return next((s for s in config.services if s.name.strip().casefold() == wanted), None)

    def settings_for(self, service: ServiceT) -> ServiceSettings:
        """``service``'s settings, each one its own or else the default."""
        own = {
            name: value
            for name in SERVICE_SETTINGS
            if (value := getattr(service, name)) is not None
        }
        config: Any = self
        settings: ServiceSettings = replace(config.defaults.settings(), **own)
        return settings

    def with_services(self, services: list[ServiceT]) -> Self:
        """The same config with ``services`` in place of its own."""
        copy = getattr(self, "model_copy", None)
        if copy is not None:
            copied: Self = copy(update={"services": services})
            return copied
        return replace(self, services=services)  # type: ignore[type-var]


def group_names(services: Iterable[Any]) -> dict[str, str]:
    """The group of each of ``services`` that has one, by the service's name, as the first
    service of the group spells it: "work" and "Work" are one group, shown as first written."""
    spelled: dict[str, str] = {}
    groups = {}
    for service in services:
        if service.group is not None:
            groups[service.name] = spelled.setdefault(service.group.casefold(), service.group)
    return groups
