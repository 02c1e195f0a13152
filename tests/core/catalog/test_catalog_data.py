"""Every entry of the shipped catalogue has the shape trayapp needs: no network, only the data."""

from __future__ import annotations

import itertools
import tomllib
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from trayapp.core.catalog import CatalogEntry, load_catalog
from trayapp.core.config.model import Service
from trayapp.core.paths import resource_path
from trayapp.core.vendors.adapters import ADAPTERS
from trayapp.core.vendors.detect import known_platform
from trayapp.core.vendors.model import Platform

CATALOG = load_catalog()
ENTRIES = list(CATALOG)

CATEGORIES = frozenset(
    {
        "AI",
        "Business",
        "Cloud",
        "Commerce",
        "Communication",
        "Data",
        "Developer tools",
        "Email",
        "Gaming",
        "Hosting",
        "Media",
        "Monitoring",
        "Office",
        "Payments",
        "Security",
        "Social",
    }
)
"""The categories the picker groups entries by; an entry in any other is a typo."""


def _https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and "." in (parts.hostname or "")


def _pages(entry: CatalogEntry) -> Iterator[tuple[str, str, Platform]]:
    """The status pages an entry names: its own, then its components' own, with their platform."""
    yield entry.name, entry.status_page, entry.platform
    for component in entry.components:
        if component.status_page is not None and component.platform is not None:
            yield entry.component_name(component), component.status_page, component.platform


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
def test_each_entry_is_a_valid_service_with_https_addresses(entry: CatalogEntry) -> None:
    assert entry.name == entry.name.strip()
    assert entry.name.isprintable()
    assert _https(entry.url), entry.url
    assert _https(entry.status_page), entry.status_page
    for host in entry.hosts:
        assert host == host.casefold(), host
        assert "." in host, host
        assert "/" not in host, host
    choices = [entry.choice()] + [entry.choice(component) for component in entry.components]
    for choice in choices:
        # What `trayapp add` would write is a service the config accepts.
        Service.model_validate(choice.service_table())
    for component in entry.components:
        for url in (component.url, component.status_page):
            assert url is None or _https(url), url


def test_the_catalogue_lists_at_least_300_services() -> None:
    assert len(CATALOG) >= 300


def test_every_category_is_one_of_the_fixed_set_and_every_one_is_used() -> None:
    used = {entry.category for entry in ENTRIES}
    assert sorted(used - CATEGORIES) == []
    assert sorted(CATEGORIES - used) == []


def test_entries_are_in_alphabetical_order_of_name() -> None:
    names = [entry.name.casefold() for entry in ENTRIES]
    assert [(a, b) for a, b in itertools.pairwise(names) if a >= b] == []


def test_every_platform_in_the_file_is_one_trayapp_reads() -> None:
    data = tomllib.loads(resource_path("catalog.toml").read_text(encoding="utf-8"))
    platforms = {platform.value for platform in Platform}
    written = [service.get("platform") for service in data["service"]]
    written += [
        component["platform"]
        for service in data["service"]
        for component in service.get("component", [])
        if "platform" in component
    ]
    assert [platform for platform in written if platform not in platforms] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
def test_every_status_page_gives_its_platform_an_address_to_read(entry: CatalogEntry) -> None:
    for name, page, platform in _pages(entry):
        assert isinstance(platform, Platform), name
        assert ADAPTERS[platform].endpoints(page), (name, page)
        if platform is Platform.FEED:
            # A feed is a document of its own, never a site's front page.
            assert urlsplit(page).path.strip("/"), (name, page)
    for component in entry.components:
        # A component follows either a part of its parent's page or a page of its own.
        assert component.status_page is None or component.status_component is None, component


@pytest.mark.parametrize(
    "entry",
    [pytest.param(entry, id=entry.name) for entry in ENTRIES],
)
def test_a_well_known_status_host_is_read_on_the_platform_the_catalogue_names(
    entry: CatalogEntry,
) -> None:
    for name, page, platform in _pages(entry):
        assert known_platform(page) in (None, platform), (name, page)


def test_names_aliases_and_component_names_are_unique_ignoring_case() -> None:
    names = Counter(
        name.casefold()
        for entry in ENTRIES
        for name in (
            entry.name,
            *entry.aliases,
            *(entry.component_name(component) for component in entry.components),
        )
    )
    assert [name for name, count in names.items() if count > 1] == []


def test_no_host_belongs_to_two_services() -> None:
    hosts = Counter(host for entry in ENTRIES for host in entry.hosts)
    assert [host for host, count in hosts.items() if count > 1] == []


def test_an_entrys_own_addresses_are_not_claimed_by_another_entry() -> None:
    claimed = [
        (entry.name, url)
        for entry in ENTRIES
        for url in (entry.url, *(c.url for c in entry.components if c.url is not None))
        if CATALOG.for_url(url) not in (entry, None)
    ]
    assert claimed == []


def test_every_name_finds_its_own_entry() -> None:
    for entry in ENTRIES:
        assert CATALOG.find(entry.name) == (entry, None)
        for alias in entry.aliases:
            assert CATALOG.find(alias) == (entry, None)
        for component in entry.components:
            assert CATALOG.find(entry.component_name(component)) == (entry, component)
