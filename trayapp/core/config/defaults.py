"""``[defaults]``: what every service inherits unless it says otherwise, and a service's
settings with those defaults filled in (:class:`ServiceSettings`).

Part of the config model (:mod:`trayapp.core.config.model`, which re-exports these).
"""

from __future__ import annotations

from pydantic import Field

from trayapp.core.config.answers import SERVICE_SETTINGS, DefaultsMethods, ServiceSettings
from trayapp.core.config.values import Duration, PositiveInt, StrictModel
from trayapp.core.i18n import N_

__all__ = ["SERVICE_SETTINGS", "Defaults", "ServiceSettings"]


class Defaults(DefaultsMethods, StrictModel):
    """``[defaults]``: what every service inherits unless it says otherwise."""

    interval: Duration = Field(
        60.0, title=N_("Interval"), description=N_("How often each service is checked.")
    )
    timeout: Duration = Field(
        10.0, title=N_("Timeout"), description=N_("How long one check may take.")
    )
    failure_threshold: PositiveInt = Field(
        2,
        title=N_("Failure threshold"),
        description=N_("Failed rounds in a row before a service is down."),
    )
    success_threshold: PositiveInt = Field(
        2,
        title=N_("Success threshold"),
        description=N_("Good rounds in a row before a service is up again."),
    )
    retry_after: Duration = Field(
        5.0,
        title=N_("Retry after"),
        description=N_(
            "How soon a failure (or a recovery) short of its threshold is checked "
            "again, instead of an interval later: at most interval, and twice as long from the "
            "third confirming round on."
        ),
    )
    flap_window: Duration = Field(
        1800.0,
        title=N_("Flap window"),
        description=N_("A failure this soon after recovery continues the same incident."),
    )
    slow_after: Duration = Field(
        3.0, title=N_("Slow after"), description=N_("Slower than this is degraded (cause: slow).")
    )
    cert_expiry: Duration = Field(
        14 * 86_400.0,
        title=N_("Cert expiry"),
        description=N_(
            "A certificate that expires sooner than this is degraded (cause: cert_expiring)."
        ),
    )
    status_page_interval: Duration = Field(
        300.0,
        title=N_("Status page interval"),
        description=N_("How often each service's vendor status page is read."),
    )
