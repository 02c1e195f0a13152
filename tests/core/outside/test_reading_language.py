"""The outside network's finding in the user's language; the JSON's summary in English."""

from __future__ import annotations

import pytest

from tests.support.builders import outside_reading
from tests.support.pseudo import assert_marked, pseudo_locale
from trayapp.core import i18n

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
