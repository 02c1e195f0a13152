"""The first run: the picker is offered once, not at every start.

When trayapp starts with no services (no config file, or one without ``[[services]]`` and
``[[sources]]``), it opens the picker instead of leaving an empty tray. Whether the user adds
something or closes it, that happens once per data folder: a marker file,
:data:`OFFERED_MARKER`, is made in the data folder when the picker is first offered, and from
then on the picker is opened only from the tray menu's "Add services…" (shown while there are
no services) or the settings dialog's Add. Deleting the marker offers it again.

:func:`first_run_due` touches the disk: call it on the runtime's thread.
"""

from __future__ import annotations

import os
from pathlib import Path

from trayapp.core.paths import FILE_MODE, private_folder

__all__ = ["OFFERED_MARKER", "first_run_due"]

OFFERED_MARKER = "catalog-offered"
"""The file in the data folder that says the picker was offered once."""

_MARKER_TEXT = (
    "trayapp offered its catalogue of services here once, on a start with no services.\n"
    "Delete this file to have it offered again at the next such start.\n"
)


def first_run_due(data_dir: Path) -> bool:
    """Whether to offer the picker now: True the first time it is asked of ``data_dir``
    (which then remembers it), False ever after.

    Raises:
        OSError: The data folder or the marker cannot be made.
    """
    marker = private_folder(data_dir) / OFFERED_MARKER
    try:
        # O_EXCL: two trayapps starting at once offer it once between them.
        descriptor = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with open(descriptor, "w", encoding="utf-8") as stream:
        stream.write(_MARKER_TEXT)
    return True
