"""Python's cyclic garbage collected on the GUI thread, never on another.

Python runs its cyclic collector in whichever thread happens to allocate when a generation is
due. In a Qt app that may be the runtime thread: a Qt object's wrapper caught in a cycle is
then destroyed there, and ``QObject::~QObject`` takes Qt's signal lock and waits for the GIL,
while the GUI thread, holding the GIL, waits for that lock to delete a widget: a deadlock.
:class:`GuiThreadCollector` turns the automatic collector off and collects on the GUI thread
instead, when Python's own thresholds say a generation is due, so that every Qt object dies
on the thread that owns it.

It looks when asked, never on a quick beat of its own: any thread may call
:func:`ask_for_collection` after a burst of work (the runtime does after each burst of the
monitor's rounds, where nearly all the garbage is made); when a generation is due, one
collection is queued to the GUI thread. What is made while nothing asks (the user's windows,
a monitor that could not start) is looked at every :data:`FALLBACK_MS`, so that an idle tray
wakes the GUI thread once a minute, not twice a second::

    runtime thread: a round ... ask_for_collection() ──(a generation due)──┐
                                                                           ▼
    GUI thread:     ....................................... collect_if_due()
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

__all__ = ["FALLBACK_MS", "GuiThreadCollector", "ask_for_collection", "collect_if_due"]

FALLBACK_MS = 60_000
"""How often the GUI thread looks whether a generation is due when nothing asked: rarely
enough that an idle tray costs nothing."""


def _due() -> int | None:
    """The oldest generation that Python's thresholds say is due, if any."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [
        generation
        for generation in range(3)
        if thresholds[generation] and counts[generation] > thresholds[generation]
    ]
    return max(due) if due else None


def collect_if_due() -> int:
    """Collect the oldest generation that Python's thresholds say is due, as its automatic
    collector would; returns the number of objects found unreachable (0 when none was due)."""
    generation = _due()
    return gc.collect(generation) if generation is not None else 0


_current: GuiThreadCollector | None = None
"""The collector of this process, while one lives: the collection is the process's."""


def ask_for_collection() -> None:
    """Have the GUI thread collect soon if a generation is due; returns at once. Any thread.

    Costs a look at Python's counts, and does nothing while no :class:`GuiThreadCollector`
    lives.
    """
    collector = _current
    if collector is not None:
        collector.ask()


class GuiThreadCollector(QObject):
    """While it lives, cyclic garbage is collected only on the thread it was made on (the GUI
    thread): when asked (:meth:`ask`, :func:`ask_for_collection`) and every ``fallback_ms``.
    :meth:`stop` gives the collection back to Python.

    Signals:
        collectionWanted(): a generation is due (emitted on the thread that asked; the
            collection runs on the collector's).
    """

    collectionWanted = Signal()

    def __init__(self, parent: QObject | None = None, *, fallback_ms: int = FALLBACK_MS) -> None:
        super().__init__(parent)
        global _current
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._asked = False
        # Queued even when asked on the GUI thread: never a collection in the middle of
        # whatever asked.
        self.collectionWanted.connect(
            self._on_collection_wanted, Qt.ConnectionType.QueuedConnection
        )
        self._timer = QTimer(self)
        self._timer.setInterval(fallback_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        _current = self

    def ask(self) -> None:
        """Queue a collection to the collector's thread if a generation is due and none is
        queued yet; returns at once. Any thread."""
        if not self._asked and _due() is not None:
            self._asked = True
            self.collectionWanted.emit()

    @Slot()
    def _on_collection_wanted(self) -> None:
        self._asked = False
        collect_if_due()

    @Slot()
    def _on_timer_timeout(self) -> None:
        collect_if_due()

    def stop(self) -> None:
        """Stop collecting, and let Python collect on its own again."""
        global _current
        if _current is self:
            _current = None
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
