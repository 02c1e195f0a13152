"""Reading the config in a process of its own: the same answer as reading it here, and the
file read here when the reader cannot give one."""

from __future__ import annotations

import hashlib
import logging
import sys
from pathlib import Path

import pytest

from trayapp.core.config import aside, running
from trayapp.core.config.read import ConfigError
from trayapp.core.config.reading import load_config

pytestmark = pytest.mark.anyio

GOOD = """\
# the shop
[defaults]
interval = "2m"

[[services]]
name = "Shop"
url = "http://127.0.0.1:8080/"

[[services.checks]]
type = "tcp"
host = "127.0.0.1"
port = 5432
"""


async def test_the_reader_gives_the_records_text_and_fingerprint_of_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)

    read = await aside.read_aside(path)

    assert read.config == running.record(load_config(path).config)
    assert isinstance(read.config, running.Config)
    assert isinstance(read.config.services[0].checks[0], running.TcpCheck)
    assert read.text == GOOD
    assert read.fingerprint == hashlib.sha256(GOOD.encode()).hexdigest()
    assert read.exists
    assert read.path == path


async def test_the_reader_names_every_problem_as_loading_here_does(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[services]]\nname = "Shop"\nurl = "ftp://x"\n\n[defaults]\ninterval = 1x\n')
    with pytest.raises(ConfigError) as here:
        load_config(path)

    with pytest.raises(ConfigError) as there:
        await aside.read_aside(path)

    assert there.value.problems == here.value.problems
    assert str(there.value) == str(here.value)


async def test_no_file_is_an_empty_config(tmp_path: Path) -> None:
    read = await aside.read_aside(tmp_path / "none.toml")

    assert read.config == running.Config()
    assert not read.exists
    assert read.text == ""


async def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as there:
        await aside.read_aside(tmp_path)

    assert "is a directory" in str(there.value)


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("import sys; sys.stderr.write('boom\\n'); sys.exit(3)", "exit status 3: boom"),
        ("import sys; sys.stdout.write('not a pickle')", "invalid load key"),
        ("import pickle, sys; sys.stdout.buffer.write(pickle.dumps([1]))", "not an answer: list"),
        ("", "Ran out of input"),
    ],
)
async def test_a_reader_that_fails_leaves_the_file_read_here(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    code: str,
    said: str,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    monkeypatch.setattr(aside, "command", lambda _path: [sys.executable, "-c", code])

    with caplog.at_level(logging.WARNING, logger=aside.__name__):
        read = await aside.read_aside(path)

    assert read.config == running.record(load_config(path).config)
    assert "the config reader failed" in caplog.text
    assert said in caplog.text


async def test_a_reader_that_hangs_is_killed_and_the_file_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    pid_file = tmp_path / "pid"
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    monkeypatch.setattr(aside, "command", lambda _path: [sys.executable, "-c", code])
    monkeypatch.setattr(aside, "READ_TIMEOUT", 2.0)

    with caplog.at_level(logging.WARNING, logger=aside.__name__):
        read = await aside.read_aside(path)

    assert read.config.services[0].name == "Shop"
    assert "the config reader failed" in caplog.text
    assert not Path("/proc", pid_file.read_text()).exists()  # killed and reaped


async def test_a_reader_that_cannot_be_started_leaves_the_file_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    monkeypatch.setattr(aside, "command", lambda _path: [str(tmp_path / "no-such-program")])

    read = await aside.read_aside(path)

    assert read.config.services[0].name == "Shop"


def test_the_reader_runs_this_program_again() -> None:
    assert aside.command(Path("/c.toml")) == [
        sys.executable,
        "-m",
        "trayapp",
        "--read-config",
        "/c.toml",
    ]


def test_a_bundle_runs_itself_as_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    assert aside.command(Path("/c.toml")) == [sys.executable, "--read-config", "/c.toml"]


async def test_what_was_read_makes_the_model_the_settings_dialog_edits(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    read = await aside.read_aside(path)
    path.unlink()  # the model is made from the text read, not from the disk

    editable = read.editable()

    assert editable.config == load_config_text(GOOD, tmp_path)
    assert editable.text == GOOD
    assert editable.fingerprint == read.fingerprint
    assert aside.ReadConfig.of(editable) == read


def load_config_text(text: str, folder: Path) -> object:
    path = folder / "again.toml"
    path.write_text(text)
    return load_config(path).config
