"""Which services are in maintenance at a moment: the config's windows, and the vendors' own.

Pure: a :class:`Calendar` reads the ``[[maintenance]]`` windows of the config (see
:mod:`trayapp.core.config.maintenance`) and, for a service, the latest reading of its status
page; it answers with the :class:`MaintenanceSpan` the service is in, if any::

    a window of the config covers the service and holds the moment      in maintenance until
                                                                        the window's end
    the service's status page says work is under way on what it         in maintenance until
    follows, and no problem besides (its level is maintenance: a        the work's scheduled
    maintenance in progress, or the component under maintenance)        end, if the page gives
                                                                        one that is still ahead

When several hold, the service is in maintenance until the last of them ends (an end the
vendor does not give is the last). What being in maintenance does to a service's status is
the state machine's (:mod:`trayapp.core.monitor.state`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from trayapp.core.clock import iso_utc
from trayapp.core.config.running import Maintenance
from trayapp.core.config.windows import Span
from trayapp.core.vendors.model import VendorReading

__all__ = ["Calendar", "MaintenanceSpan", "vendor_span"]

_LAST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MaintenanceSpan:
    """The maintenance a service is in: until when, and what it is, for people."""

    until: datetime | None
    """When it ends; None when the vendor's page gives no end ahead (it lasts while the page
    says the work goes on)."""
    name: str = ""
    """What the work is: the window's name, or the vendor's title for it; "" when unnamed."""
    reason: str = ""
    """Why: the window's reason, or the vendor's latest word on the work."""
    vendor: bool = False
    """Whether the vendor's status page declared it, rather than the config."""

    def to_json(self) -> dict[str, object]:
        """The ``maintenance`` object of ``check --json``: name, reason, until, source."""
        return {
            "name": self.name or None,
            "reason": self.reason or None,
            "until": None if self.until is None else iso_utc(self.until),
            "source": "vendor" if self.vendor else "config",
        }


def vendor_span(reading: VendorReading, now: datetime) -> MaintenanceSpan | None:
    """The maintenance ``reading`` declares for the service, if it says work is under way."""
    if not reading.in_maintenance:
        return None
    work = reading.maintenance()
    if work is None:  # a component under maintenance, with no maintenance listed
        return MaintenanceSpan(None, reading.description, vendor=True)
    ends = work.ends_at if work.ends_at is not None and work.ends_at > now else None
    return MaintenanceSpan(ends, work.name, work.latest_update, vendor=True)


class Calendar:
    """The maintenance windows of a config, asked about one moment after another, and the
    maintenance each service was last found in.

    What windows hold is worked out again only when the moment passes :attr:`due` (or goes
    back in time), so that asking at every round costs little.

    Args:
        windows: The ``[[maintenance]]`` tables.
    """

    def __init__(self, windows: Sequence[Maintenance] = ()) -> None:
        self._windows: tuple[Maintenance, ...] = ()
        self._at: datetime | None = None
        self._due: datetime | None = None
        self._active: tuple[tuple[Maintenance, Span], ...] = ()
        self._spans: dict[str, MaintenanceSpan] = {}
        self.configure(windows)

    def configure(self, windows: Sequence[Maintenance], services: Collection[str] = ()) -> None:
        """Take new windows (a config reload), to be looked at afresh, and forget what was
        found of services not among ``services`` (removed)."""
        self._windows, self._at = tuple(windows), None
        self._spans = {name: span for name, span in self._spans.items() if name in services}

    @property
    def due(self) -> datetime | None:
        """When a window next begins or ends, as of the last look; None: never (or not looked
        at yet)."""
        return self._due

    def refresh(self, now: datetime) -> bool:
        """Look at the windows at ``now``; whether they were looked at afresh (the first time,
        or a window may have begun or ended since the last look)."""
        if self._at is not None and self._at <= now and (self._due is None or now < self._due):
            return False
        self._at = now
        self._active = tuple(
            (window, span) for window in self._windows if (span := window.span_at(now)) is not None
        )
        changes = [window.windows.next_change(now) for window in self._windows]
        self._due = min((change for change in changes if change is not None), default=None)
        return True

    def span(
        self, service: str, now: datetime, reading: VendorReading | None = None
    ) -> MaintenanceSpan | None:
        """The maintenance ``service`` is in at ``now``, by the windows and by ``reading`` (the
        latest of its status page); None when it is in none."""
        self.refresh(now)
        found = [
            MaintenanceSpan(span.end, window.name or "", window.reason or "")
            for window, span in self._active
            if window.covers(service)
        ]
        if reading is not None and (declared := vendor_span(reading, now)) is not None:
            found.append(declared)
        return max(found, key=lambda held: held.until or _LAST, default=None)

    def changes(
        self,
        now: datetime,
        services: Iterable[str],
        readings: Mapping[str, VendorReading],
        *,
        only: Iterable[str] | None = None,
    ) -> list[tuple[str, MaintenanceSpan | None]]:
        """Each service whose maintenance at ``now`` is not what it was last found in, with
        the new one (None: out of maintenance).

        Args:
            now: The moment.
            services: Every service: looked at when a window may have begun or ended.
            readings: The latest reading of each service's status page.
            only: Look at these services alone (a new reading of their page).
        """
        if only is not None:
            names: Iterable[str] = only
        elif self.refresh(now):
            names = services
        else:  # the vendors' work may have passed its end
            names = [name for name, span in self._spans.items() if span.vendor]
        found = []
        for name in list(names):
            span = self.span(name, now, readings.get(name))
            if span == self._spans.get(name):
                continue
            if span is None:
                del self._spans[name]
            else:
                self._spans[name] = span
            found.append((name, span))
        return found
