"""Qt bindings that keep their reference counts: trayapp emits signals all day long."""

from __future__ import annotations

import subprocess

STRESS = """
import threading
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication([])

class Emitter(QObject):
    said = Signal(object)

emitter = Emitter()
emitter.said.connect(lambda value: None)
for number in range(20_000):
    emitter.said.emit(number)
worker = threading.Thread(target=lambda: [emitter.said.emit(n) for n in range(20_000)])
worker.start()
worker.join()
app.processEvents()
print("ok")
"""


def test_emitting_signals_many_times_keeps_the_process_alive(
    python: str, child_env: dict[str, str]
) -> None:
    # PySide6 6.12.0 aborted here ("bool_dealloc: deallocating True or False") after a few
    # thousand emits; pyproject.toml excludes it.
    result = subprocess.run(
        [python, "-c", STRESS], env=child_env, capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout) == (0, "ok\n"), result.stderr[-2000:]
