"""Writing config.toml: a save keeps comments and layout, and never loses a change on disk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.examples import CONTRACT_EXAMPLE
from trayapp.core.config.model import Config, DnsCheck, HttpCheck, Service, TcpCheck
from trayapp.core.config.reading import load_config
from trayapp.core.config.writing import ConfigConflict, create_config, save_config, write_config


def test_saving_keeps_comments_order_and_untouched_values(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
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
    for line in CONTRACT_EXAMPLE.splitlines():
        if line.startswith('interval = "5m"'):
            continue
        assert line in text, line
    assert text.index("Twitter mobile") < text.index('name = "Status"')
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_an_unchanged_save_writes_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    loaded = load_config(path)
    save_config(loaded, loaded.config)
    assert path.read_text() == CONTRACT_EXAMPLE


def test_reordering_services_keeps_each_ones_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    loaded = load_config(path)
    twitter, mobile = loaded.config.services
    save_config(loaded, loaded.config.model_copy(update={"services": [mobile, twitter]}))
    text = path.read_text()
    assert text.index("Twitter mobile") < text.index('name = "Twitter"\n')
    assert 'url = "https://twitter.com/"                  # shorthand for one http check' in text


def test_removing_a_key_returns_it_to_its_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    loaded = load_config(path)
    twitter = loaded.config.services[0]
    plain = Service(name=twitter.name, url=twitter.url)
    save_config(loaded, loaded.config.model_copy(update={"services": [plain]}))
    reloaded = load_config(path).config
    assert reloaded.services == [plain]
    assert reloaded.settings_for(plain).interval == 60


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
    loaded = load_config(path)
    path.write_text(CONTRACT_EXAMPLE + "\n# edited by hand meanwhile\n")
    with pytest.raises(ConfigConflict, match="changed on disk"):
        save_config(loaded, Config())
    assert path.read_text().endswith("# edited by hand meanwhile\n")


def test_a_file_that_became_unreadable_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONTRACT_EXAMPLE)
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


# --- a config.toml that is a symbolic link ----------------------------------------------------


@pytest.mark.parametrize("relative", [False, True])
def test_a_save_writes_through_a_symlink_to_its_target(tmp_path: Path, relative: bool) -> None:
    dotfiles = tmp_path / "dotfiles" / "trayapp"
    dotfiles.mkdir(parents=True)
    target = dotfiles / "config.toml"
    target.write_text(CONTRACT_EXAMPLE)
    target.chmod(0o640)
    folder = tmp_path / "home" / ".config" / "trayapp"
    folder.mkdir(parents=True)
    link = folder / "config.toml"
    link.symlink_to(os.path.relpath(target, folder) if relative else target)
    loaded = load_config(link)
    twitter, mobile = loaded.config.services
    changed = loaded.config.model_copy(
        update={"services": [twitter.model_copy(update={"interval": 600.0}), mobile]}
    )
    save_config(loaded, changed)
    assert link.is_symlink()
    assert 'interval = "10m"' in target.read_text()
    assert load_config(link).config == changed
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in dotfiles.iterdir()) == ["config.toml"]  # no temporary left
    assert sorted(p.name for p in folder.iterdir()) == ["config.toml"]


def test_a_save_through_a_chain_of_links_reaches_the_end(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text(CONTRACT_EXAMPLE)
    middle = tmp_path / "middle.toml"
    middle.symlink_to(target)
    link = tmp_path / "config.toml"
    link.symlink_to(middle)
    loaded = load_config(link)
    save_config(loaded, loaded.config.model_copy(update={"services": []}))
    assert link.is_symlink()
    assert middle.is_symlink()
    assert load_config(target).config.services == []
