"""Results of work done on the runtime thread, delivered on the GUI thread.

Widgets never wait: they hand work to the runtime (:meth:`trayapp.runtime.Runtime.submit`),
which returns a :class:`concurrent.futures.Future` at once, and ask :func:`when_done` to call
them back with the outcome on the GUI thread::

    future = runtime.submit(store_query())
    when_done(future, self, self._on_incidents_loaded)

The callback is dropped if ``owner`` has been destroyed meanwhile (a closed window).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

__all__ = ["Outcome", "when_done"]

T = TypeVar("T")


class Outcome:
    """What a piece of work ended with: a value, or the error that stopped it."""

    __slots__ = ("error", "value")

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value = value
        self.error = error

    @property
    def ok(self) -> bool:
        """Whether the work finished without an error."""
        return self.error is None


class _Courier(QObject):
    """Lives on the GUI thread; its signal, emitted from any thread, is delivered there.

    Signals:
        arrived(object): the outcome, carried across threads by a queued connection.
    """

    arrived = Signal(object)

    def __init__(self, owner: QObject, callback: Callable[[Outcome], None]) -> None:
        super().__init__(owner)
        self._callback = callback
        self.arrived.connect(self._on_self_arrived, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_self_arrived(self, outcome: Outcome) -> None:
        try:
            self._callback(outcome)
        finally:
            self.deleteLater()


def when_done(
    future: concurrent.futures.Future[T], owner: QObject, callback: Callable[[Outcome], None]
) -> None:
    """Call ``callback(Outcome)`` on ``owner``'s (the GUI) thread once ``future`` is done."""
    courier = _Courier(owner, callback)

    def done(finished: concurrent.futures.Future[T]) -> None:
        if finished.cancelled():
            outcome = Outcome(error=concurrent.futures.CancelledError())
        elif (error := finished.exception()) is not None:
            outcome = Outcome(error=error)
        else:
            outcome = Outcome(finished.result())
        with contextlib.suppress(RuntimeError):  # the owner, and with it the courier, is gone
            courier.arrived.emit(outcome)

    future.add_done_callback(done)
