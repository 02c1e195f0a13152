"""The picker, offscreen: search as you type, tick, add; from the keyboard alone too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from trayapp.core.autostart import Autostart
from trayapp.core.catalog import Catalog
from trayapp.core.config import Service
from trayapp.runtime import Runtime
from trayapp.ui.catalog import TITLE, CatalogPicker, add_text, service_for_address
from trayapp.ui.settings.backend import RuntimeSettingsBackend


def picker(qtbot: QtBot, catalog: Catalog | None, taken: list[str] | None = None) -> CatalogPicker:
    shown = CatalogPicker(taken or [])
    qtbot.addWidget(shown)
    shown.show()
    if catalog is not None:
        shown.set_catalog(catalog)
    return shown


def focused(shown: CatalogPicker) -> QWidget:
    widget = shown.focusWidget()
    assert widget is not None
    return widget


def press(shown: CatalogPicker, key: Qt.Key) -> None:
    """Press ``key`` where the keyboard's focus is, as a user would."""
    QTest.keyClick(focused(shown), key)


def typed(shown: CatalogPicker, text: str) -> None:
    QTest.keyClicks(focused(shown), text)


def names(services: list[Service]) -> list[str]:
    return [service.name for service in services]


def test_typing_filters_the_list(qtbot: QtBot, catalog: Catalog) -> None:
    shown = picker(qtbot, catalog)
    assert shown.windowTitle() == TITLE
    assert focused(shown) is shown.search_field
    assert shown.summary.text() == "5 services in the catalogue"
    typed(shown, "git")
    assert [found.entry.name for found in shown.model.found] == ["GitHub", "GitLab"]
    assert shown.summary.text() == "2 of 5 services in the catalogue"
    typed(shown, "hub act")
    region = shown.model.index_of("GitHub Actions")
    assert region.isValid()
    assert shown.view.isExpanded(region.parent())  # the component the search names is shown
    shown.search_field.setText("kubernetes")
    assert shown.model.rowCount() == 0
    assert "Nothing called 'kubernetes'" in shown.summary.text()


def test_the_keyboard_alone_searches_ticks_and_adds(qtbot: QtBot, catalog: Catalog) -> None:
    shown = picker(qtbot, catalog)
    added: list[list[Service]] = []
    shown.chosen.connect(added.append)
    typed(shown, "gh")
    press(shown, Qt.Key.Key_Down)  # into the list, on its first row
    assert focused(shown) is shown.view
    assert shown.model.entry_at(shown.view.currentIndex()) is not None
    press(shown, Qt.Key.Key_Space)
    assert shown.add_button.text() == "&Add 1 service"
    typed(shown, "zo")  # typing in the list goes on searching
    assert focused(shown) is shown.search_field
    assert shown.search_field.text() == "ghzo"
    shown.search_field.clear()
    typed(shown, "zoom")
    press(shown, Qt.Key.Key_Down)
    press(shown, Qt.Key.Key_Space)
    press(shown, Qt.Key.Key_Up)  # from the first row, back to the search
    assert focused(shown) is shown.search_field
    assert shown.add_button.text() == "&Add 2 services"
    press(shown, Qt.Key.Key_Down)
    press(shown, Qt.Key.Key_Return)
    assert [names(services) for services in added] == [["GitHub", "Zoom"]]
    assert not shown.isVisible()


def test_components_are_ticked_from_the_keyboard_too(qtbot: QtBot, catalog: Catalog) -> None:
    shown = picker(qtbot, catalog)
    added: list[list[Service]] = []
    shown.chosen.connect(added.append)
    typed(shown, "aws us-east-1")
    press(shown, Qt.Key.Key_Down)  # AWS
    press(shown, Qt.Key.Key_Down)  # AWS EC2 us-east-1
    press(shown, Qt.Key.Key_Space)
    press(shown, Qt.Key.Key_Down)  # AWS S3 us-east-1
    press(shown, Qt.Key.Key_Space)
    press(shown, Qt.Key.Key_Enter)
    (services,) = added
    assert [s.model_dump(exclude_unset=True, mode="json") for s in services] == [
        {
            "name": "AWS EC2 us-east-1",
            "url": "https://aws.amazon.test",
            "status_page": "https://health.aws.test/ec2-us-east-1.rss",
        },
        {
            "name": "AWS S3 us-east-1",
            "url": "https://aws.amazon.test",
            "status_page": "https://health.aws.test/s3-us-east-1.rss",
        },
    ]


def test_the_add_button_says_how_many_and_counts_the_address(
    qtbot: QtBot, catalog: Catalog
) -> None:
    shown = picker(qtbot, catalog)
    assert not shown.add_button.isEnabled()
    assert shown.add_button.text() == add_text(0) == "&Add"
    for name in ("GitHub", "Slack"):
        assert shown.model.toggle(shown.model.index_of(name))
    shown.address.setText("https://intranet.example.test/")
    assert shown.add_button.isEnabled()
    assert shown.add_button.text() == "&Add 3 services"
    added: list[list[Service]] = []
    shown.chosen.connect(added.append)
    shown.add_button.click()
    assert [names(services) for services in added] == [["GitHub", "Slack", "Example"]]
    assert str(added[0][2].url) == "https://intranet.example.test/"


def test_a_bad_address_is_told_and_nothing_is_added(qtbot: QtBot, catalog: Catalog) -> None:
    shown = picker(qtbot, catalog)
    shown.model.toggle(shown.model.index_of("Slack"))
    shown.address.setText("https://bad host/")
    with qtbot.assertNotEmitted(shown.chosen):
        shown.add_button.click()
    assert shown.isVisible()
    assert shown.message.isVisible()
    assert shown.message.text().startswith("https://bad host/: ")
    assert focused(shown) is shown.address
    shown.address.setText("https://good.example.test/")
    assert not shown.message.isVisible()


def test_an_address_of_a_catalogued_service_takes_its_name_and_status_page(
    catalog: Catalog,
) -> None:
    service = service_for_address("slack.test/my-team", catalog, taken=[])
    assert (service.name, str(service.url), str(service.status_page)) == (
        "Slack",
        "https://slack.test/my-team",
        "https://slack-status.test",
    )
    again = service_for_address("https://slack.test/other", catalog, taken=["slack"])
    assert again.name == "Slack (2)"


def test_names_already_watched_are_shown_ticked_and_not_added_again(
    qtbot: QtBot, catalog: Catalog
) -> None:
    shown = picker(qtbot, catalog, taken=["Slack"])
    slack = shown.model.index_of("Slack")
    assert shown.model.data(slack) == "Slack (already watched)"
    assert shown.model.data(slack, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not shown.model.toggle(slack)
    shown.view.setCurrentIndex(slack)  # the keyboard passes it by: it cannot be ticked
    assert shown.view.currentIndex() != slack
    assert shown.model.chosen == []
    assert not shown.add_button.isEnabled()


def test_the_search_and_the_list_have_accessible_names(qtbot: QtBot, catalog: Catalog) -> None:
    shown = picker(qtbot, catalog)
    assert shown.search_field.accessibleName() == "Search the catalogue"
    assert shown.view.accessibleName() == "Services in the catalogue"
    assert shown.address.accessibleName() == "Any other address to watch"


def test_the_catalogue_is_read_off_the_gui_thread_and_shown_when_in(
    qtbot: QtBot, runtime: Runtime, catalog_file: Path
) -> None:
    backend = RuntimeSettingsBackend(
        runtime, notify=lambda: None, autostart=Autostart(platform="linux"), catalog=catalog_file
    )
    shown = picker(qtbot, None)
    assert shown.summary.text() == "Loading the catalogue…"
    typed(shown, "sl")  # typed before the catalogue came: searched once it is in
    shown.load(backend.catalog())
    qtbot.waitUntil(lambda: shown.model.rowCount() > 0)
    assert [found.entry.name for found in shown.model.found] == ["Slack"]


def test_a_catalogue_that_cannot_be_read_is_told_and_an_address_still_works(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[service]]\nname = 1\n", encoding="utf-8")
    backend = RuntimeSettingsBackend(runtime, notify=lambda: None, catalog=broken)
    shown = picker(qtbot, None)
    shown.load(backend.catalog())
    qtbot.waitUntil(lambda: "could not be read" in shown.summary.text())
    added: list[list[Service]] = []
    shown.chosen.connect(added.append)
    shown.address.setText("https://intranet.example.test/")
    shown.add_button.click()
    assert [names(services) for services in added] == [["Example"]]
