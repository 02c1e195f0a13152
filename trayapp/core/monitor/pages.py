"""The vendors' status pages: each read on its own interval, each reading handed to the ledger.

A service with a status page has a task of its own that reads the page every
``status_page_interval`` (see :class:`~trayapp.core.vendors.poller.StatusPagePoller`, which
backs off after failures and honours ``Retry-After``) and hands each reading to the
:class:`~trayapp.core.monitor.ledger.Ledger`. When what the vendor says can change the
service's status or verdict, or the vendor opened an incident (:class:`Rejudge` ``NOW``),
``on_rejudge`` has the service's round run at once, so that its status and verdict follow the
vendor's word.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx

from trayapp.core.clock import Clock
from trayapp.core.config.running import Config, Service
from trayapp.core.monitor.ledger import Ledger, Rejudge
from trayapp.core.vendors.model import PageRef
from trayapp.core.vendors.poller import StatusPagePoller

__all__ = ["StatusPages", "page_settings"]

log = logging.getLogger(__name__)


def page_settings(service: Service, config: Config) -> tuple[object, ...]:
    """What reading ``service``'s status page depends on: when it changes, the page is read
    afresh."""
    settings = config.settings_for(service)
    return (
        service.status_page,
        service.status_component,
        settings.status_page_interval,
        settings.timeout,
    )


class StatusPages:
    """The tasks reading the services' status pages, by service name.

    Args:
        client: Reads the pages (see :func:`~trayapp.core.vendors.poller.vendor_client`);
            None reads none.
        ledger: Takes each reading.
        clock: Every wait between two readings.
        on_rejudge: Called with a service's name when a reading calls for its round now.
        on_change: Called after each reading, on the loop's thread.
    """

    def __init__(
        self,
        *,
        client: httpx.AsyncClient | None,
        ledger: Ledger,
        clock: Clock,
        on_rejudge: Callable[[str], None],
        on_change: Callable[[], None],
    ) -> None:
        self._client = client
        self._ledger = ledger
        self._clock = clock
        self._on_rejudge = on_rejudge
        self._on_change = on_change
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def start(self, service: Service, config: Config) -> None:
        """Read ``service``'s status page as ``config`` says, from now on until :meth:`stop`,
        afresh if it was read already; nothing for a service without one (no longer read if
        it was), or without a client."""
        name = service.name
        self.stop(name)
        if self._client is None or service.status_page is None:
            return
        work = self._read(service, config, self._client)
        self._tasks[name] = asyncio.create_task(work, name=f"status page of {name}")

    def stop(self, name: str) -> None:
        """Stop reading ``name``'s page (nothing happens if it is not read)."""
        task = self._tasks.pop(name, None)
        if task is not None:
            task.cancel()

    def cancel_all(self) -> list[asyncio.Task[None]]:
        """Stop reading every page; returns the tasks, for the caller to wait until they
        have ended."""
        tasks, self._tasks = list(self._tasks.values()), {}
        for task in tasks:
            task.cancel()
        return tasks

    async def _read(self, service: Service, config: Config, client: httpx.AsyncClient) -> None:
        """Read ``service``'s status page on its interval until cancelled."""
        assert service.status_page is not None
        settings = config.settings_for(service)
        poller = StatusPagePoller(
            PageRef(service.status_page, service.status_component),
            client,
            clock=self._clock,
            interval=settings.status_page_interval,
            timeout=settings.timeout,
        )
        while True:
            try:
                reading = await poller.poll()
            except Exception:
                # The poller turns everything a page can do into a reading; getting here is
                # a bug in trayapp, logged in full. The page is tried again at its interval.
                log.exception("reading the status page of %s failed unexpectedly", service.name)
            else:
                if self._ledger.vendor(service.name, reading, self._clock.now()) is Rejudge.NOW:
                    self._on_rejudge(service.name)  # judge it now, with the vendor's new word
                self._on_change()
            await self._clock.sleep(poller.next_delay())
