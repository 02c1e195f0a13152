"""What a form needs to know of a model, read from the model alone: no Qt.

:func:`field_spec` reads a pydantic field (its type annotation, its default, its bounds) into
a :class:`FieldSpec`, the kind of editor it gets and how that editor presents it; the widgets
(:mod:`~trayapp.ui.forms.editors`, :mod:`~trayapp.ui.forms.tables`) are made from it.
:func:`place_problems` puts the model's validation errors, in the loader's words, each by its
field. The words a form shows (:func:`field_label`, :func:`where`, :func:`free_name`) are here
too, so that all of it can be checked without a widget.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel, PlainSerializer, ValidationError
from pydantic.fields import FieldInfo

from trayapp.core.config import (
    KeyPath,
    QuietHours,
    SecretRef,
    StatusRanges,
    describe_errors,
    format_duration,
)
from trayapp.core.i18n import _

__all__ = [
    "CELL_KINDS",
    "UNSET",
    "FieldSpec",
    "KeyPath",
    "Kind",
    "Problems",
    "field_label",
    "field_spec",
    "free_name",
    "has_editor",
    "mnemonic_letter",
    "place_problems",
    "where",
    "with_mnemonic",
]

Problems = list[tuple[KeyPath, str]]
"""Validation problems: ``(key path relative to the model, message)``."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""What an editor gives for an optional value left empty: the key is left out."""

_WORDS = {"url": "URL", "tls": "TLS", "dns": "DNS", "http": "HTTP", "tcp": "TCP", "ip": "IP"}


def field_label(name: str, info: FieldInfo | None = None) -> str:
    """The label of the field ``name``: its title in the user's language (``info.title``,
    marked in the model), else made of the name (``verify_tls`` gives ``Verify TLS``)."""
    if info is not None and info.title:
        return _(info.title)
    words = [_WORDS.get(word, word) for word in name.split("_")]
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


def mnemonic_letter(text: str) -> str | None:
    """The letter ``text``'s shortcut is on (``"Sour&ces"`` gives ``"c"``), or None."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1 : at + 2].casefold() or None if at >= 0 else None


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with a keyboard shortcut (``&``, Alt and the letter) on a letter that is not
    in ``taken``, which gains it: the first letter of a word if one is free, else another.

    A text that has one (``"&Name"``) keeps it, and a text with no free letter stays as it
    is: Qt then moves between the widgets that share a shortcut.
    """
    if (letter := mnemonic_letter(text)) is not None:
        taken.add(letter)
        return text
    starts = [i for i, char in enumerate(text) if char.isalpha() and (i == 0 or text[i - 1] == " ")]
    rest = [i for i, char in enumerate(text) if char.isalpha() and i not in starts]
    for ascii_only in (True, False):
        for index in [*starts, *rest]:
            char = text[index].casefold()
            if (char.isascii() or not ascii_only) and char not in taken:
                taken.add(char)
                return f"{text[:index]}&{text[index:]}"
    return text


Kind = Literal[
    "bool", "duration", "int", "choice", "fixed", "text", "lines", "secret", "headers", "rows"
]
"""The kinds of editor a field may get (``fixed``: none, the field has one possible value)."""


@dataclass(frozen=True)
class FieldSpec:
    """What editor a field gets, and how it presents the field's value."""

    kind: Kind
    optional: bool
    """Whether the field may be left out: its editor may be left empty."""
    choices: tuple[str, ...] = ()
    """The values of a ``choice`` (or the one value of a ``fixed``)."""
    minimum: int = 0
    maximum: int = 2**31 - 1
    to_text: Callable[[Any], str] = str
    """How a value is written in a text editor ("30s" for 30.0 seconds)."""
    short: bool = False
    """A value of a few characters (a duration, "200-399"): a narrow editor."""
    item: type[BaseModel] | None = None
    """The model of each entry of a list of tables."""
    secret_name: str = ""
    """The keyring name a new ``secret`` gets: its field's example's (``globalping``), else
    the field's name."""


CELL_KINDS = frozenset({"bool", "duration", "int", "choice", "text"})
"""What a column of a list of tables may hold: one small editor a cell."""


def _flatten(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any], bool]:
    """The annotation without ``None`` and ``Annotated``; its metadata; whether it is optional."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata = [*metadata, *(item.metadata if isinstance(item, FieldInfo) else [item])]
        elif origin in (typing.Union, types.UnionType):
            arms = [arm for arm in get_args(annotation) if arm is not type(None)]
            if len(arms) == len(get_args(annotation)) or len(arms) != 1:
                return annotation, metadata, optional
            optional = True
            annotation = arms[0]
        else:
            return annotation, metadata, optional


def field_spec(name: str, info: FieldInfo) -> FieldSpec:
    """What editor the field ``name`` needs.

    Raises:
        TypeError: no editor fits the field's type: teach this function about it.
    """
    base, metadata, optional = _flatten(info.annotation, list(info.metadata))
    if base is bool:
        return FieldSpec("bool", optional)
    if any(isinstance(m, PlainSerializer) and m.func is format_duration for m in metadata):
        return FieldSpec("duration", optional, to_text=format_duration, short=True)
    if base is int:
        low, high = 0, 2**31 - 1
        for m in metadata:
            if isinstance(m, annotated_types.Ge):
                low = int(m.ge)  # type: ignore[call-overload]
            elif isinstance(m, annotated_types.Gt):
                low = int(m.gt) + 1  # type: ignore[call-overload]
            elif isinstance(m, annotated_types.Le):
                high = int(m.le)  # type: ignore[call-overload]
            elif isinstance(m, annotated_types.Lt):
                high = int(m.lt) - 1  # type: ignore[call-overload]
        return FieldSpec("int", optional, minimum=low, maximum=high)
    if get_origin(base) is Literal:
        choices = tuple(str(arg) for arg in get_args(base))
        kind: Literal["choice", "fixed"] = "fixed" if len(choices) == 1 else "choice"
        return FieldSpec(kind, optional, choices=choices)
    if base is SecretRef:
        return FieldSpec("secret", optional, secret_name=_example_secret(name, info))
    if base in (StatusRanges, QuietHours):
        return FieldSpec("text", optional, short=True)
    if base is str:
        return FieldSpec("text", optional)
    origin = get_origin(base)
    if origin is list and _flatten(get_args(base)[0], [])[0] is str:
        return FieldSpec("lines", optional)
    if origin is list and _is_table(get_args(base)[0]):
        # An empty list is the default: left empty, the key is left out.
        empty = not info.is_required() and info.get_default(call_default_factory=True) == []
        return FieldSpec("rows", optional or empty, item=get_args(base)[0])
    if origin is dict and get_args(base)[0] is str:
        values = _flatten(get_args(base)[1], [])[0]
        arms = (
            set(get_args(values))
            if get_origin(values) in (typing.Union, types.UnionType)
            else {values}
        )
        if arms <= {str, SecretRef}:
            return FieldSpec("headers", optional)
    raise TypeError(f"no editor for the field {name!r} of type {info.annotation!r}")


def _example_secret(name: str, info: FieldInfo) -> str:
    """The keyring name of the field's first example (``{ secret = "globalping" }``), else
    ``name``."""
    for example in info.examples or []:
        if isinstance(example, SecretRef):
            return example.secret
        if isinstance(example, dict) and isinstance(example.get("secret"), str):
            return str(example["secret"])
    return name


def _is_table(annotation: Any) -> bool:
    """Whether ``annotation`` is a model whose every field fits in a cell of a table."""
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return False
    for name, info in annotation.model_fields.items():
        try:
            kind = field_spec(name, info).kind
        except TypeError:
            return False
        if kind not in CELL_KINDS:
            return False
    return True


def has_editor(info: FieldInfo, name: str = "") -> bool:
    """Whether a form can make an editor for a field like ``info``."""
    try:
        field_spec(name, info)
    except TypeError:
        return False
    return True


def place_problems(error: ValidationError, model: type[BaseModel]) -> Problems:
    """The problems of validating ``model``, in the loader's words, each by its field.

    As :func:`~trayapp.core.config.file.describe_errors`; besides, a rule of the whole model
    that is about one of its fields without saying so (an error named after the field, as a
    service's ``status_component``) goes under that field rather than above the form.
    """
    owners = iter(
        [
            item["type"]
            for item in error.errors()
            if not (*item["loc"], *(item.get("ctx") or {}).get("loc", ()))
        ]
    )
    placed: Problems = []
    for loc, message in describe_errors(error, model):
        if not loc:
            owner = next(owners, None)
            loc = (owner,) if owner in model.model_fields else loc
        placed.append((loc, message))
    return placed


def where(loc: KeyPath) -> str:
    """``("Authorization",)`` gives ``"Authorization: "``, for messages about a part of a field."""
    parts = [str(part) for part in loc]
    return f"{'.'.join(parts)}: " if parts else ""


def free_name(name: str, taken: Collection[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… when ``taken`` has it (ignoring case and the
    spaces around it, as service names and keyring names are compared)."""
    folded = {t.strip().casefold() for t in taken}
    candidate, number = name, 2
    while candidate.strip().casefold() in folded:
        candidate, number = f"{name} ({number})", number + 1
    return candidate
