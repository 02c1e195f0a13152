"""What the settings dialog asks of the rest of trayapp: disk, keyring, network, all off its thread.

The dialog never does I/O itself. It holds a :class:`SettingsBackend`, whose every method returns
a :class:`concurrent.futures.Future` at once; the dialog gets the outcome back on the GUI thread
with :func:`trayapp.ui.futures.when_done`. :class:`RuntimeSettingsBackend` is the real one: it
runs each job on the :class:`~trayapp.runtime.Runtime`'s thread, the blocking parts (files,
keyring, the autostart entry) in a worker thread of that loop, so the monitor is not held up.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from trayapp.core.autostart import Autostart
from trayapp.core.catalog import Catalog, load_catalog
from trayapp.core.config import (
    Config,
    KeyringSecrets,
    LoadedConfig,
    Service,
    Source,
    load_config,
    lookup_with,
    save_config,
    write_config,
)
from trayapp.core.models import CheckResult
from trayapp.core.sources import SourceReading
from trayapp.runtime import Runtime

__all__ = [
    "RuntimeSettingsBackend",
    "SettingsBackend",
    "SharedServices",
    "TestNotifier",
    "named_sources",
    "read_services",
    "write_services",
]

T = TypeVar("T")

TestNotifier = Callable[[], "Awaitable[None] | None"]
"""Sends the test notification; called on the runtime's thread (a coroutine function is
awaited on its loop)."""


@dataclass(frozen=True, slots=True)
class SharedServices:
    """What a file of services to share holds: the services, and the sources they name."""

    services: list[Service]
    sources: list[Source]


class SettingsBackend(Protocol):
    """The settings dialog's work, each method returning at once with a Future."""

    def load(self, path: Path) -> Future[LoadedConfig]:
        """Read the config file again (after a conflict). Fails with ConfigError."""

    def save(
        self, loaded: LoadedConfig, config: Config, secrets: Mapping[str, str]
    ) -> Future[LoadedConfig]:
        """Store ``secrets`` (keyring name → value) in the keyring, then save ``config`` over
        the file ``loaded`` came from. Fails with SecretsUnavailable (nothing is saved),
        ConfigConflict (the file changed on disk), ConfigError or OSError."""

    def test(
        self, service: Service, config: Config, secrets: Mapping[str, str]
    ) -> Future[list[CheckResult]]:
        """Run ``service``'s checks once with ``config``'s settings; ``secrets`` are values
        not yet stored, looked up before the keyring."""

    def test_source(
        self, source: Source, config: Config, secrets: Mapping[str, str]
    ) -> Future[SourceReading]:
        """Read ``source`` once with ``config``'s settings; ``secrets`` as for :meth:`test`."""

    def keyring_problem(self) -> Future[str | None]:
        """Why secrets cannot be stored on this system, or None when they can."""

    def autostart_enabled(self) -> Future[bool]:
        """Whether trayapp starts at login."""

    def set_autostart(self, enabled: bool) -> Future[None]:
        """Write or remove the autostart entry."""

    def send_test_notification(self) -> Future[None]:
        """Show a notification, to see that notifications work."""

    def read_services(self, path: Path) -> Future[SharedServices]:
        """The services of a TOML file (a config, or an export), with the sources they name.
        Fails with ConfigError."""

    def write_services(
        self, path: Path, services: Sequence[Service], sources: Sequence[Source] = ()
    ) -> Future[None]:
        """Write ``services``, and the ``sources`` they name, to a new TOML file."""

    def catalog(self) -> Future[Catalog]:
        """The catalogue of well-known services. Fails with CatalogError."""


class RuntimeSettingsBackend:
    """The real :class:`SettingsBackend`: every job runs on ``runtime``'s thread.

    Args:
        runtime: The running runtime.
        notify: Sends the test notification (see :data:`TestNotifier`).
        environ: For the proxies of "Test now" (``os.environ`` by default).
        secrets: The keyring (by default the system's).
        autostart: The autostart entry (by default this platform's).
        catalog: The catalogue's file (by default the one shipped with trayapp).
    """

    def __init__(
        self,
        runtime: Runtime,
        *,
        notify: TestNotifier,
        environ: Mapping[str, str] | None = None,
        secrets: KeyringSecrets | None = None,
        autostart: Autostart | None = None,
        catalog: Path | None = None,
    ) -> None:
        self._runtime = runtime
        self._notify = notify
        self._environ = os.environ if environ is None else environ
        self._secrets = secrets or KeyringSecrets()
        self._autostart = autostart or Autostart()
        self._catalog = catalog

    def _blocking(self, function: Callable[..., T], *args: Any) -> Future[T]:
        return self._runtime.submit(asyncio.to_thread(function, *args))

    def load(self, path: Path) -> Future[LoadedConfig]:
        return self._blocking(load_config, path)

    def save(
        self, loaded: LoadedConfig, config: Config, secrets: Mapping[str, str]
    ) -> Future[LoadedConfig]:
        def store_then_save() -> LoadedConfig:
            for ref, value in secrets.items():
                self._secrets.set(ref, value)
            return save_config(loaded, config)

        return self._blocking(store_then_save)

    def test(
        self, service: Service, config: Config, secrets: Mapping[str, str]
    ) -> Future[list[CheckResult]]:
        from trayapp.core.config import record_of
        from trayapp.core.probes import Prober
        from trayapp.core.rounds import run_round

        lookup = lookup_with(dict(secrets), self._secrets.get)
        network, tested = record_of(config.network), record_of(service)
        settings = config.settings_for(service)

        async def run() -> list[CheckResult]:
            prober = Prober.from_config(network, self._environ, secrets=lookup)
            async with prober:
                return await run_round(tested, settings, prober)

        return self._runtime.submit(run())

    def test_source(
        self, source: Source, config: Config, secrets: Mapping[str, str]
    ) -> Future[SourceReading]:
        from trayapp.core.clock import SystemClock
        from trayapp.core.config import record_of
        from trayapp.core.probes import Prober
        from trayapp.core.sources import SourcePoller, source_settings

        lookup = lookup_with(dict(secrets), self._secrets.get)
        network, tested = record_of(config.network), record_of(source)
        settings = source_settings(record_of(config.defaults), tested)

        async def run() -> SourceReading:
            prober = Prober.from_config(network, self._environ, secrets=lookup)
            async with prober:
                return await SourcePoller(tested, prober, settings, SystemClock()).poll()

        return self._runtime.submit(run())

    def keyring_problem(self) -> Future[str | None]:
        return self._blocking(self._secrets.problem)

    def autostart_enabled(self) -> Future[bool]:
        return self._blocking(self._autostart.is_enabled)

    def set_autostart(self, enabled: bool) -> Future[None]:
        return self._blocking(self._autostart.set, enabled)

    def send_test_notification(self) -> Future[None]:
        async def send() -> None:
            result = self._notify()
            if inspect.isawaitable(result):
                await result

        return self._runtime.submit(send())

    def read_services(self, path: Path) -> Future[SharedServices]:
        return self._blocking(read_services, path)

    def write_services(
        self, path: Path, services: Sequence[Service], sources: Sequence[Source] = ()
    ) -> Future[None]:
        return self._blocking(write_services, path, list(services), list(sources))

    def catalog(self) -> Future[Catalog]:
        return self._blocking(load_catalog, self._catalog)


def read_services(path: Path) -> SharedServices:
    """The services of the TOML file at ``path``, read and checked as a config is, with the
    sources they name in ``remote``.

    Raises:
        ConfigError: the file is missing, unreadable or not a valid config.
    """
    config = load_config(path, missing_ok=False).config
    return SharedServices(list(config.services), named_sources(config.sources, config.services))


def named_sources(sources: Sequence[Source], services: Sequence[Service]) -> list[Source]:
    """The ``sources`` that ``services`` name in ``remote``, in order."""
    named = {remote.source.casefold() for service in services for remote in service.remote}
    return [source for source in sources if source.name.casefold() in named]


def write_services(path: Path, services: Sequence[Service], sources: Sequence[Source] = ()) -> None:
    """Write ``services`` as a TOML file of ``[[services]]``, and of the ``[[sources]]`` they
    name, replacing what is at ``path``.

    Written the way the config file is (atomically, keys in the same form), so the file
    reads back with :func:`read_services` or as a config of its own.
    """
    shared: dict[str, object] = {"services": list(services)}
    if named := named_sources(sources, services):
        shared["sources"] = named
    write_config(path, Config.model_validate(shared))
