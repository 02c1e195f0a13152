"""What real probes say of real failures is read in the user's language: every detail of every
kind of check, of a source and of a status page is recognized whole, marked in the
pseudo-locale and German in German; the results keep their English."""

from __future__ import annotations

import pytest

from tests.support.failures import Failures, failures
from tests.support.pseudo import assert_marked, pseudo_locale
from tests.support.servers import LocalSites
from tests.support.vendor_server import VendorPages
from trayapp.core import i18n
from trayapp.core.phrases import retell, unknown_parts

HOSTS = [r"127\.0\.0\.1(:\d+)?", r"site\.test(:\d+)?", r"nothing\.invalid", r"prom"]
"""What the details name: data."""


@pytest.fixture(scope="module")
def found(sites: LocalSites, _vendor_server: VendorPages) -> Failures:
    _vendor_server.reset()
    return failures(sites, _vendor_server)


def test_the_probes_found_what_they_were_meant_to(found: Failures) -> None:
    causes = {kind: r.cause.value if r.cause else None for kind, r in found.results.items()}
    assert causes == {
        "refused": "refused",
        "http_503": "http_status",
        "timeout": "timeout",
        "expired": "tls",
        "untrusted": "tls",
        "expiring": "cert_expiring",
        "nxdomain": "dns",
        "condition": "http_status",
        "slow": "slow",
        "tcp_refused": "refused",
        "ping": causes["ping"],  # answered, or refused where this system forbids ping
    }
    assert found.results["refused"].detail.startswith("connection refused by 127.0.0.1:")
    assert found.results["nxdomain"].detail == "no such name: nothing.invalid"
    assert not found.sources["unreachable"].ok
    assert found.sources["read"].itself().detail == "2 targets"
    assert found.vendor.description == "no component named 'Billing' on the page"


def test_every_detail_is_recognized_whole(found: Failures) -> None:
    i18n.set_language("de")
    assert {text: unknown_parts(text) for text in found.details()} == {
        text: () for text in found.details()
    }


def test_every_detail_is_marked_in_the_pseudo_locale(found: Failures) -> None:
    with pseudo_locale():
        told = [(text, retell(text)) for text in found.details()]
    assert_marked(told, data=["Service Unavailable", "Not Found", "Billing"], patterns=HOSTS)


def test_details_in_german(found: Failures) -> None:
    i18n.set_language("de")
    said = {kind: retell(result.detail) for kind, result in found.results.items()}
    port = found.results["refused"].detail.rsplit(":", 1)[1]
    assert said["refused"] == f"Verbindung von 127.0.0.1:{port} abgelehnt"
    assert said["http_503"] == "HTTP 503 Service Unavailable"
    assert said["timeout"].startswith("keine Antwort von 127.0.0.1:")
    assert said["timeout"].endswith(" innerhalb von 300 ms")
    assert said["expired"].startswith("TLS: Zertifikat ist abgelaufen (site.test:")
    assert said["untrusted"].startswith("TLS: Zertifikat des Ausstellers nicht lokal verfügbar")
    assert said["expiring"].startswith("Zertifikat von site.test läuft in ")
    assert said["nxdomain"] == "Name existiert nicht: nothing.invalid"
    assert said["condition"] == "[STATUS] == 200: erhalten: 503"
    assert said["slow"].startswith("Antwort in ")
    assert said["slow"].endswith("(langsam ab 100 ms)")
    unreachable = found.sources["unreachable"].itself().detail
    assert retell(unreachable) == f"Quelle prom kann nicht gelesen werden: {said['refused']}"
    assert retell(found.sources["read"].itself().detail) == "2 Ziele"
    assert retell(found.vendor.description) == "keine Komponente namens 'Billing' auf der Seite"


def test_the_results_keep_their_english_in_any_language(
    sites: LocalSites, pages: VendorPages, found: Failures
) -> None:
    i18n.set_language("de")
    again = failures(sites, pages)
    for kind in ("http_503", "nxdomain", "condition"):
        assert again.results[kind].detail == found.results[kind].detail
    assert again.vendor.description == found.vendor.description
    assert again.sources["read"].itself().detail == "2 targets"
