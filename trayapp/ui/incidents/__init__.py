"""The incidents window: every incident in a table, one in full beside it, exported on request.

The face of the package: callers import from here, not from its modules::

    window     IncidentsWindow: the filter, the table, the details, Refresh and Export
    model      the table's model: ten thousand rows and more, sorted and filtered
    details    one incident in full, and its service's last day (chart)
    strip      every service's last 30 days, a cell a day coloured by its uptime
    text       an incident's words: durations, causes, verdicts, the details to copy
    export     the incidents as CSV or JSON
"""

from __future__ import annotations

from trayapp.ui.incidents.export import ExportFormat
from trayapp.ui.incidents.window import IncidentsWindow

__all__ = ["ExportFormat", "IncidentsWindow"]
