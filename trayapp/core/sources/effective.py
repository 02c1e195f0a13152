"""The effective config: the user's config with the services its sources bring.

The monitor watches the effective config, never the user's alone, and never rewrites it:
each change comes from here, as a new :class:`~trayapp.core.config.model.Config` the
monitor applies as it applies a reload::

    the user's config ────────────┐
    each reading of a source ─────┼─► EffectiveConfig ─► .config ─────► the monitor
    open incidents, at start ─────┘                   └► .vantages() ─► the ledger

A source with ``services = true`` brings:

- a service for itself, named as the source (unknown until read): whether it can be read;
- a service for each target of its latest reading that no service of the user names,
  ``source/target`` (see :func:`~trayapp.core.sources.services.derived_service`), in the
  order of the targets;
- the targets it brought before, while its readings still name them (an Alertmanager's are
  kept: an alert that is gone means the target is well again, not that it went away);
- after a restart, each ``source/target`` with an open incident, until a reading judges it.

A reading that failed changes nothing: what the source brought stays, unknown. A service of
the user's own shadows a brought one of the same name, and a target a service of the user
comes to name is no longer a service of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from trayapp.core.config.running import Config, Service, Source
from trayapp.core.sources.model import SourceReading, Vantage, target_key
from trayapp.core.sources.services import (
    chosen_targets,
    claimed_targets,
    derived_service,
    is_source_itself,
    source_service,
    vantages,
)
from trayapp.core.text import plural

__all__ = ["EffectiveConfig"]

log = logging.getLogger(__name__)


class EffectiveConfig:
    """The user's config, the services its sources brought, and the sources' latest readings.

    Args:
        config: The user's config; :meth:`reload` takes a new one.
    """

    def __init__(self, config: Config) -> None:
        self._user = config
        self._config = config
        self._derived: dict[str, Service] = {}
        """The services the sources brought, by name, in the order they came."""
        self._readings: dict[str, SourceReading] = {}
        """The latest reading of each source, by its name in lower case."""
        self._left_out: dict[str, int] = {}
        """How many targets each source's ``max_services`` left out, by its name in lower
        case; said in the log when it changes, and in the source's own entry."""

    @property
    def user(self) -> Config:
        """The user's own config."""
        return self._user

    @property
    def config(self) -> Config:
        """The effective config: the user's services, then those the sources brought."""
        return self._config

    def recall(self, open_services: Iterable[str]) -> Config | None:
        """At start: each source's own service, and the services a source brought before a
        restart that are in ``open_services`` (those with an open incident), so that they are
        judged again at the first reading and close when all is well.

        Returns:
            The new effective config; None when it did not change.
        """
        sources = {s.name.casefold(): s for s in self._user.sources if s.services}
        for source in sources.values():
            itself = source_service(source)
            self._derived[itself.name] = itself
        watched = {s.name for s in self._config.services}
        for name in open_services:
            prefix, slash, target = name.partition("/")
            brought_by = sources.get(prefix.casefold())
            if slash and target and brought_by and name not in watched:
                self._derived[name] = derived_service(brought_by, target)
        return self._compose() if self._derived else None

    def take(self, source: Source, reading: SourceReading) -> Config | None:
        """A new reading of ``source``: kept for :meth:`vantages`, and the services it brings
        made or dropped (targets the source no longer reports go, their incidents closed).

        Returns:
            The new effective config; None when its services did not change.
        """
        key = source.name.casefold()
        self._readings[key] = reading
        if not (source.services and reading.ok):
            return None
        claimed = claimed_targets(self._user.services, source)
        before = {
            target_key(_target(service)): service
            for service in self._derived.values()
            if service.remote[0].source.casefold() == key and not is_source_itself(service)
        }
        still = [
            _target(service)
            for tkey, service in before.items()
            if (reading.alerts_only or reading.knows(_target(service))) and tkey not in claimed
        ]
        candidates = {target_key(t): t for t in [*still, *sorted(reading.targets)]}
        for tkey in claimed:
            candidates.pop(tkey, None)
        limit = source.max_services
        chosen = {
            target_key(t) for t in chosen_targets(reading, candidates.values(), limit, keep=still)
        }
        self._report_left_out(source, len(candidates) - len(chosen))
        itself = source_service(source)
        mine = {itself.name: itself}
        for tkey, target in candidates.items():  # those brought before first, in their order
            if tkey in chosen:
                service = before.get(tkey) or derived_service(source, target)
                mine[service.name] = service
        others = {n: s for n, s in self._derived.items() if s.remote[0].source.casefold() != key}
        derived = {**others, **mine}
        if list(derived) == list(self._derived):
            return None
        self._derived = derived
        return self._compose()

    def _report_left_out(self, source: Source, count: int) -> None:
        key = source.name.casefold()
        if self._left_out.get(key, 0) != count:
            self._left_out[key] = count
            if count:
                log.warning(
                    "source %s: %s left out; max_services = %d shows the rest",
                    source.name,
                    plural(count, "target"),
                    source.max_services,
                )

    def forget(self, source: str) -> None:
        """Drop the latest reading of ``source`` (its name in lower case): it is read afresh."""
        self._readings.pop(source, None)

    def reload(self, config: Config) -> Config:
        """Take the user's new config. The services a source brought go with the source, with
        a source that no longer brings any, and where a service of the user now has the name.

        Returns:
            The new effective config.
        """
        self._user = config
        bringing = {s.name.casefold() for s in config.sources if s.services}
        mine = {s.name for s in config.services}
        self._derived = {
            name: service
            for name, service in self._derived.items()
            if service.remote[0].source.casefold() in bringing and name not in mine
        }
        for source in config.sources:
            if source.services:
                itself = source_service(source)
                self._derived.setdefault(itself.name, itself)
        return self._compose()

    def vantages(self, service: Service) -> tuple[Vantage, ...]:
        """What the vantage points of ``service``'s remote targets see, as the latest reading
        of each source says; a source not read yet says nothing."""
        return vantages(service, self._readings, self._left_out)

    def _compose(self) -> Config:
        mine = {s.name for s in self._user.services}
        derived = [s for s in self._derived.values() if s.name not in mine]
        services = [*self._user.services, *derived]
        self._config = self._user.with_services(services)
        return self._config


def _target(service: Service) -> str:
    return service.remote_target(service.remote[0])
