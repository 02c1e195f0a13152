"""The JSON Schema of ``config.toml``, made from the config model, for editors.

Taplo (and through it VS Code's "Even Better TOML") completes and checks a TOML file against
a JSON Schema. Pydantic's own schema describes the model's Python values (durations as
seconds, optional keys as ``null``); this one describes the file a person writes:

- a value the model reads with its own validator (a duration, a URL, a status range, quiet
  hours, ...) gets the schema of what may be written, named in ``$defs`` (``Duration``:
  ``"30s"`` or a number of seconds);
- ``null``, which TOML cannot write, is dropped: an optional key is simply left out;
- defaults are shown as they are written in the file (``"1m"``, ``"200-399"``);
- a check must say its ``type``, and a service needs something to check, as the loader says;
- it is written as draft 7 but keeps to what draft 4 means the same way (no ``const``, no
  numeric ``exclusiveMinimum``), since Taplo's validator may read it as draft 4.

``resources/config.schema.json`` is this schema as shipped; a test fails when it is stale, and
``python -m trayapp.core.config.schema --write resources/config.schema.json`` (``make docs``)
renews it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from trayapp.core.config import model, values
from trayapp.core.config.durations import MAX_SECONDS

__all__ = ["KINDS", "config_schema", "main", "schema_text"]

_DURATION = r"^\s*(\d+(\.\d+)?|(\d+(\.\d+)?(ms|d|h|m|s))+)\s*$"
_TIME_RANGE = r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"
_STATUS_RANGE = r"^\s*[1-5]\d\d(\s*-\s*[1-5]\d\d)?(\s*,\s*[1-5]\d\d(\s*-\s*[1-5]\d\d)?)*\s*$"

KINDS: dict[str, JsonSchemaValue] = {
    "Duration": {
        "description": 'A duration: "250ms", "30s", "5m", "1h30m", "14d", or a number of seconds.',
        "anyOf": [
            {"type": "string", "pattern": _DURATION},
            {"type": "number", "minimum": 0.001, "maximum": MAX_SECONDS},
        ],
    },
    "HttpUrl": {
        "description": "An http:// or https:// URL.",
        "type": "string",
        "pattern": r"^\s*[hH][tT][tT][pP][sS]?://[^\s/?#]+",
    },
    "Host": {
        "description": "A host name or an IP address.",
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
    },
    "Canary": {
        "description": "An http(s) URL with its expected status and body (optional), "
        "dns://server/name with its expected addresses (optional), or tcp://host:port.",
        "type": "string",
        "pattern": r"^\s*([hH][tT][tT][pP][sS]?://[^\s/?#]+|[dD][nN][sS]://[^\s/?#]+/[^\s/]+"
        r"|[tT][cC][pP]://[^\s/?#]+:\d+/?\s*$)",
    },
    "DnsServer": {
        "description": 'A DNS server, host or host:port ("192.168.1.1:53"); "" for the '
        "system resolver.",
        "type": "string",
    },
    "StatusRanges": {
        "description": 'HTTP status codes: 200, "200-399", "200,204,301-302", or a list of these.',
        "anyOf": [
            {"type": "integer", "minimum": 100, "maximum": 599},
            {"type": "string", "pattern": _STATUS_RANGE},
            {
                "type": "array",
                "minItems": 1,
                "items": {
                    "anyOf": [
                        {"type": "integer", "minimum": 100, "maximum": 599},
                        {"type": "string", "pattern": _STATUS_RANGE},
                    ]
                },
            },
        ],
    },
    "QuietHours": {
        "description": 'A daily time range, "HH:MM-HH:MM"; it may cross midnight. "" for none.',
        "type": "string",
        "pattern": f"({_TIME_RANGE})|^$",
    },
    "Headers": {
        "description": 'Request headers: name = "value", or name = { secret = "its name in '
        'the keyring" } for a value kept in the OS keyring.',
        "type": "object",
        "propertyNames": {"pattern": r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"},
        "additionalProperties": {
            "anyOf": [{"type": "string"}, {"$ref": "#/$defs/SecretRef"}],
        },
    },
}
"""The values the model reads with a validator of its own (its value types, in
:mod:`trayapp.core.config.values`): what may be written for each."""

_VALIDATORS: dict[Callable[..., Any], str] = {
    values._duration: "Duration",
    values._http_url: "HttpUrl",
    values._host: "Host",
    values._canary: "Canary",
    values._dns_server: "DnsServer",
    values._status_ranges: "StatusRanges",
    values._quiet_hours: "QuietHours",
    values._header_map: "Headers",
}
_KIND_KEY = "x-trayapp-kind"


class _FileSchema(GenerateJsonSchema):
    """Pydantic's schema generator, taught what the file holds where the model reads it."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        kind = _VALIDATORS.get(schema["function"]["function"])
        if kind is not None:
            return {_KIND_KEY: kind}
        return super().function_before_schema(schema)

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        # A default as the file writes it: 60.0 seconds is "1m", a StatusRanges "200-399".
        serializer = schema["schema"].get("serialization")
        factory = schema.get("default_factory")
        if factory is not None and not schema.get("default_factory_takes_data"):
            value = factory()  # type: ignore[call-arg]
            if not isinstance(value, BaseModel):  # a whole section's defaults: its keys say
                schema = {**schema, "default": value}
        default = schema.get("default")
        if (
            default is not None
            and serializer is not None
            and serializer["type"] == "function-plain"
            and not serializer.get("info_arg")
        ):
            schema = {**schema, "default": serializer["function"](default)}
        return super().default_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # "Verify Tls" says less than the key itself


def _file_values(node: Any) -> Any:
    """``node`` with kinds as references, ``null`` dropped and docstring quotes made Markdown."""
    if isinstance(node, list):
        return [_file_values(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _file_values(value) for key, value in node.items() if key != _KIND_KEY}
    if isinstance(result.get("properties"), dict):
        # A key's title is its label in the settings form, in the user's language; here the
        # key names itself.
        result["properties"] = {
            key: {k: v for k, v in value.items() if k != "title"}
            if isinstance(value, dict)
            else value
            for key, value in result["properties"].items()
        }
    if _KIND_KEY in node:
        result["$ref"] = f"#/$defs/{node[_KIND_KEY]}"
    if "anyOf" in result:
        options = [option for option in result["anyOf"] if option != {"type": "null"}]
        if len(options) == 1:
            del result["anyOf"]
            result = {**options[0], **result}
        else:
            result["anyOf"] = options
    if result.get("default", 0) is None:
        del result["default"]
    if "const" in result:  # draft 4, which Taplo reads, has no const
        result["enum"] = [result.pop("const")]
    if isinstance(result.get("description"), str):
        result["description"] = result["description"].replace("``", "`")
    if "$ref" in result and len(result) > 1:
        # Draft 7 ignores what stands beside a $ref: the description and default would be lost.
        reference = result.pop("$ref")
        result = {"allOf": [{"$ref": reference}], **result}
    return result


def config_schema() -> dict[str, Any]:
    """The JSON Schema of ``config.toml``, in draft 7, which editors' validators all read."""
    generated = model.Config.model_json_schema(schema_generator=_FileSchema)
    schema: dict[str, Any] = _file_values(generated)
    definitions = schema["$defs"]
    definitions.update(KINDS)
    # Pydantic dropped it with the headers' own schema, which Headers replaces.
    definitions["SecretRef"] = _file_values(
        values.SecretRef.model_json_schema(schema_generator=_FileSchema)
    )
    # The loader tells the checks apart by their `type`, which it needs even for http.
    definitions["HttpCheck"]["required"] = ["type", *definitions["HttpCheck"]["required"]]
    definitions["Service"]["anyOf"] = [
        {"required": ["url"]},
        {"required": ["checks"]},
        {"required": ["status_page"]},
        {"required": ["remote"]},
    ]
    schema["$defs"] = dict(sorted(definitions.items()))
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "trayapp config.toml",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def schema_text() -> str:
    """:func:`config_schema` as the shipped file's text."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m trayapp.core.config.schema [--write FILE]``: print the schema, or renew FILE."""
    parser = argparse.ArgumentParser(
        prog="python -m trayapp.core.config.schema", description=__doc__
    )
    parser.add_argument("--write", metavar="FILE", type=Path, help="write the schema to FILE")
    args = parser.parse_args(argv)
    if args.write is None:
        sys.stdout.write(schema_text())
    else:
        args.write.write_text(schema_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
