"""Fixtures for every test: no test touches the user's home or the network beyond 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import loopback
from tests.support.monitoring import (
    Alertmanager,
    PrometheusStack,
    SwitchableSite,
    Targets,
    running_alertmanager,
    running_prometheus,
    switchable_sites,
)
from tests.support.servers import LocalSites, local_sites
from tests.support.vendor_server import VendorPages, vendor_pages

loopback.install()

SITE = Path(__file__).parent / "support" / "site"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME and every XDG folder at a fresh temporary folder; clear trayapp's variables."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for variable, folder in [
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ]:
        monkeypatch.setenv(variable, str(home / folder))
    runtime = tmp_path_factory.mktemp("run")  # the user's runtime folder, as a session has it
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("TRAYAPP_CONFIG", raising=False)
    monkeypatch.delenv("TRAYAPP_DATA_DIR", raising=False)
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    return home


@pytest.fixture
def child_env() -> dict[str, str]:
    """Environment for a child process: the loopback guard installed, the package importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SITE), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONSTARTUP", None)
    return env


@pytest.fixture
def python() -> str:
    """The interpreter running the tests, for child processes."""
    return sys.executable


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio, as trayapp does."""
    return "asyncio"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSites]:
    """Good and hostile HTTP(S) servers, a DNS server and a proxy, all on 127.0.0.1."""
    with local_sites(tmp_path_factory.mktemp("sites")) as running:
        yield running


@pytest.fixture(scope="session")
def _vendor_server() -> Iterator[VendorPages]:
    with vendor_pages() as running:
        yield running


@pytest.fixture
def pages(_vendor_server: VendorPages) -> VendorPages:
    """A vendor's status page server on 127.0.0.1, serving nothing until the test says."""
    _vendor_server.reset()
    return _vendor_server


@pytest.fixture
def make_site() -> Iterator[Callable[[], SwitchableSite]]:
    """A factory of tiny HTTP sites on 127.0.0.1 that the test can stop and start again."""
    with switchable_sites() as make:
        yield make


@pytest.fixture
def alertmanager(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Alertmanager]:
    """A real Alertmanager on 127.0.0.1, fresh for each test: it starts in 0.2 s."""
    with running_alertmanager(tmp_path_factory.mktemp("alertmanager")) as running:
        yield running


@pytest.fixture
def prometheus_stack(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., PrometheusStack]]:
    """``prometheus_stack(targets, alertmanager=None)``: real Prometheus and blackbox_exporter.

    ``targets`` maps a logical target to the URL each vantage point probes for it (see
    :mod:`tests.support.monitoring`). Each stack starts in ~6 s and stops after the test.
    """
    with contextlib.ExitStack() as stacks:

        def start(targets: Targets, alertmanager: Alertmanager | None = None) -> PrometheusStack:
            folder = tmp_path_factory.mktemp("prometheus")
            return stacks.enter_context(running_prometheus(folder, targets, alertmanager))

        yield start
