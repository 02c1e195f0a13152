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
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
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

    Not a child of the owner: a child deleted with its parent while its own deletion is
    pending, or while another thread emits on it, crashes PySide. Couriers are kept in
    :data:`_WAITING` until they deliver, and drop the call when the owner is gone.

    Signals:
        arrived(object): the outcome, carried across threads by a queued connection.
    """

    arrived = Signal(object)

    def __init__(self, owner: QObject, callback: Callable[[Outcome], None]) -> None:
        super().__init__()
        self._owner: QObject | None = owner
        self._callback = callback
        self.arrived.connect(self._on_self_arrived, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_self_arrived(self, outcome: Outcome) -> None:
        _WAITING.discard(self)
        owner, self._owner = self._owner, None
        try:
            if owner is not None and shiboken6.isValid(owner):
                self._callback(outcome)
        finally:
            self._callback = _dropped
            self.deleteLater()


def _dropped(_outcome: Outcome) -> None:
    """What a courier calls once it has delivered: nothing."""


_WAITING: set[_Courier] = set()
"""Couriers on their way; held here, on the GUI thread, until they arrive."""


def when_done(
    future: concurrent.futures.Future[T], owner: QObject, callback: Callable[[Outcome], None]
) -> None:
    """Call ``callback(Outcome)`` on the GUI thread once ``future`` is done, unless ``owner``
    (a widget, usually) has been destroyed by then.

    Call it on the GUI thread.
    """
    courier = _Courier(owner, callback)
    _WAITING.add(courier)

    def done(finished: concurrent.futures.Future[T]) -> None:
        if finished.cancelled():
            outcome = Outcome(error=concurrent.futures.CancelledError())
        elif (error := finished.exception()) is not None:
            outcome = Outcome(error=error)
        else:
            outcome = Outcome(finished.result())
        courier.arrived.emit(outcome)

    future.add_done_callback(done)
