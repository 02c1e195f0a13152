"""The catalogue in words: a line per service, its components where a search is about them."""

from __future__ import annotations

from tests.support.catalogs import small_catalog
from trayapp.core.catalog import parse_catalog
from trayapp.core.catalog.adding import Addition
from trayapp.core.report.catalog import added_line, catalog_text

CATALOG = small_catalog()


def test_every_service_on_a_line_in_columns_then_a_count() -> None:
    assert catalog_text(CATALOG) == (
        "Acme Cloud   statuspage  https://status.acme.test        + 4 components\n"
        "Beacon       instatus    https://beaconstatus.test\n"
        "Beacon Mail  instatus    https://beaconstatus.test\n"
        "Chat Hub     slack       https://chathub-status.test\n"
        "Lighthouse   gatus       https://lighthouse.test/status\n"
        "5 services; 'trayapp add NAME' adds one to the config"
    )


def test_a_search_about_components_lists_them_by_the_name_add_takes() -> None:
    assert catalog_text(CATALOG, "east") == (
        "Acme Cloud  statuspage  https://status.acme.test\n"
        "  Acme Cloud Compute us-east-1\n"
        "  Acme Cloud Storage us-east-1\n"
        "1 of 5 services; 'trayapp add NAME' adds one to the config"
    )
    # About the service as a whole: its components are counted, not listed.
    assert catalog_text(CATALOG, "acme").splitlines()[0].endswith("+ 4 components")


def test_many_components_are_cut_short() -> None:
    regions = "".join(f'[[service.component]]\nname = "Region {n}"\n' for n in range(1, 9))
    catalog = parse_catalog(
        '[[service]]\nname = "Cloud"\nurl = "https://c.test"\n'
        'status_page = "https://s.test"\nplatform = "statuspage"\n' + regions
    )
    assert catalog_text(catalog, "region").splitlines() == [
        "Cloud  statuspage  https://s.test",
        "  Cloud Region 1",
        "  Cloud Region 2",
        "  Cloud Region 3",
        "  Cloud Region 4",
        "  Cloud Region 5",
        "  … and 3 more",
        "1 service; 'trayapp add NAME' adds one to the config",
    ]
    assert catalog_text(catalog, "region 1").splitlines()[1:-1] == ["  Cloud Region 1"]


def test_nothing_found_says_so_and_offers_the_nearest() -> None:
    assert catalog_text(CATALOG, "beacn") == (
        'Nothing in the catalogue matches "beacn".\n'
        'Did you mean "Beacon" or "Beacon Mail"?\n'
        "Any address can be added too: trayapp add https://…"
    )
    assert catalog_text(CATALOG, "qqqqqq").splitlines()[1:] == [
        "Any address can be added too: trayapp add https://…"
    ]


def test_the_line_for_what_was_added() -> None:
    assert (
        added_line(
            Addition(
                "storage",
                {
                    "name": "Acme Cloud Storage us-east-1",
                    "url": "https://acme.test",
                    "status_page": "https://status.acme.test",
                    "status_component": "Object Storage (us-east-1)",
                },
            )
        )
        == 'added "Acme Cloud Storage us-east-1": https://acme.test, status page '
        'https://status.acme.test, component "Object Storage (us-east-1)"'
    )
    assert (
        added_line(Addition("x", {"name": "Private", "url": "https://me:pw@p.test/"}))
        == 'added "Private": https://***@p.test/'
    )
    assert (
        added_line(Addition("x", {"name": "Example", "status_page": "https://status.x.test"}))
        == 'added "Example": status page https://status.x.test'
    )
