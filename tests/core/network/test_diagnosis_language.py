"""The network's diagnosis in the user's language; its English kept for the JSON."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.builders import result
from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from trayapp.core import i18n
from trayapp.core.config.canaries import parse_canary
from trayapp.core.models import Cause
from trayapp.core.monitor.events import NetworkChanged
from trayapp.core.network import (
    GatewayClue,
    NetworkStatus,
    NetworkWords,
    ResolverClue,
    Seen,
    Sighting,
    diagnose,
)

WEB = "http://connectivitycheck.gstatic.com/generate_204"
SECURE = "https://example.org/ 204"
DNS = "dns://1.1.1.1/one.one.one.one"
E, W, N, P, X = Seen.EXPECTED, Seen.OTHER, Seen.NO_NAME, Seen.PROXY, Seen.NOTHING
DETAILS = [
    "HTTP 200 OK, not the expected HTTP 204",
    "certificate for another name",
    "answered 10.0.0.1, not 1.1.1.1",
    "the proxy 10.0.0.9:3128 answered HTTP 502",
    "SERVFAIL",
    "network unreachable",
    "no answer within 5 s",
    "the environment",
]
"""What the canaries and the clues saw: the checks' own words, as ``check --json`` has them."""


def seen(line: str, what: Seen, detail: str = "", **more: str) -> Sighting:
    cause = None if what is Seen.EXPECTED else Cause.TIMEOUT
    return Sighting(parse_canary(line), what, result(cause, detail=detail), **more)


def silent(*servers: str, outcome: str = "silent", detail: str = "") -> list[ResolverClue]:
    return [ResolverClue(server, outcome, detail) for server in servers]


ROUTER = GatewayClue("192.168.1.1", answered=True)
CASES = {
    "portal redirect": ([seen(WEB, W, DETAILS[0], portal="http://10.0.0.1/login")], {}),
    "portal over https": ([seen(SECURE, W, DETAILS[1])], {}),
    "dns hijacked": ([seen(WEB, N), seen(DNS, W, DETAILS[2])], {}),
    "proxy": ([seen(WEB, P, DETAILS[3], proxy_source=DETAILS[7]), seen(DNS, X)], {}),
    "proxy of its own": ([seen(WEB, P, DETAILS[3]), seen(DNS, X)], {}),
    "dns, system resolver": ([seen(WEB, N), seen(DNS, E)], {}),
    "dns, one silent": ([seen(WEB, N), seen(DNS, E)], {"resolvers": silent("10.0.0.1")}),
    "dns, two silent": ([seen(WEB, N), seen(DNS, E)], {"resolvers": silent("10.0.0.1", "::1")}),
    "dns, unreachable": (
        [seen(WEB, N), seen(DNS, E)],
        {"resolvers": silent("10.0.0.1", outcome="unreachable")},
    ),
    "dns, nxdomain": (
        [seen(WEB, N), seen(DNS, E)],
        {"resolvers": silent("10.0.0.1", "10.0.0.2", outcome="nxdomain")},
    ),
    "dns, error": (
        [seen(WEB, N), seen(DNS, E)],
        {"resolvers": silent("10.0.0.1", outcome="error", detail=DETAILS[4])},
    ),
    "dns, other": (
        [seen(WEB, N), seen(DNS, E)],
        {"resolvers": silent("10.0.0.1", outcome="refused", detail=DETAILS[4])},
    ),
    "limited": ([seen(WEB, X), seen(DNS, E)], {}),
    "offline": ([seen(WEB, X), seen(DNS, X)], {}),
    "offline, no route": ([seen(WEB, X)], {"gateway": GatewayClue(None, None)}),
    "offline, router not asked": (
        [seen(WEB, X)],
        {"gateway": GatewayClue("192.168.1.1", None, DETAILS[5])},
    ),
    "offline, router silent": ([seen(WEB, X)], {"gateway": GatewayClue("192.168.1.1", False)}),
    "offline, router answers": ([seen(WEB, X)], {"gateway": ROUTER}),
    "offline, router answers, dns silent": (
        [seen(WEB, X)],
        {"gateway": ROUTER, "resolvers": silent("192.168.1.1")},
    ),
}


def said(case: str) -> NetworkWords:
    sightings, clues = CASES[case]
    return diagnose(sightings, **clues)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", list(CASES))
def test_the_diagnosis_is_translated(case: str) -> None:
    with pseudo_locale():
        words = said(case)
        short = words.status.words
    assert_marked(
        output_texts(f"{words.title}\n{words.body}\n{short}", case),
        data=DETAILS,
        patterns=[r"[\d.:]+|::1", r"DNS"],
    )
    english = said(case)
    assert (words.english_title, words.english_body) == (english.title, english.body)
    assert words.english is not None


@pytest.mark.parametrize("case", list(CASES))
def test_the_json_of_a_network_change_stays_english(case: str) -> None:
    at = datetime(2012, 7, 26, 11, 23, tzinfo=UTC)

    def event() -> str:
        words = said(case)
        return NetworkChanged(
            at=at, from_=NetworkStatus.ONLINE, to=words.status, words=words
        ).to_json()

    english = event()
    i18n.set_language("de")
    german = event()
    assert german == english
    assert "just you" in english


def test_just_you_offline_in_german() -> None:
    i18n.set_language("de")
    words = said("offline, router answers, dns silent")
    assert words.title == "Sie sind offline"
    assert words.body == (
        "Ihr Router (192.168.1.1) antwortet, aber nichts dahinter. Ihr DNS-Server 192.168.1.1 "
        "antwortet nicht. Es liegt an Ihrem Netzwerk: Dienste können erst geprüft werden, wenn "
        "Sie wieder online sind."
    )
    assert words.status.words == "offline"
    assert words.english_title == "You're offline"


def test_names_that_do_not_resolve_in_german() -> None:
    i18n.set_language("de")
    words = said("dns, two silent")
    assert (words.title, words.status.words) == (
        "Namen werden nicht aufgelöst",
        "Namen werden nicht aufgelöst",
    )
    assert words.body.startswith(
        "Ihre DNS-Server (10.0.0.1, ::1) antworten nicht, aber das Internet antwortet über "
        "Adressen."
    )
    assert "Es liegt an Ihrem Netzwerk" in words.body


def test_in_english_the_words_are_said_once() -> None:
    words = said("offline, router answers")
    assert words.english is None
    assert words.english_body == words.body
