"""The programs ``bench tray`` compares, as it starts them in its desktop session.

- the bare tray: PySide6's ``QSystemTrayIcon`` with a one-colour pixmap, shown, and nothing
  else: what any Qt tray icon costs;
- the plain loop: one ``httpx.AsyncClient``, a fresh connection per check (no keep-alive),
  every service's URL fetched every interval, 20 at a time, bodies read: what the checks
  themselves cost;
- trayapp: the ``trayapp`` command, its services on the bench's sites, no canaries.

Every one runs from the same Python (the bench's environment of trayapp's runtime
dependencies alone), with a home of its own under the bench's folder and no proxy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.probes import _services
from bench.sites import Sites
from tests.support.desktop import DesktopSession

__all__ = ["BARE", "PLAIN", "Programs"]

BARE = """
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
app = QApplication([])
pixmap = QPixmap(32, 32)
pixmap.fill(QColor("#2e7d32"))
icon = QSystemTrayIcon(QIcon(pixmap))
icon.show()
app.exec()
"""

PLAIN = """
import asyncio, sys, time
import httpx

async def main(urls, interval):
    limits = httpx.Limits(max_keepalive_connections=0)  # a fresh connection per check
    slots = asyncio.Semaphore(20)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        async def check(url):
            async with slots:
                response = await client.get(url)
                return response.status_code
        while True:
            began = time.monotonic()
            codes = await asyncio.gather(*(check(url) for url in urls))
            assert all(code == 200 for code in codes), codes
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - began)))

asyncio.run(main(sys.argv[2:], float(sys.argv[1])))
"""

_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@dataclass(frozen=True)
class Programs:
    """How the bench's programs are started in ``session``.

    Args:
        session: The desktop session they run in.
        python: The Python of trayapp's runtime dependencies alone.
        folder: Where their homes, configs, data and logs go.
        sites: The server their services are on.
        interval: Seconds between two checks of a service.
    """

    session: DesktopSession
    python: str
    folder: Path
    sites: Sites
    interval: int

    def env(self, name: str) -> dict[str, str]:
        """The session's environment with a home of its own for ``name`` and no proxy."""
        home = self.folder / name / "home"
        env = {k: v for k, v in self.session.env.items() if k.lower() not in _PROXIES}
        env["HOME"] = str(home)
        for key, place in [("CONFIG", ".config"), ("DATA", ".local/share"), ("CACHE", ".cache")]:
            env[f"XDG_{key}_HOME"] = str(home / place)
        env["XDG_STATE_HOME"] = str(home / ".local/state")
        home.mkdir(parents=True, exist_ok=True)
        return env

    def log(self, name: str) -> Path:
        """Where ``name``'s output goes."""
        return self.folder / name / "output.log"

    def bare(self) -> list[str]:
        """The bare tray's command."""
        return [self.python, "-c", BARE]

    def plain(self, site: str, services: int) -> list[str]:
        """The plain loop's command, checking ``services`` URLs on ``site``."""
        urls = [self.sites.url(site, str(n)) for n in range(services)]
        return [self.python, "-c", PLAIN, str(self.interval), *urls]

    def trayapp(self, name: str, site: str, services: int, source_targets: int = 0) -> list[str]:
        """The ``trayapp`` command with ``services`` services on ``site`` (and a Prometheus
        source of ``source_targets`` targets on the site ``source``); its config and data
        under ``name``'s folder."""
        place = self.folder / name
        place.mkdir(parents=True, exist_ok=True)
        config = place / "config.toml"
        source = ""
        if source_targets:
            source = (
                f'[[sources]]\nname = "prometheus"\nkind = "prometheus"\n'
                f'url = "{self.sites.url("source").rstrip("/")}"\n'
                f"max_services = {source_targets}\n\n"
            )
        urls = [self.sites.url(site, str(n)) for n in range(services)]
        config.write_text(
            f'[defaults]\ninterval = "{self.interval}s"\n\n[network]\ncanaries = []\n\n'
            f"{source}{_services(urls)}"
        )
        command = str(Path(self.python).with_name("trayapp"))
        return [command, "--config", str(config), "--data-dir", str(place / "data")]
