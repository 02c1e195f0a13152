"""``[[sources]]`` and ``remote`` in config.toml: what loads, and what each mistake says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.builders import problems_of
from tests.support.examples import SOURCES_EXAMPLE as SOURCES
from trayapp.core.config.file import load_config, parse_config, save_config
from trayapp.core.config.model import Remote


def test_sources_and_remote_load() -> None:
    config = parse_config(SOURCES)
    prometheus, alerts, kuma = config.sources
    assert prometheus.promql == 'probe_success{job="blackbox"}'
    assert prometheus.interval == 30
    assert prometheus.secrets == {"Authorization": "prometheus/Authorization"}
    assert alerts.promql == "probe_success"  # asked of a prometheus only
    assert (alerts.services, kuma.services) == (False, True)
    assert (prometheus.target_label, prometheus.vantage_label) == ("instance", "vantage")
    shop, backups = config.services
    assert [shop.remote_target(r) for r in shop.remote] == ["https://shop.example/", "shop"]
    assert not backups.all_checks  # a service judged by its vantage points alone
    assert config.source("PROMETHEUS") is prometheus


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[[services]]\nname = "a"\nremote = [{ source = "nope" }]\n',
            "config.toml:3: services[0].remote[0].source: service 'a': no source named 'nope' "
            "(sources: none)",
        ),
        (
            '[[sources]]\nname = "am"\nkind = "alertmanager"\nurl = "http://am:9093"\n'
            'query = "up"\n',
            "config.toml:5: sources[0].query: source 'am': query is read by kind prometheus only, "
            "not alertmanager",
        ),
        (
            '[[sources]]\nname = "a/b"\nkind = "gatus"\nurl = "http://g"\n',
            "config.toml:2: sources[0].name: not a source's name: 'a/b' (one word or a few, "
            "without '/')",
        ),
        (
            '[[sources]]\nname = "g"\nkind = "nagios"\nurl = "http://g"\n',
            "config.toml:3: sources[0].kind: expected one of 'alertmanager', 'prometheus', "
            "'gatus' or 'uptime_kuma', got \"nagios\"",
        ),
        (
            '[[sources]]\nname = "g"\nkind = "gatus"\nurl = "http://g"\n'
            '[[sources]]\nname = "G"\nkind = "gatus"\nurl = "http://h"\n',
            "config.toml:6: sources[1].name: duplicate source name 'G' (also sources[0])",
        ),
        (
            '[[sources]]\nname = "g"\nkind = "gatus"\nurl = "http://g"\n'
            '[[services]]\nname = "g/api"\nurl = "http://x"\n',
            "config.toml:6: services[0].name: service name 'g/api' is taken: 'g/...' names the "
            "targets of source 'g'",
        ),
        (
            '[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "http://p"\n'
            'target_label = "in-stance"\n',
            "config.toml:5: sources[0].target_label: not a Prometheus label name: 'in-stance'",
        ),
        (
            '[[sources]]\nname = "k"\nkind = "uptime_kuma"\nurl = "https://kuma.example/"\n',
            "config.toml:4: sources[0].url: source 'k': an Uptime Kuma source is its status "
            "page's address, https://kuma.example/status/<slug>",
        ),
        (
            '[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "http://p"\nquerry = "up"\n',
            "config.toml:5: sources[0].querry: unknown key (did you mean 'query'?)",
        ),
        (
            '[[sources]]\nname = "p"\nkind = "prometheus"\nurl = "http://p"\n'
            '[[services]]\nname = "a"\nremote = [{ source = "p", targt = "x" }]\n',
            "config.toml:7: services[0].remote[0].targt: unknown key (did you mean 'target'?)",
        ),
    ],
)
def test_each_mistake_says_what_and_where(text: str, problem: str) -> None:
    assert problems_of(text) == [problem]


def test_a_changed_remote_is_written_on_one_line_and_comments_stay(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SOURCES)
    loaded = load_config(path)
    shop = loaded.config.services[0]
    changed = shop.model_copy(update={"remote": [Remote(source="kuma", target="Shop")]})
    config = loaded.config.model_copy(update={"services": [changed, *loaded.config.services[1:]]})
    save_config(loaded, config)
    text = path.read_text()
    assert 'remote = [{source = "kuma", target = "Shop"}]' in text
    assert "# The monitoring we already run." in text
    assert load_config(path).config.services[0].remote == [Remote(source="kuma", target="Shop")]
