"""Writing ``config.toml``: a new file, or a save that keeps the user's comments and layout.

A save edits the file's own text through tomlkit, rewriting only the keys that changed, never
regenerating it; entries of a list of tables (``[[services]]``) are matched by name (else by
position), so each keeps its comments. Every write is checked as a config first and is atomic
(a temporary file, then ``os.replace``); a save refuses to overwrite a file that changed on
disk since it was read.

Errors::

    ConfigError            (trayapp.core.config.reading) the file is unusable
     └── ConfigConflict    a save found the file changed on disk since it was read
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.items
from pydantic import BaseModel

from trayapp.core.config.model import Config
from trayapp.core.config.reading import (
    ConfigError,
    LoadedConfig,
    Problem,
    parse_config,
    read_config_bytes,
)
from trayapp.core.config.values import SecretRef
from trayapp.core.i18n import _

__all__ = ["ConfigConflict", "create_config", "save_config", "write_config"]


class ConfigConflict(ConfigError):
    """The file changed on disk after it was read; saving would lose those changes."""


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
        current = read_config_bytes(path, missing_ok=True)
    except ConfigError as error:
        raise ConfigConflict(error.problems) from None
    now = None if current is None else hashlib.sha256(current).hexdigest()
    if now != loaded.fingerprint:
        raise ConfigConflict(
            [Problem(name, _("changed on disk since it was read; reload it before saving"))]
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
    the file it replaces (a new file is the user's alone).

    A ``config.toml`` that is a symbolic link (into a dotfiles repository, say) is written
    through: the new text replaces the link's target, atomically, in the target's folder, and
    the link stays a link. Replacing the link itself would leave the target with the old text.
    """
    parsed = parse_config(text, filename=str(path))
    raw = text.encode("utf-8")
    target = _final_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if existed and target.exists() else 0o600
    temporary = _write_temporary(target.parent, raw, mode=mode)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return LoadedConfig(path, parsed, text, hashlib.sha256(raw).hexdigest())


def _final_target(path: Path) -> Path:
    """Where ``path`` leads through any symbolic links (itself when it is none).

    Raises:
        OSError: the links loop.
    """
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path, strict=False))


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
        if isinstance(value, SecretRef):
            table[key] = _toml_value(dumped[key])
        elif isinstance(value, BaseModel):
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
    """Small tables (request headers, a secret's reference) read best inline, beside their
    key: ``token = { secret = "globalping" }``."""
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
