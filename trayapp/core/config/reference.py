"""The config file's reference, in Markdown, made from the config model for the README.

Each table of ``config.toml`` gets a table of its keys: type, default and description, read
from the same JSON Schema the editors get (:mod:`trayapp.core.config.schema`), which is read
from the model. The README holds the result between two markers::

    <!-- config-reference:start -->
    ...
    <!-- config-reference:end -->

A test fails when that part of the README is stale; ``make docs`` (that is,
``python -m trayapp.core.config.reference --write README.md``) renews it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trayapp.core.config.schema import KINDS, config_schema

__all__ = ["END", "START", "NoPlaceForReference", "config_reference", "main", "with_reference"]

START = "<!-- config-reference:start -->"
END = "<!-- config-reference:end -->"
COMMAND = ".venv/bin/python -m trayapp.core.config.reference --write README.md"

_KIND_NAMES = {
    "Duration": "duration",
    "HttpUrl": "http(s) URL",
    "Host": "host name or IP address",
    "Canary": "URL [status [body]], dns://server/name [addresses] or tcp://host:port",
    "DnsServer": "host or host:port",
    "StatusRanges": "status codes",
    "QuietHours": '"HH:MM-HH:MM"',
    "Headers": "table of headers",
    "SecretRef": "{ secret = … }",
}


class NoPlaceForReference(Exception):
    """The README has no place for the reference (a marker is missing or out of order)."""


def _ref_name(node: dict[str, Any]) -> str:
    """The name in ``$defs`` that ``node``'s ``$ref`` points to."""
    name: str = node["$ref"].rsplit("/", 1)[1]
    return name


def _definition(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    definition: dict[str, Any] = schema["$defs"][_ref_name(node)]
    return definition


def _type(node: dict[str, Any]) -> str:
    """What a key holds, in a few words."""
    if "allOf" in node:
        return _type(node["allOf"][0])
    if "$ref" in node:
        name = _ref_name(node)
        return _KIND_NAMES.get(name, name)
    if len(node.get("enum", ())) == 1:
        return f"`{json.dumps(node['enum'][0])}`"
    if "enum" in node:
        # A boolean is written as TOML writes it: true, not Python's True.
        return "one of " + ", ".join(
            f"`{value if isinstance(value, str) else json.dumps(value)}`" for value in node["enum"]
        )
    kind = node.get("type")
    if kind == "array":
        items = node.get("items", {})
        if "oneOf" in items:
            return "list of checks (below)"
        if "$ref" in items and _ref_name(items) not in _KIND_NAMES:
            return "list of tables (below)"
        return f"list of {_type(items)}"
    if kind == "integer" and "minimum" in node and "maximum" in node:
        return f"integer, {node['minimum']}–{node['maximum']}"
    if kind == "string":
        return "text"
    return str(kind)


def _default(node: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" not in node:
        return "—"
    return f"`{json.dumps(node['default'], ensure_ascii=False)}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(definition: dict[str, Any]) -> list[str]:
    lines = ["| key | type | default | description |", "| --- | --- | --- | --- |"]
    required = set(definition.get("required", ()))
    for key, node in definition["properties"].items():
        if key == "type" and len(node.get("enum", ())) == 1:
            continue  # said in the heading
        cells = [f"`{key}`", _type(node), _default(node, key in required), node.get("description")]
        lines.append("| " + " | ".join(_cell(cell or "") for cell in cells) + " |")
    return lines


def _summary(definition: dict[str, Any]) -> str:
    """The model's description without its leading "`[table]`:" (the heading says it)."""
    text = " ".join(definition.get("description", "").split())
    if text.startswith("`[") and "`: " in text:
        text = text.split("`: ", 1)[1]
    return text[:1].upper() + text[1:]


def config_reference() -> str:
    """Every table and key of ``config.toml``, as Markdown (without the markers)."""
    schema = config_schema()
    out = [
        f"<!-- Made from the config model by `{COMMAND}` (`make docs`): edit the model's "
        "descriptions in trayapp/core/config/model.py, not this text. -->",
    ]

    def section(heading: str, definition: dict[str, Any], note: str = "") -> None:
        out.extend(
            ["", f"#### {heading}", "", _summary(definition) + note, "", *_table(definition)]
        )

    for key, node in schema["properties"].items():
        if "$ref" in node:
            section(f"`[{key}]`", _definition(schema, node))
            continue
        service = _definition(schema, node["items"])
        noun = "maintenance window" if key == "maintenance" else key.removesuffix("s")
        section(f"`[[{key}]]`", service, f" One table per {noun}.")
        for name, field in service["properties"].items():
            items = field.get("items", {})
            if "$ref" in items:  # a list of small tables, as remote's
                section(f"`{key}.{name}` entries", _definition(schema, items))
            for option in items.get("oneOf", ()):
                check = _definition(schema, option)
                kind = check["properties"]["type"]["enum"][0]
                heading = f'`[[{key}.{name}]]` with `type = "{kind}"`'
                section(heading, check)
    out.extend(["", "#### Values", ""])
    for name, kind in KINDS.items():
        out.append(f"- **{_KIND_NAMES[name]}**: {_cell(kind['description'])}")
    return "\n".join(out) + "\n"


def with_reference(readme: str) -> str:
    """``readme`` with the text between the markers replaced by :func:`config_reference`.

    Raises:
        NoPlaceForReference: a marker is missing, or the end comes before the start.
    """
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise NoPlaceForReference(f"the README needs the lines {START} and {END}, in that order")
    return readme[: start + len(START)] + "\n" + config_reference() + readme[end:]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m trayapp.core.config.reference [--write README.md]``: print, or renew README."""
    parser = argparse.ArgumentParser(
        prog="python -m trayapp.core.config.reference", description=__doc__
    )
    parser.add_argument("--write", metavar="README", type=Path, help="renew this file's reference")
    args = parser.parse_args(argv)
    if args.write is None:
        sys.stdout.write(config_reference())
        return 0
    text = args.write.read_text(encoding="utf-8")
    try:
        renewed = with_reference(text)
    except NoPlaceForReference as error:
        sys.stderr.write(f"{args.write}: {error}\n")
        return 1
    if renewed != text:
        args.write.write_text(renewed, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
