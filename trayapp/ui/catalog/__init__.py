"""The "What do you depend on?" picker: well-known services, searched, ticked and added.

The face of the package: callers import from here, not from its modules::

    model      CatalogModel: the entries a search found, their components, what is ticked
    picker     CatalogPicker: the dialog (search, list, any other address, "Add 3 services")
    saving     ConfigPicker: the picker that saves into config.toml at once (first run, tray)
    firstrun   first_run_due: the picker is offered once per data folder, on a start with
               no services
"""

from __future__ import annotations

from trayapp.ui.catalog.firstrun import OFFERED_MARKER, first_run_due
from trayapp.ui.catalog.model import CatalogModel
from trayapp.ui.catalog.picker import TITLE, CatalogPicker, add_text, service_for_address
from trayapp.ui.catalog.saving import ConfigPicker, with_services

__all__ = [
    "OFFERED_MARKER",
    "TITLE",
    "CatalogModel",
    "CatalogPicker",
    "ConfigPicker",
    "add_text",
    "first_run_due",
    "service_for_address",
    "with_services",
]
