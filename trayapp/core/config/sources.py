"""The monitoring systems trayapp reads: ``[[sources]]``, and a service's ``remote`` targets.

Part of the config model (:mod:`trayapp.core.config.model`, which re-exports these). What a
source brings and how it is read is :mod:`trayapp.core.sources`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self, get_args
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from trayapp.core.config.answers import SourceMethods
from trayapp.core.config.values import (
    Duration,
    Headers,
    HttpUrl,
    LabelName,
    SourceName,
    StrictModel,
)
from trayapp.core.i18n import N_, _

__all__ = ["DEFAULT_MAX_SERVICES", "SOURCE_KINDS", "Remote", "Source", "SourceKind"]

SourceKind = Literal["alertmanager", "prometheus", "gatus", "uptime_kuma"]
DEFAULT_MAX_SERVICES = 300
"""A Prometheus may name tens of thousands of series: a tray cannot show them all."""
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


class Source(SourceMethods, StrictModel):
    """``[[sources]]``: a monitoring system that already watches, from its own vantage points.

    Its verdicts stand beside trayapp's own: each target it reports appears as a service
    (``prometheus/https://shop.example/``), and a service that names one of its targets in
    ``remote`` is judged with it ("down here, up from prometheus/eu-west": down for you).
    """

    name: SourceName = Field(
        title=N_("Name"),
        description=N_('How the source is named in the tray and in remote, e.g. "prometheus".'),
    )
    kind: SourceKind = Field(
        title=N_("Kind"),
        description=N_(
            "What the source is: alertmanager (its active, silenced and inhibited "
            "alerts), prometheus (a query, one series per target and vantage point), gatus (its "
            "endpoints' statuses) or uptime_kuma (a status page's monitors)."
        ),
    )
    url: HttpUrl = Field(
        title=N_("URL"),
        description=N_(
            "Where it answers: Prometheus's or Alertmanager's or Gatus's base address "
            '("http://prometheus:9090"), or an Uptime Kuma status page ("https://kuma/status/main").'
        ),
    )
    query: Annotated[str, Field(min_length=1, max_length=2000)] | None = Field(
        None,
        title=N_("Query"),
        description=N_(
            "prometheus: the PromQL query, 1 for up and 0 for down per series; by "
            'default "probe_success" (blackbox_exporter).'
        ),
    )
    target_label: LabelName = Field(
        "instance",
        title=N_("Target label"),
        description=N_(
            "prometheus and alertmanager: the label that names the target a series or "
            "an alert is about; an alert without it is named by its alertname."
        ),
    )
    vantage_label: LabelName = Field(
        "vantage",
        title=N_("Vantage label"),
        description=N_(
            "prometheus and alertmanager: the label that names where a probe ran "
            '("eu-west"); without it, the source itself is the vantage point.'
        ),
    )
    headers: Headers = Field(
        default_factory=dict,
        title=N_("Headers"),
        description=N_(
            'Request headers, e.g. Authorization = { secret = "prometheus/Authorization" '
            "} (a value marked secret is kept in the keyring)."
        ),
    )
    verify_tls: bool = Field(
        True,
        title=N_("Verify TLS"),
        description=N_("Verify the source's certificate. Turning it off is unsafe."),
    )
    services: bool = Field(
        True,
        title=N_("Services"),
        description=N_(
            "Show each target no service names in remote as a service of its own "
            "(source/target); false uses the source only for the services that name it."
        ),
    )
    max_services: Annotated[int, Field(ge=1, le=10_000)] = Field(
        DEFAULT_MAX_SERVICES,
        title=N_("Max services"),
        description=N_(
            "The most services the source's targets may become; past it, the failing "
            "targets are kept first and the source's own entry says how many were left out."
        ),
    )
    interval: Duration | None = Field(
        None,
        title=N_("Interval"),
        description=N_("How often the source is read; [defaults] interval when left out."),
    )
    timeout: Duration | None = Field(
        None, title=N_("Timeout"), description=N_("Overrides [defaults].")
    )

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Self:
        if self.query is not None and self.kind != "prometheus":
            raise PydanticCustomError(
                "query",
                _("source '{name}': query is read by kind prometheus only, not {kind}"),
                {"loc": ("query",), "name": self.name, "kind": self.kind},
            )
        if self.kind == "uptime_kuma" and "/status/" not in urlsplit(self.url).path + "/":
            raise PydanticCustomError(
                "url",
                _(
                    "source '{name}': an Uptime Kuma source is its status page's address, "
                    "https://kuma.example/status/<slug>"
                ),
                {"loc": ("url",), "name": self.name},
            )
        return self


class Remote(StrictModel):
    """A target of a source that looks at the same thing as a service's own checks."""

    source: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        title=N_("Source"), description=N_("The source's name.")
    )
    target: Annotated[str, Field(min_length=1, max_length=500)] | None = Field(
        None,
        title=N_("Target"),
        description=N_(
            "The target as the source names it (Prometheus's instance label, a Gatus "
            'endpoint "group/name", an Uptime Kuma monitor); by default the service\'s URL, '
            "else its name."
        ),
    )
