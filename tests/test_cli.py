"""The command line: exit codes, one-line errors, and no Qt outside the GUI."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from trayapp import __version__
from trayapp.cli import main

GOOD = '[[services]]\nname = "A"\nurl = "https://a.test/"\n'
BAD = '[[services]]\nname = "A"\nurl = "ftp://a.test/"\ninterval = 0\n'


def run(python: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "trayapp", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"trayapp {__version__}\n"


def test_config_path_follows_option_then_environment_then_platform(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
    tmp_path: Path,
) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{isolated_home}/.config/trayapp/config.toml\n"
    monkeypatch.setenv("TRAYAPP_CONFIG", str(tmp_path / "env.toml"))
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path}/env.toml\n"
    assert main(["--config", str(tmp_path / "a.toml"), "config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path}/a.toml\n"
    assert main(["config", "path", "--config", str(tmp_path / "b.toml")]) == 0
    assert capsys.readouterr().out == f"{tmp_path}/b.toml\n"


def test_validate_a_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    assert main(["--config", str(path), "config", "validate"]) == 0
    assert capsys.readouterr().out == f"{path}: valid, 1 service\n"


@pytest.mark.parametrize(
    ("count", "said"), [(0, "0 services"), (1, "1 service"), (2, "2 services")]
)
def test_validate_counts_the_services(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, count: int, said: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "".join(f'[[services]]\nname = "S{n}"\nurl = "https://s{n}.test/"\n' for n in range(count))
    )
    assert main(["--config", str(path), "config", "validate"]) == 0
    assert capsys.readouterr().out == f"{path}: valid, {said}\n"


def test_validate_a_bad_file_names_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(BAD)
    assert main(["--config", str(path), "config", "validate"]) == 3
    assert capsys.readouterr().err == (
        f"{path}:3: services[0].url: not an http(s) URL: ftp://a.test/\n"
        f"{path}:4: services[0].interval: must be longer than zero, got 0\n"
    )
    assert path.read_text() == BAD


def test_validate_without_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["config", "validate"]) == 0
    assert "no config file yet" in capsys.readouterr().out
    missing = tmp_path / "typo.toml"
    assert main(["--config", str(missing), "config", "validate"]) == 3
    assert capsys.readouterr().err == f"{missing}: no such file\n"


def test_init_writes_a_valid_example_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "new" / "config.toml"
    monkeypatch.setenv("TRAYAPP_CONFIG", str(path))
    assert main(["config", "init"]) == 0
    assert capsys.readouterr().out == f"wrote an example config to {path}\n"
    assert main(["config", "validate"]) == 0
    path.write_text(GOOD + "# mine\n")
    assert main(["config", "init"]) == 3
    assert capsys.readouterr().err == f"trayapp: {path} already exists; not overwriting it\n"
    assert path.read_text() == GOOD + "# mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        (["config"], "the following arguments are required: ACTION"),
        (["config", "frobnicate"], "invalid choice: 'frobnicate'"),
        (["--config"], "expected one argument"),
    ],
)
def test_usage_errors_exit_3_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("trayapp: ")
    assert message in err


def test_a_broken_file_through_the_real_command(
    python: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[defaults\ninterval = 5\n")
    child_env["TRAYAPP_CONFIG"] = str(path)
    result = run(python, child_env, "config", "validate")
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:1: invalid TOML: ")
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == b"[defaults\ninterval = 5\n"


def test_an_unreadable_file_through_the_real_command(
    python: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    path.chmod(0)
    command = [python, "-m", "trayapp", "--config", str(path), "config", "validate"]
    if os.geteuid() == 0:  # root reads anything: drop the capability that lets it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop read permission")
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", *command]
    result = subprocess.run(command, env=child_env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (3, f"{path}: cannot be read: permission denied\n")
    path.chmod(0o600)
    assert path.read_text() == GOOD


NO_QT = """
import sys
from trayapp.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
qt = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6")))
print(json.dumps({"status": status, "qt": qt}))
"""


@pytest.mark.parametrize(
    "args",
    [["--version"], ["config", "path"], ["config", "validate"], ["config", "init"], ["--bogus"]],
)
def test_commands_other_than_the_gui_never_import_qt(
    python: str, child_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    child_env["TRAYAPP_CONFIG"] = str(tmp_path / "config.toml")
    result = subprocess.run(
        [python, "-c", "import json" + NO_QT, *args],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["qt"] == []
    assert report["status"] in (0, 3)


def test_the_console_script_is_installed(python: str) -> None:
    script = Path(python).parent / "trayapp"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.stdout == f"trayapp {__version__}\n"


def test_config_schema_prints_the_schema_that_is_shipped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "schema"]) == 0
    printed = capsys.readouterr().out
    shipped = Path(__file__).parents[1] / "resources" / "config.schema.json"
    assert printed == shipped.read_text(encoding="utf-8")
    assert json.loads(printed)["title"] == "trayapp config.toml"


@pytest.mark.parametrize("command", [["incidents"], ["watch", "--for", "2"]])
def test_a_history_that_is_not_trayapps_is_one_line_and_exit_3(
    python: str, child_env: dict[str, str], tmp_path: Path, command: list[str]
) -> None:
    config, data = tmp_path / "config.toml", tmp_path / "data"
    config.write_text("[network]\ncanaries = []\n\n" + GOOD)
    data.mkdir()
    with sqlite3.connect(data / "history.sqlite3") as db:
        db.execute("CREATE TABLE services (id INTEGER, owner TEXT)")
    db.close()
    before = (data / "history.sqlite3").read_bytes()
    done = run(python, child_env, "--config", str(config), "--data-dir", str(data), *command)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1, done.stderr
    assert "not a trayapp history database" in done.stderr
    assert "Traceback" not in done.stderr
    assert (data / "history.sqlite3").read_bytes() == before
