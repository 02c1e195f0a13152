"""History on disk: check results, hourly aggregates and incidents, in one SQLite file.

The face of the package: callers import from here, not from its modules.
"""

from __future__ import annotations

from trayapp.core.store.history import (
    DB_FILE,
    HISTORY_RETENTION,
    RAW_RETENTION,
    HourPoint,
    PruneReport,
    RoundPoint,
    RoundRecord,
    Store,
)
from trayapp.core.store.schema import SCHEMA_VERSION, StoreError, StoreTooNew, explain
from trayapp.core.store.times import RELATIVE_ERROR, ResponseTimes

__all__ = [
    "DB_FILE",
    "HISTORY_RETENTION",
    "RAW_RETENTION",
    "RELATIVE_ERROR",
    "SCHEMA_VERSION",
    "HourPoint",
    "PruneReport",
    "ResponseTimes",
    "RoundPoint",
    "RoundRecord",
    "Store",
    "StoreError",
    "StoreTooNew",
    "explain",
]
