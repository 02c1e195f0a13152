"""trayapp.ui.language: Qt's own strings and formats in the user's language; the pseudo checker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, QStringListModel
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.support.pseudo import assert_marked, pseudo_locale, unmarked, widget_texts
from trayapp.core.i18n import ENGLISH, Language, _
from trayapp.ui.language import speak


@pytest.fixture
def restored(qapp: QApplication) -> Iterator[None]:
    """Qt's default locale as it was, after the test."""
    locale = QLocale()
    yield
    QLocale.setDefault(locale)


@pytest.mark.usefixtures("restored")
def test_german_gives_qt_its_own_translations_and_the_locale(qapp: QApplication) -> None:
    translator = speak(qapp, Language("de", "de_DE"))
    assert translator is not None
    try:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
        assert QLocale().name() == "de_DE"
        assert QLocale().toString(1234.5, "f", 1) == "1.234,5"
    finally:
        qapp.removeTranslator(translator)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


@pytest.mark.usefixtures("restored")
def test_english_installs_nothing(qapp: QApplication) -> None:
    assert speak(qapp, Language(ENGLISH, "en_GB")) is None
    assert QLocale().name() == "en_GB"


def test_pseudo_marks_qts_own_strings(qapp: QApplication) -> None:
    with pseudo_locale():
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "⟦Cancel⟧"


def window(qtbot: QtBot, label: str) -> QWidget:
    """A window with one of each kind of text, all translated but ``label``."""
    root = QWidget()
    qtbot.addWidget(root)
    root.setWindowTitle(_("Settings"))
    layout = QVBoxLayout(root)
    layout.addWidget(QLabel(label))
    box = QGroupBox(_("Network"))
    layout.addWidget(box)
    button = QPushButton(_("&Add"))
    button.setToolTip(_("Add a service"))
    button.setAccessibleName(_("Add"))
    layout.addWidget(button)
    combo = QComboBox()
    combo.addItems([_("Every minute"), _("Every hour")])
    layout.addWidget(combo)
    edit = QLineEdit()
    edit.setPlaceholderText(_("Search"))
    layout.addWidget(edit)
    view = QListView()
    view.setModel(QStringListModel([_("GitHub is down"), "GitHub"], view))
    layout.addWidget(view)
    menu = QMenu(_("More"), root)
    menu.addAction(_("Quit"))
    root.addAction(menu.menuAction())
    return root


def test_the_checker_passes_translated_text_and_data(qtbot: QtBot) -> None:
    with pseudo_locale():
        root = window(qtbot, _("<b>{count}</b> services").format(count=3))
        texts = widget_texts(root)
    assert ("QWidget(''): window title", "⟦Šéţţîñĝš⟧") in texts
    assert len(texts) >= 11
    assert_marked(texts, data=["GitHub"])


def test_the_checker_finds_what_bypassed_translation(qtbot: QtBot) -> None:
    with pseudo_locale():
        root = window(qtbot, "3 services left")
        texts = widget_texts(root)
    with pytest.raises(AssertionError, match=r"'3 services left' has \['services', 'left'\]"):
        assert_marked(texts, data=["GitHub"])
    with pytest.raises(AssertionError, match=r"cell 1,0: 'GitHub'"):
        assert_marked(texts, data=["services left"])


def test_unmarked_words() -> None:
    assert unmarked("⟦Öþéñ⟧ GitHub ⟦ñöŵ⟧") == ["GitHub"]
    assert unmarked("⟦Öþéñ⟧ GitHub Actions", data=["GitHub Actions"]) == []
    assert unmarked("12 · 99.5% — 3/5 (2)") == []
    assert unmarked("see https://a.test/x and /tmp/c.toml") == ["see", "and"]
    assert unmarked("⟦Šéŕṽîçé ñàɱé ţĥàţ ŵàš çûţ…") == []  # elided: its end cut off
    assert unmarked("--json", patterns=[r"--[a-z]+"]) == []
