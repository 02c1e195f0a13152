"""Where trayapp keeps its files: platformdirs' choices, each one redirectable.

Nothing is created on import or by :meth:`Paths.resolve`; callers create what they write
into, with :func:`private_folder` and :func:`private_file`: the history and the log tell
which services a person uses and when their network failed, and are nobody else's to read.
Folders are 0700 and files 0600; one made by an earlier version with the defaults (0755,
0644) is closed when trayapp next uses it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "CONFIG_ENV",
    "DATA_DIR_ENV",
    "FILE_MODE",
    "FOLDER_MODE",
    "Paths",
    "private_file",
    "private_folder",
    "resource_path",
    "write_private",
]

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(folder: Path) -> Path:
    """Make ``folder`` (and its parents) if needed, closed to others (0700); return it.

    A folder that exists is closed too, when it is this user's (someone else's is left as it
    is: it is not ours to change, and using it fails on its own terms).

    Raises:
        OSError: the folder cannot be made.
    """
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _close(folder, FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """Close the file at ``path`` to others (0600) when it exists and is this user's, and
    where it can be (not on a read-only filesystem)."""
    _close(path, FILE_MODE)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, line ends as they are) to ``path``, a file for this user alone
    (0600), whatever the umask and whatever mode a file it replaces had.

    Raises:
        OSError: the file cannot be written.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(descriptor, "w", encoding="utf-8", newline="") as stream:
        if hasattr(os, "fchmod"):
            os.fchmod(stream.fileno(), FILE_MODE)
        stream.write(text)


def _close(path: Path, mode: int) -> None:
    try:
        info = path.stat()
    except OSError:
        return
    owner = getattr(os, "getuid", None)
    if owner is not None and info.st_uid != owner():
        return
    if stat.S_IMODE(info.st_mode) & 0o077:
        # On a read-only filesystem this cannot be done; writing there fails on its own terms.
        with contextlib.suppress(OSError):
            path.chmod(mode)


APP_NAME = "trayapp"
CONFIG_ENV = "TRAYAPP_CONFIG"
DATA_DIR_ENV = "TRAYAPP_DATA_DIR"
CONFIG_FILE = "config.toml"


@dataclass(frozen=True, slots=True)
class Paths:
    """The config file, the data folder and the log folder in use."""

    config: Path
    data_dir: Path
    log_dir: Path
    config_given: bool = False
    """True when the config path was chosen by an option or the environment."""

    @classmethod
    def resolve(
        cls,
        environ: Mapping[str, str],
        *,
        config: str | None = None,
        data_dir: str | None = None,
    ) -> Paths:
        """Options first, then ``TRAYAPP_CONFIG`` / ``TRAYAPP_DATA_DIR``, then platformdirs."""
        chosen_config = config or environ.get(CONFIG_ENV) or None
        chosen_data = data_dir or environ.get(DATA_DIR_ENV) or None
        return cls(
            config=Path(chosen_config).expanduser()
            if chosen_config
            else Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_FILE,
            data_dir=Path(chosen_data).expanduser()
            if chosen_data
            else Path(platformdirs.user_data_dir(APP_NAME)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME)),
            config_given=chosen_config is not None,
        )


def resource_path(*parts: str) -> Path:
    """A file shipped with trayapp: inside the package when installed, else in the source tree.

    Raises:
        FileNotFoundError: No such file is shipped.
    """
    package = Path(__file__).resolve().parents[1]
    for root in (package / "resources", package.parent / "resources"):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError("/".join(parts))
