"""The config: its model and value types, its file, and what is made from the model.

The face of the package: callers import from here, not from its modules. Each module is
imported at the first use of one of its names (:mod:`trayapp.core.faces`): the
tray's first glyph and ``trayapp --version`` need none of them, and a config that is only
read never loads tomlkit, which writing needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.config.aside import ReadConfig, read_aside
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
    from trayapp.core.config.read import ConfigError, Problem
    from trayapp.core.config.reading import (
        MAX_CONFIG_BYTES,
        LoadedConfig,
        describe_errors,
        load_config,
        parse_config,
    )
    from trayapp.core.config.running import record_of
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
    "ReadConfig",
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
    "read_aside",
    "record_of",
    "save_config",
    "secret_refs",
    "split_host_port",
    "unknown_services",
    "write_config",
]

__getattr__ = lazy(
    __name__,
    {
        "CHECK_TYPES": "model",
        "Check": "model",
        "Config": "model",
        "ConfigConflict": "writing",
        "ConfigError": "read",
        "DEFAULT_CANARIES": "model",
        "Defaults": "model",
        "DnsCheck": "model",
        "Duration": "values",
        "DurationError": "durations",
        "HttpCheck": "model",
        "KEYRING_SERVICE": "secrets",
        "KeyPath": "tomllines",
        "KeyringSecrets": "secrets",
        "LoadedConfig": "reading",
        "MAX_CONFIG_BYTES": "reading",
        "Maintenance": "model",
        "Network": "model",
        "Notifications": "model",
        "OUTSIDE_PROVIDERS": "model",
        "Outside": "model",
        "OutsideChoice": "model",
        "PingCheck": "model",
        "Problem": "read",
        "QuietHours": "values",
        "ReadConfig": "aside",
        "Remote": "model",
        "SOURCE_KINDS": "model",
        "SecretLookup": "secrets",
        "SecretRef": "values",
        "SecretsUnavailable": "secrets",
        "Service": "model",
        "ServiceSettings": "model",
        "Source": "model",
        "StatusRanges": "values",
        "TcpCheck": "model",
        "config_secret_refs": "secrets",
        "create_config": "writing",
        "describe_errors": "reading",
        "duplicate_names": "model",
        "format_duration": "durations",
        "group_names": "model",
        "load_config": "reading",
        "lookup_with": "secrets",
        "parse_config": "reading",
        "parse_duration": "durations",
        "read_aside": "aside",
        "record_of": "running",
        "save_config": "writing",
        "secret_refs": "secrets",
        "split_host_port": "values",
        "unknown_services": "maintenance",
        "write_config": "writing",
    },
)
