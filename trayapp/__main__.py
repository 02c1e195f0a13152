"""``python -m trayapp``: the same as the ``trayapp`` command.

``--pac-worker``, alone, makes this process the PAC worker instead
(:mod:`trayapp.core.probes.pacworker`): trayapp starts it with its own program, which in a
bundle is trayapp itself. It is read before anything else is imported, so that the worker
starts fast, and it is no command of the command line: ``--help`` does not show it.
"""

from __future__ import annotations

import sys

__all__ = ["run"]


def run() -> int:
    """Run the command line, or the PAC worker; return the exit status."""
    if sys.argv[1:] == ["--pac-worker"]:  # pacworker.FLAG, not imported: start-up time
        from trayapp.core.probes.pacworker import serve

        return serve()
    from trayapp.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
