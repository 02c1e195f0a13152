"""The incidents list as a file's text: JSON as ``trayapp incidents --json`` prints it, or CSV.

Both carry the fields of :meth:`~trayapp.core.incident.Incident.to_record`, in its order. CSV
has a header row and one row per incident; lists (the causes) are joined with ``", "`` and
nothing (an open incident's ``ended_at``) is an empty cell. Lines end with ``\\n``: the text
is written as it is, and a writer that translates line ends would double a ``\\r\\n``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from trayapp.core.incident import Incident

__all__ = ["CSV_FIELDS", "ExportFormat", "export_csv", "export_json", "export_text"]

ExportFormat = Literal["csv", "json"]

CSV_FIELDS = (
    "id",
    "service",
    "status",
    "severity",
    "started_at",
    "ended_at",
    "duration_s",
    "causes",
    "first_error",
    "last_error",
    "flaps",
    "verdict",
    "vendor_incidents",
    "outside",
)
"""The columns, in the order of :meth:`Incident.to_record` (a test keeps the two in step)."""


def export_json(incidents: Iterable[Incident], now: datetime) -> str:
    """A JSON list of :meth:`Incident.to_record` objects (``now`` measures open incidents)."""
    records = [incident.to_record(now) for incident in incidents]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def export_csv(incidents: Iterable[Incident], now: datetime) -> str:
    """A header row, then one row per incident, with the fields of :meth:`Incident.to_record`."""
    out = io.StringIO()
    # A field the record gains before CSV_FIELDS does is left out rather than failing an export.
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        writer.writerow({key: _cell(value) for key, value in incident.to_record(now).items()})
    return out.getvalue()


def export_text(incidents: Iterable[Incident], now: datetime, fmt: ExportFormat) -> str:
    """The incidents as ``fmt`` (``csv`` or ``json``)."""
    if fmt == "csv":
        return export_csv(incidents, now)
    if fmt == "json":
        return export_json(incidents, now)
    raise ValueError(f"no export format {fmt!r}; there are csv and json")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value
