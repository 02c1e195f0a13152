"""trayapp.core.i18n: the language each platform chooses, catalogues, the pseudo-locale."""

from __future__ import annotations

import json
import subprocess

import pytest

from trayapp.core import i18n
from trayapp.core.i18n import (
    ENGLISH,
    N_,
    PSEUDO,
    Language,
    _,
    choose_language,
    ngettext,
    pgettext,
    preferred_languages,
    pseudo,
    set_language,
    split_multi_string,
)

GERMAN = frozenset({"de"})


def chosen(environ: dict[str, str], platform: str = "linux", **kwargs: object) -> Language:
    return choose_language(environ, platform, available=GERMAN, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, Language("de", "de_DE")),
        ({"LANG": "de_AT.UTF-8@euro"}, Language("de", "de_AT")),
        ({"LC_MESSAGES": "de_CH.UTF-8", "LANG": "en_US.UTF-8"}, Language("de", "de_CH")),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, Language(ENGLISH, "en_GB")),
        # LANGUAGE comes first, a language without a catalogue is passed over...
        ({"LANGUAGE": "fr:de", "LANG": "en_US.UTF-8"}, Language("de", "de")),
        ({"LANGUAGE": "en_GB:de", "LANG": "de_DE.UTF-8"}, Language(ENGLISH, "en_GB")),
        # ...but not when the locale is C, which means no translation (GNU gettext).
        ({"LANGUAGE": "de", "LANG": "C.UTF-8"}, Language(ENGLISH, ENGLISH)),
        ({"LANGUAGE": "de"}, Language(ENGLISH, ENGLISH)),
        ({"LANG": "POSIX"}, Language(ENGLISH, ENGLISH)),
        ({"LANG": "fr_FR.UTF-8"}, Language(ENGLISH, ENGLISH)),
        ({}, Language(ENGLISH, ENGLISH)),
        # TRAYAPP_LANGUAGE overrides everything.
        ({"TRAYAPP_LANGUAGE": "de", "LANG": "en_US.UTF-8"}, Language("de", "de")),
        ({"TRAYAPP_LANGUAGE": "en", "LANG": "de_DE.UTF-8"}, Language(ENGLISH, ENGLISH)),
        ({"TRAYAPP_LANGUAGE": "x-pseudo"}, Language(PSEUDO, ENGLISH)),
        ({"TRAYAPP_LANGUAGE": "C", "LANG": "de_DE.UTF-8"}, Language(ENGLISH, ENGLISH)),
    ],
)
def test_linux_reads_the_environment_as_gnu_gettext_does(
    environ: dict[str, str], expected: Language
) -> None:
    assert chosen(environ) == expected


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_macos_and_windows_take_the_systems_preferred_languages(platform: str) -> None:
    asked: list[str] = []

    def system() -> list[str]:
        asked.append(platform)
        return ["fr-FR", "de-AT", "en-US"]

    # The terminal's LANG does not override the desktop's choice there.
    assert chosen({"LANG": "en_US.UTF-8"}, platform, system=system) == Language("de", "de_AT")
    assert asked == [platform]
    assert chosen({"TRAYAPP_LANGUAGE": "en"}, platform, system=system) == Language(ENGLISH, "en")


def test_macos_and_windows_read_the_environment_when_the_system_does_not_say() -> None:
    assert chosen({"LANG": "de_DE.UTF-8"}, "darwin", system=list) == Language("de", "de_DE")


def test_linux_never_asks_the_system() -> None:
    def system() -> list[str]:
        raise AssertionError("asked")

    assert preferred_languages({"LANG": "de_DE.UTF-8"}, "linux", system=system) == ["de_DE.UTF-8"]


def test_windows_list_of_strings_is_split() -> None:
    assert split_multi_string("de-DE\0en-US\0\0") == ["de-DE", "en-US"]
    assert split_multi_string("\0") == []


def test_the_system_languages_of_this_platform_are_a_list() -> None:
    # On Linux there are none; on macOS and Windows, whatever the machine says, as strings.
    languages = i18n.system_languages()
    assert all(isinstance(tag, str) and tag for tag in languages)


def test_the_shipped_catalogues_include_german() -> None:
    assert "de" in i18n.available_catalogues()


def test_german_translates_messages_and_counts() -> None:
    set_language("de_DE")
    assert i18n.language() == Language("de", "de_DE")
    assert _("options") == "Optionen"
    assert ngettext("{count} service", "{count} services", 1) == "{count} Dienst"
    assert ngettext("{count} service", "{count} services", 2) == "{count} Dienste"
    assert ngettext("{count} service", "{count} services", 0) == "{count} Dienste"
    assert _("not in any catalogue") == "not in any catalogue"
    assert pgettext("no such context", "options") == "options"
    assert _("") == ""


def test_english_is_the_source() -> None:
    assert i18n.language() == Language(ENGLISH, ENGLISH)  # tests/conftest.py
    assert _("options") == "options"
    assert ngettext("{count} service", "{count} services", 1) == "{count} service"
    assert ngettext("{count} service", "{count} services", 3) == "{count} services"
    assert pgettext("tray status", "Down") == "Down"
    assert N_("options") == "options"


def test_a_language_without_a_catalogue_is_english() -> None:
    assert set_language("tlh") == Language(ENGLISH, ENGLISH)
    assert _("options") == "options"


def test_none_chooses_again_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAYAPP_LANGUAGE", "de")
    assert set_language(None) == Language("de", "de")
    assert _("options") == "Optionen"


def test_the_pseudo_locale_marks_every_string_and_keeps_its_placeholders() -> None:
    set_language(PSEUDO)
    message = _("{name} is down since {time}").format(name="GitHub", time="14:05")
    assert message == "⟦GitHub îš đöŵñ šîñçé 14:05⟧"
    assert ngettext("{count} service", "{count} services", 2).format(count=2) == "⟦2 šéŕṽîçéš⟧"
    assert pgettext("tray status", "Down") == "⟦Đöŵñ⟧"
    assert _("") == ""


def test_pseudo_keeps_markup_percent_conversions_and_surrounding_whitespace() -> None:
    assert pseudo("usage: ") == "⟦ûšàĝé:⟧ "
    assert pseudo("%(prog)s: error: %(message)s\n") == "⟦%(prog)s: éŕŕöŕ: %(message)s⟧\n"
    assert pseudo("<b>Open</b> &amp; {count:,} left") == "⟦<b>Öþéñ</b> &amp; {count:,} ĺéƒţ⟧"
    assert pseudo("%s of %d") % ("a", 2) == "⟦a öƒ 2⟧"
    assert pseudo("   ") == "   "


CHEAP = """
import json, sys
import trayapp.core.i18n as i18n
i18n._("x")
print(json.dumps(sorted(m for m in ("babel", "gettext", "platformdirs") if m in sys.modules)))
"""


def test_english_costs_no_catalogue_and_no_babel(python: str, child_env: dict[str, str]) -> None:
    result = subprocess.run(
        [python, "-c", CHEAP], env=child_env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout) == []


def test_german_reads_its_catalogue_without_babel(python: str, child_env: dict[str, str]) -> None:
    child_env["TRAYAPP_LANGUAGE"] = "de"
    result = subprocess.run(
        [python, "-c", CHEAP], env=child_env, capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout) == ["gettext", "platformdirs"]
