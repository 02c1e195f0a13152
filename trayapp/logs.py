"""Where trayapp's log goes: a rotating file in the log folder for the tray, stderr otherwise.

Only warnings and worse reach stderr, so that ``trayapp check`` and ``watch`` print what they
are asked for and nothing else. The HTTP libraries' own loggers are kept at warnings: at
debug level they write request lines, whose URLs may carry tokens. The log folder is 0700
and the log file 0600 (:mod:`trayapp.core.paths`).
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from trayapp.core.paths import private_file, private_folder

__all__ = ["LOG_FILE", "configure_logging"]

LOG_FILE = "trayapp.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(log_dir: Path | None) -> Path | None:
    """Log warnings to stderr and, given ``log_dir``, everything from info up to a file there.

    Returns the log file, or None when there is none (no folder given, or it cannot be made:
    a tray app without a log is better than no tray app).
    """
    root = logging.getLogger()
    # Once per process: main() may run more than once in one (tests, embedding).
    for handler in [h for h in root.handlers if getattr(h, "_trayapp", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler()
    console._trayapp = True  # type: ignore[attr-defined]
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("trayapp: %(levelname)s: %(message)s"))
    root.addHandler(console)
    for noisy in ("httpx", "httpcore", "hpack", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if log_dir is None:
        return None
    try:
        private_folder(log_dir)
        handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        private_file(log_dir / LOG_FILE)  # rotated ones are new files: see cli's umask
    except OSError as error:
        logging.getLogger(__name__).warning("no log file in %s: %s", log_dir, error)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._trayapp = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return log_dir / LOG_FILE
