"""Widget tests run offscreen: real Qt widgets, no display needed."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.keyrings import FileKeyring, using_keyring
from tests.support.settings_dialogs import OPEN
from trayapp.core.autostart import Autostart
from trayapp.runtime import Runtime
from trayapp.ui.collector import collect_if_due
from trayapp.ui.settings.backend import RuntimeSettingsBackend

os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(scope="session", autouse=True)
def _collector_off() -> Iterator[None]:
    """Qt's objects die on the GUI thread, as in the app (trayapp.ui.collector): the tests'
    own threads (servers, stand-in daemons, the runtime) never run the cyclic collector."""
    enabled = gc.isenabled()
    gc.disable()
    yield
    if enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def _garbage_collected_here() -> Iterator[None]:
    """After each test, on this (the GUI) thread, what the collector would have done."""
    yield
    collect_if_due()


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    """A running runtime: the thread the settings dialog's backend works on."""
    running = Runtime()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def keyring_file(tmp_path: Path) -> Iterator[FileKeyring]:
    """A keyring in a file of the test's own, keyring's choice for the test."""
    with using_keyring(FileKeyring(tmp_path / "keyring.json")) as backend:
        assert isinstance(backend, FileKeyring)
        yield backend


@pytest.fixture
def notices() -> list[str]:
    """The test notifications sent through :func:`backend`."""
    return []


@pytest.fixture
def backend(runtime: Runtime, notices: list[str]) -> RuntimeSettingsBackend:
    """The settings dialog's real backend, on :func:`runtime`."""
    return RuntimeSettingsBackend(
        runtime, notify=lambda: notices.append("test"), autostart=Autostart(platform="linux")
    )


@pytest.fixture(autouse=True)
def _dialogs_outlive_the_test() -> Iterator[None]:
    """Keep each settings dialog a test opened until the test is over (see ``OPEN``)."""
    yield
    OPEN.clear()
