"""``trayapp incidents --vendor-record``: each status page graded, from a real history file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.builders import STATUS_PAGE, incident, vendor_incident
from trayapp.cli import main
from trayapp.core.incident import Incident, Note, NoteKind
from trayapp.core.models import Verdict
from trayapp.core.store.history import Store

NOW = datetime.now(UTC).replace(microsecond=0)


def outage(id_: int, days_ago: int, acknowledged_after: int | None, **more: object) -> Incident:
    """Twitter down for everyone ``days_ago``, its page acknowledging it that many minutes
    after trayapp saw it (None: never)."""
    start = NOW - timedelta(days=days_ago)
    notes = [
        Note(start, NoteKind.OPENED, "Went down: timeout"),
        Note(start + timedelta(minutes=1), NoteKind.VERDICT, "Verdict: down for everyone"),
    ]
    kept = ()
    if acknowledged_after is not None:
        seen = start + timedelta(minutes=acknowledged_after)
        notes.append(Note(seen, NoteKind.VENDOR, "Twitter status: Investigating: down"))
        # Back-dated by the page: the moment trayapp read it is what counts.
        kept = (vendor_incident(started_at=start - timedelta(hours=1), id="p1"),)
    return incident(
        id_,
        start,
        lasted=timedelta(hours=1),
        verdict=Verdict.DOWN_FOR_YOU,  # where it ended: the page was all well again
        notes=tuple(notes),
        vendor_incidents=kept,
        **more,
    )


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder holding Twitter's three confirmed outages and Gmail's plain one, and a
    config giving Twitter its (well-known) status page."""
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_incidents(
            [
                outage(1, 20, 12),
                outage(2, 10, None),
                outage(3, 2, 30),
                incident(4, NOW - timedelta(days=1), service="Gmail", lasted=timedelta(hours=1)),
            ]
        )
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[services]]\nname = "Twitter"\nurl = "https://twitter.com/"\n'
        f'status_page = "{STATUS_PAGE}"\n\n'
        '[[services]]\nname = "Gmail"\nurl = "https://mail.google.com/"\n'
    )
    return data, config


def run(history: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *args: str) -> str:
    data, config = history
    assert main(["--config", str(config), "--data-dir", str(data), "incidents", *args]) == 0
    return capsys.readouterr().out


def test_the_vendor_record_per_service_as_json(
    history: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    records = json.loads(run(history, capsys, "--vendor-record", "--json"))
    assert records == [
        {
            "service": "Gmail",
            "platform": None,
            "confirmed": 0,
            "acknowledged": 0,
            "median_delay_s": None,
            "words": "No confirmed outage of Gmail to grade its status page by",
        },
        {
            "service": "Twitter",
            "platform": "statuspage",
            "confirmed": 3,
            "acknowledged": 2,
            "median_delay_s": 21 * 60.0,
            "words": "Twitter's status page acknowledged 2 of 3 confirmed outages, "
            "a median of 21 min after trayapp saw them",
        },
    ]


def test_the_vendor_record_follows_since(
    history: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(history, capsys, "--vendor-record", "--since", "15d")
    assert out.splitlines() == [
        "No confirmed outage of Gmail to grade its status page by",
        "Twitter's status page acknowledged 1 of 2 confirmed outages, 30 min after trayapp saw it",
    ]


def test_the_incident_list_is_unchanged_beside_it(
    history: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    listed = json.loads(run(history, capsys, "--json"))
    assert [i["id"] for i in listed] == [4, 3, 2, 1]
    assert all("vendor_record" not in i for i in listed)
    assert listed[1]["vendor_incidents"][0]["name"] == "Users may be experiencing issues"


def test_a_bad_config_leaves_the_platform_unknown(
    history: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    history[1].write_text("[[services]]\nname = 3\n")
    records = json.loads(run(history, capsys, "--vendor-record", "--json"))
    assert [(r["service"], r["platform"], r["confirmed"]) for r in records] == [
        ("Gmail", None, 0),
        ("Twitter", None, 3),
    ]


def test_no_history_grades_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "nothing-yet"
    assert main(["--data-dir", str(data), "incidents", "--vendor-record", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(data), "incidents", "--vendor-record"]) == 0
    assert capsys.readouterr().out == "no incidents\n"
    assert not data.exists()
