"""PAC scripts run by pacparser, the names they look up answered by the caller's resolver."""

from __future__ import annotations

import pytest

from trayapp.core.probes.pac import (
    MAX_PASSES,
    PacEntry,
    PacError,
    PacScript,
    find_proxy,
    parse_answer,
)

pytestmark = pytest.mark.anyio

SCRIPT = PacScript(
    """
    function FindProxyForURL(url, host) {
        if (isPlainHostName(host)) return "DIRECT";
        if (isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "DIRECT";
        if (dnsDomainIs(host, ".corp.test")) return "PROXY a.test:3128; PROXY b.test:3128";
        if (isResolvable("mirror." + host)) return "PROXY mirror.test:8080";
        if (shExpMatch(url, "https://*")) return "HTTPS tls.test:443; DIRECT";
        return "PROXY other.test:3128";
    }
    """
)

DNS = {"inside.test": ["10.1.2.3"], "mirror.m.test": ["192.0.2.7"], "m.test": ["192.0.2.8"]}


class Lookups:
    """A resolver from a table, remembering what it was asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def __call__(self, name: str) -> list[str]:
        self.asked.append(name)
        return self.table.get(name, [])


@pytest.mark.parametrize(
    ("url", "host", "answer"),
    [
        ("http://intranet/", "intranet", "DIRECT"),
        ("http://inside.test/", "inside.test", "DIRECT"),
        ("http://www.corp.test/", "www.corp.test", "PROXY a.test:3128; PROXY b.test:3128"),
        ("http://m.test/", "m.test", "PROXY mirror.test:8080"),
        ("https://x.test/", "x.test", "HTTPS tls.test:443; DIRECT"),
        ("http://x.test/", "x.test", "PROXY other.test:3128"),
    ],
)
async def test_the_script_chooses_per_host_with_our_lookups(
    url: str, host: str, answer: str
) -> None:
    assert await find_proxy(SCRIPT, url, host, Lookups(DNS)) == answer


async def test_names_are_looked_up_once_and_kept_for_the_next_call() -> None:
    lookups, kept = Lookups(DNS), {}
    await find_proxy(SCRIPT, "http://m.test/", "m.test", lookups, kept)
    await find_proxy(SCRIPT, "http://m.test/", "m.test", lookups, kept)
    assert lookups.asked == ["m.test", "mirror.m.test"]  # "null" is never asked for
    assert kept["m.test"] == ["192.0.2.8"]


async def test_dns_resolve_gives_an_ipv4_address_and_the_ex_form_all_of_them() -> None:
    script = PacScript(
        'function FindProxyForURL(u, h) { return "PROXY " + dnsResolve(h) + ":1; '
        'PROXY " + dnsResolveEx(h) + ":2"; }'
    )
    lookups = Lookups({"both.test": ["2001:db8::1", "192.0.2.1"]})
    answer = await find_proxy(script, "http://both.test/", "both.test", lookups)
    assert answer == "PROXY 192.0.2.1:1; PROXY 2001:db8::1;192.0.2.1:2"


async def test_a_script_that_is_not_javascript_is_refused_in_words() -> None:
    with pytest.raises(PacError, match="is not a script that can be run"):
        await find_proxy(PacScript("function FindProxyForURL("), "http://a/", "a", Lookups({}))


async def test_a_failing_find_proxy_is_refused_in_words_and_the_engine_goes_on() -> None:
    broken = PacScript("function FindProxyForURL(u, h) { return nothing.here; }")
    with pytest.raises(PacError, match=r"failed in FindProxyForURL for a\.test"):
        await find_proxy(broken, "http://a.test/", "a.test", Lookups({}))
    assert await find_proxy(SCRIPT, "http://x.test/", "x.test", Lookups({})) != ""


async def test_a_script_without_find_proxy_for_url_is_refused() -> None:
    with pytest.raises(PacError, match="failed in FindProxyForURL"):
        await find_proxy(PacScript("var x = 1;"), "http://a.test/", "a.test", Lookups({}))


async def test_a_script_asking_for_ever_new_names_is_stopped() -> None:
    script = PacScript(
        """
        function FindProxyForURL(url, host) {
            var name = "n0.test";
            for (var i = 1; i < 100 && isResolvable(name); i++) name = "n" + i + ".test";
            return "DIRECT";
        }
        """
    )
    lookups = Lookups({f"n{i}.test": ["192.0.2.1"] for i in range(100)})
    answer = await find_proxy(script, "http://a.test/", "a.test", lookups)
    assert answer == "DIRECT"  # the last name asked for is taken as unresolvable
    assert len(lookups.asked) == MAX_PASSES


async def test_the_script_sees_no_process_files_or_network() -> None:
    script = PacScript(
        "function FindProxyForURL(u, h) { return [typeof std, typeof os, typeof require, "
        'typeof process, typeof fetch, typeof XMLHttpRequest].join(","); }'
    )
    answer = await find_proxy(script, "http://a.test/", "a.test", Lookups({}))
    assert answer == ",".join(["undefined"] * 6)


@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # the module's mark; no loop needed
def test_answers_are_read_entry_by_entry(anyio_backend: str) -> None:
    assert parse_answer("PROXY a:1; https b:2 ;DIRECT; SOCKS5 c:3; rubbish; PROXY") == [
        PacEntry("PROXY", "a:1"),
        PacEntry("HTTPS", "b:2"),
        PacEntry("DIRECT"),
        PacEntry("SOCKS5", "c:3"),
    ]
