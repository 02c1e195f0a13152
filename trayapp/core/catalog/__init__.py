"""The catalogue of well-known services (see :mod:`trayapp.core.catalog.model`)."""

from __future__ import annotations

from trayapp.core.catalog.model import (
    Catalog,
    CatalogEntry,
    CatalogError,
    Choice,
    Component,
    load_catalog,
    parse_catalog,
)

__all__ = [
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "Choice",
    "Component",
    "load_catalog",
    "parse_catalog",
]
