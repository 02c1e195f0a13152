"""A service's group in the settings: typed or picked from the groups in use, shown in the
list, saved as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.settings_dialogs import opened, press_ok, save
from tests.ui.settings.configs import CONFIG
from trayapp.core.config import load_config
from trayapp.ui.settings.backend import RuntimeSettingsBackend

GROUPED = (
    CONFIG
    + 'group = "Work"\n'
    + """
[[services]]
name = "Mail"
url = "https://mail.test/"
group = "work"

[[services]]
name = "NAS"
url = "https://nas.test/"
group = "Home"

[[services]]
name = "Blog"
url = "https://blog.test/"
"""
)


@pytest.fixture
def grouped_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(GROUPED, encoding="utf-8")
    return path


def test_the_groups_in_use_are_offered_and_one_picked_is_saved(
    qtbot: QtBot, grouped_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, grouped_file, backend)
    titles = [dialog.services_page.entry_list.item(i).text() for i in range(4)]
    assert titles[0] == "Twitter    (group: Work, 1 check, status page)"
    assert titles[3] == "Blog    (1 check)"
    assert "group: Home" in dialog.services_page.entry_list.item(2).toolTip()

    editor = dialog.services_page.edit_entry(3)
    group = editor.main_form.editor("group")
    assert "group" not in editor.timing_form.names  # on the Service tab, not with the timing
    assert group.currentText() == ""
    # One entry a group, as its first service spells it.
    assert [group.itemText(i) for i in range(group.count())] == ["Work", "Home"]
    group.setCurrentIndex(1)
    group.activated.emit(1)
    press_ok(editor)
    assert not editor.isVisible()
    assert dialog.services_page.entry_list.item(3).text() == "Blog    (group: Home, 1 check)"
    save(qtbot, dialog)
    assert grouped_file.read_text(encoding="utf-8") == GROUPED + 'group = "Home"\n'
    assert load_config(grouped_file).config.services[3].group == "Home"


def test_a_new_group_is_typed_and_a_bad_one_is_said_by_the_field(
    qtbot: QtBot, grouped_file: Path, backend: RuntimeSettingsBackend
) -> None:
    dialog = opened(qtbot, grouped_file, backend)
    editor = dialog.services_page.edit_entry(2)
    group = editor.main_form.editor("group")
    assert group.currentText() == "Home"
    assert [group.itemText(i) for i in range(group.count())] == ["Work"]  # the others'

    group.lineEdit().clear()
    qtbot.keyClicks(group.lineEdit(), "x" * 101)
    press_ok(editor)
    assert editor.isVisible()
    assert "at most 100 characters" in editor.main_form.problem_text("group")

    group.lineEdit().clear()
    qtbot.keyClicks(group.lineEdit(), "Family")
    press_ok(editor)
    assert not editor.isVisible()

    editor = dialog.services_page.edit_entry(0)
    group = editor.main_form.editor("group")
    group.lineEdit().clear()  # left empty: the key goes, the service stands alone
    qtbot.keyClicks(group.lineEdit(), " ")
    press_ok(editor)
    save(qtbot, dialog)
    services = load_config(grouped_file).config.services
    assert [s.group for s in services] == [None, "work", "Family", None]
