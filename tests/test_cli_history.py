"""``trayapp history``: uptime, response times and incidents per service, from a real history file.

The history is written relative to the moment the tests start (the command reads the clock):
Twitter's rounds of the last hours and of three days ago are raw, those of twenty days ago
folded into an hour; "Old" was last checked forty days ago.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.builders import incident, result
from trayapp.cli import main
from trayapp.core.models import Cause, Status
from trayapp.core.store import DB_FILE, RoundRecord, Store

NOW = datetime.now(UTC).replace(microsecond=0)
CONFIG = (
    '[[services]]\nname = "Twitter"\nurl = "https://twitter.com/"\n\n'
    '[[services]]\nname = "Slack"\nurl = "https://slack.com/"\n'
)


def kept(service: str, ago: timedelta, status: Status, ms: int) -> RoundRecord:
    moment = NOW - ago
    cause = {Status.DOWN: Cause.TIMEOUT, Status.UNKNOWN: Cause.OFFLINE}.get(status)
    return RoundRecord(service, moment, status, [result(cause, checked_at=moment, elapsed_ms=ms)])


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """The data folder and the config file."""
    data = tmp_path / "data"
    h, d = timedelta(hours=1), timedelta(days=1)
    with Store.open(data) as store:
        store.record_rounds(
            [
                *(kept("Twitter", 20 * d - n * 10 * h / 60, Status.DOWN, 9_000) for n in (1, 2)),
                *(kept("Twitter", 20 * d - n * 10 * h / 60, Status.UP, 1_000) for n in (3, 4)),
                kept("Old", 40 * d, Status.UP, 80),
            ]
        )
        store.prune(NOW)
        store.record_rounds(
            [
                kept("Twitter", 3 * d, Status.UP, 200),
                kept("Twitter", 3 * d - h, Status.DEGRADED, 400),
                kept("Twitter", 2 * h, Status.UP, 100),
                kept("Twitter", 1.5 * h, Status.UP, 300),
                kept("Twitter", 1 * h, Status.DOWN, 10_000),
                kept("Twitter", 0.5 * h, Status.UNKNOWN, 3),  # the network was down
            ]
        )
        store.save_incidents([incident(1, NOW - h, lasted=timedelta(minutes=30))])
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    return data, config


def run(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    data, config = folders
    status = main(["--config", str(config), "--data-dir", str(data), "history", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_has_each_service_s_uptime_response_times_and_incidents(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(folders, capsys, "--json", "--since", "7d")
    assert (status, err) == (0, "")
    twitter, slack = json.loads(out)["services"]
    assert twitter["name"] == "Twitter"
    # 24 h: 2 up, 1 down; 7 d: and 1 up, 1 degraded; 30 d: and 2 up, 2 down, folded.
    assert twitter["uptime"] == {"24h": 2 / 3, "7d": 4 / 5, "30d": 6 / 9}
    # The answered rounds of 7 days: 100, 200, 300 and 400 ms; nearest rank.
    assert twitter["response_ms"] == {"p50": 200, "p95": 400, "rounds": 4, "exact": True}
    assert twitter["incidents"] == 1
    assert twitter["rounds"]["24h"] == {"up": 2, "degraded": 0, "down": 1, "other": 1}
    assert len(twitter["daily"]) == 30
    assert set(twitter["daily"][-1]) == {"date", "uptime", "rounds", "response_ms", "incidents"}
    # Configured, never checked: every figure null.
    assert slack["uptime"] == {"24h": None, "7d": None, "30d": None}
    assert (slack["response_ms"]["p50"], slack["response_ms"]["p95"]) == (None, None)
    assert slack["incidents"] == 0


def test_over_thirty_days_the_folded_hours_histograms_give_estimates(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(folders, capsys, "--json", "twitter")
    assert status == 0
    (twitter,) = json.loads(out)["services"]
    times = twitter["response_ms"]
    # 100, 200, 300, 400 exactly, and two of 1,000 ms read from the folded hour.
    assert (times["p50"], times["rounds"], times["exact"]) == (300, 6, False)
    assert abs(times["p95"] - 1_000) <= 20


def test_text_is_a_table_with_percentages(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(folders, capsys)
    assert status == 0
    header, twitter, slack, note = out.splitlines()
    assert header.split() == ["SERVICE", "24", "H", "7", "D", "30", "D", "P50", "P95", "INCIDENTS"]
    assert twitter.split()[:7] == ["Twitter", "66.66", "%", "80.00", "%", "66.66", "%"]
    assert twitter.split()[7:9] == ["~300", "ms"]
    assert twitter.split()[-1] == "1"
    assert slack.split() == ["Slack", "-", "-", "-", "-", "-", "0"]
    assert note.startswith("response times (answered rounds) and incidents: the last 30 d;")
    assert "within 2 %" in note


def test_a_service_only_in_the_history_is_listed_while_it_has_rounds_or_named(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(folders, capsys, "--json")
    assert [s["name"] for s in json.loads(out)["services"]] == ["Twitter", "Slack"]
    status, out, _ = run(folders, capsys, "--json", "--since", "60d", "old", "SLACK")
    assert status == 0
    old, slack = json.loads(out)["services"]
    assert (old["name"], slack["name"]) == ("Old", "Slack")
    assert old["uptime"]["30d"] is None
    assert abs(old["response_ms"]["p50"] - 80) <= 2  # forty days ago, inside --since 60d


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["Nobody"], "trayapp: no service named 'Nobody' in the config or the history"),
        (["--since", "5 parsecs"], "trayapp: argument --since: "),
        (["--since", "0s"], "trayapp: argument --since: must be longer than zero"),
        (["--since", "400d"], "trayapp: argument --since: must be at most a year"),
        (["--jsn"], "trayapp: unrecognized arguments: --jsn"),
    ],
)
def test_bad_usage_is_one_line_and_exit_3(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    status, out, err = run(folders, capsys, *args)
    assert (status, out) == (3, "")
    assert err.startswith(said)
    assert err.count("\n") == 1


def test_a_bad_config_exits_3_with_its_problems(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folders[1].write_text('[[services]]\nname = 3\nurl = "https://twitter.com/"\n')
    status, out, err = run(folders, capsys)
    assert (status, out) == (3, "")
    assert "services[0].name" in err


def test_no_history_yet_is_every_figure_null_and_no_file_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    status, out, _ = run((tmp_path / "data", config), capsys, "--json", "twitter")
    assert status == 0
    (twitter,) = json.loads(out)["services"]
    assert twitter["uptime"] == {"24h": None, "7d": None, "30d": None}
    assert not (tmp_path / "data").exists()


def test_a_history_that_is_not_trayapps_is_one_line_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / DB_FILE) as db:
        db.execute("CREATE TABLE users (id INTEGER)")
    db.close()
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    status, out, err = run((data, config), capsys)
    assert (status, out) == (3, "")
    assert "not a trayapp history database" in err
    assert err.count("\n") == 1
