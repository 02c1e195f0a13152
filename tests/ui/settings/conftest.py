"""What the settings dialog's tests share: a config file to open, and a keyring of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.keyrings import FileKeyring
from tests.ui.settings.configs import CONFIG


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """A config.toml of :data:`~tests.ui.settings.configs.CONFIG` in the test's own folder."""
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _a_working_keyring(keyring_file: FileKeyring) -> None:
    """No test reaches the user's keyring: a file-based one stands in unless a test says."""
