"""History on disk: check results, hourly aggregates and incidents, in one SQLite file."""

from __future__ import annotations

from trayapp.core.store.history import (
    DB_FILE,
    HISTORY_RETENTION,
    RAW_RETENTION,
    SCHEMA_VERSION,
    HourPoint,
    PruneReport,
    RoundPoint,
    RoundRecord,
    Store,
    StoreError,
    StoreTooNew,
)

__all__ = [
    "DB_FILE",
    "HISTORY_RETENTION",
    "RAW_RETENTION",
    "SCHEMA_VERSION",
    "HourPoint",
    "PruneReport",
    "RoundPoint",
    "RoundRecord",
    "Store",
    "StoreError",
    "StoreTooNew",
]
