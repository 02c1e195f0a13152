"""Sources: the monitoring systems a user already runs, read for their verdicts.

A ``[[sources]]`` entry names one (Prometheus Alertmanager, Prometheus, Gatus, Uptime Kuma);
:class:`~trayapp.core.sources.poller.SourcePoller` reads it on its interval into a
:class:`~trayapp.core.sources.model.SourceReading`: each target it reports, and what each of
its vantage points sees of it. The monitor turns readings into services and verdicts:

- every target no service names becomes a service of its own, ``source/target``
  (``prometheus/https://shop.example/``), judged by its vantage points alone;
- a service that names a target in ``remote`` is judged with it: down here but up from
  ``prometheus/eu-west`` is down for you; down everywhere is down for everyone (see
  :mod:`trayapp.core.verdict`);
- a source that cannot be read makes what depends on it alone ``unknown``, with the cause.

Each module is imported at the first use of one of its names (:mod:`trayapp.core.faces`):
the tray shows a reading's words, and only a config with a source needs the poller and its
readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.sources.model import SourceReading, Vantage, target_key, vantage_words
    from trayapp.core.sources.poller import SourcePoller
    from trayapp.core.sources.services import source_settings

__all__ = [
    "SourcePoller",
    "SourceReading",
    "Vantage",
    "source_settings",
    "target_key",
    "vantage_words",
]

__getattr__ = lazy(
    __name__,
    {
        "SourcePoller": "poller",
        "SourceReading": "model",
        "Vantage": "model",
        "source_settings": "services",
        "target_key": "model",
        "vantage_words": "model",
    },
)
