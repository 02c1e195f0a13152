"""When the alert policy speaks: a short settle, then updates of the same notification.

The first change heard opens a *burst*: it and the changes that come in the next ``settle``
seconds wait together (:class:`Waiting`), then go out as one notification. Changes later in
the burst's ``coalesce`` window (counted from its first change) wait a settle of their own,
then go out as an *update*: a notification that tells all the burst told so far and what is
new, shown instead of the one before it (its ``replaces``)::

    0 s    Twitter down        waits: a burst opens
    2 s                        notification 1: "Twitter is down"
    5 s    Gmail down          waits
    6 s    Google Talk down    waits with it
    7 s                        notification 2, replaces 1: "3 services down: Twitter, ..."
    15 s                       the window closes
    20 s   Twitter back up     waits: a new burst opens
    22 s                       notification 3: "Twitter is back up"

So five services failing in the same second make one notification, and five failing over ten
seconds make one notification updated a few times. ``settle`` is at most ``coalesce``: with
a ``coalesce`` no longer than ``settle``, a burst is one window with no updates.

The services' notification and the network's notices are updated apart: each replaces only
the last of its own kind in the burst. The policy decides what each tells
(:mod:`~trayapp.core.monitor.alerts`); this module keeps only the times and the order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from trayapp.core.config.running import Notifications
from trayapp.core.monitor.events import NetworkChanged, Notification
from trayapp.core.monitor.state import Transition
from trayapp.core.speech import Said

__all__ = ["Burst", "Bursts", "Waiting"]

News = TypeVar("News")
"""What the policy keeps of a service's news told in a burst."""


@dataclass(slots=True)
class Waiting:
    """Changes waiting to be told: for ``settle`` seconds from the first."""

    opened_at: datetime
    services: dict[str, tuple[Transition, Said]] = field(default_factory=dict)
    """Each service's latest change, with what others said of it then."""
    network: NetworkChanged | None = None


@dataclass(slots=True)
class Burst(Generic[News]):
    """What was told since a burst's first change, which its updates tell again."""

    opened_at: datetime
    told: dict[str, News] = field(default_factory=dict)
    """Each service's news as its notification last told it, the first told first."""
    services: Notification | None = None
    """The services' notification as last shown; None before the first."""
    network: Notification | None = None
    """The network's notice as last shown; None before the first."""
    amended: bool = False
    """What others say of a failure it told has news: its notification is to be updated."""

    def closes_at(self, settings: Notifications) -> datetime:
        """The end of its ``coalesce`` window: a change from then on opens another burst."""
        return self.opened_at + timedelta(seconds=settings.coalesce)

    def shown(self, notice: Notification) -> Notification:
        """``notice`` as it is shown: replacing the one of its kind (the services', or the
        network's) the burst showed last, if any; and that one from now on."""
        if notice.services:
            notice = self.services = replace(notice, replaces=_id(self.services))
        else:
            notice = self.network = replace(notice, replaces=_id(self.network))
        return notice


class Bursts(Generic[News]):
    """The changes waiting to be told, and the burst they belong to."""

    def __init__(self) -> None:
        self.waiting: Waiting | None = None
        self.burst: Burst[News] | None = None

    def wait(self, at: datetime, settings: Notifications) -> Waiting:
        """The changes waiting, for one that came ``at``: the first opens a burst, unless it
        comes inside the window of the last one."""
        if self.waiting is None:
            self.waiting = Waiting(opened_at=at)
            if self.burst is None or at >= self.burst.closes_at(settings):
                self.burst = Burst(opened_at=at)
        return self.waiting

    def due(self, settings: Notifications) -> datetime | None:
        """When :meth:`take` has something: the changes waiting go out, the notification
        amended is updated, or the window closes; None when there is no burst."""
        burst = self.burst
        if self.waiting is not None:
            settle = min(settings.settle, settings.coalesce)
            return self.waiting.opened_at + timedelta(seconds=settle)
        if burst is None:
            return None
        if burst.amended and burst.services is not None:
            return burst.services.at  # at once
        return burst.closes_at(settings)

    def take(
        self, now: datetime, settings: Notifications
    ) -> tuple[Waiting, Burst[News], bool] | None:
        """What is to be told at ``now``: the changes waiting (none, when nothing but an
        amendment waits), their burst, and whether its notification was amended; None before
        :meth:`due`. A burst whose window has closed is over once taken."""
        due, burst = self.due(settings), self.burst
        if burst is None or due is None or now < due:
            return None
        waiting, self.waiting = self.waiting or Waiting(opened_at=now), None
        amended, burst.amended = burst.amended, False
        if now >= burst.closes_at(settings):
            self.burst = None
        return waiting, burst, amended


def _id(notice: Notification | None) -> int | None:
    return None if notice is None else notice.id
