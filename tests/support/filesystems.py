"""Real filesystems that fail: a small tmpfs that fills up, and one made read-only.

Mounting needs root (CI runs as root); the tests that use these skip otherwise. Each mount
is undone on the way out, even when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["fill", "read_only", "tmpfs"]


@contextlib.contextmanager
def tmpfs(folder: Path, size_kib: int = 512) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` KiB mounted at ``folder`` (made if missing)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a filesystem needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def read_only(folder: Path) -> None:
    """Remount the tmpfs at ``folder`` read-only."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Fill the filesystem of ``folder`` to the last byte; returns the file that does it."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as stream:  # unbuffered: nothing left to flush
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):  # ENOSPC: full, for this size
                while True:
                    stream.write(b"\0" * size)
    return filler
