"""The forms of a service's checks: every type of the model offered, the ping check's fields
and words, and what the editor says where this system lets no ping check run."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.core.probes.test_icmp import may_ping
from tests.support.settings_dialogs import opened, press_ok, save
from tests.ui.settings.configs import CONFIG
from trayapp.core.config import CHECK_TYPES, PingCheck, load_config
from trayapp.ui.settings import checkforms
from trayapp.ui.settings.backend import RuntimeSettingsBackend

BLOCKED = "this system does not allow unprivileged ping (...); allow it with: sudo sysctl ..."


def test_every_type_of_check_is_offered(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    editor = opened(qtbot, config_file, backend).services_page.add_entry()
    offered = [editor.check_type.itemText(i) for i in range(editor.check_type.count())]
    assert offered == list(CHECK_TYPES) == ["http", "tcp", "dns", "ping"]


def test_a_ping_check_is_added_worded_and_saved(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, config_file, backend)
    editor = dialog.services_page.add_entry()
    editor.main_form.editor("name").setText("NAS")
    editor.check_type.setCurrentText("ping")
    editor.add_check_button.click()
    (form,) = editor.check_forms
    assert form.names == ["host", "count", "timeout", "ip_version"]
    labels = [
        w.text().replace("&", "") for w in form.findChildren(QLabel) if w.text()
    ]  # shortcut marks aside
    assert "IP version:" in labels
    family = form.editor("ip_version")
    assert [family.itemText(i) for i in range(family.count())] == [
        "default",
        "IPv4 only",
        "IPv6 only",
    ]
    assert form.editor("count").value() == 3

    form.editor("host").setText("fd00::1")
    family.setCurrentIndex(1)  # IPv4 only: not for an IPv6 address
    press_ok(editor)
    assert editor.isVisible()
    assert form.problem_text("ip_version") == "fd00::1 is an IPv6 address, but ip_version is 4"
    form.editor("host").setText("nas.lan")
    form.editor("count").setValue(5)
    press_ok(editor)
    assert not editor.isVisible()
    assert editor.check_list.item(0).text() == "ping  nas.lan"

    saved = save(qtbot, dialog)
    text = config_file.read_text(encoding="utf-8")
    assert text[len(CONFIG) :] == (
        "\n"
        "[[services]]\n"
        'name = "NAS"\n'
        "\n"
        "[[services.checks]]\n"
        'type = "ping"\n'
        'host = "nas.lan"\n'
        "count = 5\n"
        "ip_version = 4\n"
    )
    (check,) = saved.config.services[1].checks
    assert check == PingCheck(type="ping", host="nas.lan", count=5, ip_version=4)
    assert saved.config == load_config(config_file).config

    again = opened(qtbot, config_file, backend).services_page.edit_entry(1)
    assert again.check_forms[0].editor("ip_version").currentText() == "IPv4 only"


@pytest.mark.skipif(not may_ping(), reason="this user may not ping here")
def test_where_ping_is_allowed_the_editor_says_nothing_of_it(
    qtbot: QtBot, config_file: Path, backend: RuntimeSettingsBackend
) -> None:
    editor = opened(qtbot, config_file, backend).services_page.add_entry()
    editor.add_check("ping")
    assert editor.ping_note.isHidden()
    assert editor.ping_note.text() == ""


def test_where_ping_is_not_allowed_the_checks_tab_says_how_to_allow_it(
    qtbot: QtBot,
    config_file: Path,
    backend: RuntimeSettingsBackend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What the system says is the icmp module's, tested there against real namespaces.
    asked: list[int] = []
    monkeypatch.setattr(checkforms, "ping_blocked", lambda: asked.append(1) or BLOCKED)
    editor = opened(qtbot, config_file, backend).services_page.add_entry()
    editor.add_check("http")
    assert editor.ping_note.isHidden()
    assert asked == []  # no ping check, no question
    editor.add_check("ping")
    assert not editor.ping_note.isHidden()
    assert editor.ping_note.text() == f"Ping checks cannot run here: {BLOCKED}."
    editor.add_check("ping")
    assert asked == [1]  # asked once an editor
    editor.check_list.setCurrentRow(2)
    editor.remove_check_button.click()
    assert not editor.ping_note.isHidden()  # one left
    editor.check_list.setCurrentRow(1)
    editor.remove_check_button.click()
    assert editor.ping_note.isHidden()
