"""Reading and writing ``config.toml``, in one place: :mod:`trayapp.core.config.reading`
and :mod:`trayapp.core.config.writing` under the name callers have long imported.

Reading refuses a bad file whole and names every problem at once, by file, line and key;
writing is atomic, keeps the user's comments and layout, and refuses to overwrite a file
that changed on disk since it was read.

Errors::

    ConfigError            the file is unusable; .problems lists every Problem
     └── ConfigConflict    a save found the file changed on disk since it was read
"""

from __future__ import annotations

from trayapp.core.config.reading import (
    MAX_CONFIG_BYTES,
    ConfigError,
    LoadedConfig,
    Problem,
    describe_errors,
    load_config,
    parse_config,
)
from trayapp.core.config.writing import (
    ConfigConflict,
    create_config,
    save_config,
    write_config,
)

__all__ = [
    "MAX_CONFIG_BYTES",
    "ConfigConflict",
    "ConfigError",
    "LoadedConfig",
    "Problem",
    "create_config",
    "describe_errors",
    "load_config",
    "parse_config",
    "save_config",
    "write_config",
]
