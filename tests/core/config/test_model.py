"""The config model: defaults, inheritance, and validation of what a service may say."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trayapp.core.config.model import (
    DEFAULT_CANARIES,
    Config,
    DnsCheck,
    HttpCheck,
    Service,
    TcpCheck,
)
from trayapp.core.config.values import StatusRanges


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


@pytest.mark.parametrize(
    ("url", "checks", "has_checks", "first_url"),
    [
        ("https://a.test/", [], True, "https://a.test/"),
        ("https://a.test/", [HttpCheck(url="https://b.test/")], True, "https://a.test/"),
        (None, [TcpCheck(type="tcp", host="a.test", port=22)], True, None),
        (
            None,
            [TcpCheck(type="tcp", host="a.test", port=22), HttpCheck(url="https://b.test/")],
            True,
            "https://b.test/",
        ),
        (None, [], False, None),
    ],
)
def test_what_a_service_checks_is_told_without_making_its_checks(
    url: str | None, checks: list[HttpCheck | TcpCheck], has_checks: bool, first_url: str | None
) -> None:
    service = Service(name="A", url=url, checks=checks, status_page="https://status.a.test/")
    assert service.has_checks is has_checks is bool(service.all_checks)
    assert service.first_url == first_url
    http = [c.url for c in service.all_checks if isinstance(c, HttpCheck)]
    assert first_url == (http[0] if http else None)


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


def test_a_failure_is_confirmed_five_seconds_on_unless_told() -> None:
    service = {"name": "Twitter", "url": "https://twitter.com/"}
    config = Config.model_validate(
        {
            "defaults": {"retry_after": "2s"},
            "services": [service, {**service, "name": "Patient", "retry_after": "30s"}],
        }
    )
    assert Config().defaults.retry_after == 5
    assert [config.settings_for(s).retry_after for s in config.services] == [2, 30]
    with pytest.raises(ValidationError, match="longer than zero"):
        Config.model_validate({"defaults": {"retry_after": "0s"}})


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
