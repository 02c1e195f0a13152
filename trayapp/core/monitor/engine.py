"""The whole monitor, made from a config and a data folder, and closed as one.

``trayapp watch`` and the tray's runtime thread run the same engine::

    async with Engine(config, data_dir=..., emit=print_event) as engine:
        await engine.run()            # until cancelled

It opens the history store (refusing one written by a newer trayapp), makes the prober,
the ledger (writing to the store, its :class:`~trayapp.core.monitor.sink.HistorySink`) and
the monitor, and on the way out closes the prober's connections, the status pages' and the
outside network's clients and the store, whatever stopped it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

from trayapp.core.clock import Clock, SystemClock
from trayapp.core.config.running import Config, Network
from trayapp.core.monitor.events import Event, Notification
from trayapp.core.monitor.ledger import Ledger
from trayapp.core.monitor.loop import Monitor
from trayapp.core.monitor.sink import HistorySink, KeptHistory
from trayapp.core.probes import Prober
from trayapp.core.store import Store
from trayapp.core.vendors.poller import vendor_client

__all__ = ["Engine"]


class Engine:
    """A monitor with its prober, ledger and store, opened and closed together.

    Args:
        config: What to watch.
        data_dir: Where the history is kept (created if missing).
        emit: Receives every event, on the engine's event loop.
        clock: The time; tests pass their own.
        environ: Where proxies are read from (``os.environ`` by default), with the desktop's
            settings and ``[network]``'s.
        make_prober: Builds the prober from ``[network]``; tests wire it to local servers.
        make_vendor_client: Builds the client status pages are read with, once the prober
            is made (by default :func:`~trayapp.core.vendors.poller.vendor_client` going
            the prober's way: its :attr:`~trayapp.core.probes.Prober.proxies`).
        make_outside_client: Builds the client the outside network (``[outside]``) is asked
            with; by default one made as the status pages' is, going the prober's way.
        on_change: Called on the loop whenever the monitor's snapshot may have changed.
    """

    def __init__(
        self,
        config: Config,
        *,
        data_dir: Path,
        emit: Callable[[Event], None],
        clock: Clock | None = None,
        environ: Mapping[str, str] | None = None,
        make_prober: Callable[[Network], Prober] | None = None,
        make_vendor_client: Callable[[], httpx.AsyncClient] | None = None,
        make_outside_client: Callable[[], httpx.AsyncClient] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self._config = config
        self._data_dir = data_dir
        self._emit = emit
        self._clock = clock or SystemClock()
        environ = os.environ if environ is None else environ
        self._make_prober = make_prober or (
            lambda network: Prober.from_config(network, environ, clock=self._clock)
        )
        self._make_vendor_client = make_vendor_client or self._vendor_client_of_prober
        self._make_outside_client = make_outside_client or self._vendor_client_of_prober
        self._on_change = on_change
        self._store: Store | None = None
        self._prober: Prober | None = None
        self._vendor_client: httpx.AsyncClient | None = None
        self._outside_client: httpx.AsyncClient | None = None
        self._monitor: Monitor | None = None

    @property
    def monitor(self) -> Monitor:
        """The running monitor (for commands and snapshots).

        Raises:
            RuntimeError: the engine is not open.
        """
        if self._monitor is None:
            raise RuntimeError("the engine is not open")
        return self._monitor

    @property
    def store(self) -> Store:
        """The open history store (for queries: call it off the event loop, it reads disk).

        Raises:
            RuntimeError: the engine is not open.
        """
        if self._store is None:
            raise RuntimeError("the engine is not open")
        return self._store

    async def __aenter__(self) -> Self:
        """Open the store and make the monitor.

        Raises:
            StoreError: the history file, or the data folder, cannot be used (StoreTooNew: a
                newer trayapp's).
        """
        self._store = await asyncio.to_thread(self._open_store)
        # The ledger writes through a keeper that lets the monitor go on when the disk is full.
        history: HistorySink = KeptHistory(self._store, notify=self._tell)
        try:
            self._prober = self._make_prober(self._config.network)
            self._vendor_client = self._make_vendor_client()
            self._outside_client = self._make_outside_client()
            ledger = await asyncio.to_thread(
                lambda: Ledger(self._config, emit=self._emit, store=history)
            )
        except BaseException:
            await self._close()
            raise
        self._monitor = Monitor(
            self._config,
            prober=self._prober,
            ledger=ledger,
            clock=self._clock,
            store=self._store,
            on_change=self._on_change,
            vendor_client=self._vendor_client,
            outside_client=self._outside_client,
        )
        return self

    def _vendor_client_of_prober(self) -> httpx.AsyncClient:
        # One policy for both: a proxy set by the desktop or a PAC file serves status pages
        # too, and a PAC file is fetched and run once for both.
        assert self._prober is not None
        return vendor_client(self._prober.proxies)

    def _tell(self, title: str, body: str, english: tuple[str, str] | None = None) -> None:
        """Say ``title`` and ``body`` to the user, as a notification (``english``: the two in
        English, for the JSON, when they differ)."""
        self._emit(Notification(at=self._clock.now(), title=title, body=body, english=english))

    def _open_store(self) -> Store:
        # The store makes the data folder itself, the user's alone (0700).
        return Store.open(self._data_dir)

    async def run(self) -> None:
        """Run the monitor until cancelled."""
        await self.monitor.run()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self._close()

    async def _close(self) -> None:
        prober, store = self._prober, self._store
        clients = (self._vendor_client, self._outside_client)
        self._prober = self._store = self._monitor = None
        self._vendor_client = self._outside_client = None
        try:
            # The clients first: they go the way of the prober's proxy policy.
            for client in clients:
                if client is not None:
                    await client.aclose()
        finally:
            try:
                if prober is not None:
                    await prober.aclose()
            finally:
                if store is not None:
                    store.close()
