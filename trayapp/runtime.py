"""The one background thread that runs trayapp's asyncio loop for the GUI.

The GUI thread never waits on the network or the disk: it hands coroutines to
:meth:`Runtime.submit`, which schedules them on this thread's loop and returns at once with a
:class:`concurrent.futures.Future`. Results travel back through callbacks that the UI layer
turns into Qt signals on its bridge object.

Shutdown (on ``aboutToQuit``) cancels every task still running, lets them finish their
cleanup (closing the HTTP client, the store), stops the loop and joins the thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["Runtime", "RuntimeStopped"]

T = TypeVar("T")


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

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel what runs, stop the loop and join the thread (at most ``timeout`` seconds)."""
        loop, thread = self._loop, self._thread
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout)
        self._thread = None
