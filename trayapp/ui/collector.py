"""Python's cyclic garbage collected on the GUI thread, never on another.

Python runs its cyclic collector in whichever thread happens to allocate when a generation is
due. In a Qt app that may be the runtime thread: a Qt object's wrapper caught in a cycle is
then destroyed there, and ``QObject::~QObject`` takes Qt's signal lock and waits for the GIL,
while the GUI thread, holding the GIL, waits for that lock to delete a widget: a deadlock.
:class:`GuiThreadCollector` turns the automatic collector off and runs it from a timer on the
GUI thread instead, when Python's own thresholds say a generation is due, so that every Qt
object dies on the thread that owns it.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

__all__ = ["GuiThreadCollector", "collect_if_due"]

INTERVAL_MS = 500
"""How often the GUI thread looks whether a generation is due: often enough that garbage
never piles up, rarely enough to cost nothing (a look is a few microseconds)."""


def collect_if_due() -> int:
    """Collect the oldest generation that Python's thresholds say is due, as its automatic
    collector would; returns the number of objects found unreachable (0 when none was due)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = [
        generation
        for generation in range(3)
        if thresholds[generation] and counts[generation] > thresholds[generation]
    ]
    return gc.collect(max(due)) if due else 0


class GuiThreadCollector(QObject):
    """While it lives, cyclic garbage is collected only on the thread it was made on (the GUI
    thread). :meth:`stop` gives the collection back to Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        collect_if_due()

    def stop(self) -> None:
        """Stop collecting from the timer, and let Python collect on its own again."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
