"""The config model: defaults, value types, and validation of what a service may say."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from trayapp.core.config.model import (
    DEFAULT_CANARIES,
    Config,
    DnsCheck,
    HttpCheck,
    QuietHours,
    Service,
    StatusRanges,
    TcpCheck,
)


def test_an_empty_config_has_the_documented_defaults() -> None:
    config = Config()
    assert config.services == []
    assert config.defaults.interval == 60
    assert config.defaults.timeout == 10
    assert config.defaults.failure_threshold == 2
    assert config.defaults.success_threshold == 2
    assert config.defaults.flap_window == 1800
    assert config.defaults.slow_after == 3
    assert config.notifications.enabled is True
    assert config.notifications.on_recovery is True
    assert config.notifications.on_degraded is False
    assert config.notifications.quiet_hours is None
    assert config.notifications.coalesce == 15
    assert tuple(config.network.canaries) == DEFAULT_CANARIES


def test_url_is_shorthand_for_one_http_check_before_the_others() -> None:
    service = Service(
        name="Twitter",
        url="https://twitter.com/",
        checks=[TcpCheck(type="tcp", host="api.twitter.com", port=443)],
    )
    first, second = service.all_checks
    assert isinstance(first, HttpCheck)
    assert first.url == "https://twitter.com/"
    assert first.expect_status == StatusRanges(((200, 399),))
    assert isinstance(second, TcpCheck)
    assert second.target == "api.twitter.com:443"


def test_a_service_inherits_what_it_does_not_say() -> None:
    config = Config.model_validate(
        {
            "defaults": {"interval": "2m", "failure_threshold": 3},
            "services": [{"name": "A", "url": "https://a.test/", "interval": "5m"}],
        }
    )
    settings = config.settings_for(config.services[0])
    assert settings.interval == 300
    assert settings.failure_threshold == 3
    assert settings.timeout == 10


def test_services_are_found_by_name_whatever_the_case() -> None:
    config = Config(services=[Service(name="Twitter", url="https://t.test/")])
    assert config.service("twitter") is config.services[0]
    assert config.service("nope") is None


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("200-399", [200, 302, 399], [199, 400, 500]),
        ("200,204,301-302", [200, 204, 301, 302], [201, 303]),
        (503, [503], [500]),
        (["200-299", 404], [250, 404], [300]),
    ],
)
def test_status_ranges(text: object, inside: list[int], outside: list[int]) -> None:
    ranges = StatusRanges.parse(text)
    assert all(code in ranges for code in inside)
    assert not any(code in ranges for code in outside)
    assert StatusRanges.parse(str(ranges)) == ranges


@pytest.mark.parametrize("text", ["", "abc", "99", "600", "300-200", "2xx", True])
def test_status_ranges_refuse_nonsense(text: object) -> None:
    with pytest.raises(ValidationError, match="not a status range"):
        HttpCheck(url="https://a.test/", expect_status=text)  # type: ignore[arg-type]


def test_quiet_hours_may_cross_midnight() -> None:
    night = QuietHours.parse("22:00-07:00")
    assert time(23, 30) in night
    assert time(6, 59) in night
    assert time(7, 0) not in night
    assert time(12, 0) not in night
    lunch = QuietHours.parse("12:00-13:30")
    assert time(12, 15) in lunch
    assert time(14, 0) not in lunch
    assert str(night) == "22:00-07:00"


@pytest.mark.parametrize("text", ["25:00-07:00", "22:00", "22:00-22:00", "ten-eleven"])
def test_quiet_hours_refuse_nonsense(text: str) -> None:
    with pytest.raises(ValidationError, match="not a time range"):
        Config.model_validate({"notifications": {"quiet_hours": text}})


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ({"type": "http", "url": "ftp://a.test/"}, r"not an http\(s\) URL"),
        ({"type": "http", "url": "file:///etc/passwd"}, r"not an http\(s\) URL"),
        ({"type": "http", "url": "https://"}, r"not an http\(s\) URL"),
        ({"type": "http", "url": "https://a.test:99999/"}, r"not an http\(s\) URL"),
        ({"type": "http", "url": "https://a.test/", "method": "FETCH"}, "Input should be"),
        (
            {"type": "http", "url": "https://a.test/", "headers": {"X": "a\r\nEvil: 1"}},
            "line break",
        ),
        ({"type": "http", "url": "https://a.test/", "headers": {"Bad Name": "1"}}, "header name"),
        ({"type": "tcp", "host": "a b", "port": 80}, "not a host name"),
        ({"type": "tcp", "host": "a.test", "port": 0}, "greater than or equal"),
        ({"type": "tcp", "host": "a.test", "port": 70000}, "less than or equal"),
        ({"type": "dns", "name": "a.test", "record": "PTRX"}, "Input should be"),
    ],
)
def test_checks_refuse_bad_values(check: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Config.model_validate({"services": [{"name": "S", "checks": [check]}]})


def test_hosts_accept_names_and_addresses() -> None:
    for host in ["example.com", "127.0.0.1", "::1", "[::1]", "bücher.example", "a-b.c_d.test"]:
        TcpCheck(type="tcp", host=host, port=80)


def test_a_service_must_have_something_to_check() -> None:
    with pytest.raises(ValidationError, match="nothing to check"):
        Service(name="Empty")


def test_a_status_page_is_read_every_five_minutes_unless_told() -> None:
    page = {"name": "Twitter", "status_page": "https://status.twitterstat.us"}
    config = Config.model_validate(
        {"services": [page, {**page, "name": "Slow", "status_page_interval": "15m"}]}
    )
    assert config.defaults.status_page_interval == 300
    assert [config.settings_for(s).status_page_interval for s in config.services] == [300, 900]


def test_a_component_is_followed_on_a_status_page_and_needs_one() -> None:
    page = "https://status.twitterstat.us"
    service = Service(name="Twitter", status_page=page, status_component="userstream")
    assert service.status_component == "userstream"
    with pytest.raises(ValidationError, match="status_component needs a status_page"):
        Service(name="Twitter", url="https://twitter.com/", status_component="userstream")
    with pytest.raises(ValidationError, match="a component's name on one line"):
        Service(name="Twitter", status_page=page, status_component="user\nstream")
    with pytest.raises(ValidationError, match="at least 1 character"):
        Service(name="Twitter", status_page=page, status_component="")


def test_duplicate_names_are_refused_whatever_the_case() -> None:
    with pytest.raises(ValidationError, match="duplicate service name 'twitter'"):
        Config(
            services=[
                Service(name="Twitter", url="https://a.test/"),
                Service(name="twitter", url="https://b.test/"),
            ]
        )


def test_types_are_strict() -> None:
    with pytest.raises(ValidationError):
        Config.model_validate({"defaults": {"failure_threshold": "2"}})
    with pytest.raises(ValidationError):
        Config.model_validate({"notifications": {"enabled": "yes"}})


def test_models_are_frozen_snapshots() -> None:
    config = Config()
    with pytest.raises(ValidationError):
        config.defaults.interval = 5  # type: ignore[misc]


def test_dns_check_targets() -> None:
    assert DnsCheck(type="dns", name="a.test").target == "a.test"
    assert DnsCheck(type="dns", name="a.test", record="MX").target == "a.test MX"
