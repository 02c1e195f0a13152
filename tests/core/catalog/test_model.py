"""The catalogue's reader and search, on a small catalogue of made-up services."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.catalogs import SMALL_CATALOG, small_catalog
from trayapp.core.catalog import Catalog, CatalogError, Choice, load_catalog, parse_catalog
from trayapp.core.vendors import Platform

CATALOG = small_catalog()


def names(catalog: Catalog, query: str, limit: int | None = None) -> list[str]:
    return [entry.name for entry in catalog.search(query, limit)]


def test_the_reader_reads_every_key() -> None:
    acme = CATALOG.entries[0]
    assert (acme.name, acme.url, acme.status_page) == (
        "Acme Cloud",
        "https://acme.test",
        "https://status.acme.test",
    )
    assert acme.platform is Platform.STATUSPAGE
    assert acme.aliases == ("ACME", "acmecloud")
    assert acme.hosts == ("acme.test", "acmecdn.test")
    assert acme.category == "Cloud"
    assert [component.name for component in acme.components] == [
        "Compute eu-west-1",
        "Compute us-east-1",
        "Storage us-east-1",
        "Post",
    ]
    post = acme.components[3]
    assert (post.url, post.status_page, post.platform) == (
        "https://post.acme.test/inbox",
        "https://post-status.acme.test/history.atom",
        Platform.FEED,
    )
    assert len(CATALOG) == 5
    assert list(CATALOG) == list(CATALOG.entries)


def test_a_catalogue_file_is_read_from_its_path(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text(SMALL_CATALOG, encoding="utf-8")
    assert load_catalog(path) == CATALOG


def test_an_empty_query_lists_everything_alphabetically() -> None:
    assert names(CATALOG, "") == ["Acme Cloud", "Beacon", "Beacon Mail", "Chat Hub", "Lighthouse"]
    assert names(CATALOG, "  ", limit=2) == ["Acme Cloud", "Beacon"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The name itself, then names starting with it.
        ("beacon", ["Beacon", "Beacon Mail"]),
        ("  BEACON  ", ["Beacon", "Beacon Mail"]),
        # An alias is as good as the name: "hub" is Chat Hub's alias and a word of its name.
        ("hub", ["Chat Hub"]),
        ("acme", ["Acme Cloud"]),
        ("acmec", ["Acme Cloud"]),
        # A word of a name beats a component's name: Beacon Mail before Acme Cloud's Post.
        ("mail", ["Beacon Mail"]),
        ("post", ["Acme Cloud"]),
        # Words in any order, each starting a word.
        ("mail beac", ["Beacon Mail"]),
        # The category and the hosts, alphabetical within one rank.
        ("communication", ["Beacon", "Beacon Mail", "Chat Hub"]),
        ("acmecdn", ["Acme Cloud"]),
        ("developer", ["Lighthouse"]),
        # A component: a region's name.
        ("us-east-1", ["Acme Cloud"]),
        # Failing a word's start, within a word.
        ("east", ["Acme Cloud"]),
        ("house", ["Lighthouse"]),
        ("nothing like it", []),
    ],
)
def test_search_finds_the_best_first(query: str, expected: list[str]) -> None:
    assert names(CATALOG, query) == expected


def test_a_name_beats_a_prefix_beats_a_word_beats_the_rest() -> None:
    catalog = parse_catalog(
        "\n".join(
            f'[[service]]\nname = "{name}"\nurl = "https://{i}.test"\n'
            f'status_page = "https://s{i}.test"\nplatform = "statuspage"\n{more}'
            for i, (name, more) in enumerate(
                [
                    ("Zed Notes", ""),  # a word of the name: third
                    ("Notesy", ""),  # starts with it: second
                    ("Alpha", 'category = "Notes"\n'),  # its category only: last
                    ("Notes", ""),  # the name itself: first
                ]
            )
        )
    )
    assert names(catalog, "notes") == ["Notes", "Notesy", "Zed Notes", "Alpha"]
    assert names(catalog, "notes", limit=2) == ["Notes", "Notesy"]


def test_find_takes_a_name_an_alias_or_a_components_full_name_in_any_case() -> None:
    acme = CATALOG.entries[0]
    assert CATALOG.find("Acme Cloud") == (acme, None)
    assert CATALOG.find("acme  cloud ") == (acme, None)
    assert CATALOG.find("ACMECLOUD") == (acme, None)
    assert CATALOG.find("acme cloud compute US-EAST-1") == (acme, acme.components[1])
    assert CATALOG.find("Compute us-east-1") is None  # a component needs its service's name
    assert CATALOG.find("Acme") == (acme, None)  # the alias "ACME"
    assert CATALOG.find("Acme Clou") is None  # no guessing


def test_for_url_goes_by_the_hosts_and_their_subdomains() -> None:
    acme = CATALOG.entries[0]
    assert CATALOG.for_url("https://acme.test/console") is acme
    assert CATALOG.for_url("https://ACME.test./") is acme
    assert CATALOG.for_url("http://eu.cdn.acmecdn.test:8080/x") is acme
    assert CATALOG.for_url("https://notacme.test/") is None
    assert CATALOG.for_url("https://acme.test.example/") is None
    assert CATALOG.for_url("https://elsewhere.test/") is None
    assert CATALOG.for_url("http://[::1") is None  # not an address at all


def test_find_url_prefers_the_address_of_a_service_or_one_of_its_components() -> None:
    acme, beacon, mail = CATALOG.entries[:3]
    # Beacon's hosts serve mail.beacon.test too, but it is Beacon Mail's own address.
    assert CATALOG.find_url("https://mail.beacon.test/inbox") == (mail, None)
    assert CATALOG.find_url("https://beacon.test") == (beacon, None)
    assert CATALOG.find_url("https://post.acme.test/") == (acme, acme.components[3])
    assert CATALOG.find_url("https://www.acme.test/") == (acme, None)  # by its hosts
    assert CATALOG.find_url("https://elsewhere.test/") is None
    assert CATALOG.find_url("not an address") is None


def test_a_choice_is_the_service_table_config_toml_gets() -> None:
    acme = CATALOG.entries[0]
    compute, storage, post = acme.components[1:]
    assert acme.choice() == Choice("Acme Cloud", "https://acme.test", "https://status.acme.test")
    assert acme.choice(compute).service_table() == {
        "name": "Acme Cloud Compute us-east-1",
        "url": "https://acme.test",
        "status_page": "https://status.acme.test",
        "status_component": "Compute us-east-1",
    }
    assert acme.choice(storage).status_component == "Object Storage (us-east-1)"
    assert acme.choice(post).service_table() == {
        "name": "Acme Cloud Post",
        "url": "https://post.acme.test/inbox",
        "status_page": "https://post-status.acme.test/history.atom",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", []),
        ("acme", []),  # the service as a whole
        ("cloud", []),
        ("us-east-1", ["Compute us-east-1", "Storage us-east-1"]),
        ("acme compute", ["Compute eu-west-1", "Compute us-east-1"]),
        ("acme compute us", ["Compute us-east-1"]),
        ("east", ["Compute us-east-1", "Storage us-east-1"]),
        ("post", ["Post"]),
        ("nothing", []),
    ],
)
def test_the_components_a_query_is_about(query: str, expected: list[str]) -> None:
    acme = CATALOG.entries[0]
    assert [component.name for component in acme.components_matching(query)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beacn", ["Beacon", "Beacon Mail"]),  # a typo
        ("beac", ["Beacon", "Beacon Mail"]),  # what a search finds
        ("Lighthuose", ["Lighthouse"]),
        ("compute", ["Acme Cloud Compute eu-west-1", "Acme Cloud Compute us-east-1"]),
        ("compute us", ["Acme Cloud Compute us-east-1"]),
        ("post", ["Acme Cloud Post"]),
        ("acme cloud compute us-east1", ["Acme Cloud Compute us-east-1"]),
        ("qqqqqq", []),
    ],
)
def test_closest_offers_names_find_takes(text: str, expected: list[str]) -> None:
    found = CATALOG.closest(text)
    assert found[: len(expected)] == expected
    assert len(found) <= 3
    assert all(CATALOG.find(name) is not None for name in found)


def test_as_json_has_what_scripts_read() -> None:
    acme = CATALOG.entries[0]
    said = acme.as_json()
    assert said["name"] == "Acme Cloud"
    assert said["url"] == "https://acme.test"
    assert said["status_page"] == "https://status.acme.test"
    assert said["platform"] == "statuspage"
    assert said["aliases"] == ["ACME", "acmecloud"]
    assert said["category"] == "Cloud"
    components = said["components"]
    assert isinstance(components, list)
    assert components[2] == {
        "name": "Storage us-east-1",
        "full_name": "Acme Cloud Storage us-east-1",
        "url": "https://acme.test",
        "status_page": "https://status.acme.test",
        "platform": "statuspage",
        "status_component": "Object Storage (us-east-1)",
    }
    assert components[3] == {
        "name": "Post",
        "full_name": "Acme Cloud Post",
        "url": "https://post.acme.test/inbox",
        "status_page": "https://post-status.acme.test/history.atom",
        "platform": "feed",
        "status_component": None,
    }
    assert CATALOG.entries[1].as_json()["components"] == []


ENTRY = '[[service]]\nname = "A"\nurl = "https://a.test"\nstatus_page = "https://s.test"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[service]\n", "the catalogue is not TOML"),
        ("service = 3\n", "service: a list of tables was expected"),
        (ENTRY, "service[0].platform: None is not a platform trayapp reads"),
        (ENTRY + 'platform = "myspace"\n', "'myspace' is not a platform trayapp reads"),
        ('[[service]]\nname = ""\n', "service[0].name: a non-empty string was expected"),
        (
            ENTRY.replace('url = "https://a.test"\n', "") + 'platform = "feed"\n',
            "service[0].url: a non-empty string was expected",
        ),
        (ENTRY + 'platform = "feed"\ncolour = "red"\n', "service[0]: unknown keys ['colour']"),
        (ENTRY + 'platform = "feed"\naliases = "a"\n', "service[0].aliases: a list of strings"),
        (ENTRY + 'platform = "feed"\nhosts = [1]\n', "service[0].hosts: a list of strings"),
        (ENTRY + 'platform = "feed"\ncomponent = 1\n', "component: a list of tables"),
        (
            ENTRY + 'platform = "feed"\n[[service.component]]\nname = "B"\nplatform = "feed"\n',
            "service[0].component[0]: a status_page of its own needs its platform, and only it",
        ),
        (
            ENTRY + 'platform = "feed"\n[[service.component]]\nname = "B"\nregion = "x"\n',
            "service[0].component[0]: unknown keys ['region']",
        ),
    ],
)
def test_a_defect_of_the_data_is_named(text: str, message: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        parse_catalog(text)


def test_an_empty_catalogue_is_one() -> None:
    empty = parse_catalog("")
    assert len(empty) == 0
    assert empty.search("x") == []
    assert empty.closest("x") == []
