"""Outside vantage points: ``[outside]``, and what a service's ``outside`` key may hold.

Part of the config model (:mod:`trayapp.core.config.model`, which re-exports these). When a
service fails here, a public measurement network (Globalping) may be asked to load the same
target from a few places in the world; ``[outside]`` says which network, how many places and
how often, and a service's ``outside`` says whether its target may be sent there at all.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from trayapp.core.config.running import DEFAULT_LOCATIONS
from trayapp.core.config.values import Duration, HttpUrl, SecretRef, StrictModel
from trayapp.core.i18n import N_, _

__all__ = [
    "DEFAULT_LOCATIONS",
    "OUTSIDE_PROVIDERS",
    "Outside",
    "OutsideChoice",
    "OutsideLocation",
]

OUTSIDE_PROVIDERS = ("globalping", "none")


def _outside_choice(value: object) -> object:
    # A choice list gives back its entries' text ("True"); a person may write it in any case.
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "auto"):
        text = value.strip().lower()
        return {"true": True, "false": False}.get(text, text)
    if isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "outside",
        _('outside is true, false or "auto", not {value}'),
        {"value": repr(value)},
    )


OutsideChoice = Annotated[Literal["auto", True, False], BeforeValidator(_outside_choice)]
"""A service's ``outside``: ``true`` (always send its target, even one that looks private),
``false`` (never) or ``"auto"`` (only a target that is public by the privacy rules)."""


def _location(value: object) -> object:
    if not isinstance(value, str):
        return value  # the type's own message
    text = value.strip()
    if not text or len(text) > 100 or not text.isprintable():
        raise PydanticCustomError(
            "location",
            _('not a location: {value} (a place on one line, e.g. "Europe", "DE" or "Tokyo")'),
            {"value": repr(value)},
        )
    return text


def _kept_secret(value: object) -> object:
    # Written in clear, the token is not repeated in the message: messages are shown and logged.
    if isinstance(value, str):
        # The example is TOML, its braces no placeholder; only the words in quotes translate.
        # Translators: what a secret's reference says in quotes: { secret = "its name there" }.
        example = '{ secret = "' + _("its name there") + '" }'
        raise PydanticCustomError(
            "secret_only",
            # Translators: {example} is a secret's reference, { secret = "its name there" }.
            _("a token is kept in the keyring and written {example}, never in the file"),
            {"example": example},
        )
    return value


OutsideLocation = Annotated[str, BeforeValidator(_location)]
"""A place, as the measurement network reads it ("Europe", "Germany", "DE", "Tokyo", "AWS")."""


class Outside(StrictModel):
    """``[outside]``: ask a public measurement network whether a failing service loads from
    elsewhere in the world (down for you, or down for everyone)."""

    enabled: bool = Field(
        False,
        title=N_("Enabled"),
        description=N_(
            "Ask from outside when a service fails here while the network works. Off "
            "until turned on: it sends the failing service's host, port and path to the network."
        ),
    )
    provider: Literal["globalping", "none"] = Field(
        "globalping",
        title=N_("Provider"),
        description=N_(
            'The measurement network: "globalping" (jsDelivr\'s open network, '
            'globalping.io) or "none".'
        ),
    )
    url: HttpUrl = Field(
        "https://api.globalping.io",
        title=N_("URL"),
        description=N_(
            "The network's API address; a self-hosted mirror or a test server may replace it."
        ),
    )
    probes: Annotated[int, Field(ge=1, le=50)] = Field(
        5, title=N_("Probes"), description=N_("How many places are asked each time, 1-50.")
    )
    locations: list[OutsideLocation] = Field(
        default_factory=lambda: list(DEFAULT_LOCATIONS),
        title=N_("Locations"),
        description=N_(
            'Where the places are: continents, countries, cities or networks ("Europe", '
            '"DE", "Tokyo", "AWS"), shared among them; an empty list lets the network choose.'
        ),
    )
    interval: Duration = Field(
        600.0,
        title=N_("Interval"),
        description=N_(
            "While a service stays down, ask again at most this often (once when it goes down)."
        ),
    )
    token: Annotated[SecretRef, BeforeValidator(_kept_secret)] | None = Field(
        None,
        title=N_("Token"),
        description=N_(
            'A token of the network, kept in the OS keyring: { secret = "globalping" }. '
            "Optional: it raises the network's rate limit. Sent only to url, in the Authorization "
            "header."
        ),
        examples=[{"secret": "globalping"}],
    )
