"""What a vendor's status page says, in one model whatever the platform.

Levels are ordered from good to bad; a page's level is the worst of what it says::

    operational < maintenance < unknown < degraded < partial_outage < major_outage

``unknown`` sits above ``maintenance`` so that a page whose every part reads well but one
part cannot be understood is ``unknown``, never ``operational``; and below ``degraded``, so
that an outage the page does state is not hidden by a part it does not.

Everything here is an immutable value: readings cross from the monitor's loop to the GUI
thread as they are. Text in them is plain text (see :mod:`trayapp.core.vendors.text`), times
are aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from trayapp.core.clock import iso_utc
from trayapp.core.i18n import N_
from trayapp.core.phrases import readings as sources
from trayapp.core.phrases import retell
from trayapp.core.speech import IN_ENGLISH, SHOWN, Speech
from trayapp.core.vendors.text import plain_text
from trayapp.core.vendors.times import utc

__all__ = [
    "Component",
    "PageRef",
    "Platform",
    "VendorIncident",
    "VendorLevel",
    "VendorReading",
    "describe",
    "follow",
    "named_components",
    "understood",
    "unreadable",
    "worst_level",
]


class VendorLevel(StrEnum):
    """How a vendor says a page, a component or an incident is doing."""

    OPERATIONAL = "operational"
    MAINTENANCE = "maintenance"
    """Planned work in progress: not a problem, but it may explain one."""
    UNKNOWN = "unknown"
    """The page could not be read, or said something trayapp does not understand."""
    DEGRADED = "degraded"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"

    @property
    def rank(self) -> int:
        """Larger is worse (see the module's order)."""
        return _RANK[self.value]

    @property
    def is_problem(self) -> bool:
        """Whether the vendor reports a problem: degraded or an outage."""
        return self.rank >= _RANK["degraded"]

    @property
    def explains_failure(self) -> bool:
        """Whether the vendor says something that accounts for a failure: a problem, or work."""
        return self.is_problem or self is VendorLevel.MAINTENANCE

    @property
    def words(self) -> str:
        """The level in English words: ``partial outage`` (the JSON's descriptions keep them;
        people read :meth:`said`)."""
        return self.value.replace("_", " ")

    def said(self, say: Speech = SHOWN) -> str:
        """The level for people, in their language (``say``): ``partial outage``
        (``teilweiser Ausfall``)."""
        return self.words if say.english else say._(_LEVEL_WORDS[self.value])


_LEVEL_WORDS = {
    # Translators: a status page's level, as in "partial outage: API is down".
    "operational": N_("operational"),
    "maintenance": N_("maintenance"),
    "unknown": N_("unknown"),
    "degraded": N_("degraded"),
    "partial_outage": N_("partial outage"),
    "major_outage": N_("major outage"),
}


_RANK = {
    "operational": 0,
    "maintenance": 1,
    "unknown": 2,
    "degraded": 3,
    "partial_outage": 4,
    "major_outage": 5,
}


def worst_level(levels: Iterable[VendorLevel], default: VendorLevel) -> VendorLevel:
    """The worst of ``levels``; ``default`` when there are none."""
    return max(levels, key=lambda level: level.rank, default=default)


class Platform(StrEnum):
    """The kinds of status page trayapp reads (see :mod:`trayapp.core.vendors`)."""

    STATUSPAGE = "statuspage"
    INCIDENT_IO = "incident_io"
    INSTATUS = "instatus"
    SLACK = "slack"
    GOOGLE = "google"
    FEED = "feed"
    GATUS = "gatus"
    UPTIME_KUMA = "uptime_kuma"


@dataclass(frozen=True, slots=True)
class PageRef:
    """A status page to read: its address as configured, and the component to follow."""

    url: str
    component: str | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """A part of the vendor's service as its page lists it ("userstream")."""

    name: str
    level: VendorLevel
    group: str | None = None
    """The name of the group it belongs to, if any."""
    is_group: bool = False
    """A group's own row: its level restates its members', so the page's level skips it."""


@dataclass(frozen=True, slots=True)
class VendorIncident:
    """An incident (or maintenance in progress) the vendor lists as open."""

    name: str
    status: str
    """The vendor's word for where it stands ("investigating", "in progress"), lower case."""
    impact: VendorLevel
    started_at: datetime | None = None
    updated_at: datetime | None = None
    latest_update: str = ""
    """The text of the latest update, plain text."""
    url: str | None = None
    components: tuple[str, ...] = ()
    """The components it affects; empty when the page does not say."""
    id: str = ""
    """The vendor's own id, when it gives one: how updates of one incident are recognised."""
    ends_at: datetime | None = None
    """When planned work is to end (a maintenance's scheduled end), when the page says."""

    @property
    def key(self) -> str:
        """What identifies this incident across readings: the vendor's id, else its name."""
        return self.id or self.name

    def said(self) -> str:
        """The vendor's own words: ``Investigating: users may be experiencing issues``."""
        words = self.latest_update or self.name
        status = self.status.strip()
        return f"{status[:1].upper()}{status[1:]}: {words}" if status else words

    def titled(self) -> str:
        """Its title, then its words: ``Twitter is down — Investigating: users may be ...``."""
        if not self.latest_update or self.latest_update == self.name:
            return self.said()
        return f"{self.name} — {self.said()}"

    def to_json(self) -> dict[str, object]:
        """The object of ``check --json`` and ``incidents --json``."""
        return {
            "name": self.name,
            "status": self.status,
            "impact": self.impact.value,
            "started_at": _iso(self.started_at),
            "updated_at": _iso(self.updated_at),
            "latest_update": self.latest_update,
            "url": self.url,
        }

    def to_stored(self) -> dict[str, object]:
        """:meth:`to_json` with what the store needs besides: the id and the components."""
        return {
            **self.to_json(),
            "id": self.id,
            "components": list(self.components),
            "ends_at": _iso(self.ends_at),
        }

    @classmethod
    def from_stored(cls, data: Mapping[str, object]) -> VendorIncident | None:
        """The incident :meth:`to_stored` wrote; None for anything else (a damaged row)."""
        name, status = data.get("name"), data.get("status")
        if not isinstance(name, str) or not isinstance(status, str):
            return None
        try:
            impact = VendorLevel(str(data.get("impact")))
        except ValueError:
            impact = VendorLevel.UNKNOWN
        url, latest = data.get("url"), data.get("latest_update")
        components = data.get("components")
        return cls(
            name=name,
            status=status,
            impact=impact,
            started_at=utc(data.get("started_at")),
            updated_at=utc(data.get("updated_at")),
            latest_update=latest if isinstance(latest, str) else "",
            url=url if isinstance(url, str) else None,
            components=tuple(c for c in components if isinstance(c, str))
            if isinstance(components, list)
            else (),
            id=str(data.get("id") or ""),
            ends_at=utc(data.get("ends_at")),
        )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso_utc(moment)


@dataclass(frozen=True, slots=True)
class VendorReading:
    """What a status page said when it was last read.

    ``level`` is what matters for the service: the page's level, or the followed component's
    when the service follows one. ``stale`` marks the last good reading kept after a fetch
    failed; ``parsed`` is False when the page could not be read or understood at all (the
    level is then ``unknown`` and ``description`` says why).
    """

    platform: str
    level: VendorLevel
    description: str
    fetched_at: datetime
    page_url: str
    components: tuple[Component, ...] = ()
    incidents: tuple[VendorIncident, ...] = ()
    stale: bool = False
    parsed: bool = True
    component: str | None = None
    """The component followed, as the page names it; None for the whole page."""

    def lead(self) -> VendorIncident | None:
        """The incident that says most: the worst impact, then the latest update."""
        if not self.incidents:
            return None
        oldest = datetime.min.replace(tzinfo=UTC)
        return max(
            self.incidents,
            key=lambda i: (i.impact.rank, i.updated_at or i.started_at or oldest),
        )

    @property
    def in_maintenance(self) -> bool:
        """Whether the page says planned work is under way on what the service follows, and
        no problem besides: its level is ``maintenance``."""
        return self.parsed and self.level is VendorLevel.MAINTENANCE

    def maintenance(self) -> VendorIncident | None:
        """The maintenance under way that ends last (one without an end first), if any."""
        works = [i for i in self.incidents if i.impact is VendorLevel.MAINTENANCE]
        latest = datetime.max.replace(tzinfo=UTC)
        return max(works, key=lambda i: i.ends_at or latest, default=None)

    def headline(self) -> str:
        """The vendor's own words that say most: the lead incident's, else the description."""
        lead = self.lead()
        return lead.said() if lead is not None else self.description

    def quote(self, service: str, say: Speech = IN_ENGLISH) -> str:
        """The vendor's words for a notification: ``Twitter status: 'Investigating: ...'``;
        in English (a check's detail, the JSON's notification) unless ``say`` says otherwise.
        The vendor's own words stay as the vendor wrote them."""
        # Translators: {service} is a service's name; {words} its status page's own words.
        return sources.QUOTE.said(say, service=service, words=_short(self.headline(), 200))

    def summary(self, say: Speech = SHOWN) -> str:
        """The reading in one line for people, the lead incident's title with its words:
        ``major outage: Twitter is down — 'Investigating: ...'``; in the user's language
        unless ``say`` says otherwise."""
        lead = self.lead()
        level = self.level.said(say)
        if lead is not None and lead.latest_update and lead.latest_update != lead.name:
            said = f"{level}: {_short(lead.name, 80)} — '{_short(lead.said(), 160)}'"
        else:
            said = f"{level}: '{retell(_short(self.headline(), 160), say)}'"
        # Translators: a status page's reading kept after it could not be read again.
        return say._("{reading} (stale)").format(reading=said) if self.stale else said

    def to_json(self) -> dict[str, object]:
        """The ``vendor`` object of ``check --json``: platform, level, description, incidents."""
        return {
            "platform": self.platform or None,  # None: no platform could be found
            "level": self.level.value,
            "description": self.description,
            "incidents": [incident.to_json() for incident in self.incidents],
        }


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unreadable(platform: str, page_url: str, now: datetime, why: str) -> VendorReading:
    """A reading of a page that could not be read or understood: ``unknown``, and why."""
    return VendorReading(
        platform=platform,
        level=VendorLevel.UNKNOWN,
        description=plain_text(why, 300),
        fetched_at=now,
        page_url=page_url,
        parsed=False,
    )


def understood(
    platform: Platform,
    page: PageRef,
    now: datetime,
    level: VendorLevel,
    *,
    components: Iterable[Component] = (),
    incidents: Iterable[VendorIncident] = (),
    description: str | None = None,
    complete: bool = True,
) -> VendorReading:
    """The reading of a page an adapter understood, narrowed to the component ``page`` follows.

    ``description`` is the page's own words, when they hold; by default one is made from the
    level, the incidents and the components (see :func:`describe`). ``complete`` says whether
    the page lists every component (see :func:`follow`).
    """
    components, incidents = tuple(components), tuple(incidents)
    reading = VendorReading(
        platform=platform,
        level=level,
        description=describe(level, incidents, components) if description is None else description,
        fetched_at=now,
        page_url=page.url,
        components=components,
        incidents=incidents,
    )
    return follow(reading, page.component, complete=complete)


def named_components(incidents: Iterable[VendorIncident]) -> tuple[Component, ...]:
    """The components ``incidents`` name, each at the worst impact of those naming it.

    The component list of a page that names only the components of its open incidents.
    """
    named: dict[str, Component] = {}
    for incident in incidents:
        for name in incident.components:
            known = named.get(name)
            if known is None or incident.impact.rank > known.level.rank:
                named[name] = Component(name, incident.impact)
    return tuple(named.values())


def describe(
    level: VendorLevel,
    incidents: Iterable[VendorIncident] = (),
    components: Iterable[Component] = (),
) -> str:
    """A description for a page that gives none (or one its own parts contradict)."""
    if level is VendorLevel.OPERATIONAL:
        return sources.ALL_OPERATIONAL()
    words = level.words[:1].upper() + level.words[1:]
    named = [i.name for i in incidents if i.impact.rank >= VendorLevel.MAINTENANCE.rank]
    if named:
        if len(named) > 1:
            return sources.LEVEL_NAMES_MORE(level=words, names=named[0], more=len(named) - 1)
        return sources.LEVEL_NAMES(level=words, names=named[0])
    hit = [c.name for c in components if not c.is_group and c.level.rank >= level.rank]
    if hit:
        names = ", ".join(hit[:3])
        if len(hit) > 3:
            return sources.LEVEL_NAMES_MORE(level=words, names=names, more=len(hit) - 3)
        return sources.LEVEL_NAMES(level=words, names=names)
    return words


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def follow(
    reading: VendorReading, component: str | None, *, complete: bool = True
) -> VendorReading:
    """``reading`` narrowed to ``component``: its level, and the incidents that may touch it.

    The component is named as the page names it, or as ``"Group / Component"``, in any case.
    ``complete`` says whether the page lists every component: a page that names only the
    components of open incidents (Slack, Google) leaves any other one operational, where a
    full list that lacks the name leaves it unknown (a typo must not read as "all is well").

    The level is the worst of the component's own and of the incidents that name it.
    Incidents that name no component stay listed (they may touch it); they count only on a
    page without a full list, where no component's own level could say otherwise.
    """
    if component is None or not reading.parsed:
        return reading
    wanted = _key(component)
    match = next(
        (
            c
            for c in reading.components
            if _key(c.name) == wanted or (c.group and _key(f"{c.group} / {c.name}") == wanted)
        ),
        None,
    )
    name = match.name if match is not None else component
    key = _key(name)
    touching = tuple(
        i
        for i in reading.incidents
        if not i.components or any(_key(n) == key for n in i.components)
    )
    naming = [i.impact for i in touching if i.components or not complete]
    if match is None and (complete or reading.level is VendorLevel.UNKNOWN):
        return replace(
            reading,
            level=VendorLevel.UNKNOWN,
            description=sources.NO_COMPONENT(component=plain_text(component, 80)),
            incidents=touching,
            component=component,
        )
    own = match.level if match is not None else VendorLevel.OPERATIONAL
    level = worst_level([own, *naming], VendorLevel.OPERATIONAL)
    return replace(
        reading,
        level=level,
        description=sources.COMPONENT_LEVEL(component=name, level=level.words),
        incidents=touching,
        component=name,
    )
