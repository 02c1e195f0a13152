"""The outside network's finding in the user's language; the JSON's summary in English."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.support.builders import T0, outside_reading
from tests.support.pseudo import assert_marked, pseudo_locale
from trayapp.core import i18n
from trayapp.core.outside.reading import OutsideReading, summarize

PLACES = {
    "loads from most": [("DE", "EU", True), ("US", "NA", True), ("JP", "AS", False)],
    "loads from one": [("DE", "EU", True)],
    "down in a continent": [("DE", "EU", False), ("FR", "EU", False), ("US", "NA", True)],
    "down in two": [("DE", "EU", False), ("JP", "AS", False), ("US", "NA", True)],
    "fails from all": [("DE", "EU", False), ("US", "NA", False)],
    "fails from one": [("JP", "AS", False)],
}


@pytest.mark.parametrize("case", list(PLACES))
def test_every_finding_is_translated_and_the_json_stays_english(case: str) -> None:
    english = outside_reading(*PLACES[case])
    with pseudo_locale():
        reading = outside_reading(*PLACES[case])
        shown = reading.shown_summary
    assert_marked([(case, shown)], patterns=[r"DE|US|JP|FR|Frankfurt|Ashburn|Tokyo|HTTP|\d+"])
    assert reading.to_json() == english.to_json()
    assert english.shown_summary == english.summary


def test_a_regional_outage_in_german() -> None:
    i18n.set_language("de")
    reading = outside_reading(*PLACES["down in two"])
    assert reading.shown_summary == "ausgefallen in Europa und Asien, anderswo in Betrieb"
    assert reading.summary == "down in Europe and Asia, up elsewhere"


def test_what_the_reader_wrote_of_a_place_is_translated_and_what_it_said_is_not() -> None:
    """The reader's own "no reply" for a ping that got none is translated for people,
    English in the JSON; "HTTP 503" is what the place saw, the same in every language."""
    silent = replace(outside_reading(("DE", "EU", False)).probes[0], detail="no reply")
    english = OutsideReading("globalping", T0, (silent,), summarize((silent,)))
    i18n.set_language("de")
    reading = OutsideReading("globalping", T0, (silent,), summarize((silent,)))
    assert reading.shown_summary.endswith("Frankfurt: keine Antwort")
    assert reading.to_json() == english.to_json()
    assert english.summary.endswith("Frankfurt: no reply")
    assert outside_reading(("DE", "EU", False)).shown_summary.endswith("Frankfurt: HTTP 503")
