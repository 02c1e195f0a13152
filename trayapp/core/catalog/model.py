"""The catalogue of well-known services: what people depend on, and how to watch each one.

People know *what* they depend on ("GitHub, Slack, Zoom, AWS us-east-1"), not the address of
each one's status page. The catalogue is data, ``resources/catalog.toml``, shipped with
trayapp; one ``[[service]]`` table per service::

    [[service]]
    name = "GitHub"                              # unique, as people write it
    url = "https://github.com"                   # what trayapp checks
    status_page = "https://www.githubstatus.com" # the vendor's own status page
    platform = "statuspage"                      # how that page is read (Platform)
    aliases = ["gh"]                             # other names people search for
    hosts = ["github.com", "githubusercontent.com"]  # domains that are this service
    category = "Developer tools"

    [[service.component]]                        # optional: a part worth following alone
    name = "Actions"                             # "GitHub Actions" in the user's list
    status_component = "Actions"                 # as the parent's page names it ...
    # status_page = "https://..."                # ... or a page of its own,
    # platform = "feed"                          #     read on this platform,
    # url = "https://..."                        #     and its own address to check

A chosen entry (or one component of it) is a :class:`Choice`: the ``[[services]]`` table that
follows it in ``config.toml``. Reading the catalogue needs no network; :func:`load_catalog`
reads the shipped file once per process.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from trayapp.core.paths import resource_path
from trayapp.core.vendors.model import Platform

__all__ = [
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "Choice",
    "Component",
    "load_catalog",
    "parse_catalog",
]


class CatalogError(ValueError):
    """The catalogue's data is not what this module reads (a defect of the shipped file)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing to watch, as a service of ``config.toml`` would have it."""

    name: str
    url: str
    status_page: str | None = None
    status_component: str | None = None

    def service_table(self) -> dict[str, str]:
        """The keys of its ``[[services]]`` table, in the order a person would write them."""
        table = {"name": self.name, "url": self.url}
        if self.status_page is not None:
            table["status_page"] = self.status_page
        if self.status_component is not None:
            table["status_component"] = self.status_component
        return table


@dataclass(frozen=True, slots=True)
class Component:
    """A part of a service worth following alone: a cloud's region, a suite's product."""

    name: str
    """Its own name; the service it belongs to is named with it ("AWS" + "EC2 us-east-1")."""
    status_component: str | None = None
    """The component as the parent's status page names it (when it has no page of its own)."""
    status_page: str | None = None
    """Its own status page, when it has one (a region's feed)."""
    platform: Platform | None = None
    """How its own status page is read."""
    url: str | None = None
    """Its own address to check; the parent's when left out."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A well-known service."""

    name: str
    url: str
    status_page: str
    platform: Platform
    aliases: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    category: str = ""
    components: tuple[Component, ...] = ()

    def component_name(self, component: Component) -> str:
        """The name a component is listed under: "AWS EC2 us-east-1"."""
        return f"{self.name} {component.name}"

    def choice(self, component: Component | None = None) -> Choice:
        """What watching this service (or one of its components) means in ``config.toml``."""
        if component is None:
            return Choice(self.name, self.url, self.status_page)
        if component.status_page is not None:
            return Choice(
                self.component_name(component), component.url or self.url, component.status_page
            )
        return Choice(
            self.component_name(component),
            component.url or self.url,
            self.status_page,
            component.status_component or component.name,
        )

    def as_json(self) -> dict[str, object]:
        """The entry as ``trayapp catalog --json`` prints it."""
        return {
            "name": self.name,
            "url": self.url,
            "status_page": self.status_page,
            "platform": self.platform.value,
            "aliases": list(self.aliases),
            "category": self.category,
            "components": [
                {
                    "name": component.name,
                    "full_name": self.component_name(component),
                    "status_page": component.status_page or self.status_page,
                    "status_component": (
                        None
                        if component.status_page is not None
                        else component.status_component or component.name
                    ),
                }
                for component in self.components
            ],
        }


_WORD = re.compile(r"[\w.+-]+")


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Catalog:
    """Every entry of the catalogue, searchable."""

    entries: tuple[CatalogEntry, ...]
    _by_name: dict[str, tuple[CatalogEntry, Component | None]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_name: dict[str, tuple[CatalogEntry, Component | None]] = {}
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                by_name.setdefault(_fold(name), (entry, None))
            for component in entry.components:
                by_name.setdefault(_fold(entry.component_name(component)), (entry, component))
        object.__setattr__(self, "_by_name", by_name)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries)

    def search(self, query: str, limit: int | None = None) -> list[CatalogEntry]:
        """The entries that match ``query``, best first (all of them for an empty query).

        An entry matches when every word of the query starts a word of its name, an alias, a
        host, its category or one of its components' names. Best: the name or an alias is the
        query itself, then starts with it, then a word of the name starts with it, then the
        rest; alphabetical within each.
        """
        words = _fold(query).split()
        if not words:
            found = sorted(self.entries, key=lambda entry: entry.name.casefold())
            return found[:limit] if limit is not None else found
        scored: list[tuple[int, str, CatalogEntry]] = []
        for entry in self.entries:
            rank = _rank(entry, words)
            if rank is not None:
                scored.append((rank, entry.name.casefold(), entry))
        scored.sort(key=lambda item: item[:2])
        found = [entry for _, _, entry in scored]
        return found[:limit] if limit is not None else found

    def find(self, name: str) -> tuple[CatalogEntry, Component | None] | None:
        """The entry (and component) called ``name`` exactly, ignoring case; else None.

        A component is found by its full name ("AWS EC2 us-east-1").
        """
        return self._by_name.get(_fold(name))

    def for_url(self, url: str) -> CatalogEntry | None:
        """The entry whose hosts (or their subdomains) serve ``url``; None when none does."""
        host = (urlsplit(url).hostname or "").casefold().rstrip(".")
        while host:
            for entry in self.entries:
                if host in entry.hosts:
                    return entry
            _, dot, host = host.partition(".")
            if not dot or "." not in host:
                break
        return None


def _rank(entry: CatalogEntry, words: Sequence[str]) -> int | None:
    query = " ".join(words)
    names = [_fold(name) for name in (entry.name, *entry.aliases)]
    if query in names:
        return 0
    if any(name.startswith(query) for name in names):
        return 1
    name_words = [word for name in names for word in name.split()]
    if all(any(word.startswith(w) for word in name_words) for w in words):
        return 2
    others = [
        *name_words,
        *entry.hosts,
        *_fold(entry.category).split(),
        *(word for component in entry.components for word in _fold(component.name).split()),
    ]
    if all(any(word.startswith(w) for word in others) for w in words):
        return 3
    if all(any(w in word for word in others) for w in words):
        return 4
    return None


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CatalogError(f"{where}: a list of strings was expected")
    return tuple(value)


def _text(table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = table.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}.{key}: a non-empty string was expected")
    return value


def _platform(value: object, where: str) -> Platform:
    try:
        return Platform(str(value))
    except ValueError:
        raise CatalogError(f"{where}.platform: {value!r} is not a platform trayapp reads") from None


_ENTRY_KEYS = {
    "name",
    "url",
    "status_page",
    "platform",
    "aliases",
    "hosts",
    "category",
    "component",
}
_COMPONENT_KEYS = {"name", "status_component", "status_page", "platform", "url"}


def _component(table: Mapping[str, Any], where: str) -> Component:
    unknown = set(table) - _COMPONENT_KEYS
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    page = _text(table, "status_page", where, required=False)
    platform = table.get("platform")
    if (page is None) != (platform is None):
        raise CatalogError(f"{where}: a status_page of its own needs its platform, and only it")
    return Component(
        name=_text(table, "name", where) or "",
        status_component=_text(table, "status_component", where, required=False),
        status_page=page,
        platform=_platform(platform, where) if platform is not None else None,
        url=_text(table, "url", where, required=False),
    )


def _entry(table: Mapping[str, Any], where: str) -> CatalogEntry:
    unknown = set(table) - _ENTRY_KEYS
    if unknown:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
    components = table.get("component", [])
    if not isinstance(components, list):
        raise CatalogError(f"{where}.component: a list of tables was expected")
    return CatalogEntry(
        name=_text(table, "name", where) or "",
        url=_text(table, "url", where) or "",
        status_page=_text(table, "status_page", where) or "",
        platform=_platform(table.get("platform"), where),
        aliases=_strings(table.get("aliases", []), f"{where}.aliases"),
        hosts=tuple(host.casefold() for host in _strings(table.get("hosts", []), f"{where}.hosts")),
        category=_text(table, "category", where, required=False) or "",
        components=tuple(
            _component(component, f"{where}.component[{index}]")
            for index, component in enumerate(components)
        ),
    )


def parse_catalog(text: str) -> Catalog:
    """The catalogue in ``text`` (the format of the module's docstring).

    Raises:
        CatalogError: The text is not TOML, or an entry lacks a key or has one it should not.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"the catalogue is not TOML: {error}") from None
    tables = data.get("service", [])
    if not isinstance(tables, list):
        raise CatalogError("service: a list of tables was expected")
    return Catalog(tuple(_entry(table, f"service[{i}]") for i, table in enumerate(tables)))


@functools.cache
def load_catalog(path: Path | None = None) -> Catalog:
    """The catalogue shipped with trayapp (or the one at ``path``), read once per process.

    Raises:
        CatalogError: The file is not a catalogue.
    """
    file = path if path is not None else resource_path("catalog.toml")
    return parse_catalog(file.read_text(encoding="utf-8"))
