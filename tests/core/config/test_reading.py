"""Reading config.toml: every problem named by file, line and key; a bad file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.builders import problems_of
from tests.support.examples import CONTRACT_EXAMPLE
from trayapp.core.config.example import example_config
from trayapp.core.config.model import Config, HttpCheck, TcpCheck
from trayapp.core.config.reading import ConfigError, load_config, parse_config


def test_the_design_example_loads() -> None:
    config = parse_config(CONTRACT_EXAMPLE)
    twitter, mobile = config.services
    assert config.settings_for(twitter).interval == 300
    assert twitter.status_page == "https://status.twitterstat.us"
    http, tcp = mobile.all_checks
    assert isinstance(http, HttpCheck)
    assert http.body_absent == "Twitter is currently down"
    assert isinstance(tcp, TcpCheck)
    assert tcp.port == 443


def test_the_example_file_is_valid_and_commented() -> None:
    text = example_config()
    config = parse_config(text)
    assert config.services[0].name == "Example"
    assert config.defaults == Config().defaults
    assert text.count("#") > 20


def test_a_bad_url_is_named_by_file_line_and_key() -> None:
    text = CONTRACT_EXAMPLE.replace('"https://mobile.twitter.com/"', '"ftp://mobile.twitter.com/"')
    assert problems_of(text) == [
        "config.toml:29: services[1].checks[0].url: not an http(s) URL: ftp://mobile.twitter.com/"
    ]


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    text = """\
[defaults]
interval = "-5s"
timeout = 0
intervall = "5m"
failure_threshold = "2"

[notifications]
enabled = "yes"

[[services]]
name = "A"
url = "https://a.test/"

[[services]]
name = "B"
[[services.checks]]
type = "ftp"
[[services.checks]]
type = "http"
[[services.checks]]
type = "tcp"
port = 443

[[services]]
name = "a"
url = "https://other.test/"
"""
    assert problems_of(text) == [
        "config.toml:2: defaults.interval: must be longer than zero, got '-5s'",
        "config.toml:3: defaults.timeout: must be longer than zero, got 0",
        "config.toml:4: defaults.intervall: unknown key (did you mean 'interval'?)",
        'config.toml:5: defaults.failure_threshold: expected a whole number, got "2"',
        'config.toml:8: notifications.enabled: expected true or false, got "yes"',
        "config.toml:17: services[1].checks[0].type: "
        'unknown check type "ftp" (expected http, tcp, dns, ping)',
        "config.toml:18: services[1].checks[1].url: required key is missing",
        "config.toml:20: services[1].checks[2].host: required key is missing",
        'config.toml:25: services[2].name: duplicate service name "a" (also services[0])',
    ]


def test_invalid_toml_names_its_line() -> None:
    (problem,) = problems_of('[defaults]\ninterval = "5m"\ntimeout = \n')
    assert problem.startswith("config.toml:3: invalid TOML: ")


def test_a_duplicate_key_is_invalid_toml() -> None:
    assert problems_of('[defaults]\ninterval = "5m"\ninterval = "6m"\n') == [
        "config.toml:3: defaults.interval: invalid TOML: key written twice (first on line 2)"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[[services]]\nname = "A"\nurl = "https://a.test/"\n\n[[services]]\nname = "B"\n'
            'interval = "1m"\n# a comment\ninterval = "2m"\n',
            "config.toml:9: services[1].interval: invalid TOML: key written twice "
            "(first on line 7)",
        ),
        (
            '[defaults]\ninterval = "5m"\n\n[notifications]\nenabled = true\n\n[defaults]\n',
            "config.toml:7: defaults: invalid TOML: key written twice (first on line 1)",
        ),
    ],
)
def test_a_key_or_table_written_twice_names_its_path_and_both_lines(
    text: str, problem: str
) -> None:
    assert problems_of(text) == [problem]


def test_the_duplicate_key_message_does_not_depend_on_the_toml_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Our scanner finds the repeat; whatever tomlkit's version says about it is not used."""
    import tomlkit

    def parse(text: str) -> None:
        raise tomlkit.exceptions.TOMLKitError("wording of some future release")

    monkeypatch.setattr(tomlkit, "parse", parse)
    assert problems_of('[defaults]\ninterval = "5m"\ninterval = "6m"\n') == [
        "config.toml:3: defaults.interval: invalid TOML: key written twice (first on line 2)"
    ]


def test_a_check_without_type_says_which_types_exist() -> None:
    text = '[[services]]\nname = "A"\n[[services.checks]]\nurl = "https://a.test/"\n'
    assert problems_of(text) == [
        "config.toml:3: services[0].checks[0].type: missing; say which kind of check: "
        "http, tcp, dns, ping"
    ]


def test_inline_tables_point_at_their_key() -> None:
    text = '[[services]]\nname = "A"\nchecks = [{type = "tcp", host = "a.test", port = 0}]\n'
    (problem,) = problems_of(text)
    assert problem.startswith("config.toml:3: services[0].checks[0].port: must be at least 1")


def test_a_multiline_string_does_not_confuse_the_lines() -> None:
    text = (
        '[[services]]\nname = "A"\nurl = "https://a.test/"\n'
        'body = """\nfake = 1\n"""\n'
        "interval = -1\n"
    )
    problems = problems_of(text)
    assert "config.toml:4: services[0].body: unknown key" in problems
    assert "config.toml:7: services[0].interval: must be longer than zero, got -1" in problems


# --- bad files: one clear message, the file untouched ----------------------------------------


def write(path: Path, data: bytes) -> tuple[bytes, int]:
    path.write_bytes(data)
    return data, path.stat().st_mtime_ns


def assert_untouched(path: Path, before: tuple[bytes, int]) -> None:
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "config.toml")
    assert loaded.config == Config()
    assert not loaded.exists
    with pytest.raises(ConfigError, match="no such file"):
        load_config(tmp_path / "config.toml", missing_ok=False)


def test_a_directory_where_the_file_should_be(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: is a directory, not a config file"


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    before = write(path, '[[services]]\nname = "Café"\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}:2: not UTF-8 text (byte 0xe9 at column 12); save the file as UTF-8"
    )
    assert_untouched(path, before)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbf[defaults]\ninterval = "5m"\n')
    assert load_config(path).config.defaults.interval == 300


def test_a_50_megabyte_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with path.open("wb") as stream:
        stream.write(b"# " + b"x" * 1000 + b"\n")
        stream.truncate(50 * 1024 * 1024)
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: is too large (52.4 MB); a config file is at most 1 MiB"
    assert_untouched(path, before)


def test_an_invalid_file_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    before = write(path, b'[defaults]\ninterval = "soon"\n')
    with pytest.raises(ConfigError, match=r"defaults\.interval: not a duration"):
        load_config(path)
    assert_untouched(path, before)


def test_a_url_in_a_message_is_shown_without_its_credentials() -> None:
    text = (
        '[network]\ncanaries = ["tcp://alice:pa55word@gw.test"]\n\n'
        '[[services]]\nname = "A"\nurl = "ftp://ghp_t0ken@a.test/?api_key=k3y"\n'
    )
    problems = problems_of(text)
    assert not any("pa55word" in p or "ghp_t0ken" in p or "k3y" in p for p in problems)
    assert any("tcp://***@gw.test" in p for p in problems)
    assert any("ftp://***@a.test/?api_key=***" in p for p in problems)
