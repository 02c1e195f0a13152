"""The picker that saves: what is chosen goes into config.toml at once, comments kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from trayapp.core.autostart import Autostart
from trayapp.core.config import Config, LoadedConfig, Service, load_config
from trayapp.runtime import Runtime
from trayapp.ui.catalog import ConfigPicker, with_services
from trayapp.ui.settings.backend import RuntimeSettingsBackend

CONFIG = """\
# my own settings, with notes
[network]
canaries = []  # no network verdict here

[[services]]
name = "Slack"  # work chat
url = "https://slack.test/"
"""


@pytest.fixture
def backend(runtime: Runtime, catalog_file: Path) -> RuntimeSettingsBackend:
    return RuntimeSettingsBackend(
        runtime, notify=lambda: None, autostart=Autostart(platform="linux"), catalog=catalog_file
    )


def opened(qtbot: QtBot, path: Path, backend: RuntimeSettingsBackend) -> ConfigPicker:
    picker = ConfigPicker(load_config(path), backend)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0)
    return picker


def add(qtbot: QtBot, picker: ConfigPicker, *names: str) -> LoadedConfig:
    for name in names:
        picker.search_field.setText(name)
        assert picker.model.toggle(picker.model.index_of(name))
    got: list[LoadedConfig] = []
    picker.saved.connect(got.append)
    picker.add_button.click()
    qtbot.waitUntil(lambda: bool(got))
    (loaded,) = got
    return loaded


def test_what_is_added_is_saved_with_the_file_s_comments(
    qtbot: QtBot, tmp_path: Path, backend: RuntimeSettingsBackend
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    picker = opened(qtbot, path, backend)
    assert picker.model.is_taken("Slack")
    loaded = add(qtbot, picker, "GitHub Actions", "AWS EC2 us-east-1")
    assert not picker.isVisible()
    text = path.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # every comment and line kept, the new ones after
    assert tomllib.loads(text)["services"][1:] == [
        {
            "name": "GitHub Actions",
            "url": "https://github.test",
            "status_page": "https://www.githubstatus.test",
            "status_component": "Actions",
        },
        {
            "name": "AWS EC2 us-east-1",
            "url": "https://aws.amazon.test",
            "status_page": "https://health.aws.test/ec2-us-east-1.rss",
        },
    ]
    assert [s.name for s in loaded.config.services] == [
        "Slack",
        "GitHub Actions",
        "AWS EC2 us-east-1",
    ]
    assert loaded.fingerprint == load_config(path).fingerprint


def test_without_a_file_one_is_made(
    qtbot: QtBot, tmp_path: Path, backend: RuntimeSettingsBackend
) -> None:
    path = tmp_path / "new" / "config.toml"
    picker = opened(qtbot, path, backend)
    add(qtbot, picker, "Zoom")
    assert [s.name for s in load_config(path).config.services] == ["Zoom"]


def test_what_changed_on_disk_meanwhile_is_kept(
    qtbot: QtBot, tmp_path: Path, backend: RuntimeSettingsBackend
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    picker = opened(qtbot, path, backend)
    edited = CONFIG + '\n[[services]]\nname = "Zoom"\nurl = "https://zoom.test/"\n'
    path.write_text(edited, encoding="utf-8")  # in an editor, while the picker was open
    add(qtbot, picker, "Zoom", "GitLab")  # Zoom is on disk now: not added twice
    text = path.read_text(encoding="utf-8")
    assert text.startswith(edited)
    assert [s["name"] for s in tomllib.loads(text)["services"]] == ["Slack", "Zoom", "GitLab"]


def test_a_file_broken_meanwhile_is_not_written_and_the_picker_says_why(
    qtbot: QtBot, tmp_path: Path, backend: RuntimeSettingsBackend
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    picker = opened(qtbot, path, backend)
    path.write_text("[network\n", encoding="utf-8")
    picker.search_field.setText("Zoom")
    picker.model.toggle(picker.model.index_of("Zoom"))
    with qtbot.assertNotEmitted(picker.saved):
        picker.add_button.click()
        qtbot.waitUntil(lambda: picker.message.text().startswith("Not saved:"))
    assert str(path) in picker.message.text()
    assert picker.isVisible()
    assert picker.add_button.isEnabled()  # mend the file, and try again
    assert path.read_text(encoding="utf-8") == "[network\n"


def test_with_services_adds_only_new_names() -> None:
    first = with_services(Config(), [Service(name="A", url="https://a.test/")])
    again = with_services(
        first, [Service(name="a ", url="https://b.test/"), Service(name="B", url="https://b.test/")]
    )
    assert [s.name for s in again.services] == ["A", "B"]
