"""The picker is offered once per data folder."""

from __future__ import annotations

import stat
from pathlib import Path

from trayapp.ui.catalog import OFFERED_MARKER, first_run_due


def test_the_first_run_is_due_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert first_run_due(data)
    assert not first_run_due(data)
    assert not first_run_due(data)
    marker = data / OFFERED_MARKER
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    marker.unlink()  # as the marker's own text says: offered again
    assert first_run_due(data)
