"""What reading a config file gives: what was read (:class:`FileRead`), or what is wrong
with it (:class:`ConfigError`, each :class:`Problem`).

Nothing here imports pydantic: the tray, which never does (see
:mod:`trayapp.core.config.aside`), keeps what was read and shows the problems as
:mod:`trayapp.core.config.reading` finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["ConfigError", "FileRead", "Problem"]

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class FileRead(Generic[C]):
    """A config as read from ``path``, with what is needed to save it back faithfully: the
    model that reading validated, or the records made of it."""

    path: Path
    config: C
    text: str = field(default="", repr=False)
    """The file's text as read: what a save edits."""
    fingerprint: str | None = None
    """SHA-256 of the bytes read; None when there was no file."""

    @property
    def exists(self) -> bool:
        """Whether the config came from a file (False: no file yet, an empty config)."""
        return self.fingerprint is not None


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a config file, located as precisely as it can be."""

    file: str
    message: str
    line: int | None = None
    key: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` gives one problem a line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
