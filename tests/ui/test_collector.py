"""Cyclic garbage is collected on the GUI thread when asked or from a slow timer, never by
Python on its own."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from trayapp.ui.collector import GuiThreadCollector, ask_for_collection, collect_if_due


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def low_thresholds() -> Iterator[None]:
    kept = gc.get_threshold()
    gc.set_threshold(10, 10, 10)
    yield
    gc.set_threshold(*kept)


def test_nothing_is_collected_before_a_generation_is_due(low_thresholds: None) -> None:
    gc.collect()
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    del cycle
    assert collect_if_due() == 0
    assert gone() is not None
    gc.collect()


def test_a_due_generation_is_collected(low_thresholds: None) -> None:
    gc.collect()
    cycles = [_Cycle() for _ in range(30)]
    gone = weakref.ref(cycles[0])
    del cycles
    assert collect_if_due() >= 30
    assert gone() is None


def test_while_it_lives_python_does_not_collect_on_its_own_and_its_timer_does(
    qtbot: QtBot, low_thresholds: None
) -> None:
    gc.enable()  # as in the app, before the collector is made
    collector = GuiThreadCollector(fallback_ms=50)
    try:
        assert not gc.isenabled()
        cycles = [_Cycle() for _ in range(30)]
        gone = weakref.ref(cycles[0])
        del cycles
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # as the tests keep it (tests/ui/conftest.py)


def test_garbage_of_another_thread_is_collected_on_the_gui_thread_when_it_asks(
    qtbot: QtBot, low_thresholds: None
) -> None:
    collector = GuiThreadCollector()  # its own timer would look only after a minute
    collected_on: list[int] = []
    try:
        gc.collect()

        def work() -> None:
            cycles = [_Cycle() for _ in range(30)]
            weakref.finalize(cycles[0], lambda: collected_on.append(threading.get_ident()))
            del cycles
            ask_for_collection()

        with qtbot.waitSignal(collector.collectionWanted, timeout=5000):
            worker = threading.Thread(target=work)
            worker.start()
            worker.join()
        qtbot.waitUntil(lambda: bool(collected_on), timeout=5000)
    finally:
        collector.stop()
    assert collected_on == [threading.get_ident()]


def test_nothing_is_queued_while_no_generation_is_due(qtbot: QtBot, low_thresholds: None) -> None:
    collector = GuiThreadCollector()
    try:
        gc.set_threshold(1_000_000, 10, 10)  # what the test itself makes is not due
        gc.collect()
        with qtbot.assertNotEmitted(collector.collectionWanted):
            collector.ask()
    finally:
        collector.stop()
    gc.set_threshold(10, 10, 10)
    gc.collect()
    for _ in range(30):
        _Cycle()
    ask_for_collection()  # no collector: nothing to ask, nothing done
    assert gc.get_count()[0] > 10
