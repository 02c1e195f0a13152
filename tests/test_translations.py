"""packaging/translations.py: the check `make lint` runs finds every kind of stale catalogue."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
GERMAN = ROOT / "resources" / "locale" / "de" / "LC_MESSAGES" / "trayapp.po"


@pytest.fixture(scope="module")
def translations() -> ModuleType:
    path = ROOT / "packaging" / "translations.py"
    spec = importlib.util.spec_from_file_location("packaging_translations", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template(translations: ModuleType) -> object:
    from babel.messages.pofile import read_po

    with translations.TEMPLATE.open("rb") as file:
        return read_po(file)


def german_copy(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    """The German catalogue copied with its .mo, the .po edited (and the .mo left as it was)."""
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "trayapp.po"
    text = GERMAN.read_text("utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(edit[0], edit[1], 1)
    po.write_text(text, "utf-8")
    shutil.copy(GERMAN.with_suffix(".mo"), po.with_suffix(".mo"))
    return po


def test_the_shipped_catalogues_are_current(translations: ModuleType) -> None:
    assert translations.check() == []


def test_a_current_copy_has_no_problem(
    translations: ModuleType, template: object, tmp_path: Path
) -> None:
    assert translations.problems_of(german_copy(tmp_path), template) == []


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (('msgstr "Optionen"', 'msgstr ""'), "'options' is not translated"),
        (
            ('msgid "options"\nmsgstr "Optionen"', '#, fuzzy\nmsgid "options"\nmsgstr "Optionen"'),
            "'options' is fuzzy",
        ),
        (
            ('msgstr "Beispielkonfiguration nach {path} geschrieben"', 'msgstr "Geschrieben"'),
            "the placeholders [] of its translation are not those of the English, ['path']",
        ),
        (
            ('msgstr "unbekannte Argumente: %s"', 'msgstr "unbekannte Argumente"'),
            "'unrecognized arguments: %s': placeholders are incompatible",
        ),
        (('msgid "options"\nmsgstr "Optionen"\n', ""), "lacks 'options'"),
        (
            ('msgid "options"\n', 'msgid "choices"\nmsgstr "Auswahl"\n\nmsgid "options"\n'),
            "keeps 'choices', gone from the code",
        ),
        (('msgstr "Optionen"', 'msgstr "Einstellungen"'), "trayapp.mo is not"),
    ],
)
def test_each_kind_of_problem_is_found(
    translations: ModuleType,
    template: object,
    tmp_path: Path,
    edit: tuple[str, str],
    problem: str,
) -> None:
    problems = translations.problems_of(german_copy(tmp_path, edit), template)
    assert any(problem in line for line in problems), problems


def test_a_string_the_template_lacks_is_found(
    translations: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = translations.extracted() + '\nmsgid "New in the code"\nmsgstr ""\n'
    monkeypatch.setattr(translations, "extracted", lambda: code)
    assert any("is not what the code makes of it" in line for line in translations.check())
