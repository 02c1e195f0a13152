"""The picker in other languages, from the keyboard, and through a screen reader's eyes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.access import accessible_name, clashing_mnemonics, nameless, tab_walk
from tests.support.catalogs import catalog_words
from tests.support.pseudo import assert_marked, pseudo_locale, widget_texts
from trayapp.core import i18n
from trayapp.core.catalog import Catalog
from trayapp.ui.catalog import CatalogPicker


def shown_picker(qtbot: QtBot, catalog: Catalog, taken: list[str]) -> CatalogPicker:
    shown = CatalogPicker(taken)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.set_catalog(catalog)
    return shown


def test_every_word_of_the_picker_is_translated(qtbot: QtBot, catalog: Catalog) -> None:
    with pseudo_locale():
        shown = shown_picker(qtbot, catalog, ["GitHub"])
        texts = widget_texts(shown)
        accessible = shown.model.index_of("GitHub").data(Qt.ItemDataRole.AccessibleTextRole)
        texts.append(("GitHub, as a screen reader says it", accessible))
        shown.model.toggle(shown.model.index_of("Zoom"))
        shown.search_field.setText("aws us-east-1")
        shown.model.toggle(shown.model.index_of("AWS EC2 us-east-1"))
        texts += widget_texts(shown)
        shown.search_field.setText("kubernetes")
        texts += widget_texts(shown)
    assert_marked(texts, data=[*catalog_words(catalog), "'kubernetes'"])


def test_the_picker_speaks_german(qtbot: QtBot, catalog: Catalog) -> None:
    i18n.set_language("de")
    shown = shown_picker(qtbot, catalog, ["GitHub"])
    assert shown.windowTitle() == "Worauf sind Sie angewiesen?"
    assert shown.summary.text() == "5 Dienste im Katalog"
    assert shown.model.index_of("GitHub").data() == "GitHub (schon überwacht)"
    assert shown.add_button.text() == "&Hinzufügen"
    shown.model.toggle(shown.model.index_of("Zoom"))
    assert shown.add_button.text() == "1 Dienst &hinzufügen"
    shown.search_field.setText("git")
    assert shown.summary.text() == "2 von 5 Diensten im Katalog"
    assert clashing_mnemonics(shown) == {}


def test_every_focusable_widget_has_an_accessible_name(qtbot: QtBot, catalog: Catalog) -> None:
    shown = shown_picker(qtbot, catalog, [])
    assert nameless(shown) == []
    assert accessible_name(shown.search_field) == "Search the catalogue"
    assert accessible_name(shown.address) == "Any other address to watch"
    assert clashing_mnemonics(shown) == {}


def test_tab_goes_from_the_search_to_the_list_the_address_and_the_buttons(
    qtbot: QtBot, catalog: Catalog
) -> None:
    shown = shown_picker(qtbot, catalog, [])
    shown.model.toggle(shown.model.index_of("Zoom"))  # Add is enabled: a Tab stop
    walked = tab_walk(shown, shown.search_field)
    assert walked[:3] == [shown.search_field, shown.view, shown.address]
    assert set(walked[3:]) == set(shown.buttons.buttons())
    assert len(walked) == 3 + len(shown.buttons.buttons())


@pytest.mark.parametrize("where", ["search_field", "view", "address"])
def test_escape_closes_the_picker(qtbot: QtBot, catalog: Catalog, where: str) -> None:
    shown = shown_picker(qtbot, catalog, [])
    widget = getattr(shown, where)
    widget.setFocus()
    QTest.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_Escape)
    assert not shown.isVisible()
