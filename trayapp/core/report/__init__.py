"""What trayapp found, for people and programs: ``trayapp check``'s round and report, and
events and incidents in words.

The face of the package: callers import from here, not from its modules::

    check      one round of some services and the network verdict: CheckReport
    texts      events and incidents as the lines a person reads; times on the local clock
    grading    how often and how late a service's status page owned up to its outages
    history    each service's uptime, response times and incidents over the last month
    history_text  ``trayapp history``: which services, as JSON or a table
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
    from trayapp.core.report.history import (
        DayFigures,
        HistoryReport,
        Response,
        ServiceHistory,
        Tally,
        read_history,
        uptime_text,
    )
    from trayapp.core.report.history_text import (
        UnknownService,
        history_output,
        services_report,
    )
    from trayapp.core.report.texts import (
        event_line,
        incidents_table,
        local_time_text,
    )

__all__ = [
    "CheckReport",
    "DayFigures",
    "HistoryReport",
    "Response",
    "ServiceHistory",
    "ServiceReport",
    "Tally",
    "UnknownService",
    "VendorRecord",
    "check_services",
    "event_line",
    "grade_services",
    "history_output",
    "incidents_table",
    "local_time_text",
    "read_history",
    "services_report",
    "uptime_text",
]

__getattr__ = lazy(
    __name__,
    {
        "CheckReport": "check",
        "DayFigures": "history",
        "HistoryReport": "history",
        "Response": "history",
        "ServiceHistory": "history",
        "ServiceReport": "check",
        "Tally": "history",
        "UnknownService": "history_text",
        "VendorRecord": "grading",
        "check_services": "check",
        "event_line": "texts",
        "grade_services": "grading",
        "history_output": "history_text",
        "incidents_table": "texts",
        "local_time_text": "texts",
        "read_history": "history",
        "services_report": "history_text",
        "uptime_text": "history",
    },
)
