"""What the picker's tests share: the tests' own catalogue, and a keyring of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.catalogs import CATALOG, write_catalog
from tests.support.keyrings import FileKeyring
from trayapp.core.catalog import Catalog, parse_catalog


@pytest.fixture
def catalog() -> Catalog:
    """:data:`~tests.support.catalogs.CATALOG`, read."""
    return parse_catalog(CATALOG)


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """:data:`~tests.support.catalogs.CATALOG` in a file of the test's own."""
    return write_catalog(tmp_path)


@pytest.fixture(autouse=True)
def _a_working_keyring(keyring_file: FileKeyring) -> None:
    """No test reaches the user's keyring: a file-based one stands in."""
