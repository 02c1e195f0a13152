"""Work done on the runtime thread comes back on the GUI thread."""

from __future__ import annotations

import asyncio
import threading

import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from trayapp.runtime import Runtime
from trayapp.ui.futures import Outcome, when_done


def test_the_result_arrives_on_the_gui_thread(qtbot: QtBot, runtime: Runtime) -> None:
    owner = QObject()
    got: list[tuple[Outcome, str]] = []

    async def work() -> str:
        await asyncio.sleep(0)
        return threading.current_thread().name

    when_done(
        runtime.submit(work()), owner, lambda o: got.append((o, threading.current_thread().name))
    )
    qtbot.waitUntil(lambda: bool(got))
    ((outcome, thread),) = got
    assert outcome.ok
    assert outcome.value == "trayapp-runtime"
    assert thread == threading.main_thread().name


def test_an_error_arrives_as_an_outcome(qtbot: QtBot, runtime: Runtime) -> None:
    owner = QObject()
    got: list[Outcome] = []

    async def fail() -> None:
        raise OSError("disk on fire")

    when_done(runtime.submit(fail()), owner, got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert isinstance(got[0].error, OSError)
    assert not got[0].ok


def test_nothing_arrives_for_a_destroyed_owner(qtbot: QtBot, runtime: Runtime) -> None:
    gone, alive = QObject(), QObject()
    got: list[str] = []
    release = threading.Event()

    async def slow() -> str:
        await asyncio.to_thread(release.wait, 5)
        return "gone"

    first = runtime.submit(slow())
    when_done(first, gone, lambda o: got.append(o.value))
    shiboken6.delete(gone)  # a window closed while its query ran

    async def after_the_first() -> str:
        await asyncio.wrap_future(first)
        return "alive"

    when_done(runtime.submit(after_the_first()), alive, lambda o: got.append(o.value))
    release.set()
    # "gone" would have been sent before "alive" and arrived first.
    qtbot.waitUntil(lambda: "alive" in got)
    assert got == ["alive"]
