"""The engine as ``trayapp watch`` and the tray make it: its parts built from the config, each
going the way ``[network]`` says."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.core.vendors.pages import body
from tests.support.builders import config
from tests.support.servers import LocalSites
from tests.support.vendor_server import Page, VendorPages
from trayapp.core.monitor import Engine, Event

pytestmark = pytest.mark.anyio

SUMMARY = "/api/v2/summary.json"


@pytest.mark.parametrize("setting", ["proxy", "pac"])
async def test_status_pages_are_read_through_the_proxy_the_config_sets_for_the_probes(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, setting: str
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_twitter.json")))
    pac = tmp_path / "proxy.pac"
    proxy = sites.proxy_url.removeprefix("http://")
    pac.write_text(f'function FindProxyForURL(url, host) {{ return "PROXY {proxy}"; }}\n')
    value = sites.proxy_url if setting == "proxy" else pac.as_uri()
    page = f"http://status.test:{pages.port}"  # the proxy connects to 127.0.0.1, whatever the name
    watched = config(
        {"name": "Twitter", "status_page": page, "status_page_interval": "1m"},
        network={"canaries": [], "dns_server": sites.dns_server, setting: value},
    )
    events: list[Event] = []
    changed = asyncio.Event()
    before = len(sites.proxy_requests)
    async with Engine(
        watched, data_dir=tmp_path / "data", emit=events.append, environ={}, on_change=changed.set
    ) as engine:
        running = asyncio.create_task(engine.run())
        try:
            async with asyncio.timeout(30):
                while not engine.monitor.snapshot().services[0].vendor:
                    changed.clear()
                    await changed.wait()
        finally:
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
        vendor = engine.monitor.snapshot().services[0].vendor
    assert "major outage" in vendor
    assert sites.proxy_requests[before:] == [f"GET {page}{SUMMARY}"]
