"""The checks' models: the ping check, and ``ip_version`` on http, tcp and ping checks, read
from the file with every problem named by line and key."""

from __future__ import annotations

import pytest

from tests.support.builders import problems_of
from trayapp.core.config.model import CHECK_TYPES, HttpCheck, PingCheck, TcpCheck
from trayapp.core.config.reading import parse_config

PING = """\
[[services]]
name = "NAS"
[[services.checks]]
type = "ping"
host = "{host}"
{extra}
"""


def ping_problems(host: str = "nas.lan", extra: str = "") -> list[str]:
    return problems_of(PING.format(host=host, extra=extra))


def test_a_ping_check_sends_three_echoes_over_either_family_by_default() -> None:
    (service,) = parse_config(PING.format(host="nas.lan", extra="")).services
    (check,) = service.all_checks
    assert check == PingCheck(type="ping", host="nas.lan", count=3, timeout=None, ip_version=None)
    assert check.target == "nas.lan"
    assert "ping" in CHECK_TYPES


def test_a_ping_check_says_its_count_timeout_and_family() -> None:
    extra = 'count = 10\ntimeout = "2s"\nip_version = 6'
    (service,) = parse_config(PING.format(host="[fd00::1]", extra=extra)).services
    (check,) = service.checks
    assert check == PingCheck(type="ping", host="fd00::1", count=10, timeout=2.0, ip_version=6)
    assert check.target == "fd00::1"  # an address, no brackets: there is no port to set apart


@pytest.mark.parametrize(
    ("host", "extra", "problem"),
    [
        ("nas.lan", "count = 0", "services[0].checks[0].count: must be at least 1, got 0"),
        ("nas.lan", "count = 11", "services[0].checks[0].count: must be at most 10, got 11"),
        ("nas lan", "", "services[0].checks[0].host: not a host name or IP address: 'nas lan'"),
        ("nas.lan", "port = 80", "services[0].checks[0].port: unknown key"),
        (
            "nas.lan",
            "ip_version = 5",
            "services[0].checks[0].ip_version: expected one of 4 or 6, got 5",
        ),
        (
            "nas.lan",
            'ip_version = "IPv6"',
            'services[0].checks[0].ip_version: expected one of 4 or 6, got "IPv6"',
        ),
        (
            "10.0.0.2",
            "ip_version = 6",
            "services[0].checks[0].ip_version: 10.0.0.2 is an IPv4 address, but ip_version is 6",
        ),
    ],
)
def test_a_bad_ping_check_is_named_by_line_and_key(host: str, extra: str, problem: str) -> None:
    assert ping_problems(host, extra) == [f"config.toml:{5 if 'host' in problem else 6}: {problem}"]


@pytest.mark.parametrize(
    ("check", "problem"),
    [
        (
            'type = "http"\nurl = "http://[::1]:8080/"\nip_version = 4',
            "services[0].checks[0].ip_version: ::1 is an IPv6 address, but ip_version is 4",
        ),
        (
            'type = "tcp"\nhost = "192.168.1.1"\nport = 22\nip_version = 6',
            "services[0].checks[0].ip_version: 192.168.1.1 is an IPv4 address, but ip_version is 6",
        ),
        (
            'type = "dns"\nname = "example.org"\nip_version = 6',
            "services[0].checks[0].ip_version: unknown key",
        ),
    ],
)
def test_ip_version_must_fit_the_address_and_the_check(check: str, problem: str) -> None:
    text = f'[[services]]\nname = "S"\n[[services.checks]]\n{check}\n'
    (found,) = problems_of(text)
    assert found.endswith(problem)
    assert found.startswith(f"config.toml:{4 + check.count(chr(10))}: ")


def test_http_and_tcp_checks_keep_to_one_family_when_told() -> None:
    assert HttpCheck(url="https://example.org/").ip_version is None
    assert HttpCheck.model_validate({"url": "http://[::1]/", "ip_version": 6}).ip_version == 6
    tcp = TcpCheck.model_validate({"type": "tcp", "host": "db.lan", "port": 5432, "ip_version": 4})
    assert tcp.ip_version == 4


def test_the_settings_dialogs_choice_text_is_read_as_the_number() -> None:
    # A choice list gives back its entries as text; the file holds the number.
    check = PingCheck.model_validate({"type": "ping", "host": "nas.lan", "ip_version": "6"})
    assert check.ip_version == 6
    assert check.model_dump(exclude_defaults=True) == {
        "type": "ping",
        "host": "nas.lan",
        "ip_version": 6,
    }
