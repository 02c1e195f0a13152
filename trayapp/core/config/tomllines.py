"""Where a key stands in a TOML file, so that an error can name its line.

TOML parsers hand back values, not positions. This scanner reads the text once, follows
table headers (``[notifications]``, ``[[services]]``, ``[[services.checks]]``) and keys, and
maps each key path, with array-of-tables indices, to its line::

    ("services", 1, "checks", 0, "url") -> 14

It diagnoses nothing but keys and tables written twice, and it reads text the TOML parser
rejected without failing (a header with no closing bracket is passed over); values spread
over several lines (arrays, multi-line strings) are skipped over.
"""

from __future__ import annotations

import re

__all__ = ["KeyLines", "KeyPath"]

KeyPath = tuple[str | int, ...]
"""Where a value stands in the config: keys and array indices, ``("services", 1, "url")``."""

_BARE_OR_QUOTED = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(\.|$)""")
_KEY_LINE = re.compile(r"""\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=(.*)""")
_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _split_key(text: str) -> list[str]:
    keys = []
    position = 0
    while position < len(text):
        match = _BARE_OR_QUOTED.match(text, position)
        if not match:
            break
        token = match.group(1)
        keys.append(token[1:-1] if token[0] in "\"'" else token)
        position = match.end()
    return keys


class KeyLines:
    """The line of every key and table header of a TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        self.repeated: list[tuple[KeyPath, int, int]] = []
        """Keys and tables written twice: ``(path, first line, second line)``."""
        self._scan(text)

    def line_for(self, path: KeyPath) -> int | None:
        """The line of ``path`` or, failing that, of the nearest enclosing key or table."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None

    def _scan(self, text: str) -> None:
        aot_counts: dict[KeyPath, int] = {}
        headers: dict[KeyPath, int] = {}
        table: KeyPath = ()
        open_string: str | None = None
        depth = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if open_string is not None:
                if line.count(open_string) % 2 == 1:
                    open_string = None
                continue
            if depth > 0:
                depth += _bracket_balance(line)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("[[") and "]]" in stripped:
                keys = _split_key(stripped[2 : stripped.index("]]")])
                base = self._resolve(keys, aot_counts)
                index = aot_counts.get(base, 0)
                aot_counts[base] = index + 1
                table = (*base, index)
                self._lines.setdefault(table, number)
                self._lines.setdefault(base, number)
                continue
            if stripped.startswith("[") and "]" in stripped:
                table = self._resolve(_split_key(stripped[1 : stripped.index("]")]), aot_counts)
                if table in headers:
                    self.repeated.append((table, headers[table], number))
                headers.setdefault(table, number)
                self._lines.setdefault(table, number)
                continue
            match = _KEY_LINE.match(line)
            if not match:
                continue
            keys = _split_key(match.group(1))
            full = (*table, *keys)
            if full in self._lines:
                self.repeated.append((full, self._lines[full], number))
            for end in range(1, len(keys) + 1):
                self._lines.setdefault((*table, *keys[:end]), number)
            value = match.group(2)
            for quote in ('"""', "'''"):
                if value.count(quote) % 2 == 1:
                    open_string = quote
            if open_string is None:
                depth = max(0, _bracket_balance(value))

    @staticmethod
    def _resolve(keys: list[str], aot_counts: dict[KeyPath, int]) -> KeyPath:
        """The path of a header's keys, entering the current entry of each array of tables."""
        path: KeyPath = ()
        for position, key in enumerate(keys, start=1):
            path = (*path, key)
            count = aot_counts.get(path)
            if count is not None and position < len(keys):
                path = (*path, count - 1)
        return path


def _bracket_balance(text: str) -> int:
    code = _STRINGS.sub("", text).split("#", 1)[0]
    return code.count("[") + code.count("{") - code.count("]") - code.count("}")
