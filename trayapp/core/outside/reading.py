"""What the outside network found: each place's answer, and a summary in words.

:class:`OutsideReading` is a measurement's result, :class:`OutsideUnavailable` the reason
there is none (a rate limit, the network's own failure). :func:`summarize` says what the
places found in one line:

- "loads from 5 of 5 places: DE, US, JP, BR, AU" (all load, or most with one failing);
- "down in Europe, up elsewhere" (the failures are whole continents, the rest load);
- "fails from 5 of 5 places, e.g. Frankfurt: HTTP 503" (all fail, or most);
- "no place could measure it" (every probe offline, or none found).

When a single place measured it, it is named alone: "fails from the one place that measured
it, Frankfurt: HTTP 503".

A probe that was offline measured nothing: it counts neither way.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

from trayapp.core.clock import iso_utc
from trayapp.core.i18n import N_
from trayapp.core.phrases import readings as sources
from trayapp.core.phrases import retell
from trayapp.core.speech import IN_ENGLISH, SHOWN, Speech

__all__ = [
    "CONTINENTS",
    "Finding",
    "OutsideProbe",
    "OutsideReading",
    "OutsideUnavailable",
    "RateLimit",
    "finding",
    "readings_from_text",
    "readings_to_text",
    "summarize",
]

CONTINENTS = {
    "AF": N_("Africa"),
    "AN": N_("Antarctica"),
    "AS": N_("Asia"),
    "EU": N_("Europe"),
    "NA": N_("North America"),
    "OC": N_("Oceania"),
    "SA": N_("South America"),
}
"""The two-letter continent codes the network uses, and their names (English, marked for
translation: ``_(CONTINENTS["EU"])`` where shown)."""

OFFLINE = "probe_offline"
"""The cause of a probe that went offline before it measured anything."""


@dataclass(frozen=True, slots=True)
class OutsideProbe:
    """One place's answer.

    Attributes:
        continent: Two-letter continent code ("EU").
        country: ISO 3166 country code ("DE").
        city: The city, as the network names it ("Frankfurt").
        network: The network the probe sits in ("Hetzner Online GmbH").
        ok: Whether the target loaded from there (an accepted status, a connect, an answer).
        status_code: The HTTP status (or, for dns, the response code) it got, if any.
        cause: Why it failed, in the check causes' words where one fits (``http_status``,
            ``dns``, ``refused``, ``reset``, ``timeout``, ``tls``), else ``failed``;
            ``probe_offline`` for a probe that measured nothing; ``""`` when ok.
        detail: One line for a person: "HTTP 503", "connect ECONNREFUSED".
        time_ms: How long it took, in milliseconds, when known.
    """

    continent: str
    country: str
    city: str
    network: str
    ok: bool
    status_code: int | None
    cause: str
    detail: str
    time_ms: float | None

    @property
    def place(self) -> str:
        """The city, else the country, else the continent: where this probe is."""
        return self.city or self.country or CONTINENTS.get(self.continent, self.continent)

    @property
    def measured(self) -> bool:
        """Whether the probe measured anything (it was not offline)."""
        return self.cause != OFFLINE


@dataclass(frozen=True, slots=True)
class OutsideReading:
    """A measurement from the outside network.

    Attributes:
        provider: The network asked ("globalping").
        measured_at: When the measurement finished (the clock's time, timezone-aware).
        probes: Each place's answer, in the network's order.
        summary: What they found, in one line (see :func:`summarize`).
    """

    provider: str
    measured_at: datetime
    probes: tuple[OutsideProbe, ...]
    summary: str

    @property
    def shown_summary(self) -> str:
        """:attr:`summary` in the user's language, for people (the JSON keeps
        :attr:`summary`, in English)."""
        return summarize(self.probes, SHOWN) if self.probes else retell(self.summary)

    @property
    def loads(self) -> int:
        """How many places loaded the target."""
        return sum(1 for probe in self.probes if probe.ok)

    @property
    def fails(self) -> int:
        """How many places measured and failed."""
        return sum(1 for probe in self.probes if probe.measured and not probe.ok)

    @property
    def finding(self) -> Finding:
        """What the places found, as far as a verdict cares."""
        return finding(self.probes)

    def to_json(self) -> dict[str, object]:
        """The ``outside`` object of ``check --json`` and ``incidents --json``: ``provider``,
        ``measured_at``, ``probes`` (each with ``continent``, ``country``, ``city``,
        ``network``, ``ok``, ``status_code``, ``cause``, ``detail``, ``time_ms``), ``summary``."""
        return {
            "provider": self.provider,
            "measured_at": iso_utc(self.measured_at),
            "probes": [asdict(probe) for probe in self.probes],
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: object) -> OutsideReading | None:
        """The reading :meth:`to_json` wrote; None for anything else (a damaged value)."""
        if not isinstance(data, dict):
            return None
        try:
            at = datetime.fromisoformat(str(data["measured_at"]))
            names = [f.name for f in fields(OutsideProbe)]
            probes = tuple(OutsideProbe(**{n: item[n] for n in names}) for item in data["probes"])
            return cls(str(data["provider"]), at, probes, str(data["summary"]))
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The network's rate limit as its last answer's ``X-RateLimit-*`` headers told it.

    Attributes:
        limit: Measurements allowed per window (``X-RateLimit-Limit``).
        remaining: Measurements left in this window (``X-RateLimit-Remaining``).
        reset_at: When the window starts again (``X-RateLimit-Reset``, seconds from then).
    """

    limit: int | None
    remaining: int | None
    reset_at: datetime | None


@dataclass(frozen=True, slots=True)
class OutsideUnavailable:
    """No measurement, and why.

    Attributes:
        provider: The network asked ("globalping").
        reason: One line for a person: "Globalping's rate limit is used up until 18:42 UTC",
            "Globalping answered HTTP 503", "Globalping's answer is not a measurement". It
            never holds the token.
        rate_limited: Whether the rate limit is why (nothing was asked, or the network
            answered 429): the caller says so once, not at each try.
        retry_at: Not before then, when it is known.
    """

    provider: str
    reason: str
    rate_limited: bool = False
    retry_at: datetime | None = None


def _names(items: list[str]) -> str:
    """The continents in English: ``Europe, Asia and Africa`` (said again in the user's
    language by :data:`~trayapp.core.phrases.readings.DOWN_IN`)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _countries(probes: list[OutsideProbe]) -> str:
    seen: list[str] = []
    for probe in probes:
        name = probe.country or probe.place
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)


class Finding(StrEnum):
    """What the places found, as far as a verdict cares (the forms of :func:`summarize`)."""

    NOTHING = "nothing"
    """No place measured anything."""
    LOADS = "loads"
    """It loads from every place, or from most (at most one failing)."""
    REGIONAL = "regional"
    """The failures are whole continents; it loads from the rest."""
    FAILS = "fails"
    """It fails from every place, or from most."""


def finding(probes: tuple[OutsideProbe, ...] | list[OutsideProbe]) -> Finding:
    """What ``probes`` found (see the module's docstring; offline probes count neither way)."""
    good = [probe for probe in probes if probe.measured and probe.ok]
    bad = [probe for probe in probes if probe.measured and not probe.ok]
    if not good and not bad:
        return Finding.NOTHING
    if not bad:
        return Finding.LOADS
    if not good:
        return Finding.FAILS
    if len(good) > len(bad) and len(bad) == 1:
        return Finding.LOADS
    up_continents = {probe.continent for probe in good}
    if all(probe.continent not in up_continents for probe in bad):
        return Finding.REGIONAL
    return Finding.LOADS if len(good) > len(bad) else Finding.FAILS


def summarize(
    probes: tuple[OutsideProbe, ...] | list[OutsideProbe], say: Speech = IN_ENGLISH
) -> str:
    """What ``probes`` found, in one line (see the module's docstring for the forms): in
    English, as the JSON's ``summary``, unless ``say`` says otherwise. The places are named
    as the network names them; what failed there is the probe's own detail."""
    found = finding(probes)
    measured = [probe for probe in probes if probe.measured]
    good = [probe for probe in measured if probe.ok]
    bad = [probe for probe in measured if not probe.ok]
    total = len(measured)
    if found is Finding.NOTHING:
        return sources.NO_PLACE.said(say)
    if found is Finding.LOADS:
        if total == 1:
            return sources.LOADS_FROM_ONE.said(say, countries=_countries(good))
        return sources.LOADS_FROM.said(
            say, good=str(len(good)), count=str(total), countries=_countries(good)
        )
    if found is Finding.REGIONAL:
        names = list(
            dict.fromkeys(CONTINENTS.get(probe.continent, probe.continent) for probe in bad)
        )
        return sources.DOWN_IN.said(say, continents=_names(names))
    first = bad[0]
    if total == 1:
        return sources.FAILS_FROM_ONE.said(say, place=first.place, detail=first.detail)
    return sources.FAILS_FROM.said(
        say, failing=str(len(bad)), count=str(total), place=first.place, detail=first.detail
    )


def readings_to_text(readings: tuple[OutsideReading, ...]) -> str:
    """``readings`` as the store keeps them: a JSON list of :meth:`OutsideReading.to_json`."""
    return json.dumps([reading.to_json() for reading in readings], ensure_ascii=False)


def readings_from_text(text: object) -> tuple[OutsideReading, ...]:
    """The readings :func:`readings_to_text` wrote; what is damaged reads as none."""
    try:
        items: Any = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return ()
    if not isinstance(items, list):
        return ()
    found = (OutsideReading.from_json(item) for item in items)
    return tuple(reading for reading in found if reading is not None)
