"""The command line in the user's language: all of it translated, argparse's words too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from trayapp.cli import main

GOOD = '[[services]]\nname = "A"\nurl = "https://a.test/"\n'
TWO = GOOD + '[[services]]\nname = "B"\nurl = "https://b.test/"\n'
COMMANDS = ["config", "check", "watch", "incidents", "catalog", "add", "history"]
ACTIONS = ["path", "validate", "init", "schema"]
# The names of commands and options are the same in every language: scripts use them.
OPTIONS = [r"\[?-{1,2}[a-z][a-z-]*\]?,?"]


def said(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | str | None, str]:
    """The exit status and everything printed of ``trayapp args``, under the pseudo-locale."""
    with pseudo_locale():
        try:
            status: int | str | None = main(list(args))
        except SystemExit as exited:
            status = exited.code
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        *([command, "--help"] for command in COMMANDS),
        *(["config", action, "--help"] for action in ACTIONS),
    ],
)
def test_help_is_all_translated(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, output = said(capsys, *args)
    assert status == 0
    assert "⟦ûšàĝé:⟧ trayapp" in output
    assert_marked(output_texts(output), data=[*COMMANDS, *ACTIONS], patterns=OPTIONS)


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["check", "--bogus"],
        ["config"],
        ["watch", "--for"],
        ["add"],
        ["--config"],
    ],
)
def test_usage_errors_are_translated(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, output = said(capsys, *args)
    assert status == 3
    assert output.startswith("trayapp: ⟦")
    assert_marked(output_texts(output), data=[*COMMANDS, *ACTIONS, "bogus"], patterns=OPTIONS)


def test_messages_are_translated(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outputs = []
    for args, expected in [
        (["config", "validate"], 0),  # no file yet, at the platform's path
        (["config", "init"], 0),
        (["config", "init"], 3),  # not overwritten
    ]:
        status, output = said(capsys, *args)
        assert status == expected, output
        outputs.append(output)
    config = tmp_path / "config.toml"
    config.write_text(TWO)
    for args, expected in [
        (["config", "validate"], 0),
        (["check", "Nothing"], 3),  # no such service
    ]:
        status, output = said(capsys, "--config", str(config), *args)
        assert status == expected, output
        outputs.append(output)
    config.write_text("")
    for args in (["check"], ["watch"]):  # no services
        status, output = said(capsys, "--config", str(config), *args)
        assert status == 3, output
        outputs.append(output)
    assert ": ṽàĺîđ, ⟦2⟧ šéŕṽîçéš⟧" in outputs[3]
    assert_marked(output_texts("".join(outputs)), data=["'A'", "'B'", "'Nothing'"])


def test_the_watch_banner_is_translated() -> None:
    from trayapp.cli import _watching

    with pseudo_locale():
        texts = [_watching(1, 0, None), _watching(2, 1, 90), _watching(3, 2, 0.5)]
    assert texts[1] == "⟦ŵàţçĥîñĝ ⟦⟦⟦2⟧ šéŕṽîçéš⟧ àñđ ⟦⟦1⟧ šöûŕçé⟧⟧ ƒöŕ ⟦90⟧ š⟧"
    assert_marked(output_texts("\n".join(texts)))


def run(python: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "trayapp", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_german(python: str, child_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(TWO)
    child_env["TRAYAPP_LANGUAGE"] = "de"
    result = run(python, child_env, "--config", str(config), "config", "validate")
    assert (result.returncode, result.stdout) == (0, f"{config}: gültig, 2 Dienste\n")
    result = run(python, child_env, "--help")
    assert result.stdout.startswith("Aufruf: trayapp [-h] [--version] [--config DATEI]")
    assert "Optionen:\n  -h, --help" in result.stdout
    assert "  --version          Version anzeigen und beenden\n" in result.stdout
    result = run(python, child_env, "chek")
    assert result.returncode == 3
    assert result.stderr.startswith("trayapp: Argument BEFEHL: ungültige Auswahl: 'chek'")
    assert result.stderr.endswith(" (siehe „trayapp --help“)\n")


def test_german_from_the_desktops_locale(
    python: str, child_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(GOOD)
    del child_env["TRAYAPP_LANGUAGE"]
    child_env.update({"LANG": "de_DE.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": ""})
    result = run(python, child_env, "--config", str(config), "config", "validate")
    assert (result.returncode, result.stdout) == (0, f"{config}: gültig, 1 Dienst\n")
    child_env["LANGUAGE"] = "fr:en"  # no French: English comes before German
    result = run(python, child_env, "--config", str(config), "config", "validate")
    assert result.stdout == f"{config}: valid, 1 service\n"
