"""Maintenance windows: ``[[maintenance]]``, planned work during which failures are expected.

Part of the config model (:mod:`trayapp.core.config.model`, which re-exports these). A
window is either one stretch of time or one that comes back::

    [[maintenance]]                       [[maintenance]]
    name = "Router firmware"              services = ["NAS", "Backups"]
    start = 2026-12-24T02:00:00+01:00     every = "sunday"
    end = 2026-12-24T04:00:00+01:00       window = "23:00-01:00"
                                          timezone = "Europe/Berlin"

``start`` and ``end`` are RFC 3339 times with their offset (a TOML date-time or the same
text in quotes); ``window`` is wall-clock time in ``timezone`` (an IANA name; by default
this machine's local time), and may cross midnight. A window without ``services`` covers
every service. The arithmetic is :mod:`trayapp.core.config.windows`'s; what a window does to
a service's status is :mod:`trayapp.core.monitor.maintenance`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Literal, Self, get_args

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from trayapp.core.config.answers import MaintenanceMethods
from trayapp.core.config.values import StrictModel
from trayapp.core.config.windows import parse_daily, zone_named
from trayapp.core.i18n import N_, _

__all__ = ["EVERY_CHOICES", "Maintenance", "unknown_services", "zone_named"]

EveryChoice = Literal[
    "day", "weekday", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
]  # fmt: skip
EVERY_CHOICES: tuple[str, ...] = get_args(EveryChoice)
"""What ``every`` may say (see :data:`~trayapp.core.config.windows.EVERY`)."""


def _moment(value: object) -> str:
    if isinstance(value, datetime):  # a TOML date-time, written without quotes
        moment, text = value, value.isoformat()
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError(
                "moment",
                _("not a date and time: '{value}' (use RFC 3339, e.g. 2026-12-24T02:00:00+01:00)"),
                {"value": text},
            ) from None
    else:
        raise PydanticCustomError(
            "moment", _("expected a date and time, e.g. 2026-12-24T02:00:00Z")
        )
    if moment.tzinfo is None:
        raise PydanticCustomError(
            "moment",
            _(
                "{value} has no offset from UTC: write it as 2026-12-24T02:00:00+01:00 (or with Z "
                "for UTC)"
            ),
            {"value": text},
        )
    return text


Moment = Annotated[
    str,
    BeforeValidator(_moment),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "description": "An RFC 3339 date and time."}
    ),
]
"""A date and time with its offset (RFC 3339), kept as written."""


def _daily(value: object) -> str:
    if isinstance(value, str):
        try:
            start, end = parse_daily(value)
        except ValueError:
            pass
        else:
            return f"{start:%H:%M}-{end:%H:%M}"
    raise PydanticCustomError(
        "window",
        _(
            'not a time range: {value} (use "HH:MM-HH:MM", e.g. "02:00-04:00"; '
            "it may cross midnight)"
        ),
        {"value": repr(value)},
    )


DailyWindow = Annotated[
    str,
    BeforeValidator(_daily),
    WithJsonSchema({"type": "string", "pattern": r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"}),
]
"""``"HH:MM-HH:MM"`` of wall-clock time; it may cross midnight."""


def _zone(value: object) -> object:
    if not isinstance(value, str):
        return value  # the type's own message
    text = value.strip()
    try:
        zone_named(text)
    except ValueError:
        raise PydanticCustomError(
            "timezone",
            _(
                "unknown time zone: '{value}' (an IANA name, e.g. \"Europe/Berlin\" or "
                '"America/New_York"; leave it out for local time)'
            ),
            {"value": text},
        ) from None
    return text


TimeZone = Annotated[str, BeforeValidator(_zone)]
"""An IANA time zone's name, checked against the machine's time zone database."""


def _error(key: str, message: str, **more: object) -> PydanticCustomError:
    return PydanticCustomError("maintenance", message, {"loc": (key,), **more})


class Maintenance(MaintenanceMethods, StrictModel):
    """``[[maintenance]]``: planned work. Inside the window a failing service shows
    ``maintenance``: no incident, no notification; a failure that outlasts the window counts
    from its end."""

    name: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        None,
        title=N_("Name"),
        description=N_('What the work is, shown with the services: "Router firmware".'),
    )
    reason: Annotated[str, Field(min_length=1, max_length=500)] | None = Field(
        None, title=N_("Reason"), description=N_("Why, or who to ask: shown beside the name.")
    )
    services: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list,
        title=N_("Services"),
        description=N_("The services it covers, by name; every service when left out."),
    )
    start: Moment | None = Field(
        None,
        title=N_("Start"),
        description=N_(
            "One window: when it starts, RFC 3339 with an offset "
            "(2026-12-24T02:00:00+01:00). Needs end."
        ),
    )
    end: Moment | None = Field(
        None, title=N_("End"), description=N_("One window: when it ends. Needs start.")
    )
    every: EveryChoice | None = Field(
        None,
        title=N_("Every"),
        description=N_(
            'A window that comes back: "day", "weekday" (Monday to Friday), "weekend", '
            'or a day, "monday" to "sunday". Needs window.'
        ),
    )
    window: DailyWindow | None = Field(
        None,
        title=N_("Window"),
        description=N_(
            'With every: the hours, "HH:MM-HH:MM" (may cross midnight: "23:00-01:00" '
            "ends on the next day)."
        ),
    )
    timezone: TimeZone | None = Field(
        None,
        title=N_("Time zone"),
        description=N_(
            'With every: the time zone of window, an IANA name ("Europe/Berlin"); '
            "this machine's local time when left out."
        ),
    )

    @model_validator(mode="after")
    def _says_when(self) -> Self:
        once = self.start is not None or self.end is not None
        recurring = self.every is not None or self.window is not None
        if once and recurring:
            raise _error("every", _("a window is start and end, or every and window, not both"))
        if not once and not recurring:
            raise PydanticCustomError(
                "maintenance",
                _(
                    "say when: start and end (one window), "
                    "or every and window (one that comes back)"
                ),
            )
        if once:
            if self.start is None or self.end is None:
                missing = "start" if self.start is None else "end"
                raise _error(
                    missing, _("required key is missing (a window has a start and an end)")
                )
            if self.timezone is not None:
                raise _error(
                    "timezone",
                    _("timezone goes with every and window; start and end carry their own offset"),
                )
            start, end = datetime.fromisoformat(self.start), datetime.fromisoformat(self.end)
            if end <= start:
                raise _error(
                    "end",
                    _("ends before it starts ({end} is not after {start})"),
                    start=self.start,
                    end=self.end,
                )
        elif self.every is None:
            raise _error("every", _('required key is missing: which days ("day", "sunday", ...)'))
        elif self.window is None:
            raise _error("window", _('required key is missing: which hours ("02:00-04:00")'))
        return self


def unknown_services(
    windows: Sequence[Maintenance], services: Sequence[str], sources: Sequence[str]
) -> list[tuple[int, int, str]]:
    """``(window, index in its services, name)`` for each service a window names that is
    neither one of ``services`` nor brought by one of ``sources`` (a source's own name, or
    ``source/target``: the targets are known only once the source is read)."""
    known = {name.strip().casefold() for name in services}
    brought = {name.strip().casefold() for name in sources}
    unknown = []
    for at, window in enumerate(windows):
        for index, name in enumerate(window.services):
            key = name.strip().casefold()
            prefix, slash, _target = key.partition("/")
            if key not in known and key not in brought and not (slash and prefix in brought):
                unknown.append((at, index, name))
    return unknown
