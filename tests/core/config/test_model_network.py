"""The config keys the probes read: [network] dns_server, concurrency, proxy and pac;
cert_expiry."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trayapp.core.config.example import example_config
from trayapp.core.config.model import Config, Network, Service, split_host_port
from trayapp.core.config.reading import ConfigError, parse_config


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


# --- [network] proxy and pac ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("system", "system"),
        (" None ", "none"),
        ("http://proxy.corp.test:3128", "http://proxy.corp.test:3128"),
        ("https://alice:pw@proxy.corp.test:443/", "https://alice:pw@proxy.corp.test:443/"),
        ("http://[2001:db8::1]:3128", "http://[2001:db8::1]:3128"),
    ],
)
def test_a_proxy_is_system_none_or_a_proxy_url(text: str, kept: str) -> None:
    assert Network(proxy=text).proxy == kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("proxy.corp.test:3128", "not a proxy setting: proxy.corp.test:3128"),
        ("http://proxy.corp.test:99999", "not a proxy setting"),
        ("http://proxy.corp.test:3128/path", "not a proxy setting"),
        ("ftp://proxy.corp.test", "not a proxy setting"),
        ("socks5://127.0.0.1:1080", "SOCKS proxies are not supported: socks5://127.0.0.1:1080"),
        ("automatic", 'use "system", "none" or http://host:port'),
    ],
)
def test_anything_else_is_refused_as_a_proxy(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Network(proxy=text)


def test_a_refused_proxy_never_shows_its_credentials() -> None:
    text = '[network]\nproxy = "ftp://alice:s3cret@proxy.corp.test:21"\n'
    with pytest.raises(ConfigError) as raised:
        parse_config(text)
    shown = str(raised.value)
    assert "not a proxy setting: ftp://***@proxy.corp.test:21" in shown
    assert "s3cret" not in shown
    assert "alice" not in shown


@pytest.mark.parametrize(
    "text", ["", "http://wpad.corp.test/wpad.dat", "https://corp.test/p.pac", "file:///etc/p.pac"]
)
def test_a_pac_file_is_an_http_or_file_url(text: str) -> None:
    assert Network(pac=text).pac == text


@pytest.mark.parametrize("text", ["wpad.dat", "ftp://corp.test/p.pac", "http:///p.pac"])
def test_anything_else_is_refused_as_a_pac_file(text: str) -> None:
    with pytest.raises(ValidationError, match="not a PAC file URL"):
        Network(pac=text)


def test_older_configs_read_as_before_with_the_system_proxy_and_no_pac_file() -> None:
    config = parse_config('[network]\ndns_server = ""\n')
    assert (config.network.proxy, config.network.pac) == ("system", "")
