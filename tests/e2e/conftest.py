"""End-to-end tests in a real desktop session that these fixtures start (see desktop.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.desktop import DesktopSession, missing_programs, start_session


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    """Xvfb, a session bus, dunst and an SNI tray host, for the whole test session."""
    missing = missing_programs()
    if missing:
        message = f"no desktop session here: missing {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs them)")
        pytest.skip(message)
    with start_session(tmp_path_factory.mktemp("desktop")) as session:
        yield session
