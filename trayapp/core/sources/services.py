"""How readings of sources meet the services: shared by the monitor and ``trayapp check``.

The services a source brings are made here (:func:`brought`) and kept, reading after reading,
in the effective config (:mod:`trayapp.core.sources.effective`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from trayapp.core.config.model import Defaults, Remote, Service, ServiceSettings, Source
from trayapp.core.sources.model import SourceReading, Vantage, target_key

__all__ = [
    "brought",
    "brought_by",
    "claimed_targets",
    "derived_service",
    "has_rounds",
    "is_source_itself",
    "source_service",
    "source_settings",
    "vantages",
]


def has_rounds(service: Service) -> bool:
    """Whether ``service`` has rounds of its own: checks, or a status page to judge.
    One without is judged at each reading of its sources."""
    return bool(service.all_checks) or service.status_page is not None


def source_settings(defaults: Defaults, source: Source) -> ServiceSettings:
    """How ``source`` is read: its interval and timeout, else ``[defaults]``'s."""
    return replace(
        defaults.settings(),
        interval=source.interval or defaults.interval,
        timeout=source.timeout or defaults.timeout,
    )


def vantages(service: Service, readings: Mapping[str, SourceReading]) -> tuple[Vantage, ...]:
    """What the vantage points of ``service``'s remote targets see, from ``readings`` (by the
    source's name in lower case); a source not read yet says nothing."""
    seen: list[Vantage] = []
    for remote in service.remote:
        reading = readings.get(remote.source.casefold())
        if reading is None:
            continue
        if is_source_itself(service):
            seen.append(reading.itself())
        else:
            seen.extend(reading.about(service.remote_target(remote)))
    return tuple(seen)


def is_source_itself(service: Service) -> bool:
    """Whether ``service`` stands for its source itself: named as the source, it has no
    checks and names no target of it (how each source shows whether it can be read)."""
    return (
        len(service.remote) == 1
        and service.remote[0].target is None
        and service.remote[0].source.casefold() == service.name.casefold()
        and not service.all_checks
    )


def source_service(source: Source) -> Service:
    """The service that shows whether ``source`` can be read, named as the source."""
    return Service(name=source.name, remote=[Remote(source=source.name)])


def claimed_targets(services: Iterable[Service], source: Source) -> set[str]:
    """The targets of ``source`` that ``services`` name (as :func:`target_key` has them)."""
    key = source.name.casefold()
    return {
        target_key(service.remote_target(remote))
        for service in services
        for remote in service.remote
        if remote.source.casefold() == key
    }


def derived_service(source: Source, target: str) -> Service:
    """The service a source's target makes: ``prometheus/https://shop.example/``."""
    name = f"{source.name}/{' '.join(target.split())}"
    if len(name) > 100:
        name = name[:99] + "…"
    return Service(name=name, remote=[Remote(source=source.name, target=target)])


def brought(source: Source, reading: SourceReading, services: Iterable[Service]) -> list[Service]:
    """The services ``source`` brings beside the user's ``services``: itself, then each target
    of ``reading`` that none of ``services`` names, in order."""
    claimed = claimed_targets(services, source)
    targets = sorted(t for t in reading.targets if target_key(t) not in claimed)
    return [source_service(source), *(derived_service(source, t) for t in targets)]


def brought_by(service: Service) -> str:
    """The source that brought ``service`` (see :func:`brought`); "" for a service of the
    user's own: no service of the user's is called after a source's target."""
    if service.all_checks or service.status_page is not None or len(service.remote) != 1:
        return ""
    source = service.remote[0].source
    name = service.name.casefold()
    return source if name == source.casefold() or name.startswith(f"{source.casefold()}/") else ""
