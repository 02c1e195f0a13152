"""The catalogue as the picker lists it: what a search finds, what is ticked, what is taken."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from trayapp.core.catalog import Catalog
from trayapp.ui.catalog import CatalogModel
from trayapp.ui.catalog.model import components_named

CHECK = Qt.ItemDataRole.CheckStateRole


def listed(model: CatalogModel) -> list[str]:
    """The names listed, a component as "entry / component"."""
    names = []
    for row in range(model.rowCount()):
        top = model.index(row, 0)
        entry = model.data(top)
        names.append(entry)
        for place in range(model.rowCount(top)):
            names.append(f"{entry} / {model.data(model.index(place, 0, top))}")
    return names


def row(model: CatalogModel, name: str) -> QModelIndex:
    index = model.index_of(name)
    assert index.isValid(), name
    return index


def test_an_empty_search_lists_every_entry_with_every_component(catalog: Catalog) -> None:
    model = CatalogModel()
    model.set_catalog(catalog)
    tops = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert tops == ["AWS", "GitHub", "GitLab", "Slack", "Zoom"]
    assert "GitHub / Actions" in listed(model)
    assert not any(found.named for found in model.found)


def test_each_row_shows_its_category_and_status_page_host(catalog: Catalog) -> None:
    model = CatalogModel()
    model.set_catalog(catalog)
    github = row(model, "GitHub")
    assert model.data(github.siblingAtColumn(1)) == "Developer tools"
    assert model.data(github.siblingAtColumn(2)) == "www.githubstatus.test"
    region = row(model, "AWS EC2 us-east-1")
    assert model.data(region) == "EC2 us-east-1"
    assert model.data(region.siblingAtColumn(2)) == "health.aws.test"
    assert model.data(region, Qt.ItemDataRole.AccessibleTextRole) == "AWS EC2 us-east-1"


def test_a_search_lists_the_best_first(catalog: Catalog) -> None:
    model = CatalogModel()
    model.set_catalog(catalog)
    model.search("git")
    assert [found.entry.name for found in model.found] == ["GitHub", "GitLab"]
    model.search("communication")  # by category
    assert [found.entry.name for found in model.found] == ["Slack", "Zoom"]
    model.search("nothing like it")
    assert model.rowCount() == 0


def test_a_component_is_found_by_its_full_name(catalog: Catalog) -> None:
    model = CatalogModel()
    model.set_catalog(catalog)
    model.search("AWS EC2 us-east-1")
    assert listed(model) == ["AWS", "AWS / EC2 us-east-1"]
    assert model.found[0].named  # the picker unfolds it
    model.search("ec2")
    assert listed(model) == ["AWS", "AWS / EC2 us-east-1", "AWS / EC2 eu-west-1"]
    model.search("east")  # inside a word
    assert listed(model) == ["AWS", "AWS / EC2 us-east-1", "AWS / S3 us-east-1"]


def test_a_search_of_the_entry_alone_lists_all_its_components_folded(catalog: Catalog) -> None:
    model = CatalogModel()
    model.set_catalog(catalog)
    model.search("amazon web")
    assert [found.entry.name for found in model.found] == ["AWS"]
    assert len(model.found[0].components) == 3
    assert not model.found[0].named
    aws = catalog.find("AWS")
    assert aws is not None
    assert components_named(aws[0], ["aws"]) == ()


def test_ticks_survive_the_searches_that_hide_them(qtbot: QtBot, catalog: Catalog) -> None:
    model = CatalogModel()
    model.set_catalog(catalog)
    model.search("github")
    with qtbot.waitSignal(model.tickedChanged):
        assert model.toggle(row(model, "GitHub Actions"))
    model.search("slack")
    assert model.toggle(row(model, "Slack"))
    model.search("")
    assert model.data(row(model, "GitHub Actions"), CHECK) == Qt.CheckState.Checked
    assert model.data(row(model, "GitHub"), CHECK) == Qt.CheckState.Unchecked
    assert [c.service_table() for c in model.chosen] == [
        {
            "name": "GitHub Actions",
            "url": "https://github.test",
            "status_page": "https://www.githubstatus.test",
            "status_component": "Actions",
        },
        {"name": "Slack", "url": "https://slack.test", "status_page": "https://slack-status.test"},
    ]
    assert model.toggle(row(model, "Slack"))  # untick
    assert [c.name for c in model.chosen] == ["GitHub Actions"]
    model.clear_ticks()
    assert model.chosen == []


def test_names_already_watched_are_ticked_and_disabled(catalog: Catalog) -> None:
    model = CatalogModel(taken=["slack", "AWS EC2 us-east-1"])
    model.set_catalog(catalog)
    for name in ("Slack", "AWS EC2 us-east-1"):
        index = row(model, name)
        assert model.data(index, CHECK) == Qt.CheckState.Checked
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled
        assert model.data(index).endswith("(already watched)")
        assert model.data(index, Qt.ItemDataRole.AccessibleTextRole).endswith(", already watched")
        assert not model.toggle(index)
        assert not model.setData(index, Qt.CheckState.Unchecked, CHECK)
    assert model.chosen == []
    # The rest of AWS is not watched yet.
    assert model.flags(row(model, "AWS")) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.flags(row(model, "AWS EC2 eu-west-1")) & Qt.ItemFlag.ItemIsUserCheckable
