"""Reading config.toml: every problem named by file, line and key; writing keeps comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.examples import DESIGN_EXAMPLE
from trayapp.core.config.example import example_config
from trayapp.core.config.file import (
    ConfigConflict,
    ConfigError,
    create_config,
    load_config,
    parse_config,
    save_config,
    write_config,
)
from trayapp.core.config.model import Config, DnsCheck, HttpCheck, Service, TcpCheck


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, filename="config.toml")
    return [str(problem) for problem in caught.value.problems]


def test_the_design_example_loads() -> None:
    config = parse_config(DESIGN_EXAMPLE)
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
    text = DESIGN_EXAMPLE.replace('"https://mobile.twitter.com/"', '"ftp://mobile.twitter.com/"')
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
        'unknown check type "ftp" (expected http, tcp, dns)',
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
        "http, tcp, dns"
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


# --- writing ----------------------------------------------------------------------------------


def test_saving_keeps_comments_order_and_untouched_values(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DESIGN_EXAMPLE)
    loaded = load_config(path)
    twitter, mobile = loaded.config.services
    changed = loaded.config.model_copy(
        update={
            "services": [
                twitter.model_copy(update={"interval": 600.0}),
                mobile,
                Service(name="Status", checks=[DnsCheck(type="dns", name="status.test")]),
            ]
        }
    )
    saved = save_config(loaded, changed)
    text = path.read_text()
    assert saved.config == changed
    assert load_config(path).config == changed
    assert 'interval = "10m"' in text
    for line in DESIGN_EXAMPLE.splitlines():
        if line.startswith('interval = "5m"'):
            continue
        assert line in text, line
    assert text.index("Twitter mobile") < text.index('name = "Status"')
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_an_unchanged_save_writes_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DESIGN_EXAMPLE)
    loaded = load_config(path)
    save_config(loaded, loaded.config)
    assert path.read_text() == DESIGN_EXAMPLE


def test_reordering_services_keeps_each_ones_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DESIGN_EXAMPLE)
    loaded = load_config(path)
    twitter, mobile = loaded.config.services
    save_config(loaded, loaded.config.model_copy(update={"services": [mobile, twitter]}))
    text = path.read_text()
    assert text.index("Twitter mobile") < text.index('name = "Twitter"\n')
    assert 'url = "https://twitter.com/"                  # shorthand for one http check' in text


def test_removing_a_key_returns_it_to_its_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DESIGN_EXAMPLE)
    loaded = load_config(path)
    twitter = loaded.config.services[0]
    plain = Service(name=twitter.name, url=twitter.url)
    save_config(loaded, loaded.config.model_copy(update={"services": [plain]}))
    reloaded = load_config(path).config
    assert reloaded.services == [plain]
    assert reloaded.settings_for(plain).interval == 60


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DESIGN_EXAMPLE)
    loaded = load_config(path)
    path.write_text(DESIGN_EXAMPLE + "\n# edited by hand meanwhile\n")
    with pytest.raises(ConfigConflict, match="changed on disk"):
        save_config(loaded, Config())
    assert path.read_text().endswith("# edited by hand meanwhile\n")


def test_a_file_that_became_unreadable_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(DESIGN_EXAMPLE)
    loaded = load_config(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(ConfigConflict):
        save_config(loaded, Config())
    assert path.is_dir()


def test_saving_where_there_was_no_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    loaded = load_config(path)
    config = Config(services=[Service(name="A", url="https://a.test/")])
    save_config(loaded, config)
    assert load_config(path).config == config
    assert path.stat().st_mode & 0o777 == 0o600


def test_create_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    create_config(path, "# first\n")
    with pytest.raises(FileExistsError):
        create_config(path, "# second\n")
    assert path.read_text() == "# first\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


# --- round trips --------------------------------------------------------------------------------

durations = st.integers(min_value=1, max_value=86_400_000).map(lambda ms: ms / 1000)
names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")
hosts = st.from_regex(r"[a-z]([a-z0-9-]{0,8}[a-z0-9])?\.test", fullmatch=True)
http_checks = st.builds(
    HttpCheck,
    url=hosts.map(lambda h: f"https://{h}/"),
    method=st.sampled_from(["GET", "HEAD", "POST"]),
    headers=st.dictionaries(st.from_regex(r"X-[A-Za-z]{1,8}", fullmatch=True), names, max_size=2),
    body_contains=st.none() | names,
    body_absent=st.none() | names,
    follow_redirects=st.booleans(),
    verify_tls=st.booleans(),
    slow_after=st.none() | durations,
)
tcp_checks = st.builds(
    TcpCheck, type=st.just("tcp"), host=hosts, port=st.integers(min_value=1, max_value=65535)
)
dns_checks = st.builds(
    DnsCheck, type=st.just("dns"), name=hosts, record=st.none() | st.sampled_from(["A", "MX"])
)
services = st.builds(
    Service,
    name=names,
    url=hosts.map(lambda h: f"https://{h}/"),
    checks=st.lists(http_checks | tcp_checks | dns_checks, max_size=3),
    interval=st.none() | durations,
    failure_threshold=st.none() | st.integers(min_value=1, max_value=10),
)
configs = st.builds(
    Config,
    services=st.lists(services, max_size=4, unique_by=lambda s: s.name.strip().casefold()),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=configs, second=configs)
def test_load_save_load_gives_the_same_model_and_keeps_comments(
    tmp_path_factory: pytest.TempPathFactory, first: Config, second: Config
) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "config.toml"
    path.write_text("# my services\n[defaults] # mine\ntimeout = 5 # seconds\n")
    loaded = load_config(path)
    first = first.model_copy(update={"defaults": loaded.config.defaults})
    saved = save_config(loaded, first)
    assert load_config(path).config == first
    saved = save_config(saved, second)
    assert load_config(path).config == second
    text = path.read_text()
    assert text.startswith("# my services\n")
    assert saved.exists


def test_saving_again_and_again_adds_no_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    text = '[[services]]\nname = "A"\nurl = "https://a/"\ninterval = "5m"\n\n'
    path.write_text(text + '[[services]]\nname = "B"\nurl = "https://b/"\n')
    for interval in (60.0, 120.0, 180.0):
        loaded = load_config(path)
        first, second = loaded.config.services
        changed = first.model_copy(update={"interval": interval})
        save_config(loaded, loaded.config.model_copy(update={"services": [changed, second]}))
    assert path.read_text() == (
        '[[services]]\nname = "A"\nurl = "https://a/"\ninterval = "3m"\n\n'
        '[[services]]\nname = "B"\nurl = "https://b/"\n'
    )


def test_write_config_replaces_whatever_is_there_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "shared.toml"
    path.write_text("not toml at all [")
    path.chmod(0o640)
    written = write_config(path, Config(services=[Service(name="A", url="https://a/")]))
    assert path.read_text() == '[[services]]\nname = "A"\nurl = "https://a/"\n'
    assert path.stat().st_mode & 0o777 == 0o640
    assert load_config(path).config == written.config
