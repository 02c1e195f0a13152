"""What the places found, in one line: all, most, whole continents, or none."""

from __future__ import annotations

from trayapp.core.outside import OutsideProbe, summarize


def probe(country: str, continent: str, ok: bool, city: str = "", cause: str = "") -> OutsideProbe:
    return OutsideProbe(
        continent=continent,
        country=country,
        city=city,
        network="",
        ok=ok,
        status_code=200 if ok else 502,
        cause="" if ok else cause or "http_status",
        detail="HTTP 200" if ok else "HTTP 502",
        time_ms=100.0,
    )


def test_no_probe_or_only_offline_ones_measured_nothing() -> None:
    assert summarize([]) == "no place could measure it"
    offline = probe("DE", "EU", False, cause="probe_offline")
    assert summarize([offline]) == "no place could measure it"


def test_each_country_is_named_once() -> None:
    probes = [probe("DE", "EU", True), probe("DE", "EU", True), probe("US", "NA", True)]
    assert summarize(probes) == "loads from 3 of 3 places: DE, US"


def test_failures_spread_over_continents_are_counted_not_placed() -> None:
    spread = [
        probe("DE", "EU", False, "Berlin"),
        probe("FR", "EU", True),
        probe("US", "NA", False, "Miami"),
        probe("CA", "NA", True),
        probe("JP", "AS", False, "Tokyo"),
    ]
    assert summarize(spread) == "fails from 3 of 5 places, e.g. Berlin: HTTP 502"
    mostly_up = [*spread[:4], probe("JP", "AS", True), probe("BR", "SA", True)]
    assert summarize(mostly_up) == "loads from 4 of 6 places: FR, CA, JP, BR"


def test_two_continents_down_are_both_named() -> None:
    probes = [probe("DE", "EU", False), probe("JP", "AS", False), probe("US", "NA", True)]
    assert summarize(probes) == "down in Europe and Asia, up elsewhere"


def test_a_place_without_a_city_is_named_by_its_country() -> None:
    assert summarize([probe("DE", "EU", False)]) == (
        "fails from the one place that measured it, DE: HTTP 502"
    )


def test_the_places_are_counted_in_words_that_fit_the_count() -> None:
    assert summarize([]) == "no place could measure it"
    assert summarize([probe("DE", "EU", True)]) == "loads from the one place that measured it: DE"
    assert summarize([probe("DE", "EU", True), probe("FR", "EU", True)]) == (
        "loads from 2 of 2 places: DE, FR"
    )
    assert summarize([probe("DE", "EU", False), probe("FR", "EU", False)]) == (
        "fails from 2 of 2 places, e.g. DE: HTTP 502"
    )
