"""Reading ``config.toml``: the file's bytes, its TOML, and its validation as a config.

A bad file is refused whole, with every problem named at once, by file, line and key::

    config.toml:14: services[1].checks[0].url: not an http(s) URL: ftp://example.com

:func:`describe_errors` puts pydantic's errors in the same words, for the settings dialog's
forms. What was read is kept in a :class:`LoadedConfig`, which :mod:`trayapp.core.config.writing`
needs to save the file back; a file that could not be read or validated has none, so nothing
can be saved over it.

Errors::

    ConfigError            the file is unusable; .problems lists every Problem
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from trayapp.core.config.model import (
    CHECK_TYPES,
    Config,
    Defaults,
    DnsCheck,
    HttpCheck,
    Maintenance,
    Network,
    Notifications,
    PingCheck,
    Remote,
    Service,
    Source,
    TcpCheck,
    duplicate_names,
)
from trayapp.core.config.read import ConfigError, FileRead, Problem
from trayapp.core.config.tomllines import KeyLines, KeyPath
from trayapp.core.formats import format_number
from trayapp.core.i18n import _
from trayapp.core.text import redact_url

if TYPE_CHECKING:
    from tomlkit.exceptions import ParseError

__all__ = [
    "MAX_CONFIG_BYTES",
    "ConfigError",
    "LoadedConfig",
    "Problem",
    "describe_errors",
    "load_config",
    "parse_config",
    "read_config_bytes",
]


MAX_CONFIG_BYTES = 1024 * 1024
"""A config file larger than this is refused unread: no real one comes near it."""

_CHECK_MODELS: dict[str, type[BaseModel]] = {
    "http": HttpCheck,
    "tcp": TcpCheck,
    "dns": DnsCheck,
    "ping": PingCheck,
}
_TABLE_MODELS: dict[str, type[BaseModel]] = {
    "defaults": Defaults,
    "notifications": Notifications,
    "network": Network,
    "sources": Source,
    "services": Service,
    "remote": Remote,
    "maintenance": Maintenance,
}


@dataclass(frozen=True, slots=True)
class LoadedConfig(FileRead[Config]):
    """A config as read from ``path`` and validated: the model, with what is needed to save
    it back faithfully."""


def load_config(path: Path, *, missing_ok: bool = True) -> LoadedConfig:
    """Read and validate the config file at ``path``.

    A missing file gives an empty config when ``missing_ok``, else a :class:`ConfigError`.

    Raises:
        ConfigError: the file cannot be read or is not a valid config.
    """
    raw = read_config_bytes(path, missing_ok=missing_ok)
    if raw is None:
        return LoadedConfig(path, Config())
    name = str(path)
    text = _decode(raw, name)
    return LoadedConfig(
        path, parse_config(text, filename=name), text, hashlib.sha256(raw).hexdigest()
    )


def read_config_bytes(path: Path, *, missing_ok: bool) -> bytes | None:
    """The bytes of the config file at ``path``, at most :data:`MAX_CONFIG_BYTES` of them.

    Returns:
        The file's bytes, or None when there is no file and ``missing_ok``.

    Raises:
        ConfigError: the file cannot be read, is missing (unless ``missing_ok``), or is too
            large; the problem says why in a person's words.
    """
    name = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise ConfigError([Problem(name, _("no such file"))]) from None
    except IsADirectoryError:
        raise ConfigError([Problem(name, _("is a directory, not a config file"))]) from None
    except PermissionError:
        raise ConfigError([Problem(name, _("cannot be read: permission denied"))]) from None
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        # Translators: {reason} is the system's, e.g. "Input/output error".
        said = _("cannot be read: {reason}").format(reason=reason)
        raise ConfigError([Problem(name, said)]) from None
    if len(raw) > MAX_CONFIG_BYTES:
        size = format_number(path.stat().st_size / 1e6, decimals=1)
        # Translators: {size} is the file's size in megabytes.
        said = _("is too large ({size} MB); a config file is at most 1 MiB").format(size=size)
        raise ConfigError([Problem(name, said)])
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        # Translators: {byte} is the byte's value in hexadecimal, as 0xff.
        said = _("not UTF-8 text (byte {byte} at column {column}); save the file as UTF-8")
        raise ConfigError(
            [Problem(name, said.format(byte=f"0x{byte:02x}", column=column), line)]
        ) from None


def parse_config(text: str, *, filename: str = "config.toml") -> Config:
    """Validate TOML ``text`` as a config.

    Raises:
        ConfigError: the text is not TOML, or not a valid config; every problem is listed.
    """
    try:
        # The standard library's parser: a good deal faster than tomlkit's, which is kept
        # for saving (it keeps comments) and for naming the line of a syntax error.
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_syntax_problems(text, filename, error)) from None
    found = _duplicate_names(data)
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        found += describe_errors(error)
    if found:
        lines = KeyLines(text)  # only a file with problems needs its lines
        problems = [
            Problem(filename, message, lines.line_for(loc), _key_text(loc))
            for loc, message in dict.fromkeys(found)
        ]
        problems.sort(key=lambda p: p.line or 0)
        raise ConfigError(problems) from None
    return config


def _syntax_problems(text: str, filename: str, error: Exception) -> list[Problem]:
    """Where the TOML is broken (tomllib's error has no reliable line number).

    A key or table written twice is found by our own scanner, so that its message names the
    key's path and both lines whatever the TOML library's version says; any other syntax
    error is located by tomlkit.
    """
    repeated = _repeated_key_problems(text, filename)
    if repeated:
        return repeated
    # Here, not at the top: a file that reads well never needs tomlkit.
    import tomlkit
    from tomlkit.exceptions import ParseError, TOMLKitError

    try:
        tomlkit.parse(text)
    except ParseError as located:
        # Translators: {reason} says what is wrong ("unexpected character: 'x'"),
        # {column} where on the line.
        detail = _("invalid TOML: {reason} (column {column})").format(
            reason=_syntax_reason(located), column=located.col
        )
        return [Problem(filename, detail, located.line)]
    except TOMLKitError:
        return [Problem(filename, _("invalid TOML: a key or table is defined twice"))]
    return [Problem(filename, _("invalid TOML: {reason}").format(reason=error))]


def _syntax_reason(error: ParseError) -> str:
    """What tomlkit found wrong, by the type of its error, in the user's language; its own
    English words for an error it has no type for."""
    from tomlkit import exceptions as toml_errors  # only ever for a file that reads badly

    message = str(error).removesuffix(f" at line {error.line} col {error.col}")
    match error:
        case toml_errors.UnexpectedCharError():
            return _("unexpected character: {char}").format(char=message.partition(": ")[2])
        case toml_errors.InvalidCharInStringError():
            char = message.removeprefix("Invalid character ").removesuffix(" in string")
            return _("invalid character {char} in string").format(char=char)
        case toml_errors.UnexpectedEofError():
            return _("unexpected end of file")
        case toml_errors.EmptyKeyError():
            return _("empty key")
        case toml_errors.EmptyTableNameError():
            return _("empty table name")
        case toml_errors.InvalidNumberOrDateError():
            return _("invalid number or date format")
        case toml_errors.InvalidNumberError():
            return _("invalid number")
        case toml_errors.InvalidDateTimeError():
            return _("invalid datetime")
        case toml_errors.InvalidDateError():
            return _("invalid date")
        case toml_errors.InvalidTimeError():
            return _("invalid time")
        case toml_errors.InvalidUnicodeValueError():
            return _("invalid unicode value")
        case toml_errors.MixedArrayTypesError():
            return _("mixed types found in array")
        case toml_errors.InvalidControlChar():
            return _("control characters are not allowed here; write them as escapes (\\u0000)")
    return message[:1].lower() + message[1:]


def _repeated_key_problems(text: str, filename: str) -> list[Problem]:
    return [
        Problem(
            filename,
            _("invalid TOML: key written twice (first on line {line})").format(line=first),
            line,
            _key_text(path),
        )
        for path, first, line in KeyLines(text).repeated
    ]


def _duplicate_names(data: Mapping[str, Any]) -> list[tuple[KeyPath, str]]:
    # Config checks this too, but only once every service is otherwise valid; the file's
    # reader wants every problem at once.
    services = data.get("services")
    if not isinstance(services, list):
        return []
    names = [s.get("name") if isinstance(s, dict) else None for s in services]
    indexed = [(i, n) for i, n in enumerate(names) if isinstance(n, str)]
    found: list[tuple[KeyPath, str]] = []
    for repeat, first in duplicate_names([n for _index, n in indexed]):
        index, first_index = indexed[repeat][0], indexed[first][0]
        name = json.dumps(names[index], ensure_ascii=False)
        found.append(
            (
                ("services", index, "name"),
                _("duplicate service name {name} (also services[{first}])").format(
                    name=name, first=first_index
                ),
            )
        )
    return found


def describe_errors(
    error: ValidationError, model: type[BaseModel] = Config
) -> list[tuple[KeyPath, str]]:
    """Each error of validating ``model`` as ``(key path, message)``, in the loader's words.

    The key path is relative to ``model`` (a form validating one :class:`Service` gets
    ``("checks", 0, "url")``), without pydantic's tags for the kind of check.
    """
    described = []
    for item in error.errors():
        raw_loc = _location(item)
        loc = _strip_tags(raw_loc)
        if item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "type")
        table = _model_at(raw_loc) if model is Config else (model if len(loc) <= 1 else None)
        described.append((loc, _URL.sub(_masked, _message(item, table))))
    return list(dict.fromkeys(described))


def _location(error: Any) -> KeyPath:
    """Where an error is: a validator of a whole table may name its key (``ctx["loc"]``,
    from the table it validates)."""
    ctx = error.get("ctx") or {}
    return (*error["loc"], *ctx.get("loc", ()))


def _strip_tags(loc: KeyPath) -> KeyPath:
    """Drop the discriminator tag pydantic puts after a check's index."""
    kept: list[str | int] = []
    for index, part in enumerate(loc):
        after_check = index >= 2 and loc[index - 2] == "checks" and isinstance(loc[index - 1], int)
        if not (after_check and part in CHECK_TYPES):
            kept.append(part)
    return tuple(kept)


def _model_at(loc: KeyPath) -> type[BaseModel] | None:
    """The model of the table that holds the last key of ``loc``."""
    model: type[BaseModel] | None = Config
    for index, part in enumerate(loc[:-1]):
        if isinstance(part, int):
            continue
        if part == "checks":
            tag = loc[index + 2] if len(loc) > index + 2 else None
            model = _CHECK_MODELS.get(tag) if isinstance(tag, str) else None
            break
        model = _TABLE_MODELS.get(part)
    return model


def _key_text(loc: KeyPath) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _show(value: object) -> str:
    """A value as it is written in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    return str(value)


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"']+")
"""A URL inside a message: shown without its credentials, as everywhere."""


def _masked(match: re.Match[str]) -> str:
    return redact_url(match.group(0))


def _message(error: Any, model: type[BaseModel] | None) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    got = _show(value)
    types = ", ".join(CHECK_TYPES)
    match kind:
        case "int_type" | "int_from_float":
            return _("expected a whole number, got {value}").format(value=got)
        case "float_type":
            return _("expected a number, got {value}").format(value=got)
        case "bool_type":
            return _("expected true or false, got {value}").format(value=got)
        case "string_type":
            return _("expected a string in quotes, got {value}").format(value=got)
        case "list_type":
            return _("expected a list [...], got {value}").format(value=got)
        case "dict_type" | "model_type" | "model_attributes_type":
            return _("expected a table, got {value}").format(value=got)
        case "missing":
            return _("required key is missing")
        case "string_too_short":
            return _("must not be empty")
        case "union_tag_not_found":
            # Translators: {types} lists the kinds of check: http, tcp, dns, ping.
            return _("missing; say which kind of check: {types}").format(types=types)
        case "extra_forbidden":
            key = str(error["loc"][-1])
            known = list(model.model_fields) if model else []
            import difflib  # for a mistake only

            close = difflib.get_close_matches(key, known, n=1)
            if close:
                # Translators: {key} is a key the config has, spelt most like the unknown one.
                return _("unknown key (did you mean '{key}'?)").format(key=close[0])
            return _("unknown key")
        case "union_tag_invalid":
            return _("unknown check type {type} (expected {types})").format(
                type=_show(ctx.get("tag")), types=types
            )
        case "literal_error":
            # Translators: {choices} are the values allowed, as 'a', 'b' or 'c'.
            return _("expected one of {choices}, got {value}").format(
                choices=_choices(ctx.get("expected")), value=got
            )
        case "greater_than_equal" | "greater_than":
            return _("must be at least {limit}, got {value}").format(
                limit=ctx.get("ge", ctx.get("gt")), value=got
            )
        case "less_than_equal" | "less_than":
            return _("must be at most {limit}, got {value}").format(
                limit=ctx.get("le", ctx.get("lt")), value=got
            )
        case "string_too_long":
            return _("is too long (at most {count} characters)").format(count=ctx.get("max_length"))
    message = str(error["msg"])
    if kind not in _PYDANTIC_ERRORS:
        return message  # one of ours, in the user's language already: as it is written
    return message[:1].lower() + message[1:]


_PYDANTIC_ERRORS = frozenset(get_args(ErrorType))
"""pydantic's own kinds of error, whose messages begin with a capital; ours do not."""


def _choices(expected: object) -> str:
    """pydantic's list of a literal's values (``'a', 'b' or 'c'``), "or" in the user's
    language."""
    text = str(expected)
    head, sep, last = text.rpartition(" or ")
    if not sep:
        return text
    # Translators: the last two of a list of choices: 'a', 'b' or 'c'.
    return _("{choices} or {last}").format(choices=head, last=last)
