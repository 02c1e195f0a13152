"""The settings dialog in other languages: nothing bypasses translation, and German reads as
written in the catalogue, Qt's own buttons included."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from tests.support.pseudo import assert_marked, output_texts, pseudo_locale, widget_texts
from tests.support.settings_dialogs import opened
from tests.support.settings_windows import all_windows
from tests.ui.settings.configs import EVERYTHING, EVERYTHING_DATA
from trayapp.core import i18n
from trayapp.core.config import Maintenance
from trayapp.core.models import Cause, CheckResult, Timings
from trayapp.core.probes import ping_blocked
from trayapp.ui.language import speak
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.maintenance import when_text, window_words
from trayapp.ui.settings.results import describe_results
from trayapp.ui.settings.saying import renamed_in_remote, save_failed, secrets_refused
from trayapp.ui.settings.sharing import services_count

CONFIG_WORDS = [
    *("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
    *("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"),
    *("alertmanager", "prometheus", "gatus", "uptime_kuma", "globalping", "none"),
    *("http", "tcp", "dns", "ping"),
]
"""Values of the config shown as the file writes them: methods, record types, kinds, check
types."""

DURATIONS = r"(\d+(\.\d+)?(ms|s|m|h|d))+"


@pytest.fixture
def everything(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(EVERYTHING, encoding="utf-8")
    return path


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    """trayapp and Qt in German for the test."""
    locale = QLocale()
    i18n.set_language("de")
    translator = speak(qapp, i18n.language())
    yield
    if translator is not None:
        qapp.removeTranslator(translator)
    QLocale.setDefault(locale)


def test_every_tab_and_editor_is_translated(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    with pseudo_locale():
        dialog, editors = all_windows(qtbot, everything, backend)
        texts = [text for window in [dialog, *editors] for text in widget_texts(window)]
    # The editors of each kind, and a check form of each type, are among them.
    titles = {editor.windowTitle() for editor in editors}
    assert len(titles) == 6, titles
    blocked = ping_blocked()  # the system's own words, when it lets no ping run
    assert_marked(
        texts,
        data=[*EVERYTHING_DATA, *CONFIG_WORDS, *([blocked] if blocked else [])],
        patterns=[DURATIONS],
    )


def test_an_unmarked_label_would_be_found(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    with pseudo_locale():
        dialog = opened(qtbot, everything, backend)
        dialog.forms["defaults"].layout().addRow(QLabel("Left in English"))
        texts = widget_texts(dialog)
    with pytest.raises(AssertionError, match="Left in English"):
        assert_marked(texts, data=[*EVERYTHING_DATA, *CONFIG_WORDS], patterns=[DURATIONS])


@pytest.mark.usefixtures("german")
def test_the_dialog_in_german(
    qtbot: QtBot, everything: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, everything, backend)
    assert dialog.windowTitle() == "trayapp-Einstellungen"
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == [
        "&Dienste",
        "&Quellen",
        "&Wartung",
        "&Allgemein",
        "&Benachrichtigungen",
        "&Netzwerk",
    ]
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).text() == "Speichern"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"

    interval = dialog.forms["defaults"].editor("interval")
    label = dialog.forms["defaults"].layout().labelForField(interval.parentWidget())
    assert isinstance(label, QLabel)
    assert label.text().replace("&", "") == "Intervall:"
    assert interval.toolTip() == "Wie oft jeder Dienst geprüft wird."
    assert interval.accessibleName() == "Intervall"
    assert interval.placeholderText() == ""
    timeout = dialog.forms["defaults"].editor("failure_threshold")
    assert timeout.accessibleDescription() == (
        "Fehlgeschlagene Prüfrunden in Folge, bevor ein Dienst als ausgefallen gilt."
    )

    editor = dialog.services_page.edit_entry(0)
    assert editor.windowTitle() == "Dienst bearbeiten"
    assert editor.timing_form.editor("interval").placeholderText() == "30s (aus Allgemein)"
    assert dialog.services_page.entry_list.item(0).text() == (
        "Shop    (Gruppe: Work, 4 Prüfungen, Statusseite, beobachtet von: prometheus)"
    )
    family = editor.check_forms[0].editor("ip_version")
    assert [family.itemText(i) for i in range(family.count())] == [
        "Vorgabe",
        "Nur IPv4",
        "Nur IPv6",
    ]
    window = dialog.maintenance_page.edit_entry(0)
    every = window.form.editor("every")
    assert every.currentText() == "sonntags"


@pytest.mark.usefixtures("german")
def test_when_a_window_holds_in_german() -> None:
    now = datetime(2026, 7, 5, 12, tzinfo=UTC)
    held = Maintenance(start="2026-07-05T11:00:00Z", end="2026-07-05T13:00:00Z")
    said = when_text(held, now)
    assert said.startswith("Jetzt in Kraft, bis So., 05. Juli 2026, "), said
    over = Maintenance(start="2026-07-01T11:00:00Z", end="2026-07-01T13:00:00Z")
    assert when_text(over, now) == "Vorbei: es ist schon zu Ende."


def test_what_the_dialog_says_in_words_is_translated() -> None:
    """The dialog's sentences made outside its widgets: test results, save failures,
    renames, imports, maintenance windows."""
    now = datetime(2026, 7, 5, 12, tzinfo=UTC)
    results = [
        CheckResult(
            type="http",
            target="https://shop.example/health",
            checked_at=now,
            elapsed_ms=31.5,
            timings=Timings(dns_ms=1.2, connect_ms=3.4, tls_ms=12.0, ttfb_ms=25.0),
        ),
        CheckResult(
            type="tcp",
            target="db.shop.example:5432",
            checked_at=now,
            elapsed_ms=3.0,
            cause=Cause.REFUSED,
        ),
    ]
    windows = [
        Maintenance(start="2026-07-05T11:00:00Z", end="2026-07-05T13:00:00Z"),
        Maintenance(every="weekday", window="02:00-04:00", timezone="Europe/Berlin"),
        Maintenance(every="sunday", window="02:00-04:00"),
    ]
    with pseudo_locale():
        said = [
            describe_results(results),
            describe_results([]),
            save_failed(OSError(13, "Permission denied"), Path("/home/me/config.toml")),
            save_failed(RuntimeError("boom"), Path("config.toml")),
            secrets_refused("no keyring"),
            renamed_in_remote("prometheus", "prom", 2),
            services_count(3),
            *(when_text(window, now) for window in windows),
            *(window_words(window) for window in windows),
        ]
    texts = [text for text in said for text in output_texts(text)]
    assert_marked(
        texts,
        data=[
            *EVERYTHING_DATA,
            *CONFIG_WORDS,
            "prom",
            "refused",  # a cause as the config and --json name it
            "RuntimeError",
            "OSError",
            "Permission denied",  # the system's words
            "no keyring",
            "boom",
        ],
        patterns=[DURATIONS],
    )
