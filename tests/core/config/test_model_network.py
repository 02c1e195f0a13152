"""The config keys the probes read: [network] dns_server and concurrency, cert_expiry."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trayapp.core.config.example import example_config
from trayapp.core.config.model import Config, Network, Service, split_host_port
from trayapp.core.config.reading import parse_config


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("192.168.1.1", ("192.168.1.1", 53)),
        ("192.168.1.1:5353", ("192.168.1.1", 5353)),
        ("[2001:db8::1]:53", ("2001:db8::1", 53)),
        ("2001:db8::1", ("2001:db8::1", 53)),
        ("dns.example.test", ("dns.example.test", 53)),
    ],
)
def test_a_dns_server_is_a_host_and_an_optional_port(text: str, parsed: tuple[str, int]) -> None:
    assert split_host_port(text, 53) == parsed
    assert Network(dns_server=text).dns_server == text


@pytest.mark.parametrize("text", ["a b", "1.1.1.1:0", "1.1.1.1:dns", "[::1]x", "host:70000"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="not a DNS server address"):
        Network(dns_server=text)


def test_the_defaults_are_the_system_resolver_and_twenty_at_a_time() -> None:
    network = Network()
    assert (network.dns_server, network.concurrency) == ("", 20)
    with pytest.raises(ValidationError):
        Network(concurrency=0)


def test_cert_expiry_defaults_to_two_weeks_and_a_service_may_override_it() -> None:
    config = Config.model_validate(
        {
            "defaults": {"cert_expiry": "30d"},
            "services": [
                {"name": "A", "url": "https://a.test/"},
                {"name": "B", "url": "https://b.test/", "cert_expiry": "2d"},
            ],
        }
    )
    a, b = config.services
    assert config.settings_for(a).cert_expiry == 30 * 86_400
    assert config.settings_for(b).cert_expiry == 2 * 86_400
    assert Config().defaults.cert_expiry == 14 * 86_400


def test_the_example_config_has_the_new_keys_and_is_valid() -> None:
    text = example_config()
    assert 'cert_expiry = "14d"' in text
    assert 'dns_server = ""' in text
    assert "concurrency = 20" in text
    config = parse_config(text)
    assert config.network == Network()
    assert isinstance(config.services[0], Service)
