"""Reading and writing ``config.toml``.

Reading refuses a bad file whole and names every problem at once, by file, line and key::

    config.toml:14: services[1].checks[0].url: not an http(s) URL: ftp://example.com

Writing is atomic (a temporary file, then ``os.replace``), keeps the user's comments and
layout (the file is edited in place through tomlkit, never regenerated), and refuses to
overwrite a file that changed on disk since it was read. A file that could not be read or
validated has no :class:`LoadedConfig`, so nothing can be saved over it.

Errors::

    ConfigError            the file is unusable; .problems lists every Problem
     └── ConfigConflict    a save found the file changed on disk since it was read
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.items
from pydantic import BaseModel, ValidationError
from tomlkit.exceptions import ParseError, TOMLKitError

from trayapp.core.config.model import (
    CHECK_TYPES,
    Config,
    Defaults,
    DnsCheck,
    HttpCheck,
    Network,
    Notifications,
    Remote,
    Service,
    Source,
    TcpCheck,
    duplicate_names,
)
from trayapp.core.config.tomllines import KeyLines, KeyPath

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

MAX_CONFIG_BYTES = 1024 * 1024
"""A config file larger than this is refused unread: no real one comes near it."""

_CHECK_MODELS: dict[str, type[BaseModel]] = {"http": HttpCheck, "tcp": TcpCheck, "dns": DnsCheck}
_TABLE_MODELS: dict[str, type[BaseModel]] = {
    "defaults": Defaults,
    "notifications": Notifications,
    "network": Network,
    "sources": Source,
    "services": Service,
    "remote": Remote,
}


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


class ConfigConflict(ConfigError):
    """The file changed on disk after it was read; saving would lose those changes."""


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    """A config as read from ``path``, with what is needed to save it back faithfully."""

    path: Path
    config: Config
    text: str = field(default="", repr=False)
    """The file's text as read: what a save edits."""
    fingerprint: str | None = None
    """SHA-256 of the bytes read; None when there was no file."""

    @property
    def exists(self) -> bool:
        """Whether the config came from a file (False: no file yet, an empty config)."""
        return self.fingerprint is not None


# --- reading -----------------------------------------------------------------------------


def load_config(path: Path, *, missing_ok: bool = True) -> LoadedConfig:
    """Read and validate the config file at ``path``.

    A missing file gives an empty config when ``missing_ok``, else a :class:`ConfigError`.

    Raises:
        ConfigError: the file cannot be read or is not a valid config.
    """
    raw = _read_bytes(path, missing_ok=missing_ok)
    if raw is None:
        return LoadedConfig(path, Config())
    name = str(path)
    text = _decode(raw, name)
    return LoadedConfig(
        path, parse_config(text, filename=name), text, hashlib.sha256(raw).hexdigest()
    )


def _read_bytes(path: Path, *, missing_ok: bool) -> bytes | None:
    name = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        if missing_ok:
            return None
        raise ConfigError([Problem(name, "no such file")]) from None
    except IsADirectoryError:
        raise ConfigError([Problem(name, "is a directory, not a config file")]) from None
    except PermissionError:
        raise ConfigError([Problem(name, "cannot be read: permission denied")]) from None
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise ConfigError([Problem(name, f"cannot be read: {reason}")]) from None
    if len(raw) > MAX_CONFIG_BYTES:
        size = path.stat().st_size
        raise ConfigError(
            [Problem(name, f"is too large ({size / 1e6:.1f} MB); a config file is at most 1 MiB")]
        )
    return raw


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        raise ConfigError(
            [
                Problem(
                    name,
                    f"not UTF-8 text (byte 0x{byte:02x} at column {column}); "
                    "save the file as UTF-8",
                    line,
                )
            ]
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
    try:
        tomlkit.parse(text)
    except ParseError as located:
        message = str(located).removesuffix(f" at line {located.line} col {located.col}")
        detail = f"invalid TOML: {message[:1].lower()}{message[1:]} (column {located.col})"
        return [Problem(filename, detail, located.line)]
    except TOMLKitError:
        return [Problem(filename, "invalid TOML: a key or table is defined twice")]
    return [Problem(filename, f"invalid TOML: {error}")]


def _repeated_key_problems(text: str, filename: str) -> list[Problem]:
    return [
        Problem(
            filename,
            f"invalid TOML: key written twice (first on line {first})",
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
    for repeat, first in duplicate_names([n for _, n in indexed]):
        index, first_index = indexed[repeat][0], indexed[first][0]
        found.append(
            (
                ("services", index, "name"),
                f"duplicate service name {json.dumps(names[index], ensure_ascii=False)} "
                f"(also services[{first_index}])",
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
        described.append((loc, _message(item, table)))
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
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _message(error: Any, model: type[BaseModel] | None) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    got = f", got {_show(value)}"
    simple = {
        "int_type": "expected a whole number" + got,
        "int_from_float": "expected a whole number" + got,
        "float_type": "expected a number" + got,
        "bool_type": "expected true or false" + got,
        "string_type": "expected a string in quotes" + got,
        "list_type": "expected a list [...]" + got,
        "dict_type": "expected a table" + got,
        "model_type": "expected a table" + got,
        "model_attributes_type": "expected a table" + got,
        "missing": "required key is missing",
        "string_too_short": "must not be empty",
        "union_tag_not_found": f"missing; say which kind of check: {', '.join(CHECK_TYPES)}",
    }
    if kind in simple:
        return simple[kind]
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        known = list(model.model_fields) if model else []
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key{hint}"
    if kind == "union_tag_invalid":
        return f"unknown check type {_show(ctx.get('tag'))} (expected {', '.join(CHECK_TYPES)})"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}{got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}{got}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}{got}"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    message = str(error["msg"])
    return message[:1].lower() + message[1:]


# --- writing -----------------------------------------------------------------------------


def create_config(path: Path, text: str) -> None:
    """Write a new config file at ``path``, creating its folder; never replace a file.

    Raises:
        FileExistsError: there is a file (or anything else) at ``path`` already.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    temporary = _write_temporary(path.parent, text.encode("utf-8"), mode=0o600)
    try:
        # link() fails if the name was taken meanwhile, where replace() would clobber it.
        os.link(temporary, path)
    finally:
        temporary.unlink()


def save_config(loaded: LoadedConfig, config: Config) -> LoadedConfig:
    """Save ``config`` over the file ``loaded`` came from, keeping its comments and layout.

    Only what changed between ``loaded.config`` and ``config`` is rewritten.

    Raises:
        ConfigConflict: the file changed on disk since ``loaded`` was read.
        OSError: the file could not be written; the old file is then untouched.
    """
    path = loaded.path
    name = str(path)
    try:
        current = _read_bytes(path, missing_ok=True)
    except ConfigError as error:
        raise ConfigConflict(error.problems) from None
    now = None if current is None else hashlib.sha256(current).hexdigest()
    if now != loaded.fingerprint:
        raise ConfigConflict(
            [Problem(name, "changed on disk since it was read; reload it before saving")]
        )
    document = tomlkit.parse(loaded.text)
    _merge_model(document, loaded.config, config)
    return _write(path, tomlkit.dumps(document), existed=current is not None)


def write_config(path: Path, config: Config) -> LoadedConfig:
    """Write ``config`` to ``path`` as a new file, replacing whatever is there (an export
    the user chose to write over), in the form :func:`save_config` writes.

    Raises:
        OSError: the file could not be written; the old file is then untouched.
    """
    document = tomlkit.document()
    _merge_model(document, Config(), config)
    return _write(path, tomlkit.dumps(document), existed=path.exists())


def _write(path: Path, text: str, *, existed: bool) -> LoadedConfig:
    """Write ``text`` (checked as a config first) atomically to ``path``, keeping the mode of
    the file it replaces (a new file is the user's alone)."""
    parsed = parse_config(text, filename=str(path))
    raw = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if existed else 0o600
    temporary = _write_temporary(path.parent, raw, mode=mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return LoadedConfig(path, parsed, text, hashlib.sha256(raw).hexdigest())


def _write_temporary(folder: Path, raw: bytes, *, mode: int) -> Path:
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=".config-", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _merge_model(table: Any, old: BaseModel | None, new: BaseModel) -> None:
    """Make ``table`` say what ``new`` says, touching only the keys that differ from ``old``."""
    fields = type(new).model_fields
    # A check's type is its identity in the file, even where the model defaults it.
    written = new.model_fields_set | ({"type"} & fields.keys())
    dumped = new.model_dump(mode="json", include=written)
    for key in fields:
        value = getattr(new, key)
        if key not in written or value is None:
            if key in table:
                del table[key]
            continue
        previous = getattr(old, key, None)
        if key in table and previous == value:
            continue
        if isinstance(value, BaseModel):
            if key not in table or not isinstance(table[key], tomlkit.items.Table):
                table[key] = tomlkit.table()
            _merge_model(table[key], previous if isinstance(previous, BaseModel) else None, value)
        elif _is_model_list(value) and value and key in _INLINE_LISTS:
            table[key] = _inline_list(value)
        elif _is_model_list(value) and value:
            _merge_model_list(table, key, previous if isinstance(previous, list) else [], value)
        else:
            table[key] = _toml_value(dumped[key])


def _toml_value(value: Any) -> Any:
    """Small tables (request headers) read best inline, beside their check."""
    if isinstance(value, dict):
        inline = tomlkit.inline_table()
        inline.update(value)
        return inline
    return value


_INLINE_LISTS = frozenset({"remote"})
"""Lists of tables of a key or two, written on one line: ``remote = [{ source = "p" }]``."""


def _inline_list(items: list[BaseModel]) -> Any:
    array = tomlkit.array()
    for item in items:
        said = item.model_dump(mode="json", include=item.model_fields_set, exclude_none=True)
        array.append(_toml_value(said))
    return array


def _is_model_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, BaseModel) for item in value)


def _merge_model_list(table: Any, key: str, old: list[BaseModel], new: list[BaseModel]) -> None:
    """Rewrite an array of tables, reusing (and so keeping the comments of) matching entries."""
    existing = table.get(key)
    entries = list(existing.body) if isinstance(existing, tomlkit.items.AoT) else []
    pairs = list(_match_entries(old[: len(entries)], new))
    # Made as tomlkit makes a parsed one: a fresh array would add a blank line before each
    # table it is given, one more at every save. A new table is set apart by hand.
    array = tomlkit.items.AoT([], parsed=True)
    for new_item, old_index in pairs:
        if old_index is None:
            entry = tomlkit.table()
            _merge_model(entry, None, new_item)
            if len(array) and "\n" not in entry.trivia.indent:
                entry.trivia.indent = "\n" + entry.trivia.indent
        else:
            entry = entries[old_index]
            _merge_model(entry, old[old_index], new_item)
        array.append(entry)
    table[key] = array


def _match_entries(
    old: list[BaseModel], new: list[BaseModel]
) -> Iterator[tuple[BaseModel, int | None]]:
    """Pair each new entry with an old one: same name first, else same position."""
    names = {getattr(item, "name", None): i for i, item in enumerate(old)}
    names.pop(None, None)
    taken: set[int] = set()
    choices: list[int | None] = []
    for position, item in enumerate(new):
        match = names.get(getattr(item, "name", None))
        if match is None and position < len(old) and position not in names.values():
            match = position
        if match in taken:
            match = None
        if match is not None:
            taken.add(match)
        choices.append(match)
    yield from zip(new, choices, strict=True)
