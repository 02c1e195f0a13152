"""What others say of a service: whether a failure here is already confirmed, and whether the
vendor's news calls for a round now.

Pure. A round in which a check failed outright is *corroborated* when someone else already
says the service is down: the state machine then counts it on its own, as if
``failure_threshold`` were 1 (:meth:`~trayapp.core.monitor.state.ServiceState.observe`). Who
speaks follows the verdict's order (:mod:`trayapp.core.verdict`), the user's own vantage
points first::

    the remote vantage points that know     corroborate when every one of them sees the
    something (a source that has a value)   service down or degraded
    else the outside network's reading      corroborates when it fails from all or most
                                            places, or on whole continents; measured since
                                            the service last came back (an older one was
                                            proven wrong by the good rounds after it)
    else the vendor's status page           corroborates when it reports a problem for what
                                            the service follows (degraded, partial or major
                                            outage); maintenance does not, as a maintenance
                                            window excuses the failure instead

A reading of the vendor's page calls for a round of the service at once
(:func:`vendor_opened`) when the vendor opened an incident since its last reading: one it
had not listed (planned work aside), or the level the service follows worse than before and
now a problem. That round, failing, is corroborated: the service is down a round after the
vendor said so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from trayapp.core.models import Status, Verdict
from trayapp.core.monitor.wording import others_say
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.sources.model import Vantage
from trayapp.core.speech import Said, both
from trayapp.core.vendors.model import VendorLevel, VendorReading
from trayapp.core.verdict import Opinion, opinion, outside_verdict

__all__ = ["others_said", "others_say_down", "vendor_opened"]

_FAILING = (Status.DOWN, Status.DEGRADED)


def others_say_down(
    reading: VendorReading | None,
    remote: Sequence[Vantage] = (),
    outside: OutsideReading | None = None,
    *,
    back_at: datetime | None = None,
) -> bool:
    """Whether others already say the service is down (see the module's table).

    Args:
        reading: The latest reading of the service's status page, if any.
        remote: What the service's remote vantage points see.
        outside: The outside network's latest reading of the service's open incident.
        back_at: When the service last came back, if it did during that incident: an
            outside reading measured before then says nothing any more.
    """
    known = [v for v in remote if v.status is not Status.UNKNOWN]
    if known:
        return all(v.status in _FAILING for v in known)
    if outside is not None and (back_at is None or outside.measured_at >= back_at):
        seen = outside_verdict(outside)
        if seen is not None:
            return seen is Verdict.DOWN_FOR_EVERYONE
    return opinion(reading) is Opinion.PROBLEM


def vendor_opened(before: VendorReading | None, after: VendorReading) -> bool:
    """Whether the vendor opened an incident between two readings of its page: ``after``
    lists one ``before`` did not (planned work aside), or its level is a problem worse than
    ``before``'s. The first reading (``before`` None) opens what it lists."""
    if not after.parsed:
        return False
    listed = {i.key for i in before.incidents} if before is not None else set()
    new = any(
        i.key not in listed and i.impact is not VendorLevel.MAINTENANCE for i in after.incidents
    )
    worse = after.level.is_problem and (before is None or after.level.rank > before.level.rank)
    return new or worse


def others_said(
    service: str,
    reading: VendorReading | None,
    remote: Sequence[Vantage] = (),
    outside: OutsideReading | None = None,
    *,
    brought: bool = False,
) -> Said:
    """What others say of a failing ``service``, for its notification, a line each: the
    vendor's words when its page says something, else what its remote vantage points see;
    then what the outside network found. In English (for the JSON) and in the user's
    language; "" when none says anything.

    Args:
        service: The service's name, as the vendor's words are quoted for it.
        reading: The latest reading of its status page, if any.
        remote: What its remote vantage points see.
        outside: The outside network's latest reading of its open incident, if any.
        brought: It is a source's target: its vantage points are its only checks, and its
            failure says what they see already.
    """
    vendor = reading if reading is not None and opinion(reading) is not Opinion.NONE else None
    known: list[Vantage] = []
    if vendor is None and not brought:
        known = [v for v in remote if v.status is not Status.UNKNOWN]
    return both(lambda say: others_say(say, service, vendor, known, outside))
