"""The incidents list exported: JSON as ``trayapp incidents --json`` prints it, and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from tests.support.builders import at, incident
from trayapp.core.models import Cause, Status, Verdict
from trayapp.ui.incidents.export import CSV_FIELDS, export_csv, export_json, export_text

NOW = at(14)

RESOLVED = incident(
    1,
    service='Twitter, "the" site',
    lasted=timedelta(minutes=41),
    causes=(Cause.TIMEOUT, Cause.HTTP_STATUS),
    error="timeout",
    last_error="http_status: 503\nTwitter is currently down",
    flaps=1,
    verdict=Verdict.DOWN_FOR_EVERYONE,
)
OPEN = incident(
    2,
    service="Google Talk",
    severity=Status.DEGRADED,
    causes=(Cause.SLOW,),
    error="https://talk.google.com/: slow",
)


def test_the_csv_columns_are_the_record_fields_in_order() -> None:
    assert list(CSV_FIELDS) == list(OPEN.to_record(NOW))


def test_json_is_the_list_the_command_line_prints() -> None:
    assert json.loads(export_json([RESOLVED, OPEN], NOW)) == [
        RESOLVED.to_record(NOW),
        OPEN.to_record(NOW),
    ]


def test_csv_has_a_header_and_one_row_per_incident() -> None:
    text = export_csv([RESOLVED, OPEN], NOW)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_FIELDS)
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["service"] == 'Twitter, "the" site'
    assert first["causes"] == "timeout, http_status"
    assert first["last_error"] == "http_status: 503\nTwitter is currently down"
    assert first["started_at"] == "2012-07-26T11:23:00Z"
    assert first["duration_s"] == "2460.0"
    assert first["verdict"] == "down_for_everyone"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["status"] == "open"
    assert second["ended_at"] == ""
    assert second["verdict"] == ""
    assert second["duration_s"] == str(OPEN.duration_s(NOW))


def test_an_empty_list_still_has_its_header() -> None:
    assert export_csv([], NOW) == ",".join(CSV_FIELDS) + "\n"
    assert json.loads(export_json([], NOW)) == []


def test_the_format_is_chosen_by_name() -> None:
    assert export_text([OPEN], NOW, "json") == export_json([OPEN], NOW)
    assert export_text([OPEN], NOW, "csv") == export_csv([OPEN], NOW)
    with pytest.raises(ValueError, match="xml"):
        export_text([OPEN], NOW, "xml")  # type: ignore[arg-type]
