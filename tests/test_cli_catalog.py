"""`trayapp catalog` and `trayapp add`: real files, the shipped catalogue, the real command.

The shipped catalogue grows; these tests take their entries from it rather than naming them
(tests/core/catalog and tests/core/report test fixed entries of a small catalogue).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.support.examples import CONTRACT_EXAMPLE
from trayapp.cli import main
from trayapp.core.catalog import load_catalog
from trayapp.core.config import load_config

CATALOG = load_catalog()
ENTRY = next(entry for entry in CATALOG if entry.components and entry.hosts)
COMPONENT = ENTRY.components[0]
OTHER = next(entry for entry in CATALOG if entry is not ENTRY)
KEYS = {"name", "url", "status_page", "platform", "aliases", "components"}


def run(python: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "trayapp", *args], env=env, capture_output=True, text=True, timeout=60
    )


def services(path: Path) -> list[dict[str, object]]:
    config = load_config(path, missing_ok=False).config
    return [
        s.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for s in config.services
    ]


def test_catalog_json_lists_every_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [entry.as_json() for entry in CATALOG.search("")]
    assert len(listed) == len(CATALOG)
    assert all(item.keys() >= KEYS for item in listed)
    assert [item["name"] for item in listed] == sorted(
        (item["name"] for item in listed), key=str.casefold
    )


def test_catalog_json_puts_the_best_match_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--json", *ENTRY.name.lower().split()]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0] == ENTRY.as_json()
    component = listed[0]["components"][0]
    assert component["full_name"] == ENTRY.component_name(COMPONENT)
    assert main(["catalog", "--json", "qqqq", "zzzz"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_catalog_text_is_a_line_per_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == 0
    lines = capsys.readouterr().out.splitlines()
    starts = [line for line in lines if not line.startswith(" ")][:-1]
    assert [line.split("  ")[0].strip() for line in starts] == [e.name for e in CATALOG.search("")]
    assert lines[-1].startswith(f"{len(CATALOG)} services; 'trayapp add NAME'")
    assert main(["catalog", ENTRY.component_name(COMPONENT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(ENTRY.name)
    assert f"  {ENTRY.component_name(COMPONENT)}" in lines


def test_catalog_finding_nothing_says_so_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "qqqq"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('Nothing in the catalogue matches "qqqq".\n')


def test_add_creates_a_missing_file_with_the_services_asked_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "new" / "config.toml"
    full = ENTRY.component_name(COMPONENT)
    address = f"https://www.{ENTRY.hosts[0]}/somewhere"
    part = ENTRY.choice(COMPONENT)
    assert main(["--config", str(path), "add", ENTRY.name.upper(), full, address]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f'added "{ENTRY.name}": {ENTRY.url}, status page {ENTRY.status_page}',
        f'added "{full}": {part.url}, status page {part.status_page}'
        + (f', component "{part.status_component}"' if part.status_component else ""),
        f'added "www.{ENTRY.hosts[0]}": {address}, status page {ENTRY.status_page}',
    ]
    assert err == f"trayapp: created {path}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert services(path) == [
        ENTRY.choice().service_table(),
        ENTRY.choice(COMPONENT).service_table(),
        {"name": f"www.{ENTRY.hosts[0]}", "url": address, "status_page": ENTRY.status_page},
    ]
    # The commented example `config init` writes, its example service left out.
    text = path.read_text()
    assert "[defaults]" in text
    assert "# A service is something you care about." in text
    assert '\nname = "Example"' not in text


def test_add_keeps_the_files_comments_and_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    assert main(["add", "--config", str(path), OTHER.name, ENTRY.name]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert path.read_text().startswith(CONTRACT_EXAMPLE)
    assert [s["name"] for s in services(path)] == [
        "Twitter",
        "Twitter mobile",
        OTHER.name,
        ENTRY.name,
    ]


def test_add_refuses_a_name_already_there_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("TRAYAPP_CONFIG", str(path))
    assert main(["add", ENTRY.name]) == 0
    capsys.readouterr()
    before = path.read_bytes()
    assert main(["add", OTHER.name, ENTRY.name.lower()]) == 3
    out, err = capsys.readouterr()
    assert (out, err) == ("", f'trayapp: "{ENTRY.name}" is already in {path}\n')
    assert path.read_bytes() == before


def test_add_refuses_every_unknown_name_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    misspelt = ENTRY.name + "q"
    args = ["--config", str(path), "add", ENTRY.name, misspelt, "ftp://files.test/", "qqqqqqqq"]
    assert main(args) == 3
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f'trayapp: "{misspelt}" is neither in the catalogue nor an http')
    assert f'did you mean "{ENTRY.name}"' in lines[0]
    assert lines[1] == 'trayapp: "ftp://files.test/" is not an http(s) address'
    assert lines[2].startswith('trayapp: "qqqqqqqq" is neither')
    assert not path.exists()


def test_add_to_a_broken_file_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[defaults\ninterval = 5\n")
    assert main(["--config", str(path), "add", ENTRY.name]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{path}:1: invalid TOML: ")
    assert err.endswith(f"trayapp: nothing added; {path} has to be mended first\n")
    assert path.read_bytes() == b"[defaults\ninterval = 5\n"


def test_add_needs_something_to_add(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--config", str(tmp_path / "c.toml"), "add"]) == 3
    assert "the following arguments are required: NAME|URL" in capsys.readouterr().err
    assert not (tmp_path / "c.toml").exists()


def test_the_real_commands(python: str, child_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    listed = run(python, child_env, "catalog", "--json")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert [item["name"] for item in json.loads(listed.stdout)] == [
        e.name for e in CATALOG.search("")
    ]
    added = run(python, child_env, "--config", str(path), "add", ENTRY.name)
    assert (added.returncode, added.stderr) == (0, f"trayapp: created {path}\n")
    assert added.stdout.startswith(f'added "{ENTRY.name}": ')
    assert [s["name"] for s in services(path)] == [ENTRY.name]
    again = run(python, child_env, "--config", str(path), "add", ENTRY.name)
    assert (again.returncode, again.stdout) == (3, "")
    assert again.stderr == f'trayapp: "{ENTRY.name}" is already in {path}\n'


def test_a_file_that_cannot_be_written_is_one_line_and_untouched(
    python: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    folder.chmod(0o500)  # the new text goes to a temporary file in the folder first
    command = [python, "-m", "trayapp", "--config", str(path), "add", ENTRY.name]
    if os.geteuid() == 0:  # root writes anywhere: drop the capability that lets it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop write permission")
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", *command]
    try:
        done = subprocess.run(command, env=child_env, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o700)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (f"trayapp: {path}: cannot write: Permission denied; nothing added\n")
    assert path.read_text() == CONTRACT_EXAMPLE


def test_neither_command_imports_qt(python: str, child_env: dict[str, str], tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from trayapp.cli import main\n"
        "assert main(['catalog']) == 0\n"
        f"assert main(['--config', {str(tmp_path / 'c.toml')!r}, 'add', {ENTRY.name!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run(
        [python, "-c", code], env=child_env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == "[]"
