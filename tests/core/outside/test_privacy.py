"""What of a check may be sent outside: names and addresses judged by the rules, names
resolved through a real DNS server on 127.0.0.1, the service's own say, and what is kept
back of a URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.builders import result
from tests.support.globalping import FakeNames, fake_names
from trayapp.core.config.model import DnsCheck, HttpCheck, Service, TcpCheck
from trayapp.core.models import Cause
from trayapp.core.outside import (
    OutsideTarget,
    address_privacy,
    decide,
    failed_check,
    name_privacy,
    target_of,
)
from trayapp.core.probes import ServerResolver

pytestmark = pytest.mark.anyio

NAMES = {
    "shop.example.org": ["93.184.215.14"],
    "nas.example.net": ["192.168.1.10"],
    "vpn.example.net": ["100.64.3.4"],
    "mixed.example.net": ["93.184.215.14", "10.0.0.5"],
    "loop.example.net": ["127.0.0.1"],
}


@pytest.fixture(scope="module")
def names() -> Iterator[FakeNames]:
    with fake_names(NAMES) as running:
        yield running


@pytest.fixture
def resolver(names: FakeNames) -> ServerResolver:
    return ServerResolver(names.server)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.1.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("100.64.0.1", "a carrier-grade NAT address"),
        ("fd12:3456::1", "a unique-local address"),
        ("::ffff:192.168.1.1", "a private address"),
        ("0.0.0.0", "not a public address"),
        ("224.0.0.1", "not a public address"),
        ("192.0.2.1", "a private address"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_an_address_is_public_or_says_why_not(address: str, why: str | None) -> None:
    assert address_privacy(address) == why


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("nas", "a single-label name"),
        ("localhost", "a single-label name"),
        ("printer.local", "a private name"),
        ("intranet.corp", "a private name"),
        ("db.internal", "a private name"),
        ("router.lan", "a private name"),
        ("hub.home.arpa", "a private name"),
        ("app.localhost", "a private name"),
        ("site.test", "a private name"),
        ("x.invalid", "a private name"),
        ("www.example", "a private name"),
        ("Intranet.CORP.", "a private name"),
        ("shop.example.org", None),
        ("corp.example.org", None),
    ],
)
def test_a_name_is_public_or_says_why_not(host: str, why: str | None) -> None:
    assert name_privacy(host) == why


def test_an_http_target_keeps_scheme_host_port_and_path_only() -> None:
    check = HttpCheck(url="https://alice:s3cret@Shop.Example.org/cart/items?token=abc#top")
    target = target_of(check)
    assert target == OutsideTarget(
        kind="http", host="shop.example.org", port=443, scheme="https", path="/cart/items",
        method="GET",
    )  # fmt: skip
    assert str(target) == "https://shop.example.org:443/cart/items"
    for secret in ("alice", "s3cret", "token", "abc", "top"):
        assert secret not in repr(target)


def test_tcp_and_dns_targets_are_host_and_port_or_name_and_record() -> None:
    tcp = target_of(TcpCheck(type="tcp", host="[2606:4700::1111]", port=853))
    assert (tcp.kind, tcp.host, tcp.port, str(tcp)) == ("ping", "2606:4700::1111", 853,
                                                        "[2606:4700::1111]:853")  # fmt: skip
    dns = target_of(DnsCheck(type="dns", name="shop.example.org.", record="MX"))
    assert (dns.kind, dns.host, dns.record) == ("dns", "shop.example.org", "MX")
    assert target_of(DnsCheck(type="dns", name="shop.example.org")).record == "A"
    assert target_of(HttpCheck(url="http://shop.example.org", method="HEAD")).method == "HEAD"


async def test_a_public_name_that_resolves_to_public_addresses_is_sent(
    resolver: ServerResolver,
) -> None:
    decision = await decide(HttpCheck(url="https://shop.example.org/"), "auto", resolver)
    assert decision.allowed
    assert decision.reason == "asked outside: shop.example.org is a public name"


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("nas.example.net", "nas.example.net resolves here to 192.168.1.10, a private address"),
        ("vpn.example.net", "vpn.example.net resolves here to 100.64.3.4, a carrier-grade NAT"),
        ("mixed.example.net", "mixed.example.net resolves here to 10.0.0.5, a private address"),
        ("loop.example.net", "loop.example.net resolves here to 127.0.0.1, a loopback address"),
    ],
)
async def test_a_name_that_resolves_here_to_a_private_address_is_kept(
    resolver: ServerResolver, host: str, reason: str
) -> None:
    decision = await decide(HttpCheck(url=f"https://{host}/"), "auto", resolver)
    assert not decision.allowed
    assert decision.reason.startswith(f"not asked outside: {reason}")


async def test_private_names_and_addresses_are_kept_without_asking_the_resolver(
    names: FakeNames, resolver: ServerResolver
) -> None:
    before = len(names.queries)
    corp = await decide(HttpCheck(url="https://intranet.corp/"), "auto", resolver)
    assert (corp.allowed, corp.reason) == (
        False, "not asked outside: intranet.corp is a private name")  # fmt: skip
    nas = await decide(TcpCheck(type="tcp", host="nas", port=445), "auto", resolver)
    assert nas.reason == "not asked outside: nas is a single-label name"
    ip = await decide(HttpCheck(url="http://192.168.1.1:8080/"), "auto", resolver)
    assert ip.reason == "not asked outside: 192.168.1.1 is a private address"
    assert len(names.queries) == before


async def test_a_public_address_is_sent_as_it_is(resolver: ServerResolver) -> None:
    decision = await decide(TcpCheck(type="tcp", host="1.1.1.1", port=53), "auto", resolver)
    assert (decision.allowed, decision.target.host) == (True, "1.1.1.1")
    assert decision.reason == "asked outside: 1.1.1.1 is a public address"


async def test_a_name_unknown_here_is_public_looking_and_sent(resolver: ServerResolver) -> None:
    decision = await decide(DnsCheck(type="dns", name="gone.example.com"), "auto", resolver)
    assert decision.allowed
    assert decision.reason == "asked outside: gone.example.com is a public name (not found here)"


async def test_the_service_s_own_say_wins_over_the_rules(
    names: FakeNames, resolver: ServerResolver
) -> None:
    before = len(names.queries)
    split = await decide(HttpCheck(url="https://nas.example.net/?q=1"), True, resolver)
    assert (split.allowed, split.reason) == (
        True, "asked outside: the service says outside = true")  # fmt: skip
    assert str(split.target) == "https://nas.example.net:443/"
    private = await decide(HttpCheck(url="https://intranet.corp/"), True, resolver)
    assert private.allowed
    never = await decide(HttpCheck(url="https://shop.example.org/"), False, resolver)
    assert (never.allowed, never.reason) == (
        False, "not asked outside: the service says outside = false")  # fmt: skip
    assert len(names.queries) == before


def test_the_check_asked_about_is_the_first_that_failed_outright() -> None:
    service = Service.model_validate(
        {
            "name": "Shop",
            "url": "https://shop.example.org/",
            "checks": [
                {"type": "tcp", "host": "db.example.org", "port": 5432},
                {"type": "http", "url": "https://api.example.org/health"},
            ],
        }
    )
    shop, db, api = service.all_checks
    slow = result(Cause.SLOW, target="https://shop.example.org/")
    refused = result(Cause.REFUSED, target="https://api.example.org/health")
    assert failed_check(service, [slow, refused]) == api
    down = result(Cause.TIMEOUT, target="db.example.org:5432", type_="tcp")
    assert failed_check(service, [down, refused]) == db
    assert failed_check(service, [slow]) is None
    assert shop.url == "https://shop.example.org/"
