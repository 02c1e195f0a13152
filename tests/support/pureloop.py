"""The monitor's ledger without a store, for tests that feed it rounds at given moments.

Tests feed it rounds (check results) and network verdicts and read the events it would print
with ``watch --json``. The real loop adds the probes, the scheduling and the store around it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time

from trayapp.core.config.model import Config
from trayapp.core.incident import Incident
from trayapp.core.monitor.events import Event, IncidentOpened, Notification, StatusChanged
from trayapp.core.monitor.ledger import Ledger


class PureLoop(Ledger):
    """The monitor's ledger with no store: events and saved incidents kept for the test."""

    def __init__(
        self,
        config: Config,
        *,
        local_time: Callable[[datetime], time] = lambda moment: moment.time(),
        open_incidents: Sequence[Incident] = (),
    ):
        self.events: list[Event] = []
        self.saved: dict[int, Incident] = {i.id: i for i in open_incidents}
        """Every incident as last handed to the store, by id."""
        super().__init__(
            config,
            emit=self.events.append,
            local_time=local_time,
            open_incidents=list(open_incidents),
        )

    def _save(self) -> None:
        self.saved.update((i.id, i) for i in self.incidents.take_changed())

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
