"""The store's fixtures: a history file of its own in each test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trayapp.core.store.history import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new store in the test's folder, closed after the test."""
    with Store.open(tmp_path / "data") as opened:
        yield opened
