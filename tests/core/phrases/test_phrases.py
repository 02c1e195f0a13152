"""Phrases: English written once, as the JSON and the history keep it, and read back in the
user's language, nested sentences, lengths, numbers, dates and the domain's words included."""

from __future__ import annotations

import re

import pytest

import trayapp.core.phrases
from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from trayapp.core import i18n
from trayapp.core.phrases import Phrase, checks, notes, readings, retell, unknown_parts

SAMPLES = {
    "timeout": "1m30s",
    "took": "4.2 s",
    "limit": "500ms",
    "length": "1 h 5 min",
    "rtt": "0.41 ms",
    "spread": "0.41/0.57/0.90 ms",
    "day": "2026-08-03",
    "percent": "50%",
    "address": "10.0.0.1",
    "code": "503",
    "verdict": "down for everyone",
    "status": "down",
    "cause": "timeout",
    "level": "partial outage",
    "continents": "Europe and Asia",
}
"""A value of each kind of placeholder whose pattern is not "anything"."""
NESTED = "too many redirects"
"""A sentence of trayapp's, for the placeholders that hold one."""


def sample(name: str) -> str:
    if name in SAMPLES:
        return SAMPLES[name]
    if name in trayapp.core.phrases._NESTED:
        return NESTED
    if name in trayapp.core.phrases._NUMBERS:
        return "3"
    return "x.test"


def every_phrase() -> list[Phrase]:
    trayapp.core.phrases._book()  # imports every module of phrases
    return list(trayapp.core.phrases._PHRASES)


def written(phrase: Phrase) -> str:
    names = set(re.findall(r"\{(\w+)\}", phrase.message + (phrase.plural or "")))
    return phrase(**{name: sample(name) for name in names})


@pytest.mark.parametrize("phrase", every_phrase(), ids=repr)
def test_every_phrase_is_read_back(phrase: Phrase) -> None:
    """Each phrase, written with values of every kind, is recognized whole, nested parts
    included, and said anew: its English is not what the pseudo-locale shows."""
    text = written(phrase)
    with pseudo_locale():
        assert unknown_parts(text) == ()
        told = retell(text)
    assert told != text
    assert told.startswith(i18n.MARK_OPEN)


def test_the_english_is_written_as_it_always_was() -> None:
    assert checks.REFUSED_BY(endpoint="127.0.0.1:8080") == "connection refused by 127.0.0.1:8080"
    assert readings.TARGETS(count=1) == "1 target"
    assert readings.TARGETS(count=2048) == "2,048 targets"
    assert checks.CONNECTED(target="[::1]:8080") == "connected to [::1]:8080"
    assert notes.VERDICT(verdict="down for everyone") == "Verdict: down for everyone"


def test_in_english_a_text_is_shown_as_it_is() -> None:
    text = "connection refused by 127.0.0.1:8080"
    assert retell(text) is text
    assert checks.REFUSED_BY.said(endpoint="x:1") == "connection refused by x:1"


def test_german_nested_sentences_lengths_and_words() -> None:
    i18n.set_language("de")
    assert retell("Went down: https://a.test/: connection refused by 127.0.0.1:1") == (
        "Ausgefallen: https://a.test/: Verbindung von 127.0.0.1:1 abgelehnt"
    )
    assert retell("no response from a.test:443 through the proxy 10.0.0.1:3128 within 1m30s") == (
        "keine Antwort von a.test:443 über Proxy 10.0.0.1:3128 innerhalb von 1 Min. 30 s"
    )
    assert retell("answered in 4.2 s (slow after 500ms)") == "Antwort in 4,2 s (langsam ab 500 ms)"
    assert retell("the certificate of a.test expires in 5 days (2026-08-03)") == (
        "Zertifikat von a.test läuft in 5 Tagen ab (03.08.2026)"
    )
    assert retell("Verdict: down for everyone") == "Befund: für alle ausgefallen"
    assert retell("Now degraded") == "Jetzt beeinträchtigt"
    assert retell("New cause: timeout") == "Neue Ursache: Zeitüberschreitung"
    assert retell("Back up after 1 h 5 min") == "Wieder in Betrieb nach 1 Std. 5 Min."
    assert retell("Seen from outside: down in Europe and Asia, up elsewhere") == (
        "Von außen gesehen: ausgefallen in Europa und Asien, anderswo in Betrieb"
    )


def test_german_counts_choose_their_form() -> None:
    i18n.set_language("de")
    assert retell("1 target") == "1 Ziel"
    assert retell("2,048 targets") == "2.048 Ziele"
    assert retell("[STATUS] == 200: got 503; 1 more condition failed") == (
        "[STATUS] == 200: erhalten: 503; 1 weitere Bedingung nicht erfüllt"
    )


def test_lists_and_quotes_are_told_a_sentence_at_a_time() -> None:
    i18n.set_language("de")
    said = (
        "HTTP 401 Unauthorized; sent without Authorization: secret 'api' not found in the keyring"
    )
    assert retell(said) == (
        "HTTP 401 Unauthorized; ohne Authorization gesendet: Geheimnis 'api' nicht im "
        "Schlüsselbund gefunden"
    )
    assert retell("Twitter status: 'Partial outage: API, Web and 2 more'") == (
        "Status von Twitter: 'Teilausfall: API, Web und 2 weitere'"
    )


def test_what_no_phrase_says_is_shown_as_stored() -> None:
    i18n.set_language("de")
    for text in ["probe_success = 0", "Investigating; more soon", "all good here"]:
        assert retell(text) == text
        assert unknown_parts(text) == (text,)
    vendor = "Twitter status: 'We are looking into it'"
    assert retell(vendor) == "Status von Twitter: 'We are looking into it'"
    assert unknown_parts(vendor) == ()  # a vendor's words may be anything: not asked for


def test_a_nested_sentence_no_phrase_says_is_named() -> None:
    i18n.set_language("de")
    text = "cannot read source prom: the moon is in the way"
    assert retell(text) == "Quelle prom kann nicht gelesen werden: the moon is in the way"
    assert unknown_parts(text) == ("the moon is in the way",)


def test_the_language_may_change_between_two_readings() -> None:
    text = "no such name: nothing.invalid"
    i18n.set_language("de")
    assert retell(text) == "Name existiert nicht: nothing.invalid"
    i18n.set_language("en")
    assert retell(text) == text
    with pseudo_locale():
        assert_marked(output_texts(retell(text)), data=["nothing.invalid"])


def test_public_api() -> None:
    assert trayapp.core.phrases.__all__ == ["Phrase", "retell", "unknown_parts"]
