"""Sources in the settings dialog: the Sources tab, a source's editor, and a service's remote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from tests.support.keyrings import FileKeyring
from tests.support.settings_dialogs import opened, press_ok, save
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.config.file import load_config
from trayapp.core.config.model import SOURCE_KINDS
from trayapp.core.config.secrets import KEYRING_SERVICE
from trayapp.ui.settings.backend import RuntimeSettingsBackend
from trayapp.ui.settings.dialog import SettingsDialog
from trayapp.ui.settings.sources import SOURCES_HINT, SourceEditor

FIXTURES = Path(__file__).parents[2] / "core" / "vendors" / "fixtures"

PLAIN = """\
# my services
[network]
canaries = []      # no network verdict in these tests

[[services]]
name = "Shop"                    # the one that pays
url = "https://shop.example/"
"""

WITH_SOURCES = """\
# what I watch, and what watches it too
[network]
canaries = []      # no network verdict in these tests

[[sources]]
name = "prometheus"              # the blackbox probes, three regions
kind = "prometheus"
url = "http://prometheus.example:9090"
query = 'probe_success{job="blackbox"}'
headers = { Authorization = { secret = "prometheus/Authorization" }, Accept = "application/json" }
interval = "30s"

[[sources]]
name = "gatus"
kind = "gatus"
url = "https://status.example/"  # the public dashboard
services = false

[[services]]
name = "Shop"                    # the one that pays
url = "https://shop.example/"
remote = [{ source = "prometheus" }, { source = "gatus", target = "core/shop" }]

[[services]]
name = "API"
url = "https://api.example/"
interval = "5m"

[[services.remote]]
source = "prometheus"            # probed from the regions
target = "https://api.example/health"
"""


OpenDialog = Callable[..., SettingsDialog]


@pytest.fixture
def open_dialog(qtbot: QtBot, tmp_path: Path, backend: RuntimeSettingsBackend) -> OpenDialog:
    """Opens the settings dialog on a config.toml of the text given, written in ``tmp_path``
    or in the folder given."""

    def open_(text: str, folder: Path = tmp_path) -> SettingsDialog:
        path = folder / "config.toml"
        path.write_text(text, encoding="utf-8")
        return opened(qtbot, path, backend)

    return open_


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick ``text`` in ``combo`` with the keyboard: Home, then Down to it."""
    index = combo.findText(text)
    assert index >= 0, text
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def fill_in(qtbot: QtBot, editor: SourceEditor, kind: str, name: str, url: str) -> None:
    form = editor.form
    qtbot.keyClicks(form.editor("name"), name)
    choose(qtbot, form.editor("kind"), kind)
    qtbot.keyClicks(form.editor("url"), url)


# --- the Sources tab -----------------------------------------------------------------------


def test_the_sources_tab_says_what_a_source_is(open_dialog: OpenDialog) -> None:
    dialog = open_dialog(PLAIN)
    index = dialog.tabs.indexOf(dialog.sources_page)
    assert dialog.tabs.tabText(index) == "Sour&ces"
    hints = [label.text() for label in dialog.sources_page.findChildren(QLabel)]
    assert SOURCES_HINT in hints
    assert SOURCES_HINT == (
        "Monitoring systems you already run — Prometheus, Alertmanager, Gatus, Uptime Kuma — "
        "read for what they see from elsewhere."
    )
    assert dialog.sources_page.entries == []
    assert not dialog.sources_page.buttons["edit"].isEnabled()


def test_add_a_source_of_each_kind_and_save_them_with_the_comments(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(PLAIN)
    path = dialog.loaded.path
    page = dialog.sources_page
    for kind in SOURCE_KINDS:
        page.buttons["add"].click()
        editor = page.findChildren(SourceEditor)[-1]
        assert editor.isVisible()
        url = f"https://{kind.replace('_', '-')}.example/"
        if kind == "uptime_kuma":
            url += "status/main"
        fill_in(qtbot, editor, kind, f"my {kind}", url)
        if kind == "prometheus":
            qtbot.keyClicks(editor.form.editor("query"), 'probe_success{job="blackbox"}')
            editor.form.editor("vantage_label").setText("region")
        if kind == "gatus":
            editor.form.editor("services").click()
            qtbot.keyClicks(editor.form.editor("interval"), "2m")
        press_ok(editor)
        assert not editor.isVisible()
    assert [s.kind for s in page.entries] == list(SOURCE_KINDS)
    assert path.read_text(encoding="utf-8") == PLAIN  # nothing written before Save

    saved = save(qtbot, dialog)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(PLAIN)  # every comment kept, the service untouched
    assert text[len(PLAIN) :] == (
        "\n"
        "[[sources]]\n"
        'name = "my alertmanager"\n'
        'kind = "alertmanager"\n'
        'url = "https://alertmanager.example/"\n'
        "\n"
        "[[sources]]\n"
        'name = "my prometheus"\n'
        'kind = "prometheus"\n'
        'url = "https://prometheus.example/"\n'
        'query = "probe_success{job=\\"blackbox\\"}"\n'
        'vantage_label = "region"\n'
        "\n"
        "[[sources]]\n"
        'name = "my gatus"\n'
        'kind = "gatus"\n'
        'url = "https://gatus.example/"\n'
        "services = false\n"
        'interval = "2m"\n'
        "\n"
        "[[sources]]\n"
        'name = "my uptime_kuma"\n'
        'kind = "uptime_kuma"\n'
        'url = "https://uptime-kuma.example/status/main"\n'
    )
    assert saved.config == load_config(path).config
    prometheus = saved.config.sources[1]
    assert (prometheus.promql, prometheus.vantage_label) == (
        'probe_success{job="blackbox"}',
        "region",
    )


def test_a_query_on_another_kind_gets_the_loader_s_message_under_it(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(PLAIN)
    editor = dialog.sources_page.add_entry()
    fill_in(qtbot, editor, "alertmanager", "alerts", "http://alertmanager.example:9093")
    qtbot.keyClicks(editor.form.editor("query"), "up")
    message = "source 'alerts': query is read by kind prometheus only, not alertmanager"
    assert editor.form.problem_text("query") == message  # while typing, under the field
    press_ok(editor)
    assert editor.isVisible()  # refused
    assert dialog.sources_page.entries == []
    choose(qtbot, editor.form.editor("kind"), "prometheus")
    assert editor.form.problem_text("query") == ""
    press_ok(editor)
    assert not editor.isVisible()
    assert dialog.sources_page.entries[0].promql == "up"


def test_a_second_source_may_not_take_a_name_in_use(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(WITH_SOURCES)
    editor = dialog.sources_page.add_entry()
    fill_in(qtbot, editor, "gatus", "Gatus", "https://gatus.example/")
    press_ok(editor)
    assert editor.isVisible()
    assert editor.form.problem_text("name") == "another source is called 'Gatus'"
    editor.form.editor("name").setText("gatus/eu")
    editor.build()
    assert editor.form.problem_text("name") == (
        "not a source's name: 'gatus/eu' (one word or a few, without '/')"
    )


def test_duplicate_reorder_and_remove_sources(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    dialog = open_dialog(WITH_SOURCES)
    path = dialog.loaded.path
    page = dialog.sources_page
    page.entry_list.setCurrentRow(1)
    page.buttons["duplicate"].click()
    assert [s.name for s in page.entries] == ["prometheus", "gatus", "gatus (2)"]
    page.buttons["up"].click()
    assert [s.name for s in page.entries] == ["prometheus", "gatus (2)", "gatus"]
    page.entry_list.setCurrentRow(2)
    page.buttons["remove"].click()
    assert [s.name for s in page.entries] == ["prometheus", "gatus (2)"]
    assert "no source named 'gatus'" in page.problem_text()  # Shop names it
    page.entry_list.setCurrentRow(1)
    page.buttons["edit"].click()
    (editor,) = page.findChildren(SourceEditor)
    editor.form.editor("name").setText("gatus")
    press_ok(editor)
    assert page.problem_text() == ""
    save(qtbot, dialog)
    assert [s.name for s in load_config(path).config.sources] == ["prometheus", "gatus"]


# --- secrets -------------------------------------------------------------------------------


def test_a_source_s_secret_header_goes_to_the_keyring_and_only_its_name_to_the_file(
    qtbot: QtBot,
    backend: RuntimeSettingsBackend,
    pages: VendorPages,
    keyring_file: FileKeyring,
    open_dialog: OpenDialog,
) -> None:
    statuses = (FIXTURES / "gatus_statuses.json").read_bytes()
    pages.serve("/api/v1/endpoints/statuses", Page(statuses))
    dialog = open_dialog(PLAIN)
    path = dialog.loaded.path
    editor = dialog.sources_page.add_entry()
    fill_in(qtbot, editor, "gatus", "gatus", pages.url("/"))
    editor.headers.add_button.click()
    name, value, secret = editor.headers.row_widgets(0)
    qtbot.keyClicks(name, "Authorization")
    qtbot.keyClicks(value, "Bearer s3cret")
    secret.click()
    # Test now sends the typed value, not yet stored anywhere.
    editor.test_button.click()
    assert not editor.test_button.isEnabled()
    qtbot.waitUntil(editor.test_button.isEnabled)
    lines = editor.test_result.toPlainText().splitlines()
    assert lines[0].startswith("Read: "), lines
    assert any(line == "frontend: up from gatus" for line in lines), lines
    (request,) = pages.hits("/api/v1/endpoints/statuses")
    assert request.headers["authorization"] == "Bearer s3cret"
    assert keyring_file.entries() == {}
    press_ok(editor)
    assert dialog.pending_secret_names == ["gatus/Authorization"]

    save(qtbot, dialog)
    assert keyring_file.entries() == {KEYRING_SERVICE: {"gatus/Authorization": "Bearer s3cret"}}
    text = path.read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert 'headers = {Authorization = {secret = "gatus/Authorization"}}\n' in text

    # Opened again, the secret shows where it is kept, not what it is; the test still reads it.
    again = opened(qtbot, path, backend)
    editor = again.sources_page.edit_entry(0)
    _, value, secret = editor.headers.row_widgets(0)
    assert (value.text(), secret.isChecked()) == ("", True)
    assert "gatus/Authorization" in value.toolTip()
    editor.test_button.click()
    qtbot.waitUntil(lambda: len(pages.hits("/api/v1/endpoints/statuses")) == 2)
    qtbot.waitUntil(editor.test_button.isEnabled)
    assert pages.hits("/api/v1/endpoints/statuses")[1].headers["authorization"] == "Bearer s3cret"
    assert editor.test_result.toPlainText().startswith("Read: ")


def test_a_service_s_new_secret_does_not_take_the_name_of_a_source_s(
    qtbot: QtBot, keyring_file: FileKeyring, open_dialog: OpenDialog
) -> None:
    # A service called like a source would name its secret as the source's is named.
    text = WITH_SOURCES.replace('name = "API"', 'name = "prometheus"')
    dialog = open_dialog(text)
    editor = dialog.services_page.edit_entry(1)
    check = editor.add_check("http")
    check.editor("url").setText("https://api.example/")
    check.editor("headers").add_row("Authorization", "Bearer mine", secret=True)
    press_ok(editor)
    assert dialog.pending_secret_names == ["prometheus/Authorization (2)"]
    save(qtbot, dialog)
    assert keyring_file.entries() == {
        KEYRING_SERVICE: {"prometheus/Authorization (2)": "Bearer mine"}
    }


# --- a service's remote --------------------------------------------------------------------


def test_a_service_names_a_source_in_its_remote(qtbot: QtBot, open_dialog: OpenDialog) -> None:
    text = WITH_SOURCES.replace(
        'remote = [{ source = "prometheus" }, { source = "gatus", target = "core/shop" }]\n', ""
    )
    dialog = open_dialog(text)
    path = dialog.loaded.path
    editor = dialog.services_page.edit_entry(0)
    editor.tabs.setCurrentIndex(editor.tabs.indexOf(editor.tabs.widget(2)))
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "&Remote"
    remote = editor.remote
    remote.add_button.click()
    source = remote.row_widgets(0)["source"]
    assert isinstance(source, QComboBox)
    assert [source.itemText(i) for i in range(source.count())] == ["prometheus", "gatus"]
    choose(qtbot, source, "gatus")
    target = remote.row_widgets(0)["target"]
    assert target.placeholderText() == "the service's URL"
    qtbot.keyClicks(target, "core/shop")
    remote.add_button.click()  # the first source, on the service's URL
    press_ok(editor)
    assert not editor.isVisible()
    assert "remote: gatus, prometheus" in dialog.services_page.entry_list.item(0).text()

    save(qtbot, dialog)
    written = path.read_text(encoding="utf-8")
    shop = written.index('name = "Shop"')
    assert written[shop : written.index('name = "API"')] == (
        'name = "Shop"                    # the one that pays\n'
        'url = "https://shop.example/"\n'
        'remote = [{source = "gatus", target = "core/shop"}, {source = "prometheus"}]\n'
        "\n"
        "[[services]]\n"
    )
    service = load_config(path).config.services[0]
    assert [(r.source, service.remote_target(r)) for r in service.remote] == [
        ("gatus", "core/shop"),
        ("prometheus", "https://shop.example/"),
    ]


def test_without_sources_the_remote_tab_says_where_to_add_one(open_dialog: OpenDialog) -> None:
    dialog = open_dialog(PLAIN)
    editor = dialog.services_page.edit_entry(0)
    assert not editor.remote.add_button.isEnabled()
    hints = [label.text() for label in editor.findChildren(QLabel)]
    assert "No sources yet: add one in the Sources tab of the settings first." in hints


# --- the file, kept as it was --------------------------------------------------------------


def test_a_config_with_sources_saved_unchanged_is_the_same_file(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_SOURCES)
    path = dialog.loaded.path
    # Every editor opened and closed with OK: what it gives back is what it was given.
    for row in range(len(dialog.sources_page.entries)):
        editor = dialog.sources_page.edit_entry(row)
        press_ok(editor)
        assert not editor.isVisible()
    for row in range(len(dialog.services_page.entries)):
        service_editor = dialog.services_page.edit_entry(row)
        press_ok(service_editor)
        assert not service_editor.isVisible()
    assert dialog.pending_secret_names == []
    save(qtbot, dialog)
    assert path.read_bytes() == WITH_SOURCES.encode("utf-8")


# --- a source that services name -----------------------------------------------------------


def test_removing_a_source_that_services_name_is_said_and_not_saved(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_SOURCES)
    path = dialog.loaded.path
    page = dialog.sources_page
    page.remove_entry(1)  # gatus, named by Shop
    message = "services[0].remote[1].source: service 'Shop': no source named 'gatus' (sources: "
    message += "'prometheus')"
    assert page.problem_text().splitlines()[0] == message
    assert dialog.services_page.problem_text() == page.problem_text()
    assert not dialog.services_page.problems.isHidden()
    with qtbot.assertNotEmitted(dialog.saved):
        dialog.save_button.click()
    assert dialog.message.text() == f"Not saved:\n{message}"
    assert dialog.isVisible()
    assert path.read_text(encoding="utf-8") == WITH_SOURCES

    # The service's editor says it too, under its remote, and will not take it as it is.
    editor = dialog.services_page.edit_entry(0)
    press_ok(editor)
    assert editor.isVisible()
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "&Remote"
    assert editor.remote_form.problem_text("remote") == (
        "row 2, source: service 'Shop': no source named 'gatus' (sources: 'prometheus')"
    )
    editor.remote.table.setCurrentCell(1, 1)
    editor.remote.remove_button.click()
    press_ok(editor)
    assert not editor.isVisible()
    assert page.problem_text() == ""
    assert dialog.services_page.problems.isHidden()
    save(qtbot, dialog)
    text = path.read_text(encoding="utf-8")
    assert "gatus" not in text
    assert load_config(path).config.services[0].remote[0].source == "prometheus"


def test_a_renamed_source_is_followed_by_the_services_that_name_it(
    qtbot: QtBot, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_SOURCES)
    path = dialog.loaded.path
    editor = dialog.sources_page.edit_entry(0)
    editor.form.editor("name").setText("blackbox")
    press_ok(editor)
    assert dialog.message.text() == (
        "Renamed source 'prometheus' to 'blackbox' in the remote of 2 services."
    )
    assert dialog.sources_page.problem_text() == ""
    save(qtbot, dialog)
    config = load_config(path).config
    assert [[r.source for r in s.remote] for s in config.services] == [
        ["blackbox", "gatus"],
        ["blackbox"],
    ]
    # The secret keeps its name in the keyring: the file still points at it.
    assert config.sources[0].secrets == {"Authorization": "prometheus/Authorization"}


def test_export_takes_the_sources_the_services_name_and_import_brings_them(
    qtbot: QtBot, tmp_path: Path, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(WITH_SOURCES)
    exported = tmp_path / "shared.toml"
    dialog.export_services(exported)
    qtbot.waitUntil(lambda: dialog.message.text().startswith(("Exported", "Not exported")))
    assert dialog.message.text() == f"Exported 2 services to {exported}."
    shared = load_config(exported).config
    assert [s.name for s in shared.sources] == ["prometheus", "gatus"]

    other = tmp_path / "other"
    other.mkdir()
    elsewhere = open_dialog(PLAIN, other)
    elsewhere.import_services(exported)
    qtbot.waitUntil(lambda: elsewhere.message.text().startswith(("Imported", "Not imported")))
    assert elsewhere.message.text() == "Imported 2 services and 2 sources; save to keep them."
    assert [s.name for s in elsewhere.sources_page.entries] == ["prometheus", "gatus"]
    assert [s.name for s in elsewhere.services_page.entries] == ["Shop", "Shop (2)", "API"]
    assert elsewhere.sources_page.problem_text() == ""
