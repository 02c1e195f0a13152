"""Adding services by name or address: all or nothing, each problem named, the file kept."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.support.catalogs import small_catalog
from tests.support.examples import CONTRACT_EXAMPLE
from trayapp.core.catalog.adding import (
    Addition,
    AdditionRefused,
    add_services,
    plan_additions,
    starter_config,
)
from trayapp.core.config import Config, ConfigConflict, load_config, parse_config
from trayapp.core.config.example import example_config

CATALOG = small_catalog()
TWITTER = parse_config(CONTRACT_EXAMPLE)  # Twitter (twitter.com/) and Twitter mobile


def tables(asked: list[str], config: Config | None = None) -> list[dict[str, str]]:
    planned = plan_additions(CATALOG, config or Config(), asked, where="c.toml")
    return [addition.table for addition in planned]


def refusal(asked: list[str], config: Config | None = None) -> list[str]:
    with pytest.raises(AdditionRefused) as refused:
        plan_additions(CATALOG, config or Config(), asked, where="c.toml")
    return list(refused.value.problems)


def test_names_aliases_and_components_become_their_catalogue_services() -> None:
    assert tables(["Beacon", "hub", "acme cloud compute us-east-1", "Acme Cloud Post"]) == [
        {
            "name": "Beacon",
            "url": "https://beacon.test",
            "status_page": "https://beaconstatus.test",
        },
        {
            "name": "Chat Hub",
            "url": "https://chathub.test",
            "status_page": "https://chathub-status.test",
        },
        {
            "name": "Acme Cloud Compute us-east-1",
            "url": "https://acme.test",
            "status_page": "https://status.acme.test",
            "status_component": "Compute us-east-1",
        },
        {
            "name": "Acme Cloud Post",
            "url": "https://post.acme.test/inbox",
            "status_page": "https://post-status.acme.test/history.atom",
        },
    ]


def test_an_address_of_a_known_service_gets_its_name_and_status_page() -> None:
    assert tables(["https://www.acme.test/console", "https://post.acme.test/"]) == [
        {
            "name": "Acme Cloud",
            "url": "https://www.acme.test/console",
            "status_page": "https://status.acme.test",
        },
        {
            "name": "Acme Cloud Post",
            "url": "https://post.acme.test/",
            "status_page": "https://post-status.acme.test/history.atom",
        },
    ]


def test_any_other_address_is_named_after_its_host() -> None:
    assert tables(["https://shop.example.org/cart", "http://127.0.0.1:8080/"]) == [
        {"name": "Example", "url": "https://shop.example.org/cart"},
        {"name": "127.0.0.1", "url": "http://127.0.0.1:8080/"},
    ]
    # A vendor trayapp knows beyond the catalogue gets its status page; a status page itself
    # is followed as one.
    assert tables(["https://gitlab.com/explore", "https://status.example.net/"]) == [
        {
            "name": "GitLab",
            "url": "https://gitlab.com/explore",
            "status_page": "https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss",
        },
        {"name": "Example", "status_page": "https://status.example.net/"},
    ]


def test_the_same_service_asked_for_twice_is_added_once() -> None:
    assert [table["name"] for table in tables(["Chat Hub", "hub", "CHAT HUB"])] == ["Chat Hub"]
    twice = ["https://shop.example.org", "https://SHOP.example.org:443/"]
    assert [table["name"] for table in tables(twice)] == ["Example"]


def test_an_address_whose_name_is_taken_is_named_after_its_host() -> None:
    assert [t["name"] for t in tables(["Acme Cloud", "https://eu.acmecdn.test/"])] == [
        "Acme Cloud",
        "eu.acmecdn.test",
    ]
    assert [t["name"] for t in tables(["https://twitter.com/explore"], TWITTER)] == ["twitter.com"]
    shops = tables(["https://a.example.org", "https://b.example.org"])
    assert [t["name"] for t in shops] == ["Example", "b.example.org"]


def test_what_the_config_has_already_is_refused() -> None:
    config = Config.model_validate({"services": [{"name": "beacon", "url": "https://b.test"}]})
    assert refusal(["Beacon"], config) == ['"beacon" is already in c.toml']
    assert refusal(["https://TWITTER.com"], TWITTER) == [
        'https://TWITTER.com is already in c.toml (as "Twitter")'
    ]
    assert refusal(["https://mobile.twitter.com"], TWITTER) == [
        'https://mobile.twitter.com is already in c.toml (as "Twitter mobile")'
    ]
    assert refusal(["https://status.twitterstat.us/"], TWITTER) == [
        'https://status.twitterstat.us/ is already in c.toml (as "Twitter")'
    ]


def test_every_problem_is_named_and_nothing_is_planned() -> None:
    assert refusal(
        ["Beacn", "Beacon", "qqqqqq", "ftp://files.test/", "acme.test", "example.org", "https://"]
    ) == [
        '"Beacn" is neither in the catalogue nor an http(s) address; did you mean "Beacon" '
        'or "Beacon Mail"?',
        "\"qqqqqq\" is neither in the catalogue nor an http(s) address ('trayapp catalog' "
        "lists the catalogue)",
        '"ftp://files.test/" is not an http(s) address',
        '"acme.test" is neither in the catalogue nor an http(s) address; did you mean '
        '"Acme Cloud" or "https://acme.test"?',
        '"example.org" is neither in the catalogue nor an http(s) address; did you mean '
        '"https://example.org"?',
        '"https://" is not an http(s) address',
    ]


def test_a_name_for_two_different_services_is_refused() -> None:
    # Both would be called "Example", and the second cannot take its host's name either.
    config = Config.model_validate({"services": [{"name": "example.org", "url": "https://x.test"}]})
    assert refusal(["https://example.org/a", "https://example.org/b"], config) == [
        '"Example" would be added twice, for different things'
    ]


def test_credentials_in_an_address_are_not_repeated() -> None:
    config = Config.model_validate(
        {"services": [{"name": "Private", "url": "https://me:pw@private.test/"}]}
    )
    problems = refusal(["https://me:pw@private.test", "ftp://me:pw@files.test"], config)
    assert problems == [
        'https://***@private.test is already in c.toml (as "Private")',
        '"ftp://***@files.test" is not an http(s) address',
    ]


def test_a_new_file_begins_as_the_commented_example_without_its_example_service(
    tmp_path: Path,
) -> None:
    path = tmp_path / "folder" / "config.toml"
    loaded = starter_config(path)
    assert not path.exists()
    assert not loaded.exists
    assert loaded.config == parse_config(example_config()).model_copy(update={"services": []})
    assert loaded.config.services == []
    assert "# A service is something you care about." in loaded.text
    assert '# name = "Example"' in loaded.text
    planned = plan_additions(CATALOG, loaded.config, ["Beacon", "https://shop.example.org"])
    saved = add_services(loaded, planned)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [service.name for service in load_config(path).config.services] == [
        "Beacon",
        "Example",
    ]
    assert saved.config == load_config(path).config
    text = path.read_text()
    assert "# A service is something you care about." in text
    assert text.index("[network]") < text.index('name = "Beacon"')


def test_adding_keeps_the_files_comments_order_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    path.chmod(0o640)
    loaded = load_config(path)
    add_services(loaded, plan_additions(CATALOG, loaded.config, ["Acme Cloud Post", "hub"]))
    text = path.read_text()
    assert text.startswith(CONTRACT_EXAMPLE)
    assert text[len(CONTRACT_EXAMPLE) :] == (
        "\n[[services]]\n"
        'name = "Acme Cloud Post"\n'
        'url = "https://post.acme.test/inbox"\n'
        'status_page = "https://post-status.acme.test/history.atom"\n'
        "\n[[services]]\n"
        'name = "Chat Hub"\n'
        'url = "https://chathub.test"\n'
        'status_page = "https://chathub-status.test"\n'
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    loaded = load_config(path)
    path.write_text(CONTRACT_EXAMPLE + "# edited meanwhile\n")
    with pytest.raises(ConfigConflict):
        add_services(loaded, [Addition("Beacon", {"name": "B", "url": "https://b.test"})])
    assert path.read_text() == CONTRACT_EXAMPLE + "# edited meanwhile\n"
