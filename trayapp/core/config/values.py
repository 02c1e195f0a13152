"""The config's value types: what one key of ``config.toml`` may hold, and how it is read.

Each type is a pydantic annotation whose validator reads what a person writes and refuses
anything else with one message in the loader's words; the models of
:mod:`trayapp.core.config.model` are built from them. The JSON Schema
(:mod:`trayapp.core.config.schema`) knows each validator by identity and describes what may
be written for it.

Types::

    Duration         seconds, written "30s", "1h30m" or a number (see config.durations)
    HttpUrl          an http:// or https:// URL
    Host             a host name or an IP address
    Canary           a reference endpoint and its expected answer (see config.canaries)
    DnsServer        host or host:port of a DNS server; "" for the system's
    ExpectStatus     StatusRanges, written "200-399" or "200,204,301-302"
    QuietHoursField  QuietHours, written "22:00-07:00"; "" or none for no quiet hours
    Headers          request headers, each value text or a SecretRef
    SecretRef        a value kept in the OS keyring, written { secret = "name" }
    LabelName        a Prometheus label name
    SourceName       a source's name: a few words without '/'
    PositiveInt      a whole number from 1 to 1000

:class:`StrictModel` is the base of every table: frozen, strict, and refusing unknown keys.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic_core import PydanticCustomError

from trayapp.core.config.basics import QuietHours, StatusRanges, host_text, split_host_port
from trayapp.core.config.canaries import parse_canary
from trayapp.core.config.durations import DurationError, format_duration, parse_duration
from trayapp.core.i18n import N_, _

__all__ = [
    "Canary",
    "DnsServer",
    "Duration",
    "ExpectStatus",
    "Headers",
    "Host",
    "HttpUrl",
    "LabelName",
    "PositiveInt",
    "QuietHours",
    "QuietHoursField",
    "SecretRef",
    "SourceName",
    "StatusRanges",
    "StrictModel",
    "split_host_port",
]


class StrictModel(BaseModel):
    """The base of every table of the file: frozen (an immutable snapshot), strict (no
    coercion: ``"2"`` is not a number) and refusing unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


PositiveInt = Annotated[int, Field(ge=1, le=1000)]
"""A count of rounds and the like: a whole number from 1 to 1000."""


def _duration(value: object) -> float:
    try:
        return parse_duration(value)
    except DurationError as error:
        raise PydanticCustomError("duration", str(error)) from None


Duration = Annotated[
    float,
    BeforeValidator(_duration),
    PlainSerializer(format_duration, return_type=str, when_used="json"),
]
"""Seconds, written in the file as ``"30s"``, ``"1h30m"`` or a plain number."""


def _http_url(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("url", _("expected a URL string"))
    text = value.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise PydanticCustomError("url", _("not an http(s) URL: {url}"), {"url": text}) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in text:
        raise PydanticCustomError("url", _("not an http(s) URL: {url}"), {"url": text})
    return text


HttpUrl = Annotated[str, BeforeValidator(_http_url)]
"""An http:// or https:// URL, kept as written (less the spaces around it)."""


def _host(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("host", _("expected a host name or IP address"))
    try:
        return host_text(value)
    except ValueError:
        raise PydanticCustomError(
            "host", _("not a host name or IP address: '{host}'"), {"host": value}
        ) from None


Host = Annotated[str, BeforeValidator(_host)]
"""A host name or an IP address; an IPv6 address may be written in brackets."""


def _canary(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("canary", _("expected a canary: a URL, and what it must answer"))
    text = " ".join(value.split())
    try:
        parse_canary(text)
    except ValueError as error:
        raise PydanticCustomError("canary", "{reason}", {"reason": str(error)}) from None
    return text


Canary = Annotated[str, BeforeValidator(_canary)]
"""A reference endpoint and what it must answer (see :mod:`trayapp.core.config.canaries`)."""


def _dns_server(value: object) -> str:
    if value == "":
        return ""
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        split_host_port(value, 53)
    except ValueError:
        raise PydanticCustomError(
            "dns_server",
            _(
                "not a DNS server address: '{value}' "
                '(use host or host:port, e.g. "192.168.1.1:53")'
            ),
            {"value": value},
        ) from None
    return value.strip()


DnsServer = Annotated[str, BeforeValidator(_dns_server)]
"""A DNS server, ``host`` or ``host:port`` (port 53 by default); ``""`` for the system's."""


def _status_ranges(value: object) -> StatusRanges:
    try:
        return StatusRanges.parse(value)
    except ValueError:
        raise PydanticCustomError(
            "status_ranges",
            _('not a status range: \'{value}\' (use e.g. "200-399" or "200,204")'),
            {"value": value},
        ) from None


ExpectStatus = Annotated[
    StatusRanges,
    BeforeValidator(_status_ranges),
    PlainSerializer(str, return_type=str, when_used="json"),
]
"""The status codes a check accepts, read into :class:`StatusRanges`."""


def _quiet_hours(value: object) -> QuietHours | None:
    if value is None or value == "":
        return None
    try:
        return QuietHours.parse(value)
    except ValueError:
        raise PydanticCustomError(
            "quiet_hours",
            _('not a time range: \'{value}\' (use "HH:MM-HH:MM", e.g. "22:00-07:00")'),
            {"value": value},
        ) from None


QuietHoursField = Annotated[
    QuietHours | None,
    BeforeValidator(_quiet_hours),
    PlainSerializer(lambda v: None if v is None else str(v), when_used="json"),
]
"""A daily quiet window, read into :class:`QuietHours`; ``""`` (or none) for none."""


def _is_secret_name(value: object) -> bool:
    return (
        isinstance(value, str) and bool(value.strip()) and len(value) <= 200 and value.isprintable()
    )


def _secret_name(value: object) -> object:
    if isinstance(value, str) and not _is_secret_name(value):
        raise PydanticCustomError(
            "secret",
            _("not a secret's name: {value} (one line of at most 200 characters)"),
            {"value": repr(value)},
        )
    return value


class SecretRef(StrictModel):
    """A value kept in the OS keyring, written ``{ secret = "Twitter/Authorization" }``.

    ``secret`` is the entry's name in the keyring (service ``trayapp``); the file holds only
    this name, never the value.
    """

    secret: Annotated[str, BeforeValidator(_secret_name)] = Field(
        title=N_("Secret"), description=N_("The name of the secret in the keyring.")
    )

    def __str__(self) -> str:
        return f"secret {self.secret!r}"


def _header_map(value: object) -> object:
    if not isinstance(value, dict):
        return value
    for name, header in value.items():
        if not isinstance(name, str) or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
            raise PydanticCustomError(
                "header", _("not a valid header name: '{name}'"), {"name": name}
            )
        if isinstance(header, str) and ("\r" in header or "\n" in header):
            raise PydanticCustomError(
                "header", _("header '{name}' contains a line break"), {"name": name}
            )
        # Checked here so that a wrong value gets one message, not one per member of the union.
        if isinstance(header, dict) and (
            set(header) != {"secret"} or not _is_secret_name(header["secret"])
        ):
            # The example is TOML, its braces no placeholder; only the words in quotes translate.
            # Translators: what a secret's reference says in quotes.
            example = '{ secret = "' + _("its name in the keyring") + '" }'
            raise PydanticCustomError(
                "header",
                # Translators: {example} is a secret's reference, as
                # { secret = "its name in the keyring" }.
                _(
                    "header '{name}': a secret is written {example}, "
                    "the name on one line of at most 200 characters"
                ),
                {"name": name, "example": example},
            )
        if not isinstance(header, str | dict | SecretRef):
            raise PydanticCustomError(
                "header",
                _("header '{name}': expected text in quotes or { secret = \"name\" }"),
                {"name": name},
            )
    return value


Headers = Annotated[dict[str, str | SecretRef], BeforeValidator(_header_map)]
"""Request headers: each name a valid header name, each value text on one line or a
:class:`SecretRef`."""


_LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")


def _label_name(value: object) -> object:
    if isinstance(value, str) and not _LABEL.fullmatch(value):
        raise PydanticCustomError(
            "label", _("not a Prometheus label name: '{value}'"), {"value": value}
        )
    return value


LabelName = Annotated[str, BeforeValidator(_label_name)]
"""The name of a Prometheus label (``instance``, ``vantage``)."""


def _source_name(value: object) -> object:
    if isinstance(value, str) and (
        not value.strip() or "/" in value or not value.isprintable() or value != value.strip()
    ):
        raise PydanticCustomError(
            "source_name",
            _("not a source's name: '{value}' (one word or a few, without '/')"),
            {"value": value},
        )
    return value


SourceName = Annotated[str, Field(min_length=1, max_length=40), BeforeValidator(_source_name)]
"""A source's name: a word or a few, without '/' (it names the source's own services)."""
