"""The package as others see it: importing it has no side effects; the core has no Qt."""

from __future__ import annotations

import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

import trayapp
import trayapp.core.config
import trayapp.core.config.durations
import trayapp.core.config.file
import trayapp.core.config.model

ROOT = Path(__file__).resolve().parents[1]


def test_importing_every_module_creates_no_files(python: str, child_env: dict[str, str]) -> None:
    home = Path(child_env["HOME"])
    before = sorted(home.rglob("*"))
    code = (
        "import pkgutil, importlib, trayapp\n"
        "for m in pkgutil.walk_packages(trayapp.__path__, 'trayapp.'):\n"
        "    if m.name != 'trayapp.__main__': importlib.import_module(m.name)\n"
    )
    subprocess.run([python, "-c", code], env=child_env, check=True, timeout=60)
    assert sorted(home.rglob("*")) == before


def test_the_core_never_imports_qt(python: str, child_env: dict[str, str]) -> None:
    code = (
        "import pkgutil, importlib, sys, trayapp.core\n"
        "for m in pkgutil.walk_packages(trayapp.core.__path__, 'trayapp.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'trayapp.ui'))))\n"
    )
    result = subprocess.run(
        [python, "-c", code], env=child_env, check=True, timeout=60, capture_output=True, text=True
    )
    assert result.stdout == "[]\n"


def test_public_api() -> None:
    assert trayapp.__all__ == ["__version__"]
    assert set(trayapp.core.config.durations.__all__) == {
        "DurationError",
        "format_duration",
        "parse_duration",
    }
    assert {"Config", "Service", "HttpCheck", "TcpCheck", "DnsCheck"} <= set(
        trayapp.core.config.model.__all__
    )
    assert {"load_config", "save_config", "ConfigError", "LoadedConfig"} <= set(
        trayapp.core.config.file.__all__
    )
    # The package's face offers what its rooms do: callers import from it.
    face = set(trayapp.core.config.__all__)
    assert set(trayapp.core.config.model.__all__) <= face
    assert set(trayapp.core.config.file.__all__) <= face
    assert set(trayapp.core.config.durations.__all__) <= face


def test_the_version_is_said_once_in_each_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == trayapp.__version__


def test_the_wheel_carries_the_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hatchling.build import build_wheel

    monkeypatch.chdir(ROOT)
    wheel = tmp_path / build_wheel(str(tmp_path))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "trayapp/resources/icons/trayapp.svg" in names
    assert "trayapp/resources/config.schema.json" in names
    assert "trayapp/core/config/model.py" in names
    assert not any(name.startswith("tests/") for name in names)


def test_the_contract_carries_the_example_the_tests_load() -> None:
    from tests.support.examples import CONTRACT_EXAMPLE

    contract = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    assert CONTRACT_EXAMPLE in contract


def test_a_face_imports_a_room_only_when_its_names_are_used(
    python: str, child_env: dict[str, str]
) -> None:
    """trayapp check must not load the monitor it never runs: faces are lazy."""
    code = (
        "import sys\n"
        "from trayapp.core.report.check import check_services\n"
        "from trayapp.core.monitor.events import Notification\n"
        "print(sorted(m for m in ('trayapp.core.monitor.engine', 'trayapp.core.monitor.loop',"
        " 'trayapp.core.monitor.ledger', 'trayapp.core.report.texts') if m in sys.modules))\n"
        "from trayapp.core.monitor import Engine\n"
        "print('trayapp.core.monitor.engine' in sys.modules, Engine.__module__)\n"
    )
    done = subprocess.run(
        [python, "-c", code], env=child_env, check=True, timeout=60, capture_output=True, text=True
    )
    assert done.stdout == "[]\nTrue trayapp.core.monitor.engine\n"


def test_every_module_stays_under_five_hundred_lines() -> None:
    # A module past this is two subjects in one file: split it by subject, don't squeeze it.
    long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("trayapp", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= 500
    }
    assert long == {}
