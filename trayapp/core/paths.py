"""Where trayapp keeps its files: platformdirs' choices, each one redirectable.

Nothing is created here; callers create what they write into.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "CONFIG_ENV", "DATA_DIR_ENV", "Paths"]

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
