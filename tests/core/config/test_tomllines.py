"""Finding the line of a key path in TOML text."""

from __future__ import annotations

from trayapp.core.config.tomllines import KeyLines

TEXT = """\
# comment = 1
[defaults]
interval = "5m"
"quoted.key" = 1
a.b = 2

[[services]]
name = "A"
notes = '''
fake = "not a key"
'''
[[services.checks]]
type = "http"
list = [
  "x = 1",
]
after = 3

[[services]]
name = "B"
[[services.checks]]
port = 1
[[services.checks]]
port = 2
"""


def test_keys_tables_and_array_entries_have_their_lines() -> None:
    lines = KeyLines(TEXT)
    assert lines.line_for(("defaults",)) == 2
    assert lines.line_for(("defaults", "interval")) == 3
    assert lines.line_for(("defaults", "quoted.key")) == 4
    assert lines.line_for(("defaults", "a", "b")) == 5
    assert lines.line_for(("services", 0)) == 7
    assert lines.line_for(("services", 0, "checks", 0, "type")) == 13
    assert lines.line_for(("services", 0, "checks", 0, "after")) == 17
    assert lines.line_for(("services", 1, "name")) == 20
    assert lines.line_for(("services", 1, "checks", 0, "port")) == 22
    assert lines.line_for(("services", 1, "checks", 1, "port")) == 24


def test_values_spread_over_lines_are_not_read_as_keys() -> None:
    lines = KeyLines(TEXT)
    assert lines.line_for(("services", 0, "fake")) == 7
    assert lines.line_for(("services", 0, "checks", 0, "x")) == 12
    assert lines.line_for(("comment",)) is None


def test_a_missing_key_falls_back_to_its_table() -> None:
    assert KeyLines(TEXT).line_for(("services", 1, "checks", 1, "host")) == 23


def test_repeated_keys_are_noticed() -> None:
    assert KeyLines("[a]\nx = 1\ny = 2\nx = 3\n").repeated == [(("a", "x"), 2, 4)]
