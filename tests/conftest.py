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
    Targets,
    running_alertmanager,
    running_prometheus,
)
from tests.support.netlab import NetLab, start_lab
from tests.support.netlab import unavailable as netlab_unavailable
from tests.support.servers import LocalSites, local_sites
from tests.support.switchable import SwitchableSite, switchable_sites
from tests.support.vendor_server import VendorPages, vendor_pages
from trayapp.core import i18n

loopback.install()

SITE = Path(__file__).parent / "support" / "site"

# What makes a test linux_only without a mark in its file: the end-to-end tests run in an Xvfb
# desktop session, and these fixtures start Debian's prometheus, prometheus-alertmanager and
# prometheus-blackbox-exporter (tests/support/monitoring.py), that desktop session, or the
# network lab's namespaces (tests/support/netlab).
E2E = Path(__file__).parent / "e2e"
LINUX_ONLY_FIXTURES = frozenset({"alertmanager", "prometheus_stack", "desktop", "netlab"})


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark linux_only the tests that need Linux-only parts, and skip them elsewhere.

    Found here by marker, folder and fixture, so that a new test of that kind needs no mark
    of its own and the other platforms' CI runs the rest (``pytest -m "not linux_only"``).
    """
    skip = pytest.mark.skip(
        reason="linux_only: needs Xvfb and D-Bus, network namespaces or Debian's monitoring "
        f"packages; this is {sys.platform}"
    )
    for item in items:
        if (
            item.get_closest_marker("desktop") is not None
            or item.path.is_relative_to(E2E)
            or not LINUX_ONLY_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.linux_only)
            if sys.platform != "linux":
                item.add_marker(skip)


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


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test speaks English, whatever the machine's locale, and so do its child processes.

    A test of another language calls :func:`trayapp.core.i18n.set_language` (undone after it)
    or sets ``TRAYAPP_LANGUAGE`` for a child process.
    """
    monkeypatch.setenv(i18n.LANGUAGE_VARIABLE, i18n.ENGLISH)
    i18n.set_language(i18n.ENGLISH)
    yield
    i18n.set_language(i18n.ENGLISH)


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


@pytest.fixture(scope="session")
def _netlab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NetLab]:
    reason = netlab_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI runs as root, with util-linux and iproute2)")
        pytest.skip(reason)
    with start_lab(tmp_path_factory.mktemp("netlab")) as lab:
        yield lab


@pytest.fixture
def netlab(_netlab: NetLab) -> Iterator[NetLab]:
    """A fake internet in network namespaces (tests/support/netlab), as it started.

    One lab serves the whole session (it starts in a quarter of a second); every test finds
    it, and leaves it, with every switch reset and no process of its own in the client.
    """
    _netlab.reset()
    yield _netlab
    _netlab.reset()
