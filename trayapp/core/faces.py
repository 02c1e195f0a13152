"""Faces that import a room only when one of its names is first used.

A package's face (its ``__init__``) offers the names of its rooms, so that callers import
from the face and never from a room. A face that imported every room at once would make
importing any one of them (``trayapp.core.monitor.events``, whose package is imported first)
cost the whole package: ``trayapp check`` would load the monitor it never runs, and the tray
the settings dialog before its icon is shown. So a face names its rooms and :func:`lazy`
gives it the module ``__getattr__`` (PEP 562) that imports a room at the first use of one of
its names; type checkers read the same names from an ``if TYPE_CHECKING:`` import.

A room is named relative to its package, as in a relative import: ``prober`` is the package's
own, ``.clock`` its parent's (a name the face passes on from a neighbour).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

__all__ = ["lazy"]


def lazy(package: str, rooms: Mapping[str, str]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``'s face: each name of ``rooms`` (name → room module,
    relative to ``package``: ``prober``, ``.clock``) is imported from its room when first
    asked for, then kept."""
    namespace = importlib.import_module(package).__dict__

    def find(name: str) -> object:
        room = rooms.get(name)
        if room is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{room}", package), name)
        namespace[name] = value
        return value

    return find
