"""The bundle's entry point: the ``trayapp`` command, as the console script runs it."""

import sys

from trayapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
