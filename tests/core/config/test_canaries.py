"""A canary line: the endpoint, and the answer that proves the network works."""

from __future__ import annotations

import re

import pytest

from trayapp.core.config import ConfigError, parse_config
from trayapp.core.config.canaries import DnsCanary, HttpCanary, TcpCanary, parse_canary
from trayapp.core.config.model import DEFAULT_CANARIES, Network


@pytest.mark.parametrize(
    ("line", "status", "body"),
    [
        ("http://connectivitycheck.gstatic.com/generate_204", 204, None),
        ("https://www.google.com/gen_204", 204, None),
        ("http://intranet.example/generate_204", 204, None),  # the name says it
        ("http://detectportal.firefox.com/success.txt", 200, "success"),
        ("http://www.msftconnecttest.com/connecttest.txt", 200, "Microsoft Connect Test"),
        ("http://nmcheck.gnome.org/check_network_status.txt", 200, "NetworkManager is online"),
        ("http://example.org/ok 200", 200, None),
        ("http://example.org/ok 200 all is well", 200, "all is well"),
        ("http://example.org/", None, None),
    ],
)
def test_a_web_canary_knows_its_expected_answer(
    line: str, status: int | None, body: str | None
) -> None:
    canary = parse_canary(line)
    assert isinstance(canary, HttpCanary)
    assert (canary.url, canary.status, canary.body) == (line.split()[0], status, body)


def test_a_web_canary_passes_only_on_its_expected_answer() -> None:
    firefox = parse_canary("http://detectportal.firefox.com/success.txt")
    assert isinstance(firefox, HttpCanary)
    assert firefox.expects(200, "success\n")
    assert not firefox.expects(200, "<html>Sign in to the hotel Wi-Fi</html>")
    assert not firefox.expects(302, "")
    assert not firefox.expects(200, None)  # a body that could not be read proves nothing
    google = parse_canary("http://connectivitycheck.gstatic.com/generate_204")
    assert isinstance(google, HttpCanary)
    assert google.expects(204, "")
    assert not google.expects(200, "")
    apple = parse_canary("http://captive.apple.com/hotspot-detect.html")
    assert isinstance(apple, HttpCanary)
    assert apple.expects(
        200, "<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>"
    )
    anything = parse_canary("http://example.org/")
    assert isinstance(anything, HttpCanary)
    assert anything.expects(204, "")
    assert anything.expects(200, "hello")
    assert not anything.expects(301, "")


def test_a_dns_canary_asks_a_server_and_may_expect_addresses() -> None:
    assert parse_canary("dns://1.1.1.1/one.one.one.one") == DnsCanary(
        "dns://1.1.1.1/one.one.one.one",
        "1.1.1.1",
        "one.one.one.one",
        frozenset({"1.1.1.1", "1.0.0.1"}),
    )
    assert parse_canary("dns://[2001:db8::53]:5353/Example.ORG. 192.0.2.1") == DnsCanary(
        "dns://[2001:db8::53]:5353/Example.ORG. 192.0.2.1",
        "[2001:db8::53]:5353",
        "example.org",
        frozenset({"192.0.2.1"}),
    )
    unknown = parse_canary("dns://192.0.2.53/example.org")
    assert isinstance(unknown, DnsCanary)
    assert unknown.expect == frozenset()


def test_a_tcp_canary_is_still_read() -> None:
    assert parse_canary("tcp://1.1.1.1:53") == TcpCanary("tcp://1.1.1.1:53", "1.1.1.1", 53)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ftp://example.org/", "not an http(s) URL, dns://server/name or tcp://host:port"),
        ("tcp://example.org", "not a tcp://host:port address"),
        ("tcp://example.org:53 extra", "takes nothing after its address"),
        ("http://example.org/ok 99", "expected status is a number from 100 to 599"),
        ("http://example.org/ok two hundred", "expected status is a number"),
        ("dns://1.1.1.1/", "not a dns://server/name canary"),
        ("dns://1.1.1.1/example.org not-an-address", "expected answers are IP addresses"),
        ("http://:80/", "not an http(s) URL"),
    ],
)
def test_a_bad_canary_is_refused_with_its_reason(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_canary(line)
    with pytest.raises(ConfigError) as refused:
        parse_config(f"[network]\ncanaries = [{line!r}]\n".replace("'", '"'))
    assert message in str(refused.value)
    assert "network.canaries[0]" in str(refused.value)


def test_the_default_canaries_prove_the_way_out_and_tell_a_portal() -> None:
    canaries = [parse_canary(line) for line in Network().canaries]
    assert tuple(Network().canaries) == DEFAULT_CANARIES
    web = [c for c in canaries if isinstance(c, HttpCanary)]
    dns = [c for c in canaries if isinstance(c, DnsCanary)]
    # Plain http, so that a portal can answer in their place; each with a known answer.
    assert len(web) >= 2
    assert all(c.url.startswith("http://") and c.status for c in web)
    # Resolvers asked for their own names, whose addresses are known.
    assert len(dns) >= 2
    assert all(c.expect for c in dns)
    assert not any(isinstance(c, TcpCanary) for c in canaries)  # a connect proves nothing


def test_spaces_inside_a_canary_line_are_kept_as_one() -> None:
    network = Network.model_validate({"canaries": ["  http://example.org/ok   200   all  ok "]})
    assert network.canaries == ["http://example.org/ok 200 all ok"]
