"""The config: its model and value types, its file, and what is made from the model.

The face of the package: callers import from here, not from its modules.
"""

from __future__ import annotations

from trayapp.core.config.durations import (
    DurationError,
    format_duration,
    parse_duration,
)
from trayapp.core.config.maintenance import unknown_services
from trayapp.core.config.model import (
    CHECK_TYPES,
    DEFAULT_CANARIES,
    OUTSIDE_PROVIDERS,
    SOURCE_KINDS,
    Check,
    Config,
    Defaults,
    DnsCheck,
    HttpCheck,
    Maintenance,
    Network,
    Notifications,
    Outside,
    OutsideChoice,
    PingCheck,
    Remote,
    Service,
    ServiceSettings,
    Source,
    TcpCheck,
    duplicate_names,
    group_names,
)
from trayapp.core.config.reading import (
    MAX_CONFIG_BYTES,
    ConfigError,
    LoadedConfig,
    Problem,
    describe_errors,
    load_config,
    parse_config,
)
from trayapp.core.config.secrets import (
    KEYRING_SERVICE,
    KeyringSecrets,
    SecretLookup,
    SecretsUnavailable,
    config_secret_refs,
    lookup_with,
    secret_refs,
)
from trayapp.core.config.tomllines import KeyPath
from trayapp.core.config.values import (
    Duration,
    QuietHours,
    SecretRef,
    StatusRanges,
    split_host_port,
)
from trayapp.core.config.writing import (
    ConfigConflict,
    create_config,
    save_config,
    write_config,
)

__all__ = [
    "CHECK_TYPES",
    "DEFAULT_CANARIES",
    "KEYRING_SERVICE",
    "MAX_CONFIG_BYTES",
    "OUTSIDE_PROVIDERS",
    "SOURCE_KINDS",
    "Check",
    "Config",
    "ConfigConflict",
    "ConfigError",
    "Defaults",
    "DnsCheck",
    "Duration",
    "DurationError",
    "HttpCheck",
    "KeyPath",
    "KeyringSecrets",
    "LoadedConfig",
    "Maintenance",
    "Network",
    "Notifications",
    "Outside",
    "OutsideChoice",
    "PingCheck",
    "Problem",
    "QuietHours",
    "Remote",
    "SecretLookup",
    "SecretRef",
    "SecretsUnavailable",
    "Service",
    "ServiceSettings",
    "Source",
    "StatusRanges",
    "TcpCheck",
    "config_secret_refs",
    "create_config",
    "describe_errors",
    "duplicate_names",
    "format_duration",
    "group_names",
    "load_config",
    "lookup_with",
    "parse_config",
    "parse_duration",
    "save_config",
    "secret_refs",
    "split_host_port",
    "unknown_services",
    "write_config",
]
