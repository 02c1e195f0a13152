"""Widget tests run offscreen: real Qt widgets, no display needed."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
