"""``[outside]`` and a service's ``outside`` key: defaults, what may be written, and the
loader's one-line messages for what may not."""

from __future__ import annotations

import pytest

from trayapp.core.config import ConfigError, parse_config
from trayapp.core.config.model import Config

SERVICE = '[[services]]\nname = "Shop"\nurl = "https://shop.example.org/"\n'


def test_an_empty_file_asks_nobody_until_turned_on_then_five_continents_every_ten_minutes() -> None:
    outside = Config().outside
    assert not outside.enabled  # nothing leaves the machine for a provider not turned on
    assert outside.provider == "globalping"
    assert outside.url == "https://api.globalping.io"
    assert outside.probes == 5
    assert outside.locations == ["Europe", "North America", "Asia", "South America", "Oceania"]
    assert outside.interval == 600.0


def test_the_table_is_read_as_written() -> None:
    config = parse_config(
        '[outside]\nprovider = "none"\nurl = "http://127.0.0.1:8080"\nprobes = 50\n'
        'locations = ["DE", " Tokyo "]\ninterval = "1h"\nenabled = false\n'
    )
    outside = config.outside
    assert (outside.provider, outside.url, outside.probes) == ("none", "http://127.0.0.1:8080", 50)
    assert outside.locations == ["DE", "Tokyo"]
    assert (outside.interval, outside.enabled) == (3600.0, False)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("true", True), ("false", False), ('"auto"', "auto"), ('"AUTO"', "auto")],
)
def test_a_service_says_whether_its_target_may_go_outside(written: str, expected: object) -> None:
    config = parse_config(f"{SERVICE}outside = {written}\n")
    assert config.services[0].outside == expected


def test_a_service_that_says_nothing_follows_the_rules() -> None:
    assert parse_config(SERVICE).services[0].outside == "auto"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[outside]\nprobes = 0\n", "outside.probes: must be at least 1, got 0"),
        ("[outside]\nprobes = 51\n", "outside.probes: must be at most 50, got 51"),
        ('[outside]\nprovider = "ripe"\n', "outside.provider: expected one of"),
        ('[outside]\nurl = "ftp://mirror"\n', "outside.url: not an http(s) URL: ftp://mirror"),
        ('[outside]\nlocations = ["Europe", ""]\n', "outside.locations[1]: not a location: ''"),
        ('[outside]\ninterval = "soon"\n', "outside.interval: not a duration: 'soon'"),
        ('[outside]\nregion = "EU"\n', "outside.region"),
        (f'{SERVICE}outside = "yes"\n', "outside is true, false or \"auto\", not 'yes'"),
        (f"{SERVICE}outside = 1\n", 'outside is true, false or "auto", not 1'),
    ],
)
def test_a_wrong_value_gets_one_line_that_says_what_to_write(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    lines = str(caught.value).splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]
