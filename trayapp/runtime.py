"""The one background thread that runs trayapp's asyncio loop for the GUI.

The GUI thread never waits on the network or the disk: it hands coroutines to
:meth:`Runtime.submit`, which schedules them on this thread's loop and returns at once with a
:class:`concurrent.futures.Future`. Results travel back through callbacks that the UI layer
turns into Qt signals on its bridge object.

:class:`MonitorHost` runs the monitor there and offers the GUI what it may ask of it, as
named methods that each return at once: commands (:meth:`~MonitorHost.check_now`,
:meth:`~MonitorHost.snooze`, :meth:`~MonitorHost.pause`, :meth:`~MonitorHost.resume`,
:meth:`~MonitorHost.mute_until_back`, :meth:`~MonitorHost.reload`,
:meth:`~MonitorHost.network_hint`) run on the loop's thread;
queries of the history (:meth:`~MonitorHost.incidents`, :meth:`~MonitorHost.recent_rounds`,
:meth:`~MonitorHost.history`) run in a worker thread of the loop and answer with a future.

Shutdown (on ``aboutToQuit``) cancels every task still running, lets them finish their
cleanup (closing the HTTP client, the store), stops the loop and joins the thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from trayapp.core.config.running import Config, Network
from trayapp.core.i18n import _
from trayapp.core.incident import Incident
from trayapp.core.monitor import Engine, Event, Monitor, MonitorSnapshot, NetworkHint
from trayapp.core.probes import Prober
from trayapp.core.store import RoundPoint, Store, StoreError

if TYPE_CHECKING:
    from trayapp.core.report import HistoryReport

__all__ = ["MakeProber", "MonitorHost", "Runtime", "RuntimeStopped"]

log = logging.getLogger(__name__)

T = TypeVar("T")

MakeProber = Callable[[Network], Prober]
"""What makes the monitor's prober for the ``[network]`` of the config it runs."""


class RuntimeStopped(RuntimeError):
    """Work was submitted to a runtime that is not running."""


class Runtime:
    """An asyncio event loop in a thread of its own."""

    def __init__(self, name: str = "trayapp-runtime") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def running(self) -> bool:
        """Whether the loop's thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread and wait until its loop runs."""
        if self.running:
            return
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        loop.call_soon(self._ready.set)
        try:
            loop.run_forever()
            self._cancel_remaining(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
            self._loop = None

    @staticmethod
    def _cancel_remaining(loop: asyncio.AbstractEventLoop) -> None:
        tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coroutine`` on the loop; returns at once.

        Raises:
            RuntimeStopped: the runtime is not running (the coroutine is closed unrun).
        """
        loop = self._loop
        if loop is None or not self.running:
            coroutine.close()
            raise RuntimeStopped("the runtime is not running")
        return asyncio.run_coroutine_threadsafe(coroutine, loop)

    def call_soon(self, callback: Callable[[], object]) -> None:
        """Call ``callback()`` on the loop's thread soon; returns at once.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        loop = self._loop
        if loop is None or not self.running:
            raise RuntimeStopped("the runtime is not running")
        loop.call_soon_threadsafe(callback)

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel what runs, stop the loop and join the thread (at most ``timeout`` seconds)."""
        loop, thread = self._loop, self._thread
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout)
        self._thread = None


class MonitorHost:
    """The monitor, running on a :class:`Runtime`, as the GUI drives it.

    Every method returns at once; the work happens on the runtime's thread. What the monitor
    says comes back through the callbacks, called on the runtime's thread: ``emit`` for each
    event, ``on_snapshot`` with a fresh :class:`~trayapp.core.monitor.MonitorSnapshot` at
    most every ``snapshot_every`` seconds while what the tray shows changes (a thousand
    services finishing their rounds make ten snapshots a second, not a thousand), and
    ``on_failure`` with a one-line message when the monitor cannot run (its history unusable,
    say). A snapshot equal to the last one handed on (see
    :mod:`~trayapp.core.monitor.views`: rounds that found what the one before found) is not
    handed on: the GUI thread is not even woken.

    Args:
        runtime: The running runtime.
        data_dir: Where the history is kept.
        emit: Receives every event.
        on_snapshot: Receives snapshots.
        on_failure: Receives a message when the monitor stopped or could not start.
        make_prober: Passed to the engine (tests wire probes to local servers).
        snapshot_every: Seconds between two snapshots, at least.
        after_changes: Called on the runtime's thread after each burst of changes, when a
            snapshot is due (handed on or not): the GUI asks there for its garbage to be
            collected (see :mod:`trayapp.ui.collector`).
    """

    def __init__(
        self,
        runtime: Runtime,
        *,
        data_dir: Path,
        emit: Callable[[Event], None],
        on_snapshot: Callable[[MonitorSnapshot], None],
        on_failure: Callable[[str], None],
        make_prober: MakeProber | None = None,
        snapshot_every: float = 0.1,
        after_changes: Callable[[], None] | None = None,
    ) -> None:
        self._runtime = runtime
        self._data_dir = data_dir
        self._emit = emit
        self._on_snapshot = on_snapshot
        self._on_failure = on_failure
        self._make_prober = make_prober
        self._snapshot_every = snapshot_every
        self._after_changes = after_changes or (lambda: None)
        self._engine: Engine | None = None
        self._main: concurrent.futures.Future[None] | None = None
        self._snapshot_due = False
        self._shown: MonitorSnapshot | None = None
        """The last snapshot handed to ``on_snapshot``."""
        self._pending: Config | None = None
        """A config given to :meth:`reload` before the monitor ran: applied when it starts."""

    def start(self, config: Config) -> None:
        """Start monitoring ``config``'s services."""
        self._main = self._runtime.submit(self._run(config))

    async def _run(self, config: Config) -> None:
        engine = Engine(
            config,
            data_dir=self._data_dir,
            emit=self._emit,
            make_prober=self._make_prober,
            on_change=self._changed,
        )
        try:
            async with engine:
                self._engine = engine
                if self._pending is not None:
                    engine.monitor.reload(self._pending)
                    self._pending = None
                self._changed()
                await engine.run()
        except (StoreError, OSError) as error:
            # Translators: why trayapp stopped: its history file; {error} is the system's words.
            self._on_failure(_("history unusable: {error}").format(error=error))
        except Exception:
            # A bug in trayapp: in full in the log, and told, not a tray that stops changing.
            log.exception("the monitor stopped unexpectedly")
            self._on_failure(_("the monitor stopped unexpectedly (see the log)"))
        finally:
            self._engine = None

    def _changed(self) -> None:
        # Runs on the loop: one snapshot for every burst of changes.
        if self._snapshot_due:
            return
        self._snapshot_due = True
        asyncio.get_running_loop().call_later(self._snapshot_every, self._send_snapshot)

    def _send_snapshot(self) -> None:
        self._snapshot_due = False
        if self._engine is None:
            return
        snapshot = self._engine.monitor.snapshot()
        if snapshot != self._shown:
            self._shown = snapshot
            self._on_snapshot(snapshot)
        self._after_changes()

    # --- commands: each runs on the runtime's thread, soon ---------------------------------

    def check_now(self, name: str | None = None) -> None:
        """Run a round of the service called ``name`` (of every service, when None) now.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        self._command(lambda monitor: monitor.check_now(name))

    def snooze(self, name: str, until: datetime) -> None:
        """Show ``name`` as paused and raise nothing about it until ``until``.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        self._command(lambda monitor: monitor.snooze(name, until))

    def pause(self, name: str) -> None:
        """Pause ``name`` until :meth:`resume`: still checked and kept, never notified.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        self._command(lambda monitor: monitor.pause(name))

    def resume(self, name: str) -> None:
        """End ``name``'s snooze or pause.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        self._command(lambda monitor: monitor.resume(name))

    def mute_until_back(self, name: str) -> None:
        """Tell nothing more of ``name``'s outage but its recovery.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        self._command(lambda monitor: monitor.mute_until_back(name))

    def network_hint(self, hint: NetworkHint) -> None:
        """Pass on the operating system's word on the network: the monitor asks at once
        (see :meth:`~trayapp.core.monitor.Monitor.network_hint`).

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        self._command(lambda monitor: monitor.network_hint(hint))

    def reload(self, config: Config) -> None:
        """Monitor ``config`` from now on: services added, changed and removed, each keeping
        its status and history under the same name.

        A config given before the monitor runs (a first save moments after start) is kept
        and applied when it does, never dropped.

        Raises:
            RuntimeStopped: the runtime is not running.
        """

        def run() -> None:
            if self._engine is not None:
                self._engine.monitor.reload(config)
            else:
                self._pending = config

        self._runtime.call_soon(run)

    def _command(self, act: Callable[[Monitor], None]) -> None:
        """Run ``act(monitor)`` on the runtime's thread, soon.

        A command for a service that no longer exists is dropped: the user acted on a menu
        built a moment before a reload. So is one that comes before the monitor runs.
        """

        def run() -> None:
            if self._engine is not None:
                with contextlib.suppress(KeyError):
                    act(self._engine.monitor)

        self._runtime.call_soon(run)

    # --- queries of the history: each read in a worker thread of the runtime's loop ---------

    def incidents(self, limit: int) -> concurrent.futures.Future[list[Incident]]:
        """The latest incidents first, at most ``limit`` (see
        :meth:`~trayapp.core.store.Store.incidents`).

        The future fails with :class:`RuntimeStopped` when the monitor is not running, and
        with the store's error when it cannot be read.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        return self._query(lambda store: store.incidents(limit=limit))

    def recent_rounds(
        self, service: str, since: datetime
    ) -> concurrent.futures.Future[list[RoundPoint]]:
        """``service``'s rounds since ``since``, oldest first (see
        :meth:`~trayapp.core.store.Store.recent_rounds`).

        The future fails with :class:`RuntimeStopped` when the monitor is not running, and
        with the store's error when it cannot be read.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        return self._query(lambda store: store.recent_rounds(service, since))

    def history(
        self, configured: Sequence[str], now: datetime
    ) -> concurrent.futures.Future[HistoryReport]:
        """Every service's last month at ``now``: the ``configured`` ones, in order, then
        the others the history kept rounds of (see
        :func:`~trayapp.core.report.services_report`).

        The future fails with :class:`RuntimeStopped` when the monitor is not running, and
        with the store's error when it cannot be read.

        Raises:
            RuntimeStopped: the runtime is not running.
        """
        from trayapp.core.report import services_report  # when first asked: not at start

        names = list(configured)
        return self._query(lambda store: services_report(store, names, now=now))

    def _query(self, read: Callable[[Store], T]) -> concurrent.futures.Future[T]:
        """``read(store)`` in a worker thread of the runtime's loop, never on the caller's."""

        async def run() -> T:
            engine = self._engine
            if engine is None:
                raise RuntimeStopped("the monitor is not running")
            return await asyncio.to_thread(read, engine.store)

        return self._runtime.submit(run())

    def stop(self) -> None:
        """Stop the monitor; returns at once.

        It closes its files on the runtime's thread: :meth:`Runtime.stop` waits for that.
        """
        if self._main is not None:
            self._main.cancel()
