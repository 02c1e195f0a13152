"""Put on PYTHONPATH for child processes the tests start: the same loopback guard."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.support import loopback

loopback.install()
