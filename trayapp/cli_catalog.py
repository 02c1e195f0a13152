"""``trayapp catalog`` and ``trayapp add``: the catalogue of well-known services, listed and
added to the config file.

``trayapp.cli`` parses the command line and calls these; they print, and return the exit
status (:class:`trayapp.cli.Exit`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trayapp.cli import Exit
from trayapp.core.i18n import _

if TYPE_CHECKING:
    from trayapp.core.catalog import Catalog
    from trayapp.core.paths import Paths

__all__ = ["run_add", "run_catalog"]


def _fail(message: str) -> None:
    print(f"trayapp: {message}", file=sys.stderr)


def _catalog() -> Catalog | None:
    """The shipped catalogue, or None once its defect is printed."""
    from trayapp.core.catalog import CatalogError, load_catalog

    try:
        return load_catalog()
    except (CatalogError, OSError) as error:
        # Translators: {reason} says what is wrong with the catalogue shipped with trayapp.
        _fail(_("the catalogue of services cannot be read: {reason}").format(reason=error))
        return None


def run_catalog(query: str, *, as_json: bool) -> int:
    """List the catalogue's entries that ``query`` matches, best first.

    Returns:
        0, matches or none (``[]`` with ``as_json``); 3 when the catalogue cannot be read.
    """
    from trayapp.core.report.catalog import catalog_text

    catalog = _catalog()
    if catalog is None:
        return Exit.UNKNOWN
    if as_json:
        print(json.dumps([entry.as_json() for entry in catalog.search(query)], indent=2))
    else:
        print(catalog_text(catalog, query))
    return Exit.OK


def run_add(paths: Paths, asked: Sequence[str]) -> int:
    """Add the services ``asked`` for (names the catalogue knows, addresses) to the config
    file at ``paths.config``, all of them or none; create the file if there is none.

    Returns:
        0 once they are saved, a line printed for each; 3 when nothing was written: a name
        or address is unknown or already in the config, the config is broken, or the file
        cannot be written.
    """
    from trayapp.core.catalog.adding import (
        AdditionRefused,
        add_services,
        plan_additions,
        starter_config,
    )
    from trayapp.core.config.file import ConfigError, load_config
    from trayapp.core.report.catalog import added_line

    catalog = _catalog()
    if catalog is None:
        return Exit.UNKNOWN
    try:
        loaded = load_config(paths.config, missing_ok=True)
    except ConfigError as error:
        print(error, file=sys.stderr)
        _fail(_("nothing added; {path} has to be mended first").format(path=paths.config))
        return Exit.UNKNOWN
    created = not loaded.exists
    if created:
        loaded = starter_config(paths.config)
    try:
        additions = plan_additions(catalog, loaded.config, asked, where=str(paths.config))
        add_services(loaded, additions)
    except AdditionRefused as refused:
        for problem in refused.problems:
            _fail(problem)
        return Exit.UNKNOWN
    except ConfigError as error:
        print(error, file=sys.stderr)
        _fail(_("nothing added"))
        return Exit.UNKNOWN
    except OSError as error:
        # Translators: {reason} is the system's, e.g. "Permission denied".
        _fail(
            _("{path}: cannot write: {reason}; nothing added").format(
                path=paths.config, reason=error.strerror or error
            )
        )
        return Exit.UNKNOWN
    if created:
        print("trayapp: " + _("created {path}").format(path=paths.config), file=sys.stderr)
    for addition in additions:
        print(added_line(addition))
    return Exit.OK
