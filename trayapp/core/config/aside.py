"""Reading ``config.toml`` in a process of its own, so that the tray never imports pydantic.

The config model (:mod:`trayapp.core.config.model`) and pydantic cost a process about
15 MiB that it keeps for as long as it runs. The tray runs all day and needs the model only
to read its file, so :func:`read_aside` starts this program again with :data:`FLAG`; that
process reads and validates the file, and writes one answer on its standard output: the
config as :mod:`~trayapp.core.config.running` records with the file's text and fingerprint,
or the problems with it. The tray keeps the answer (:class:`ReadConfig`); pydantic and the
model are loaded in the tray only when the settings dialog or the catalogue opens, to edit
the file.

The answer is a pickle: both ends are this program, started by itself on a pipe of its own,
and the records are plain dataclasses that need no code of the model to be rebuilt. A
worker that cannot be started, fails or answers nonsense is logged, and the file is read in
the tray itself: the config is never left unread for want of a worker.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trayapp.core.config.read import ConfigError, FileRead, Problem
from trayapp.core.config.running import Config, record

if TYPE_CHECKING:
    from trayapp.core.config.reading import LoadedConfig

__all__ = ["FLAG", "READ_TIMEOUT", "ReadConfig", "command", "read_aside", "serve"]

log = logging.getLogger(__name__)

FLAG = "--read-config"
"""The first argument that makes this program the config reader (see :func:`serve`)."""

READ_TIMEOUT = 60.0
"""Seconds the reader may take before it is killed and the file read in the tray itself."""


@dataclass(frozen=True, slots=True)
class ReadConfig(FileRead[Config]):
    """A config as read from ``path``: the records the monitor runs on, and the file's text
    and fingerprint, from which the settings dialog makes the model it edits."""

    @classmethod
    def empty(cls, path: Path) -> ReadConfig:
        """No file at ``path``: a config with no services."""
        return cls(path, Config())

    @classmethod
    def of(cls, loaded: LoadedConfig) -> ReadConfig:
        """The records of a config read (or saved) in this process."""
        return cls(loaded.path, record(loaded.config), loaded.text, loaded.fingerprint)

    def editable(self) -> LoadedConfig:
        """The model of the same text, for the settings dialog: no disk is read.

        Raises:
            ConfigError: the text no longer reads as a config (a newer trayapp wrote it).
        """
        from trayapp.core.config.reading import LoadedConfig, parse_config

        parsed = parse_config(self.text, filename=str(self.path))
        return LoadedConfig(self.path, parsed, self.text, self.fingerprint)


def command(path: Path) -> list[str]:
    """The reader's command line: this program again, with :data:`FLAG` and ``path``.

    In a bundle (PyInstaller's, where ``sys.frozen`` is set) ``sys.executable`` is trayapp
    itself; elsewhere it is the Python that runs trayapp, which runs it as a module.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, FLAG, str(path)]
    return [sys.executable, "-m", "trayapp", FLAG, str(path)]


def serve(path: str) -> int:
    """Be the reader: read ``path`` and write the answer on standard output; return 0."""
    answer: ReadConfig | tuple[Problem, ...]
    try:
        answer = _read_here(Path(path))
    except ConfigError as error:
        answer = error.problems
    # Descriptor 1, not sys.stdout, which a windowed program (trayappw.exe) may lack.
    with os.fdopen(os.dup(1), "wb") as out:
        out.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


async def read_aside(path: Path) -> ReadConfig:
    """Read and validate the config file at ``path`` in a reader process (a missing file is
    an empty config); in this process if the reader fails.

    Raises:
        ConfigError: the file cannot be read or is not a valid config.
    """
    try:
        answer = await _ask_reader(path)
    except Exception as error:  # noqa: BLE001 - whatever the reader did, the file is read here
        log.warning("the config reader failed (%s): reading the file here", error)
        return await asyncio.to_thread(_read_here, path)
    if isinstance(answer, ReadConfig):
        return answer
    raise ConfigError(answer)


def _read_here(path: Path) -> ReadConfig:
    from trayapp.core.config.reading import load_config

    return ReadConfig.of(load_config(path))


async def _ask_reader(path: Path) -> ReadConfig | tuple[Problem, ...]:
    process = await asyncio.create_subprocess_exec(
        *command(path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console flashes
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), READ_TIMEOUT)
    except (TimeoutError, asyncio.CancelledError):
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    if process.returncode != 0:
        said = err.decode(errors="replace").strip().splitlines()
        raise ValueError(f"exit status {process.returncode}: {said[-1] if said else ''}")
    answer = pickle.loads(out)
    if not isinstance(answer, ReadConfig | tuple):
        raise ValueError(f"not an answer: {type(answer).__name__}")
    return answer
