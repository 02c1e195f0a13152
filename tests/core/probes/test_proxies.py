"""Which way requests go, end to end: real proxies, a real PAC server, real sites, all on
127.0.0.1; the route the prober reports, and failures through a proxy in words."""

from __future__ import annotations

import base64
import logging
import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.probes.fixtures import SETTINGS, settings
from tests.support.proxies import ProxyLab, proxy_lab
from tests.support.servers import LocalSites, closed_port
from trayapp.core.config.model import HttpCheck, Network
from trayapp.core.models import Cause
from trayapp.core.probes import Prober, ProxyPolicy, Route
from trayapp.core.probes.pac import PAUSE
from trayapp.core.probes.proxies import (
    DESKTOP_REFRESH,
    PAC_REFRESH,
    PAC_RETRY,
    search_domains,
    wpad_urls,
)
from trayapp.core.probes.proxysettings import ProxySettings

pytestmark = pytest.mark.anyio


def http(url: str, **fields: Any) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, **fields})


@pytest.fixture(scope="module")
def running_lab() -> Iterator[ProxyLab]:
    with proxy_lab() as running:
        yield running


@pytest.fixture
def lab(running_lab: ProxyLab) -> ProxyLab:
    running_lab.reset()
    return running_lab


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def manual(source: str, proxy: str, *ignore: str) -> Callable[[], ProxySettings]:
    return lambda: ProxySettings(source, "manual", {"all": proxy}, ignore)


def pac_with(lab: ProxyLab, script: str, **changes: object) -> ProxyPolicy:
    lab.pac.script = script
    return ProxyPolicy(pac=lab.pac.url(), **changes)  # type: ignore[arg-type]


# --- precedence: config, environment, desktop ----------------------------------------------------


async def test_the_config_comes_before_the_environment_and_the_desktop(
    sites: LocalSites, lab: ProxyLab
) -> None:
    policy = ProxyPolicy(
        proxy=lab.first.url,
        environ={"HTTP_PROXY": lab.second.url},
        desktop=manual("GNOME's proxy settings", lab.second.url),
    )
    url = sites.http(host="site.test")
    async with sites.prober(proxies=policy) as made:
        assert await made.route(url) == Route(lab.first.url, "the config")
        assert (await made.run(http(url), SETTINGS)).ok
    assert lab.first.requests == [f"GET {url}"]
    assert lab.second.requests == []


async def test_the_environment_comes_before_the_desktop(sites: LocalSites, lab: ProxyLab) -> None:
    policy = ProxyPolicy(
        environ={"https_proxy": lab.second.url},
        desktop=manual("GNOME's proxy settings", lab.first.url),
    )
    url = sites.https()
    async with sites.prober(proxies=policy) as made:
        assert await made.route(url) == Route(lab.second.url, "the environment")
        assert (await made.run(http(url), SETTINGS)).ok
    assert lab.second.requests == [f"CONNECT site.test:{sites.tls_ports['good']}"]
    assert lab.first.requests == []


async def test_without_config_or_environment_the_desktop_decides(
    sites: LocalSites, lab: ProxyLab
) -> None:
    policy = ProxyPolicy(desktop=manual("KDE's proxy settings", lab.first.url))
    url = sites.http(host="site.test")
    async with sites.prober(proxies=policy) as made:
        assert await made.route(url) == Route(lab.first.url, "KDE's proxy settings")
        assert (await made.run(http(url), SETTINGS)).ok
    assert lab.first.requests == [f"GET {url}"]


async def test_none_is_direct_whatever_else_is_set(sites: LocalSites, lab: ProxyLab) -> None:
    policy = ProxyPolicy(
        proxy="none",
        environ={"ALL_PROXY": lab.first.url},
        desktop=manual("GNOME's proxy settings", lab.first.url),
    )
    url = sites.http(host="site.test")
    async with sites.prober(proxies=policy) as made:
        assert await made.route(url) == Route(None, "the config")
        assert (await made.run(http(url), SETTINGS)).ok
    assert lab.first.requests == []


async def test_nothing_set_anywhere_is_direct(sites: LocalSites) -> None:
    async with sites.prober(proxies=ProxyPolicy(desktop=lambda: None)) as made:
        assert await made.route(sites.http()) == Route(None, "no proxy settings")


async def test_ignored_hosts_go_direct_and_the_others_through_the_proxy(
    sites: LocalSites, lab: ProxyLab
) -> None:
    policy = ProxyPolicy(desktop=manual("GNOME's proxy settings", lab.first.url, "site.test"))
    direct, proxied = sites.http(host="site.test"), sites.http(host="other.test")
    async with sites.prober(proxies=policy) as made:
        assert await made.route(direct) == Route(None, "GNOME's proxy settings")
        assert (await made.route(proxied)).proxy == lab.first.url
        assert (await made.run(http(direct), SETTINGS)).ok
        assert (await made.run(http(proxied), SETTINGS)).ok
    assert lab.first.requests == [f"GET {proxied}"]


async def test_desktop_settings_are_read_again_after_a_minute(
    sites: LocalSites, lab: ProxyLab
) -> None:
    clock, reads = Clock(), []
    current = {"proxy": lab.first.url}

    def read() -> ProxySettings:
        reads.append(clock.now)
        return ProxySettings("GNOME's proxy settings", "manual", {"all": current["proxy"]})

    url = sites.http(host="site.test")
    async with sites.prober(proxies=ProxyPolicy(desktop=read, monotonic=clock)) as made:
        assert (await made.route(url)).proxy == lab.first.url
        current["proxy"] = lab.second.url
        clock.now += DESKTOP_REFRESH - 1
        assert (await made.route(url)).proxy == lab.first.url
        clock.now += 1
        assert (await made.route(url)).proxy == lab.second.url
    assert len(reads) == 2


@pytest.mark.linux_only  # gsettings
async def test_gnome_settings_through_a_real_gsettings_from_the_config(
    sites: LocalSites, lab: ProxyLab, tmp_path: Path
) -> None:
    environ = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "GSETTINGS_BACKEND": "keyfile",
    }
    for schema, key, value in [
        ("org.gnome.system.proxy", "mode", "manual"),
        ("org.gnome.system.proxy.http", "host", "127.0.0.1"),
        ("org.gnome.system.proxy.http", "port", str(lab.first.port)),
    ]:
        subprocess.run(["gsettings", "set", schema, key, value], env=environ, check=True)
    url = sites.http(host="site.test")  # the proxy looks the name up; the prober does not
    async with Prober.from_config(Network(), environ, secrets=lambda _: None) as made:
        assert await made.route(url) == Route(lab.first.url, "GNOME's proxy settings")
        assert (await made.run(http(url), SETTINGS)).ok
    assert lab.first.requests == [f"GET {url}"]


async def test_the_config_proxy_and_pac_reach_the_prober() -> None:
    network = Network(proxy="http://proxy.corp.test:3128", dns_server="127.0.0.1:1")
    async with Prober.from_config(network, {}, secrets=lambda _: None) as made:
        route = await made.route("https://a.test/")
    assert route == Route("http://proxy.corp.test:3128", "the config")


# --- PAC files -----------------------------------------------------------------------------------

PER_HOST = """
function FindProxyForURL(url, host) {
    if (host == "site.test") return "PROXY %s";
    return "DIRECT";
}
"""


async def test_a_pac_file_chooses_a_proxy_or_direct_per_host(
    sites: LocalSites, lab: ProxyLab
) -> None:
    policy = pac_with(lab, PER_HOST % lab.first.address, environ={"HTTP_PROXY": lab.second.url})
    proxied, direct = sites.https(), sites.http(host="other.test")
    source = f"the PAC file {lab.pac.url()}"
    async with sites.prober(proxies=policy) as made:
        assert await made.route(proxied) == Route(lab.first.url, source)
        assert await made.route(direct) == Route(None, source)
        assert (await made.run(http(proxied), SETTINGS)).ok
        assert (await made.run(http(direct), SETTINGS)).ok
    assert lab.first.requests == [f"CONNECT site.test:{sites.tls_ports['good']}"]
    assert lab.second.requests == []
    assert lab.pac.fetches == 1  # fetched once, directly: no proxy saw it


async def test_a_pac_file_looks_names_up_with_the_probers_resolver(
    sites: LocalSites, lab: ProxyLab
) -> None:
    script = """
    function FindProxyForURL(url, host) {
        if (isInNet(dnsResolve(host), "127.0.0.0", "255.0.0.0")) return "PROXY %s";
        return "DIRECT";
    }
    """
    policy = pac_with(lab, script % lab.first.address)
    async with sites.prober(proxies=policy) as made:
        assert (await made.route(sites.http(host="site.test"))).proxy == lab.first.url
        assert (await made.route(sites.http(host="nowhere.invalid"))).proxy is None
    assert "site.test." in sites.dns_queries


async def test_when_the_first_pac_proxy_is_down_the_next_one_is_used(
    sites: LocalSites, lab: ProxyLab
) -> None:
    down = f"127.0.0.1:{closed_port()}"
    both = f"PROXY {down}; PROXY {lab.second.address}"
    script = f'function FindProxyForURL(u, h) {{ return "{both}"; }}'
    url = sites.http(host="site.test")
    async with sites.prober(proxies=pac_with(lab, script)) as made:
        assert (await made.route(url)).proxy == f"http://{down}"
        result = await made.run(http(url), SETTINGS)
        assert result.ok, result.detail
        # Tried last from now on, as browsers do with a proxy that failed.
        assert (await made.route(url)).proxy == lab.second.url
    assert lab.second.requests == [f"GET {url}"]


async def test_an_unreachable_pac_file_sends_requests_direct_and_says_why(
    sites: LocalSites, lab: ProxyLab
) -> None:
    pac = f"http://127.0.0.1:{closed_port()}/wpad.dat"
    url = sites.http(host="site.test")
    async with sites.prober(proxies=ProxyPolicy(pac=pac)) as made:
        route = await made.route(url)
        assert route.proxy is None
        assert route.source == f"the PAC file {pac}"
        assert route.problem is not None
        assert route.problem.startswith(f"the PAC file {pac} could not be read: ")
        assert "refused" in route.problem
        assert (await made.run(http(url), SETTINGS)).ok


async def test_a_pac_file_that_failed_is_fetched_again_after_a_minute_then_every_half_hour(
    sites: LocalSites, lab: ProxyLab
) -> None:
    clock = Clock()
    lab.pac.status = "404 Not Found"
    url = sites.http(host="site.test")
    policy = ProxyPolicy(pac=lab.pac.url(), monotonic=clock)
    async with sites.prober(proxies=policy) as made:
        route = await made.route(url)
        unread = f"the PAC file {lab.pac.url()} could not be read: HTTP 404 Not Found"
        assert route.problem == unread
        lab.pac.status, lab.pac.script = "200 OK", PER_HOST % lab.first.address
        clock.now += PAC_RETRY - 1
        assert (await made.route(url)).problem is not None
        clock.now += 1
        assert await made.route(url) == Route(lab.first.url, f"the PAC file {lab.pac.url()}")
        lab.pac.script = PER_HOST % lab.second.address
        clock.now += PAC_REFRESH - 1
        assert (await made.route(url)).proxy == lab.first.url
        clock.now += 1
        assert (await made.route(url)).proxy == lab.second.url
    assert lab.pac.fetches == 3


async def test_a_broken_pac_script_is_a_problem_not_a_crash(
    sites: LocalSites, lab: ProxyLab
) -> None:
    url = sites.http(host="site.test")
    async with sites.prober(proxies=pac_with(lab, "function FindProxyForURL(url, host) {")) as made:
        route = await made.route(url)
        assert route.proxy is None
        assert route.problem == (
            f"the PAC file {lab.pac.url()} is not a script that can be run (a JavaScript error)"
        )
        assert (await made.run(http(url), SETTINGS)).ok


async def test_a_pac_file_that_never_answers_sends_requests_direct_and_says_so(
    sites: LocalSites, lab: ProxyLab
) -> None:
    clock = Clock()
    script = f"""
    function FindProxyForURL(url, host) {{
        if (host == "site.test") while (true) {{}}
        return "PROXY {lab.first.address}";
    }}
    """
    url, other = sites.http(host="site.test"), sites.http(host="other.test")
    shown = f"the PAC file {lab.pac.url()}"
    async with sites.prober(proxies=pac_with(lab, script, monotonic=clock)) as made:
        late = f"{shown} took longer than 2s to choose a proxy for site.test"
        assert await made.route(url) == Route(None, shown, late)
        assert (await made.run(http(url), SETTINGS)).ok  # direct, on the route kept: no wait
        paused = await made.route(other)
        assert paused.proxy is None
        assert paused.problem == (
            f"{shown} was not run: PAC files are paused for 5s after one took longer than 2s "
            "to choose a proxy"
        )
        clock.now += PAUSE
        assert await made.route(other) == Route(lab.first.url, shown)  # the pause was not kept
    assert lab.first.requests == []


async def test_a_pac_file_choosing_only_socks_says_so(sites: LocalSites, lab: ProxyLab) -> None:
    script = 'function FindProxyForURL(u, h) { return "SOCKS5 127.0.0.1:1080"; }'
    async with sites.prober(proxies=pac_with(lab, script)) as made:
        route = await made.route(sites.http(host="site.test"))
    assert route.proxy is None
    assert route.problem is not None
    assert "gave no way trayapp can use for site.test ('SOCKS5 127.0.0.1:1080')" in route.problem


async def test_the_pac_file_from_the_desktop_says_where_it_was_set(
    sites: LocalSites, lab: ProxyLab
) -> None:
    lab.pac.script = PER_HOST % lab.first.address
    settings_ = ProxySettings("GNOME's proxy settings", "pac", pac_url=lab.pac.url())
    async with sites.prober(proxies=ProxyPolicy(desktop=lambda: settings_)) as made:
        route = await made.route(sites.http(host="site.test"))
    assert route == Route(lab.first.url, f"the PAC file {lab.pac.url()} (GNOME's proxy settings)")


async def test_wpad_tries_each_search_domain_then_the_bare_name(
    sites: LocalSites, tmp_path: Path
) -> None:
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\nsearch corp.test lan.test\n", encoding="utf-8")
    assert search_domains(resolv) == ["corp.test", "lan.test"]
    assert wpad_urls(search_domains(resolv)) == [
        "http://wpad.corp.test/wpad.dat",
        "http://wpad.lan.test/wpad.dat",
        "http://wpad/wpad.dat",
    ]
    settings_ = ProxySettings("KDE's proxy settings", "wpad")
    # The local DNS server answers nothing outside .test: every candidate fails, fast.
    policy = ProxyPolicy(desktop=lambda: settings_, domains=lambda: ["invalid"])
    async with sites.prober(proxies=policy) as made:
        route = await made.route(sites.http(host="site.test"))
    assert route == Route(
        None,
        "KDE's proxy settings",
        "no PAC file was found by WPAD (tried http://wpad.invalid/wpad.dat, http://wpad/wpad.dat)",
    )


# --- failures through a proxy, in words ----------------------------------------------------------


async def test_a_proxy_that_refuses_is_named(sites: LocalSites) -> None:
    down = f"127.0.0.1:{closed_port()}"
    async with sites.prober(proxies=ProxyPolicy(proxy=f"http://{down}")) as made:
        result = await made.run(http(sites.https()), SETTINGS)
    assert (result.cause, result.detail) == (
        Cause.REFUSED,
        f"the proxy {down} refused the connection",
    )


async def test_a_proxy_that_never_answers_a_tunnel_request_is_named(sites: LocalSites) -> None:
    silent = f"127.0.0.1:{sites.silent_port}"
    async with sites.prober(proxies=ProxyPolicy(proxy=f"http://{silent}")) as made:
        result = await made.run(http(sites.https(), timeout=1.0), settings(timeout=1.0))
    assert (result.cause, result.detail) == (
        Cause.TIMEOUT,
        f"the proxy {silent} did not answer the tunnel request within 1s",
    )


async def test_a_silent_proxy_for_plain_http_is_named_beside_the_site(sites: LocalSites) -> None:
    silent = f"127.0.0.1:{sites.silent_port}"
    async with sites.prober(proxies=ProxyPolicy(proxy=f"http://{silent}")) as made:
        result = await made.run(http(sites.http(host="site.test"), timeout=1.0), SETTINGS)
    assert (result.cause, result.detail) == (
        Cause.TIMEOUT,
        f"no response from site.test:{sites.http_port} through the proxy {silent} within 1s",
    )


@pytest.mark.parametrize(
    "answer", ["502 Bad Gateway", "407 Proxy Authentication Required", "403 Forbidden"]
)
async def test_a_tunnel_refused_by_the_proxy_says_its_answer(
    sites: LocalSites, lab: ProxyLab, answer: str
) -> None:
    lab.first.answer = answer
    async with sites.prober(proxies=ProxyPolicy(proxy=lab.first.url)) as made:
        result = await made.run(http(sites.https()), SETTINGS)
    assert (result.cause, result.detail) == (
        Cause.HTTP_STATUS,
        f"the proxy {lab.first.address} answered the tunnel request with HTTP {answer}",
    )


async def test_a_proxy_asking_for_credentials_over_plain_http_is_named(
    sites: LocalSites, lab: ProxyLab
) -> None:
    lab.first.answer = "407 Proxy Authentication Required"
    async with sites.prober(proxies=ProxyPolicy(proxy=lab.first.url)) as made:
        result = await made.run(http(sites.http(host="site.test")), SETTINGS)
    assert (result.cause, result.detail, result.http_status) == (
        Cause.HTTP_STATUS,
        f"the proxy {lab.first.address} answered HTTP 407 Proxy Authentication Required",
        407,
    )


async def test_a_proxys_credentials_are_sent_and_never_shown(
    sites: LocalSites, lab: ProxyLab, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with_credentials = f"http://alice:s3cret@{lab.first.address}"
    down = f"http://alice:s3cret@127.0.0.1:{closed_port()}"
    async with sites.prober(proxies=ProxyPolicy(proxy=with_credentials)) as made:
        route = await made.route(sites.https())
        assert (await made.run(http(sites.https()), SETTINGS)).ok
    async with sites.prober(proxies=ProxyPolicy(proxy=down)) as made:
        failed = await made.run(http(sites.https()), SETTINGS)
    pac = f"http://alice:s3cret@127.0.0.1:{closed_port()}/proxy.pac"
    async with sites.prober(proxies=ProxyPolicy(pac=pac)) as made:
        unread = await made.route(sites.https())
    assert route == Route(f"http://***@{lab.first.address}", "the config")
    assert lab.first.authorizations == [f"Basic {base64.b64encode(b'alice:s3cret').decode()}"]
    assert failed.cause is Cause.REFUSED
    words = [str(route), failed.detail, str(unread), caplog.text]
    assert not [text for text in words if "s3cret" in text or "alice" in text]
    assert unread.source == f"the PAC file http://***@127.0.0.1:{pac.rsplit(':', 1)[1]}"


@pytest.fixture
def full_port() -> Iterator[int]:
    """A port whose listener never accepts and whose queue is full: connecting times out."""
    with socket.socket() as listener, socket.socket() as queued:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = int(listener.getsockname()[1])
        queued.connect(("127.0.0.1", port))  # fills the queue of one
        yield port


async def test_a_proxy_that_cannot_be_reached_in_time_is_named(
    sites: LocalSites, full_port: int
) -> None:
    proxy = f"127.0.0.1:{full_port}"
    async with sites.prober(proxies=ProxyPolicy(proxy=f"http://{proxy}")) as made:
        result = await made.run(http(sites.https(), timeout=1.0), SETTINGS)
    assert (result.cause, result.detail) == (
        Cause.TIMEOUT,
        f"the proxy {proxy} did not answer within 1s",
    )


async def test_a_proxy_whose_name_does_not_resolve_is_named(sites: LocalSites) -> None:
    async with sites.prober(proxies=ProxyPolicy(proxy="http://proxy.invalid:3128")) as made:
        result = await made.run(http(sites.https()), SETTINGS)
    assert result.cause is Cause.DNS
    assert result.detail.startswith("the proxy proxy.invalid:3128: ")
    assert "proxy.invalid" in result.detail.removeprefix("the proxy proxy.invalid:3128: ")
