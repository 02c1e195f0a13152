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

import difflib
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

    def components_matching(self, query: str) -> tuple[Component, ...]:
        """The components ``query`` is about, in the catalogue's order.

        None for an empty query, or one about the service as a whole: each of its words
        starts a word of the service's name or an alias ("aws"). Else a component is about
        the query when each word of the query starts a word of its full name (the service's
        name or an alias, then its own: "aws us-east-1" for "AWS EC2 us-east-1"); failing any
        such, when each word is within one.
        """
        words = _fold(query).split()
        names = [_fold(name).split() for name in (self.name, *self.aliases)]
        if not words or any(_all_start(words, name) for name in names):
            return ()
        own = [(component, _fold(component.name).split()) for component in self.components]
        for match in (_all_start, _all_within):
            found = tuple(
                component
                for component, its in own
                if any(match(words, [*name, *its]) for name in names)
            )
            if found:
                return found
        return ()

    def as_json(self) -> dict[str, object]:
        """The entry as ``trayapp catalog --json`` prints it.

        Returns:
            ``name``, ``url``, ``status_page``, ``platform``, ``aliases``, ``category`` and
            ``components``: each with its ``name``, its ``full_name`` (what ``trayapp add``
            takes), the ``url`` checked, its ``status_page`` and that page's ``platform``,
            and the ``status_component`` followed on it (null: the whole page, its own).
        """
        return {
            "name": self.name,
            "url": self.url,
            "status_page": self.status_page,
            "platform": self.platform.value,
            "aliases": list(self.aliases),
            "category": self.category,
            "components": [self._component_json(component) for component in self.components],
        }

    def _component_json(self, component: Component) -> dict[str, object]:
        choice = self.choice(component)
        platform = component.platform if component.status_page is not None else self.platform
        return {
            "name": component.name,
            "full_name": choice.name,
            "url": choice.url,
            "status_page": choice.status_page,
            "platform": platform.value if platform is not None else None,
            "status_component": choice.status_component,
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
        host, its category or one of its components' names, or failing that is within one.
        Best: the name or an alias is the query itself, then starts with it, then words of the
        name start with the query's words, then the rest; alphabetical within each.
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

    def closest(self, text: str, limit: int = 3) -> list[str]:
        """The names nearest ``text``, for "did you mean …?": at most ``limit``, best first.

        What a search for ``text`` finds comes first (the components it is about, by their
        full names: "Google Workspace Gmail" for "gmail"; else the service), then the names,
        aliases and components' full names spelt most like it (a typo: "Githbu").

        Returns:
            Names as :meth:`find` takes them: an entry's name (for an alias too) or a
            component's full name.
        """
        found: list[str] = []
        for entry in self.search(text, limit=limit):
            about = entry.components_matching(text)
            found += [entry.component_name(c) for c in about] if about else [entry.name]
        spelt = difflib.get_close_matches(_fold(text), self._by_name, n=limit, cutoff=0.6)
        for key in spelt:
            entry, component = self._by_name[key]
            found.append(entry.name if component is None else entry.component_name(component))
        return list(dict.fromkeys(found))[:limit]

    def find_url(self, url: str) -> tuple[CatalogEntry, Component | None] | None:
        """The entry (and component) whose address ``url`` is; else None.

        Its own address's host first: the entry checking that host, else the one component
        of an entry that does ("https://mail.google.com/mail" for Gmail); then, failing
        those, the entry whose hosts serve it (:meth:`for_url`).
        """
        host = _url_host(url)
        if not host:
            return None
        for entry in self.entries:
            if _url_host(entry.url) == host:
                return entry, None
        for entry in self.entries:
            own = [c for c in entry.components if c.url is not None and _url_host(c.url) == host]
            if len(own) == 1:
                return entry, own[0]
        served = self.for_url(url)
        return None if served is None else (served, None)

    def for_url(self, url: str) -> CatalogEntry | None:
        """The entry whose hosts (or their subdomains) serve ``url``; None when none does
        (an address that is not one, too)."""
        host = _url_host(url)
        while host:
            for entry in self.entries:
                if host in entry.hosts:
                    return entry
            _, dot, host = host.partition(".")
            if not dot or "." not in host:
                break
        return None


def _url_host(url: str) -> str:
    """``url``'s host, in lower case without a final dot; "" for an address that is none."""
    try:
        return (urlsplit(url).hostname or "").casefold().rstrip(".")
    except ValueError:
        return ""


def _all_start(words: Sequence[str], among: Sequence[str]) -> bool:
    """Whether each of ``words`` starts one of the words ``among``."""
    return all(any(word.startswith(w) for word in among) for w in words)


def _all_within(words: Sequence[str], among: Sequence[str]) -> bool:
    """Whether each of ``words`` is within one of the words ``among``."""
    return all(any(w in word for word in among) for w in words)


def _rank(entry: CatalogEntry, words: Sequence[str]) -> int | None:
    query = " ".join(words)
    names = [_fold(name) for name in (entry.name, *entry.aliases)]
    if query in names:
        return 0
    if any(name.startswith(query) for name in names):
        return 1
    name_words = [word for name in names for word in name.split()]
    if _all_start(words, name_words):
        return 2
    others = [
        *name_words,
        *entry.hosts,
        *_fold(entry.category).split(),
        *(word for component in entry.components for word in _fold(component.name).split()),
    ]
    if _all_start(words, others):
        return 3
    if _all_within(words, others):
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
