"""What trayapp found, for people and programs: ``trayapp check``'s round and report, and
events and incidents in words.

The face of the package: callers import from here, not from its modules::

    check      one round of some services and the network verdict: CheckReport
    texts      events and incidents as the lines a person reads; times on the local clock
    grading    how often and how late a service's status page owned up to its outages
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.report.check import (
        CheckReport,
        ServiceReport,
        check_services,
    )
    from trayapp.core.report.grading import VendorRecord, grade_services
    from trayapp.core.report.texts import (
        event_line,
        incidents_table,
        local_time_text,
    )

__all__ = [
    "CheckReport",
    "ServiceReport",
    "VendorRecord",
    "check_services",
    "event_line",
    "grade_services",
    "incidents_table",
    "local_time_text",
]

__getattr__ = lazy(
    __name__,
    {
        "CheckReport": "check",
        "ServiceReport": "check",
        "VendorRecord": "grading",
        "check_services": "check",
        "event_line": "texts",
        "grade_services": "grading",
        "incidents_table": "texts",
        "local_time_text": "texts",
    },
)
