"""Where the log goes."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from trayapp.logs import configure_logging


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_the_tray_logs_to_a_file_in_the_log_folder(tmp_path: Path) -> None:
    log_file = configure_logging(tmp_path / "logs")
    assert log_file == tmp_path / "logs" / "trayapp.log"
    logging.getLogger("trayapp.test").info("the monitor started")
    logging.getLogger("httpx").info("HTTP Request: GET https://example.test/?token=secret")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text()
    assert "the monitor started" in text
    assert "token=secret" not in text


def test_configuring_twice_does_not_print_twice(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(None)
    configure_logging(None)
    logging.getLogger("trayapp.test").warning("once")
    assert capsys.readouterr().err.count("once") == 1


def test_an_unusable_log_folder_is_no_reason_to_stop(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert configure_logging(blocker / "logs") is None


def test_the_log_is_the_users_alone(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)  # as an earlier version made it
    log_file = configure_logging(folder)
    assert log_file is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
