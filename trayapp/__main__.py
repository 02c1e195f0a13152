"""``python -m trayapp``: the same as the ``trayapp`` command.

``--pac-worker``, alone, makes this process the PAC worker instead
(:mod:`trayapp.core.probes.pacworker`): trayapp starts it with its own program, which in a
bundle is trayapp itself. ``--read-config PATH`` likewise makes it the reader of the config
file that the tray starts (:mod:`trayapp.core.config.aside`). Each is read before anything
else is imported, so that the process starts fast, and neither is a command of the command
line: ``--help`` does not show them.
"""

from __future__ import annotations

import sys

__all__ = ["run"]


def run() -> int:
    """Run the command line, the PAC worker or the config reader; return the exit status."""
    if sys.argv[1:] == ["--pac-worker"]:  # pacworker.FLAG, not imported: start-up time
        from trayapp.core.probes.pacworker import serve

        return serve()
    if len(sys.argv) == 3 and sys.argv[1] == "--read-config":  # aside.FLAG, likewise
        from trayapp.core.config.aside import serve as read

        return read(sys.argv[2])
    from trayapp.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
