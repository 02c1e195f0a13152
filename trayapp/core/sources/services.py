"""How readings of sources meet the services: shared by the monitor and ``trayapp check``.

The services a source brings are made here (:func:`brought`) and kept, reading after reading,
in the effective config (:mod:`trayapp.core.sources.effective`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from trayapp.core.config.running import Defaults, Remote, Service, ServiceSettings, Source
from trayapp.core.models import Status
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
    return service.has_checks or service.status_page is not None


def source_settings(defaults: Defaults, source: Source) -> ServiceSettings:
    """How ``source`` is read: its interval and timeout, else ``[defaults]``'s."""
    return replace(
        defaults.settings(),
        interval=source.interval or defaults.interval,
        timeout=source.timeout or defaults.timeout,
    )


def vantages(
    service: Service,
    readings: Mapping[str, SourceReading],
    left_out: Mapping[str, int] | None = None,
) -> tuple[Vantage, ...]:
    """What the vantage points of ``service``'s remote targets see, from ``readings`` (by the
    source's name in lower case); a source not read yet says nothing. A source's own service
    says how many targets its ``max_services`` left out (``left_out``, by the same names)."""
    seen: list[Vantage] = []
    for remote in service.remote:
        key = remote.source.casefold()
        reading = readings.get(key)
        if reading is None:
            continue
        if is_source_itself(service):
            seen.append(reading.itself((left_out or {}).get(key, 0)))
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
        and not service.has_checks
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
    """The services ``source`` brings beside the user's ``services``: itself, then the targets
    of ``reading`` that none of ``services`` names, at most ``source.max_services`` of them
    (see :func:`chosen_targets`), in order."""
    claimed = claimed_targets(services, source)
    targets = [t for t in reading.targets if target_key(t) not in claimed]
    kept = chosen_targets(reading, targets, source.max_services)
    return [source_service(source), *(derived_service(source, t) for t in kept)]


def chosen_targets(
    reading: SourceReading, targets: Iterable[str], limit: int, keep: Iterable[str] = ()
) -> list[str]:
    """At most ``limit`` of ``targets``, sorted: the failing ones first (down, degraded,
    unknown), then those in ``keep`` (brought before, so that the list does not churn), then
    the rest, each group by name."""
    kept = {target_key(t) for t in keep}

    def rank(target: str) -> tuple[int, int, str]:
        failing = any(v.status is not Status.UP for v in reading.about(target))
        return (0 if failing else 1, 0 if target_key(target) in kept else 1, target)

    return sorted(targets, key=rank)[:limit]


def brought_by(service: Service) -> str:
    """The source that brought ``service`` (see :func:`brought`); "" for a service of the
    user's own: no service of the user's is called after a source's target."""
    if service.has_checks or service.status_page is not None or len(service.remote) != 1:
        return ""
    source = service.remote[0].source
    name = service.name.casefold()
    return source if name == source.casefold() or name.startswith(f"{source.casefold()}/") else ""
