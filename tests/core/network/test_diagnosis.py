"""From the canaries' answers to the network's status and its words: the table, row by row."""

from __future__ import annotations

import pytest

from tests.support.builders import result
from trayapp.core.config.canaries import parse_canary
from trayapp.core.models import Cause
from trayapp.core.network import (
    GatewayClue,
    NetworkStatus,
    ResolverClue,
    Seen,
    Sighting,
    diagnose,
)

WEB = "http://connectivitycheck.gstatic.com/generate_204"
WEB2 = "http://detectportal.firefox.com/success.txt"
DNS = "dns://1.1.1.1/one.one.one.one"
TCP = "tcp://1.1.1.1:53"


def seen(line: str, what: Seen, detail: str = "", **more: str) -> Sighting:
    cause = None if what is Seen.EXPECTED else Cause.TIMEOUT
    return Sighting(parse_canary(line), what, result(cause, detail=detail), **more)


E, W, N, P, X = Seen.EXPECTED, Seen.OTHER, Seen.NO_NAME, Seen.PROXY, Seen.NOTHING
"""Expected, someone else's (wrong), no name, proxy, nothing."""


@pytest.mark.parametrize(
    ("sightings", "status"),
    [
        ([], NetworkStatus.ONLINE),
        ([(WEB, E), (WEB2, X), (DNS, X)], NetworkStatus.ONLINE),
        ([(WEB, E), (DNS, W)], NetworkStatus.ONLINE),  # the web gets through: enough
        ([(DNS, E)], NetworkStatus.ONLINE),  # no web canary: the dns one proves it
        ([(TCP, E)], NetworkStatus.ONLINE),  # only a tcp canary: the user's own choice
        ([(WEB, X), (TCP, E)], NetworkStatus.OFFLINE),  # a middlebox accepts any connect
        ([(WEB, W), (WEB2, X), (DNS, E)], NetworkStatus.CAPTIVE_PORTAL),
        ([(WEB, N), (DNS, W)], NetworkStatus.CAPTIVE_PORTAL),  # DNS answered by another
        ([(WEB, P), (WEB2, P), (DNS, X)], NetworkStatus.PROXY_FAILURE),
        ([(WEB, N), (WEB2, N), (DNS, E)], NetworkStatus.DNS_FAILURE),
        ([(WEB, N), (WEB2, X), (DNS, E)], NetworkStatus.DNS_FAILURE),
        ([(WEB, X), (WEB2, X), (DNS, E)], NetworkStatus.LIMITED),
        ([(WEB, N), (WEB2, N), (DNS, X)], NetworkStatus.OFFLINE),
        ([(WEB, X), (DNS, X)], NetworkStatus.OFFLINE),
    ],
)
def test_the_status_from_the_canaries(
    sightings: list[tuple[str, Seen]], status: NetworkStatus
) -> None:
    words = diagnose([seen(line, what) for line, what in sightings])
    assert words.status is status
    assert bool(words.body) is not status.online


def test_a_portal_that_redirects_is_named_with_its_sign_in_page() -> None:
    words = diagnose([seen(WEB, W, "HTTP 302 Found", portal="http://10.0.0.1/login"), seen(DNS, E)])
    assert words.status is NetworkStatus.CAPTIVE_PORTAL
    assert words.title == "A captive portal is in the way"
    assert words.portal == "http://10.0.0.1/login"
    assert words.body.startswith("Open http://10.0.0.1/login to sign in")


def test_a_portal_that_answers_in_place_is_opened_at_the_canary_itself() -> None:
    words = diagnose([seen(WEB, W, "HTTP 200 OK, not the expected HTTP 204")])
    assert words.portal == WEB  # a browser sent there meets the portal's page


def test_a_portal_over_https_cannot_be_opened_but_is_named() -> None:
    words = diagnose([seen("https://example.org/ 204", W, "certificate for another name")])
    assert words.portal is None
    assert "Someone else answers in place of https://example.org/" in words.body


def test_dns_answered_by_another_server_is_named() -> None:
    words = diagnose([seen(WEB, N), seen(DNS, W, "10.0.0.1, not 1.0.0.1, 1.1.1.1")])
    assert words.status is NetworkStatus.CAPTIVE_PORTAL
    assert "Another DNS server answers in place of 1.1.1.1: 10.0.0.1" in words.body


@pytest.mark.parametrize(
    ("outcome", "detail", "said"),
    [
        ("silent", "no answer within 2s", "Your DNS server 10.0.0.1 isn't answering"),
        ("error", "SERVFAIL", "Your DNS server 10.0.0.1 fails every lookup (SERVFAIL)"),
        ("nxdomain", "no such name", "Your DNS server 10.0.0.1 says the names don't exist"),
        ("unreachable", "network unreachable", "Your DNS server 10.0.0.1 can't be reached"),
    ],
)
def test_names_that_do_not_resolve_say_what_the_dns_server_does(
    outcome: str, detail: str, said: str
) -> None:
    words = diagnose(
        [seen(WEB, N), seen(DNS, E)], resolvers=[ResolverClue("10.0.0.1", outcome, detail)]
    )
    assert words.title == "Names don't resolve"
    assert words.body.startswith(f"{said}, but the internet answers by address.")


def test_without_clues_names_that_do_not_resolve_are_still_told() -> None:
    words = diagnose([seen(WEB, N), seen(DNS, E)])
    assert words.body.startswith("Names don't resolve through your system's resolver, but")


def test_a_failing_proxy_says_what_it_did() -> None:
    failed = seen(WEB, P, "the proxy 10.0.0.1:3128 refused the connection")
    words = diagnose([failed, seen(DNS, X)])
    assert words.title == "Your proxy isn't working"
    assert words.body.startswith("The proxy 10.0.0.1:3128 refused the connection. Check your")


@pytest.mark.parametrize(
    ("gateway", "said"),
    [
        (None, "Nothing on the internet answers."),
        (GatewayClue(None, None), "There is no network connection: check Wi-Fi or the cable."),
        (
            GatewayClue("192.168.1.1", False),
            "You're connected, but your router (192.168.1.1) doesn't answer",
        ),
        (
            GatewayClue("192.168.1.1", True),
            "Your router (192.168.1.1) answers, but nothing beyond it does.",
        ),
        (
            GatewayClue("192.168.1.1", None, "this system does not allow unprivileged ping"),
            "Nothing on the internet answers, and your router (192.168.1.1) could not be asked "
            "(this system does not allow unprivileged ping).",
        ),
    ],
)
def test_offline_says_how_far_the_way_out_works(gateway: GatewayClue | None, said: str) -> None:
    words = diagnose([seen(WEB, X), seen(DNS, X)], gateway=gateway)
    assert words.title == "You're offline"
    assert words.body.startswith(said)
    assert words.body.endswith("It's just you: services can't be checked until you're back online.")


def test_clues_never_change_the_status() -> None:
    sightings = [seen(WEB, E)]
    clues = diagnose(
        sightings,
        resolvers=[ResolverClue("10.0.0.1", "silent", "")],
        gateway=GatewayClue("10.0.0.1", False),
    )
    assert clues.status is NetworkStatus.ONLINE
    assert clues.body == ""
