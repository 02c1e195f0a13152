"""Every entry of the shipped catalogue has the shape trayapp needs: no network, only the data."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from trayapp.core.catalog import CatalogEntry, load_catalog
from trayapp.core.config.model import Service

CATALOG = load_catalog()
ENTRIES = list(CATALOG)


def _https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and "." in (parts.hostname or "")


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


def test_every_name_finds_its_own_entry() -> None:
    for entry in ENTRIES:
        assert CATALOG.find(entry.name) == (entry, None)
        for component in entry.components:
            assert CATALOG.find(entry.component_name(component)) == (entry, component)
