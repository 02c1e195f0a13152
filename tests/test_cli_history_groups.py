"""``trayapp history --json`` says each service's group: null for none, and for a service only
the history still keeps."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.builders import result
from trayapp.cli import main
from trayapp.core.models import Status
from trayapp.core.store import RoundRecord, Store

CONFIG = (
    '[[services]]\nname = "Mail"\nurl = "https://mail.test/"\ngroup = "Work"\n\n'
    '[[services]]\nname = "Chat"\nurl = "https://chat.test/"\ngroup = "work"\n\n'
    '[[services]]\nname = "Blog"\nurl = "https://blog.test/"\n'
)


def test_each_service_carries_its_group_or_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, config = tmp_path / "data", tmp_path / "config.toml"
    config.write_text(CONFIG)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with Store.open(data) as store:
        store.record_rounds(
            [
                RoundRecord(name, hour_ago, Status.UP, [result(checked_at=hour_ago)])
                for name in ("Mail", "Old")
            ]
        )
    run = ["--config", str(config), "--data-dir", str(data), "history", "--json"]

    assert main(run) == 0
    services = json.loads(capsys.readouterr().out)["services"]
    # One group whatever the case, as its first service spells it; "Old", only in the
    # history, has none.
    assert [(s["name"], s["group"]) for s in services] == [
        ("Mail", "Work"),
        ("Chat", "Work"),
        ("Blog", None),
        ("Old", None),
    ]

    assert main([*run, "chat"]) == 0
    (chat,) = json.loads(capsys.readouterr().out)["services"]
    assert (chat["name"], chat["group"]) == ("Chat", "Work")
