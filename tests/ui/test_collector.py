"""Cyclic garbage is collected on the GUI thread, from a timer, never by Python on its own."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from trayapp.ui.collector import GuiThreadCollector, collect_if_due


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
    collector = GuiThreadCollector()
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
