"""The translation catalogues: extract the template, update the translations, compile them.

    python packaging/translations.py update     what `make translations` runs
    python packaging/translations.py check      what `make lint` runs: fails when they are stale
    python packaging/translations.py init fr    starts the catalogue of a new language

Files, all under resources/locale: trayapp.pot, the template of every string in the code;
<language>/LC_MESSAGES/trayapp.po, a language's translations; trayapp.mo beside it, the .po
compiled, which is what trayapp reads. The strings are those of the calls ``_()``, ``N_()``,
``ngettext()`` and ``pgettext()`` in trayapp/ (trayapp.core.i18n), with the ``# Translators:``
comments before them; locations name the file only, and the header keeps the date the template
was first made, so that moving a line leaves the template as it is and branches that each add
strings merge cleanly (a .mo that conflicts is made again by `make translations`).

``check`` fails when the template lacks a string of the code or keeps one the code dropped
(its creation date aside), when a catalogue is out of date with the template, has an
untranslated or fuzzy entry or a translation whose placeholders differ from the English, or
when a .mo is not its .po compiled.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "trayapp.pot"
DOMAIN = "trayapp"
KEYWORDS = ["_", "N_", "ngettext:1,2", "pgettext:1c,2"]
EXTRACT = [
    "extract",
    "--no-default-keywords",
    *(f"--keyword={keyword}" for keyword in KEYWORDS),
    "--add-comments=Translators:",
    "--add-location=file",
    "--project=trayapp",
    "--header-comment=# The strings of trayapp, to translate: see docs/translating.md.\n"
    "# This file is distributed under the same license as trayapp (MIT).",
    "--charset=UTF-8",
    "trayapp",
]
_DATE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$', re.MULTILINE)
_BRACES = re.compile(r"(?<!\{)\{([^{}:!]*)[^{}]*\}")


def _say(text: str, file: TextIO = sys.stdout) -> None:
    file.write(f"{text}\n")


def _pybabel(*arguments: str) -> None:
    """Run ``pybabel arguments`` in the source tree, quietly."""
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(io.StringIO()):
        CommandLineInterface().run(["pybabel", "--quiet", *arguments])


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _without_dates(text: str) -> str:
    return _DATE.sub("", text)


def extracted() -> str:
    """The template as the code makes it now."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "trayapp.pot"
        _pybabel(*EXTRACT, f"--output-file={output}")
        return output.read_text(encoding="utf-8")


def catalogues() -> list[Path]:
    """Every language's .po."""
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compiled(po: Path) -> bytes:
    """The .mo of ``po``: fuzzy and untranslated entries left out, as gettext expects."""
    with po.open("rb") as file:
        catalog = read_po(file, locale=po.parents[1].name, domain=DOMAIN)
    output = io.BytesIO()
    write_mo(output, catalog, use_fuzzy=False)
    return output.getvalue()


def update() -> None:
    """Extract the template, bring every catalogue up to date with it, compile them.

    A file whose content would not change (dates aside) is left as it is.
    """
    template = extracted()
    before = TEMPLATE.read_text("utf-8") if TEMPLATE.exists() else ""
    if _without_dates(before) != _without_dates(template):
        # The header keeps its first date: branches that each add strings then merge
        # without a conflict on that line.
        first = _DATE.search(before)
        if first is not None:
            template = _DATE.sub(lambda _match: first[0], template, count=1)
        TEMPLATE.write_text(template, encoding="utf-8")
        _say(f"wrote {TEMPLATE.relative_to(ROOT)}")
    for po in catalogues():
        before = po.read_text("utf-8")
        _pybabel(
            "update",
            f"--input-file={TEMPLATE}",
            f"--output-file={po}",
            f"--locale={po.parents[1].name}",
            "--ignore-obsolete",
        )
        if _without_dates(po.read_text("utf-8")) == _without_dates(before):
            po.write_text(before, encoding="utf-8")
        else:
            _say(f"updated {po.relative_to(ROOT)}")
    for po in catalogues():
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            _say(f"compiled {mo.relative_to(ROOT)}")


def init(language: str) -> None:
    """Start the catalogue of ``language`` (``fr``, ``pt_BR``) from the template."""
    _pybabel(
        "init",
        f"--input-file={TEMPLATE}",
        f"--output-dir={LOCALE}",
        f"--domain={DOMAIN}",
        f"--locale={language}",
    )
    _say(f"started resources/locale/{language}/LC_MESSAGES/{DOMAIN}.po")


def _key(message: Message) -> tuple[str, str | None]:
    ident = message.id if isinstance(message.id, str) else message.id[0]
    return ident, message.context


def _fields(text: str) -> set[str]:
    return set(_BRACES.findall(text.replace("{{", "").replace("}}", "")))


def problems_of(po: Path, template: Catalog) -> list[str]:
    """What is wrong with one language's catalogue, each as one line."""
    with po.open("rb") as file:
        catalog = read_po(file, locale=po.parents[1].name, domain=DOMAIN)
    name = _shown(po)
    found: list[str] = []
    wanted = {_key(message) for message in template if message.id}
    has = {_key(message) for message in catalog if message.id}
    found += [f"{name}: lacks {ident!r}: run make translations" for ident, _ in wanted - has]
    found += [f"{name}: keeps {ident!r}, gone from the code" for ident, _ in has - wanted]
    if catalog.fuzzy:
        found.append(f"{name}: its header is marked fuzzy")
    for message in catalog:
        if not message.id:
            continue
        ident = _key(message)[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            found.append(f"{name}: {ident!r} is not translated")
        elif message.fuzzy:
            found.append(f"{name}: {ident!r} is fuzzy: check it, then remove the fuzzy flag")
        else:
            english = message.id if isinstance(message.id, tuple) else (message.id,)
            allowed = set().union(*(_fields(text) for text in english))
            for string in strings:
                fields = _fields(string)
                if not fields <= allowed or (len(english) == 1 and fields != allowed):
                    found.append(
                        f"{name}: {ident!r}: the placeholders {sorted(fields)} of its "
                        f"translation are not those of the English, {sorted(allowed)}"
                    )
        for error in message.check(catalog):
            found.append(f"{name}: {ident!r}: {error}")
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(po):
        found.append(f"{_shown(mo)} is not {name} compiled: run make translations")
    return found


def check() -> list[str]:
    """Every problem of the template and the catalogues, each as one line."""
    found: list[str] = []
    template_text = TEMPLATE.read_text("utf-8") if TEMPLATE.exists() else ""
    if _without_dates(template_text) != _without_dates(extracted()):
        found.append(
            f"{TEMPLATE.relative_to(ROOT)} is not what the code makes of it: run make translations"
        )
    template = read_po(io.StringIO(template_text))
    for po in catalogues():
        found += problems_of(po, template)
    return found


def main(arguments: list[str]) -> int:
    """Run the command ``arguments`` names; the exit status."""
    match arguments:
        case ["update"]:
            update()
        case ["init", language]:
            init(language)
            update()
        case ["check"]:
            found = check()
            for line in found:
                _say(line, sys.stderr)
            if found:
                return 1
            count = len(catalogues())
            _say(f"translations: the template and {count} catalogue(s) are current")
        case _:
            _say(__doc__ or "", sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
