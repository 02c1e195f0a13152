"""The vendor's status page graded: how often, and how late, it owned up to what trayapp saw.

Pure: incidents as the store keeps them, one service at a time. Each incident is read
alone, by this table (first matching row)::

    the incident                                     confirmed  acknowledged  delay
    never down_for_everyone                          no         no            -
    down_for_everyone at some point, and:
      a vendor line on its timeline                  yes        yes           first line - start
      no line; vendor incidents with a start time    yes        yes           earliest - start
      no line; vendor incidents, no start time       yes        yes           unknown
      no vendor incident at all                      yes        no            -

Confirmed outage: an incident whose verdict was ``down_for_everyone`` at some point of its
life, whatever said so (the vendor's page, a source's vantage points, the outside network):
its verdict now, or any verdict line of its timeline (``Verdict: down for everyone``, which
the incident tracker writes each time the verdict changes). Open incidents count: the grade
says what the page did so far.

Acknowledged: the vendor's page listed an incident of its own while trayapp's incident was
open (the flap window included: a page that posts once the service is back owned up late,
but owned up). trayapp keeps those with its incident, and notes on the timeline the moment
it first read each one: that moment is the acknowledgment. The vendor's own start time is
used only when the timeline has no such line, since a page may back-date its incidents. A
page that showed a bad level without listing an incident is not counted: the store does not
keep the page's level with the incident, and a ``down_for_everyone`` verdict does not say
whether the page or another witness gave it.

Delay: the acknowledgment minus the incident's ``started_at`` (trayapp's first failed
round), never negative: a vendor incident already open when trayapp's opened counts as
soon as trayapp read it, which is at the round that opened the incident. Its grain is the
status page's polling interval (5 minutes by default).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.incident import Incident, NoteKind, format_length
from trayapp.core.models import Verdict
from trayapp.core.speech import IN_ENGLISH, SHOWN, Speech

__all__ = [
    "CONFIRMING_NOTE",
    "Grade",
    "VendorRecord",
    "grade_incident",
    "grade_service",
    "grade_services",
]

CONFIRMING_NOTE = f"Verdict: {Verdict.DOWN_FOR_EVERYONE.words}"
"""How a timeline line saying "down for everyone" begins (the incident tracker's words)."""


@dataclass(frozen=True, slots=True)
class Grade:
    """One incident, read by the module's table."""

    confirmed: bool
    acknowledged: bool
    acknowledged_at: datetime | None = None
    """When the vendor acknowledged it, as far as the store says; None when unknown."""
    delay_s: float | None = None
    """Seconds from the incident's start to the acknowledgment, never negative."""


def grade_incident(incident: Incident) -> Grade:
    """Read ``incident`` by the module's table."""
    if not _confirmed(incident):
        return Grade(confirmed=False, acknowledged=False)
    seen = [n.at for n in incident.notes if n.kind is NoteKind.VENDOR]
    if not seen and not incident.vendor_incidents:
        return Grade(confirmed=True, acknowledged=False)
    if seen:
        acknowledged_at: datetime | None = min(seen)
    else:
        starts = [v.started_at for v in incident.vendor_incidents if v.started_at is not None]
        acknowledged_at = min(starts, default=None)
    if acknowledged_at is None:
        return Grade(confirmed=True, acknowledged=True)
    delay = max(0.0, round((acknowledged_at - incident.started_at).total_seconds(), 3))
    return Grade(True, True, acknowledged_at, delay)


def _confirmed(incident: Incident) -> bool:
    if incident.verdict is Verdict.DOWN_FOR_EVERYONE:
        return True
    return any(
        n.kind is NoteKind.VERDICT and n.text.startswith(CONFIRMING_NOTE) for n in incident.notes
    )


@dataclass(frozen=True, slots=True)
class VendorRecord:
    """How a service's status page did over its confirmed outages."""

    service: str
    platform: str | None
    """The status page's platform (``statuspage``), when known; None otherwise."""
    confirmed: int
    acknowledged: int
    delays_s: tuple[float, ...] = ()
    """The delays of the acknowledged outages whose delay is known."""

    @property
    def median_delay_s(self) -> float | None:
        """The median of :attr:`delays_s`; None when there are none."""
        return round(statistics.median(self.delays_s), 3) if self.delays_s else None

    @property
    def words(self) -> str:
        """The record in a sentence, in English (the JSON's ``words``): ``Twitter's status
        page acknowledged 7 of 9 confirmed outages, a median of 12 min after trayapp saw
        them``; :attr:`sentence` says it in the user's language."""
        return self.said(IN_ENGLISH)

    @property
    def sentence(self) -> str:
        """:attr:`words` in the user's language, for people (``words`` stays English: it is
        part of the JSON)."""
        return self.said(SHOWN)

    def said(self, say: Speech) -> str:
        """The record in a sentence, in ``say``'s language (see :attr:`words`)."""
        if self.confirmed == 0:
            return say._("No confirmed outage of {service} to grade its status page by").format(
                service=self.service
            )
        # Translators: {acknowledged} of {count} outages trayapp saw were also on the page.
        said = say.ngettext(
            "{service}'s status page acknowledged {acknowledged} of {count} confirmed outage",
            "{service}'s status page acknowledged {acknowledged} of {count} confirmed outages",
            self.confirmed,
        ).format(
            service=self.service,
            acknowledged=say.count(self.acknowledged),
            count=say.number(self.confirmed),
        )
        median = self.median_delay_s
        if median is None:
            return said
        # The plural forms below follow the outages acknowledged: "saw it", "saw them".
        if median == 0:
            # Translators: {record} is the sentence above; "it"/"them": the outages.
            late = say.ngettext(
                "{record}, by the time trayapp saw it",
                "{record}, by the time trayapp saw them",
                self.acknowledged,
            )
        elif len(self.delays_s) == 1:
            # Translators: {record} is the sentence above; {length} how late the page was.
            late = say.ngettext(
                "{record}, {length} after trayapp saw it",
                "{record}, {length} after trayapp saw them",
                self.acknowledged,
            )
        else:
            # Translators: {record} is the sentence above; {length} how late the page was.
            late = say.ngettext(
                "{record}, a median of {length} after trayapp saw it",
                "{record}, a median of {length} after trayapp saw them",
                self.acknowledged,
            )
        return late.format(record=said, length=format_length(median, say))

    def to_json(self) -> dict[str, object]:
        """The object of ``trayapp incidents --vendor-record --json``."""
        return {
            "service": self.service,
            "platform": self.platform,
            "confirmed": self.confirmed,
            "acknowledged": self.acknowledged,
            "median_delay_s": self.median_delay_s,
            "words": self.words,
        }


def grade_service(
    service: str, incidents: Iterable[Incident], platform: str | None = None
) -> VendorRecord:
    """``service``'s record over those of ``incidents`` that are its own."""
    grades = [grade_incident(i) for i in incidents if i.service == service]
    acknowledged = [g for g in grades if g.acknowledged]
    return VendorRecord(
        service=service,
        platform=platform,
        confirmed=sum(g.confirmed for g in grades),
        acknowledged=len(acknowledged),
        delays_s=tuple(g.delay_s for g in acknowledged if g.delay_s is not None),
    )


def grade_services(
    incidents: Sequence[Incident], platforms: Mapping[str, str | None] | None = None
) -> list[VendorRecord]:
    """A record for each service that has an incident among ``incidents``, by name.

    Args:
        incidents: Incidents of any services, in any order.
        platforms: Each service's status page platform, where known.
    """
    known = platforms or {}
    by_service: dict[str, list[Incident]] = {}
    for incident in incidents:
        by_service.setdefault(incident.service, []).append(incident)
    names = sorted(by_service, key=lambda name: (name.casefold(), name))
    return [grade_service(name, by_service[name], known.get(name)) for name in names]
