"""The bundle's entry point: the ``trayapp`` command, as ``python -m trayapp`` runs it (the
PAC worker and the config reader included: trayapp starts ``trayapp --pac-worker`` and
``trayapp --read-config PATH``, this very program)."""

import sys

from trayapp.__main__ import run

if __name__ == "__main__":
    sys.exit(run())
