"""What vantage points see, in the user's language."""

from __future__ import annotations

from tests.support.builders import vendor_incident, vendor_reading
from tests.support.pseudo import assert_marked, pseudo_locale
from trayapp.core import i18n
from trayapp.core.models import Status
from trayapp.core.sources.model import Vantage, vantage_words
from trayapp.core.speech import IN_ENGLISH

VANTAGES = [
    Vantage("prometheus", "eu-west", Status.DOWN, "probe_success = 0"),
    Vantage("prometheus", "us-east", Status.UP, "probe_success = 1"),
    Vantage("gatus", "", Status.DEGRADED),
    Vantage("alertmanager", "", Status.UP, "no alert"),
    Vantage("kuma", "", Status.UP),
]


def test_vantage_words_are_translated_and_english_on_demand() -> None:
    with pseudo_locale():
        shown = vantage_words(VANTAGES)
        english = vantage_words(VANTAGES, say=IN_ENGLISH)
    assert_marked(
        [("vantages", shown)],
        data=["prometheus/eu-west", "prometheus/us-east", "probe_success", "gatus", "alertmanager"],
    )
    assert english == (
        "down from prometheus/eu-west (probe_success = 0), degraded from gatus, "
        "up from prometheus/us-east and 2 more"
    )
    i18n.set_language("de")
    assert vantage_words(VANTAGES[:2]) == (
        "ausgefallen von prometheus/eu-west aus (probe_success = 0), "
        "in Betrieb von prometheus/us-east aus"
    )


def test_a_status_page_reading_is_translated_but_the_vendors_words() -> None:
    reading = vendor_reading(incidents=(vendor_incident(latest_update="We are on it"),))
    with pseudo_locale():
        summary = reading.summary()
        quote = reading.quote("Twitter")
    assert_marked(
        [("summary", summary)],
        data=["Users may be experiencing issues", "Investigating: We are on it"],
    )
    assert quote == "Twitter status: 'Investigating: We are on it'"  # a check's detail: English
