"""The monitor's ledger with its history in memory, for tests that feed it rounds at given
moments.

Tests feed it rounds (check results) and network verdicts and read the events it would print
with ``watch --json``. The real loop adds the probes, the scheduling and the store around it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time

from tests.support.history import MemoryHistory
from trayapp.core.config.model import Config
from trayapp.core.incident import Incident
from trayapp.core.monitor import (
    Event,
    IncidentOpened,
    Ledger,
    Notification,
    ServiceView,
    StatusChanged,
)


class PureLoop(Ledger):
    """The monitor's ledger writing to a :class:`MemoryHistory`: events and saved incidents
    kept for the test."""

    def __init__(
        self,
        config: Config,
        *,
        local_time: Callable[[datetime], time] = lambda moment: moment.time(),
        open_incidents: Sequence[Incident] = (),
    ):
        self.events: list[Event] = []
        self.history = MemoryHistory(open_incidents)
        super().__init__(
            config,
            emit=self.events.append,
            store=self.history,
            local_time=local_time,
            open_incidents=list(open_incidents),
        )

    def views(self) -> tuple[ServiceView, ...]:
        """The views the ledger keeps, checked against views made afresh: a view kept after
        something it shows changed would leave the tray showing the past."""
        kept = super().views()
        fresh = tuple(self._view(name) for name in self.board.names)
        assert [_whole(v) for v in kept] == [_whole(v) for v in fresh], "a stale view was kept"
        return kept

    @property
    def saved(self) -> dict[int, Incident]:
        """Every incident as last handed to the history, by id."""
        return self.history.incidents

    # --- what a user would see ---------------------------------------------------------------

    def notifications(self) -> list[Notification]:
        return [e for e in self.events if isinstance(e, Notification)]

    def opened(self) -> list[IncidentOpened]:
        return [e for e in self.events if isinstance(e, IncidentOpened)]

    def status_changes(self, service: str) -> list[tuple[str, str]]:
        return [
            (e.from_.value, e.to.value)
            for e in self.events
            if isinstance(e, StatusChanged) and e.service == service
        ]


def _whole(view: ServiceView) -> tuple[object, ...]:
    """Every field of ``view``, those left out of its comparison too."""
    return (view, view.last_checked, view.last_elapsed_ms)
