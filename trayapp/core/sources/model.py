"""What a source says: per target, what each of its vantage points sees.

A :class:`SourceReading` is one reading of one source (a Prometheus query, Alertmanager's
alerts, a Gatus dashboard, an Uptime Kuma page): for each target it names, a
:class:`Vantage` per place it looked from. A source that could not be read says so in
``failure`` (a result with the cause: ``refused``, ``timeout``, ``http_status``, ...) and
names no target: nothing it said before is believed.

Everything here is an immutable value, handed from the monitor's loop to the GUI as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from trayapp.core.models import Cause, CheckResult, Status
from trayapp.core.phrases import readings as sources
from trayapp.core.phrases import retell
from trayapp.core.speech import SHOWN, Speech

__all__ = ["SourceReading", "Vantage", "target_key", "vantage_words"]


def target_key(target: str) -> str:
    """How targets are matched: any case, spaces folded, no trailing slash
    (``https://Shop.example/`` is ``https://shop.example``)."""
    return " ".join(target.split()).casefold().rstrip("/")


@dataclass(frozen=True, slots=True)
class Vantage:
    """What one vantage point of a source sees of one target."""

    source: str
    where: str
    """The vantage point (``eu-west``); "" when the source is its only vantage point."""
    status: Status
    """up, degraded, down, or unknown (the source has no value for it)."""
    detail: str = ""
    """What the source said, plain text: ``probe_success = 0``, ``SiteDown: shop is down``."""
    since: datetime | None = None
    """When the source says this began, when it says."""
    cause: Cause | None = None
    """Why the status is unknown, when the source could not be read (``refused``, ...)."""

    @property
    def name(self) -> str:
        """``prometheus/eu-west``, or ``prometheus`` for a source's only vantage point."""
        return f"{self.source}/{self.where}" if self.where else self.source

    def describe(self, say: Speech = SHOWN) -> str:
        """``down from prometheus/eu-west (probe_success = 0)``, in the user's language unless
        ``say`` says otherwise; the source's own words (its detail) as it said them, trayapp's
        (``12 targets``) retold (:func:`trayapp.core.phrases.retell`)."""
        status = self.status.value if say.english else self.status.shown
        detail = retell(self.detail, say)
        if self.detail:
            # Translators: what a vantage point sees: "down from prometheus/eu-west
            # (probe_success = 0)"; {status} is a service status.
            text = say._("{status} from {vantage} ({detail})")
        else:
            text = say._("{status} from {vantage}")
        return text.format(status=status, vantage=self.name, detail=detail)

    def to_json(self) -> dict[str, object]:
        """The object of ``check --json``'s ``remote`` list."""
        return {
            "source": self.source,
            "vantage": self.where or None,
            "status": self.status.value,
            "cause": None if self.cause is None else self.cause.value,
            "detail": self.detail,
        }


def vantage_words(vantages: Sequence[Vantage], limit: int = 3, say: Speech = SHOWN) -> str:
    """The vantage points in words: ``up from prometheus/eu-west, down from
    prometheus/us-east (probe_success = 0)``; failing ones first, at most ``limit``; in the
    user's language unless ``say`` says otherwise."""
    ordered = sorted(vantages, key=lambda v: -v.status.severity)
    words = [
        v.describe(say) if v.status is not Status.UP else replace(v, detail="").describe(say)
        for v in ordered[:limit]
    ]
    listed = ", ".join(words)
    more = len(ordered) - limit
    if more <= 0:
        return listed
    # Translators: a list of vantage points cut short: "up from a, down from b and 2 more".
    return say.ngettext("{names} and {count} more", "{names} and {count} more", more).format(
        names=listed, count=say.count(more)
    )


@dataclass(frozen=True, slots=True)
class SourceReading:
    """One reading of a source: its targets' vantage points, or why it could not be read."""

    source: str
    kind: str
    read_at: datetime
    targets: Mapping[str, tuple[Vantage, ...]] = field(default_factory=dict)
    """Each target as the source names it, with what its vantage points see."""
    failure: CheckResult | None = None
    """Why the source could not be read; None when it was."""
    alerts_only: bool = False
    """The source lists only what fails (Alertmanager): a target it does not list is up."""
    _index: dict[str, tuple[Vantage, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Looked up once per service at every reading: a Prometheus may name thousands.
        index = {target_key(name): vantages for name, vantages in self.targets.items()}
        object.__setattr__(self, "_index", index)

    def knows(self, target: str) -> bool:
        """Whether the source names ``target`` (matched by :func:`target_key`)."""
        return target_key(target) in self._index

    @property
    def ok(self) -> bool:
        """Whether the source was read."""
        return self.failure is None

    def about(self, target: str) -> tuple[Vantage, ...]:
        """What the source says of ``target`` (matched by :func:`target_key`): its vantage
        points; one unknown vantage when the source could not be read or does not know it."""
        if self.failure is not None:
            return (self.itself(),)
        vantages = self._index.get(target_key(target))
        if vantages is not None:
            return vantages
        if self.alerts_only:
            return (Vantage(self.source, "", Status.UP, sources.NO_ALERT()),)
        missing = sources.NO_TARGET(source=self.source, target=target)
        return (Vantage(self.source, "", Status.UNKNOWN, missing),)

    def itself(self, left_out: int = 0) -> Vantage:
        """The source's own health: up when it was read (``12 targets``, and how many of them
        its ``max_services`` left out), else unknown, why."""
        if self.failure is not None:
            return Vantage(self.source, "", Status.UNKNOWN, self.why(), cause=self.failure.cause)
        count = len(self.targets)
        targets = sources.TARGETS_ALERTING if self.alerts_only else sources.TARGETS
        said = targets(count=count)
        if left_out:
            said = sources.LEFT_OUT(said=said, left_out=left_out)
        return Vantage(self.source, "", Status.UP, said)

    def why(self) -> str:
        """Why the source could not be read, for people; "" when it was."""
        if self.failure is None:
            return ""
        return sources.CANNOT_READ_SOURCE(source=self.source, detail=self.failure.detail)
