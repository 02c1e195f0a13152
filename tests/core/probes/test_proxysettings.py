"""Proxy settings as the session sets them: the environment, GNOME through a real gsettings
(keyfile backend, in a temporary XDG_CONFIG_HOME), KDE's kioslaverc, Windows' and macOS' own."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

from trayapp.core.probes.proxysettings import (
    ProxySettings,
    bypassed,
    desktop_settings,
    environment_settings,
    gnome_settings,
    kde_settings,
)

# --- the environment -----------------------------------------------------------------------------


def test_the_environment_gives_a_proxy_per_scheme_lower_case_winning() -> None:
    settings = environment_settings(
        {
            "HTTPS_PROXY": "http://upper.test:1",
            "https_proxy": "lower.test:2",
            "HTTP_PROXY": "http://h.test:3",
            "NO_PROXY": "corp.test, 10.0.0.0/8",
        }
    )
    assert settings is not None
    assert settings.source == "the environment"
    assert settings.proxy_for("https", "a.test") == "http://lower.test:2"
    assert settings.proxy_for("http", "a.test") == "http://h.test:3"
    assert settings.proxy_for("http", "www.corp.test") is None
    assert settings.proxy_for("https", "10.1.2.3") is None


def test_no_proxy_alone_is_no_setting_at_all() -> None:
    assert environment_settings({"NO_PROXY": "corp.test", "FTP_PROXY": "x:1"}) is None
    assert environment_settings({"HTTP_PROXY": ""}) is None


@pytest.mark.parametrize(
    ("host", "ignore", "direct"),
    [
        ("corp.test", ("corp.test",), True),
        ("a.b.corp.test", (".corp.test",), True),
        ("xcorp.test", ("corp.test",), False),
        ("a.corp.test", ("*.corp.test",), True),
        ("10.9.8.7", ("10.0.0.0/8",), True),
        ("11.9.8.7", ("10.0.0.0/8",), False),
        ("::1", ("::1",), True),
        ("[::1]", ("::1/128",), True),
        ("corp.test", ("corp.test:8080",), True),
        ("anything.test", ("*",), True),
        ("intranet", ("<local>",), True),
        ("intra.net", ("<local>",), False),
        ("localhost", ("localhost", "127.0.0.0/8"), True),
        ("corp.test", ("10.0.0.0/8",), False),  # names are never looked up
        ("Corp.Test.", ("CORP.test",), True),
    ],
)
def test_hosts_that_go_direct(host: str, ignore: tuple[str, ...], direct: bool) -> None:
    assert bypassed(host, ignore) is direct


# --- GNOME, through gsettings --------------------------------------------------------------------


@pytest.fixture
def gnome(tmp_path: Path) -> dict[str, str]:
    """An environment whose gsettings (Debian: libglib2.0-bin, gsettings-desktop-schemas,
    which .ci/run installs) keeps its values in a file under ``tmp_path``."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "GSETTINGS_BACKEND": "keyfile",
    }


def gsettings(environ: dict[str, str], schema: str, key: str, value: str) -> None:
    subprocess.run(["gsettings", "set", schema, key, value], env=environ, check=True)


@pytest.mark.linux_only  # gsettings
def test_gnome_manual_gives_the_http_and_https_proxies_and_the_ignored_hosts(
    gnome: dict[str, str],
) -> None:
    gsettings(gnome, "org.gnome.system.proxy", "mode", "manual")
    gsettings(gnome, "org.gnome.system.proxy.http", "host", "proxy.corp.test")
    gsettings(gnome, "org.gnome.system.proxy.http", "port", "3128")
    gsettings(gnome, "org.gnome.system.proxy.https", "host", "tls.corp.test")
    gsettings(gnome, "org.gnome.system.proxy.https", "port", "3129")
    gsettings(gnome, "org.gnome.system.proxy", "ignore-hosts", "['intra.test', '10.0.0.0/8']")
    settings = gnome_settings(gnome)
    assert settings is not None
    assert (settings.source, settings.mode) == ("GNOME's proxy settings", "manual")
    assert settings.proxy_for("http", "a.test") == "http://proxy.corp.test:3128"
    assert settings.proxy_for("https", "a.test") == "http://tls.corp.test:3129"
    assert settings.proxy_for("https", "www.intra.test") is None
    assert settings.proxy_for("http", "10.0.0.1") is None


@pytest.mark.linux_only  # gsettings
def test_gnome_https_takes_the_http_proxy_when_it_has_none_and_its_credentials(
    gnome: dict[str, str],
) -> None:
    gsettings(gnome, "org.gnome.system.proxy", "mode", "manual")
    gsettings(gnome, "org.gnome.system.proxy.http", "host", "proxy.corp.test")
    gsettings(gnome, "org.gnome.system.proxy.http", "port", "3128")
    gsettings(gnome, "org.gnome.system.proxy.http", "use-authentication", "true")
    gsettings(gnome, "org.gnome.system.proxy.http", "authentication-user", "alice")
    gsettings(gnome, "org.gnome.system.proxy.http", "authentication-password", "p@ss word")
    settings = gnome_settings(gnome)
    assert settings is not None
    expected = "http://alice:p%40ss%20word@proxy.corp.test:3128"
    assert settings.proxy_for("https", "a.test") == expected
    # GNOME's default ignore-hosts: the machine itself goes direct.
    assert settings.proxy_for("http", "127.0.0.1") is None
    assert settings.proxy_for("http", "localhost") is None


@pytest.mark.linux_only  # gsettings
@pytest.mark.parametrize(
    ("url", "mode"),
    [("http://wpad.corp.test/proxy.pac", "pac"), ("", "wpad")],
)
def test_gnome_auto_is_a_pac_file_or_wpad(gnome: dict[str, str], url: str, mode: str) -> None:
    gsettings(gnome, "org.gnome.system.proxy", "mode", "auto")
    gsettings(gnome, "org.gnome.system.proxy", "autoconfig-url", url)
    settings = gnome_settings(gnome)
    assert settings is not None
    assert (settings.mode, settings.pac_url) == (mode, url)


@pytest.mark.linux_only  # gsettings
def test_gnome_none_is_direct(gnome: dict[str, str]) -> None:
    settings = gnome_settings(gnome)  # nothing set: GNOME's default
    assert settings is not None
    assert settings.mode == "none"
    assert settings.proxy_for("http", "a.test") is None


def test_no_gsettings_is_no_gnome_settings(tmp_path: Path) -> None:
    assert gnome_settings({"PATH": str(tmp_path)}) is None


# --- KDE, from kioslaverc ------------------------------------------------------------------------


def kde(tmp_path: Path, group: str) -> dict[str, str]:
    (tmp_path / "kioslaverc").write_text(f"[Proxy Settings]\n{group}\n", encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(tmp_path), "XDG_CURRENT_DESKTOP": "KDE"}


def test_kde_manual_reads_its_own_way_of_writing_a_port(tmp_path: Path) -> None:
    environ = kde(
        tmp_path,
        "ProxyType=1\nhttpProxy=http://proxy.corp.test 3128\n"
        "httpsProxy=http://tls.corp.test:3129\nNoProxyFor=intra.test,.lan.test",
    )
    settings = desktop_settings(environ, "linux")
    assert settings is not None
    assert (settings.source, settings.mode) == ("KDE's proxy settings", "manual")
    assert settings.proxy_for("http", "a.test") == "http://proxy.corp.test:3128"
    assert settings.proxy_for("https", "a.test") == "http://tls.corp.test:3129"
    assert settings.proxy_for("http", "a.lan.test") is None
    assert settings.proxy_for("http", "intra.test") is None


@pytest.mark.parametrize(
    ("group", "mode", "pac_url"),
    [
        ("ProxyType=0", "none", ""),
        ("ProxyType=2\nProxy Config Script=http://corp.test/proxy.pac", "pac", ""),
        ("ProxyType=3", "wpad", ""),
        ("ProxyType=4\nhttpProxy=HTTP_PROXY", "none", ""),
    ],
)
def test_kde_proxy_types(tmp_path: Path, group: str, mode: str, pac_url: str) -> None:
    settings = kde_settings(kde(tmp_path, group))
    assert settings is not None
    assert settings.mode == mode
    if mode == "pac":
        assert settings.pac_url == "http://corp.test/proxy.pac"


def test_no_kioslaverc_is_no_kde_settings(tmp_path: Path) -> None:
    assert kde_settings({"XDG_CONFIG_HOME": str(tmp_path)}) is None


def test_outside_kde_gnome_comes_first_then_a_kioslaverc(tmp_path: Path) -> None:
    environ = kde(tmp_path, "ProxyType=1\nhttpProxy=http://proxy.corp.test:1")
    environ.update(XDG_CURRENT_DESKTOP="XFCE", PATH=str(tmp_path))  # no gsettings there
    settings = desktop_settings(environ, "linux")
    assert settings is not None
    assert settings.source == "KDE's proxy settings"


# --- Windows and macOS: the standard library's lookup --------------------------------------------


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_ask_the_system(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        urllib.request, "getproxies", lambda: {"http": "proxy.corp.test:8080", "ftp": "x"}
    )

    def proxy_bypass(host: str) -> bool:
        asked.append(host)
        return host.endswith(".intra.test")

    monkeypatch.setattr(urllib.request, "proxy_bypass", proxy_bypass)
    settings = desktop_settings({}, platform)
    assert settings is not None
    assert settings.source == "the system's proxy settings"
    assert settings.proxy_for("http", "a.test") == "http://proxy.corp.test:8080"
    assert settings.proxy_for("http", "www.intra.test") is None
    assert asked == ["a.test", "www.intra.test"]


def test_linux_never_asks_the_standard_library(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> dict[str, str]:
        raise AssertionError("consulted")

    monkeypatch.setattr(urllib.request, "getproxies", refuse)
    assert desktop_settings({"PATH": "/nonexistent"}, "linux") is None


def test_a_proxy_for_all_schemes_serves_those_without_their_own() -> None:
    settings = ProxySettings(
        "the config", "manual", {"all": "http://p.test:1", "http": "http://h.test:2"}
    )
    assert settings.proxy_for("https", "a.test") == "http://p.test:1"
    assert settings.proxy_for("http", "a.test") == "http://h.test:2"
