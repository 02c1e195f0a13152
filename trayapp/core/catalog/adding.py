"""Adding services to ``config.toml`` by what people call them, as ``trayapp add`` does.

Each thing asked for is a name the catalogue knows (a service's name or alias, or a
component's full name, "AWS EC2 us-east-1"), or an ``http(s)://`` address. An address of a
service the catalogue knows gets that service's name and status page; any other gets a name
from its host and, where :func:`trayapp.core.vendors.suggest_service` knows one, a status
page. A bare domain name ("example.com") is not taken for an address: it might be a name
mistyped, so the problem offers the address instead.

All or nothing: :func:`plan_additions` refuses the whole list, naming every problem, if any
of it is not known, is not an http(s) address, or is already in the config;
:func:`add_services` then saves the services after the file's own, keeping its comments and
layout (:func:`trayapp.core.config.save_config`).

Errors::

    AdditionRefused        something asked for cannot be added; nothing was
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from trayapp.core.catalog.model import Catalog
from trayapp.core.config import Config, LoadedConfig, Service, parse_config, save_config
from trayapp.core.config.example import example_config
from trayapp.core.i18n import _
from trayapp.core.text import printable, redact_url
from trayapp.core.vendors import suggest_service

__all__ = [
    "Addition",
    "AdditionRefused",
    "add_services",
    "plan_additions",
    "starter_config",
]


class AdditionRefused(Exception):
    """What was asked for cannot be added; ``problems`` says why, one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Addition:
    """A service to add, and what it was asked for as."""

    asked: str
    """The name or address as the user gave it."""
    table: dict[str, str]
    """The keys of its ``[[services]]`` table, as they are written."""
    address: str | None = None
    """The address asked for; None for a name the catalogue knows."""

    @property
    def name(self) -> str:
        """The service's name."""
        return self.table["name"]

    @property
    def service(self) -> Service:
        """The service, as the config reads it.

        Raises:
            pydantic.ValidationError: the table is no service the config accepts.
        """
        return Service.model_validate(self.table)


_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z][\w-]*(?::\d+)?(?:/\S*)?", re.IGNORECASE)
"""A bare domain name, perhaps with a port and a path: "example.com", "git.example.org/x"."""


def plan_additions(
    catalog: Catalog, config: Config, asked: Sequence[str], *, where: str = "config.toml"
) -> list[Addition]:
    """The services to add to ``config`` for each of ``asked``, in order.

    The same service asked for twice (by its name and an alias, say) is added once. An
    address whose name is another service's is named after its host instead.

    Args:
        catalog: Where names are looked up.
        config: The config they are added to.
        asked: Names the catalogue knows, and http(s) addresses.
        where: The config file, as the problems name it.

    Raises:
        AdditionRefused: one problem a line: each of ``asked`` that is neither in the
            catalogue nor an http(s) address (with the nearest names, or the address a bare
            domain name means), each already in ``config``, each name asked for twice for
            different services.
    """
    taken = {service.name.strip().casefold(): service.name for service in config.services}
    planned: list[Addition] = []
    problems: list[str] = []
    for text in asked:
        addition, problem = _resolve(catalog, config, text.strip(), where)
        if addition is not None and not _again(addition, planned):
            addition = _named_freely(addition, taken, planned)
            problem = _clash(addition, taken, planned, where)
            if problem is None:
                planned.append(addition)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise AdditionRefused(list(dict.fromkeys(problems)))
    return planned


def _again(addition: Addition, planned: Sequence[Addition]) -> bool:
    """Whether ``addition`` was asked for already: the same service, or the same address."""
    address = addition.address
    return any(
        addition.table == other.table
        or (address is not None and other.address is not None and _same(address, other.address))
        for other in planned
    )


def _resolve(
    catalog: Catalog, config: Config, text: str, where: str
) -> tuple[Addition | None, str | None]:
    found = catalog.find(text) if text else None
    if found is not None:
        entry, component = found
        return Addition(text, entry.choice(component).service_table()), None
    if "://" not in text:
        return None, _unknown(catalog, text)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None, _("{address} is not an http(s) address").format(
            address=_quoted(redact_url(text))
        )
    for service in config.services:
        checked = (getattr(check, "url", None) for check in service.checks)
        addresses = [service.url, service.status_page, *checked]
        if any(other is not None and _same(other, text) for other in addresses):
            # Translators: {path} is the config file; {name} the service that has the address.
            return None, _("{address} is already in {path} (as {name})").format(
                address=redact_url(text), path=where, name=_quoted(service.name)
            )
    return Addition(text, _for_address(catalog, text), text), None


def _for_address(catalog: Catalog, address: str) -> dict[str, str]:
    """The table for ``address``: the catalogue's service (or component) it is the address
    of, else as :func:`suggest_service` makes it."""
    found = catalog.find_url(address)
    if found is not None:
        entry, component = found
        return {**entry.choice(component).service_table(), "url": address}
    suggestion = suggest_service(address)
    table = {"name": suggestion.name}
    if suggestion.check_url is not None:
        table["url"] = suggestion.check_url
    if suggestion.status_page is not None:
        table["status_page"] = suggestion.status_page
    return table


def _named_freely(
    addition: Addition, taken: dict[str, str], planned: Sequence[Addition]
) -> Addition:
    """An address's addition, named after its host when its name is another service's."""
    others = {*taken, *(other.name.casefold() for other in planned)}
    host = _host(addition.address or "")
    if addition.address is None or addition.name.casefold() not in others or host in others:
        return addition
    return Addition(addition.asked, {**addition.table, "name": host}, addition.address)


def _clash(
    addition: Addition, taken: dict[str, str], planned: Sequence[Addition], where: str
) -> str | None:
    key = addition.name.casefold()
    if key in taken:
        # Translators: {path} is the config file.
        return _("{name} is already in {path}").format(name=_quoted(taken[key]), path=where)
    if any(other.name.casefold() == key for other in planned):
        return _("{name} would be added twice, for different things").format(
            name=_quoted(addition.name)
        )
    try:
        addition.service  # noqa: B018 - validates
    except ValidationError:
        return _("{name} is not a service trayapp can check").format(name=_quoted(addition.asked))
    return None


def _unknown(catalog: Catalog, text: str) -> str:
    nearest = catalog.closest(text) if text else []
    if _DOMAIN.fullmatch(text):
        address = "https://" + text
        found = catalog.find_url(address)
        nearest = [address]
        if found is not None:
            entry, component = found
            named = entry.name if component is None else entry.component_name(component)
            nearest.insert(0, named)
    if not nearest:
        return _(
            "{name} is neither in the catalogue nor an http(s) address "
            "('trayapp catalog' lists the catalogue)"
        ).format(name=_quoted(text))
    quoted = [_quoted(name) for name in nearest]
    if len(quoted) == 1:
        return _(
            "{name} is neither in the catalogue nor an http(s) address; did you mean {option}?"
        ).format(name=_quoted(text), option=quoted[0])
    # Translators: {options} are names in quotes, separated by commas; {last} the last one.
    return _(
        "{name} is neither in the catalogue nor an http(s) address; "
        "did you mean {options} or {last}?"
    ).format(name=_quoted(text), options=", ".join(quoted[:-1]), last=quoted[-1])


def _quoted(text: str) -> str:
    return f'"{printable(text, 80)}"'


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold().rstrip(".")
    except ValueError:
        return ""


def _same(one: str, other: str) -> bool:
    """Whether two addresses are the same one, whatever the case of their host, a default
    port or a trailing slash."""
    try:
        a, b = urlsplit(one.strip()), urlsplit(other.strip())
        ports = {"http": 80, "https": 443}
        keys = [
            (
                parts.scheme.lower(),
                (parts.hostname or "").casefold().rstrip("."),
                parts.port or ports.get(parts.scheme.lower()),
                parts.path.rstrip("/"),
                parts.query,
            )
            for parts in (a, b)
        ]
    except ValueError:
        return False
    return keys[0] == keys[1]


def starter_config(path: Path) -> LoadedConfig:
    """What a missing config file at ``path`` is begun with: the commented example that
    ``trayapp config init`` writes, its example services commented out too, so that the
    services added are the only ones.

    Nothing is written: :func:`add_services` writes the file, new, with the services in it.
    """
    lines = []
    within_services = False
    for line in example_config().splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            within_services = stripped.startswith("[[services")
        if within_services and stripped and not stripped.startswith("#"):
            line = "# " + line
        lines.append(line)
    text = "".join(lines)
    return LoadedConfig(path, parse_config(text, filename=str(path)), text, None)


def add_services(loaded: LoadedConfig, additions: Sequence[Addition]) -> LoadedConfig:
    """Save ``additions`` after the services of the file ``loaded`` came from (a new file,
    mode 0600, when it came from none), keeping its comments and layout.

    Returns:
        The config as saved.

    Raises:
        ConfigError: the result is not a valid config; nothing was written.
        ConfigConflict: the file changed on disk since it was read.
        OSError: the file could not be written; the old file is then untouched.
    """
    services = [*loaded.config.services, *(addition.service for addition in additions)]
    return save_config(loaded, loaded.config.model_copy(update={"services": services}))
