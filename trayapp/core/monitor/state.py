"""Each service's status, judged round by round, and the tray's status with the network's.

A round's own status (up, degraded, down, from ``judge_round``) is evidence; a service's
status changes only when enough of it agrees. Order by badness, up < degraded < down::

    worse   the last ``failure_threshold`` rounds were all at least that bad
            (down needs them all down; any mix of degraded and down makes degraded)
    better  the last ``success_threshold`` rounds were all at least that good
            (down -> degraded when none was down, -> up when all were up)
    unknown -> up                  at the first good round: a healthy answer is rarely an
                                   accident, a failed one often is
    unknown -> degraded | down     as from up, after ``failure_threshold`` rounds
    any -> unknown                 when the network goes offline; rounds are not judged until
                                   it returns, and then the service is judged afresh
    any -> paused                  while snoozed or paused: rounds are still judged
                                   underneath, and resuming shows what they found
    any -> maintenance             inside a maintenance window (:meth:`ServiceState.maintain`)
                                   while the service fails: its last round failed, or it was
                                   already degraded or down when the window began

A round ``judge_round`` calls unknown (no checks, or failures blamed on the network) is no
evidence either way: it is not counted and changes nothing.

Others' word: a failed round the ledger calls ``corroborated`` (the vendor, the remote vantage
points or the outside network already say the service is down, see
:mod:`~trayapp.core.monitor.evidence`) makes the service worse on its own, as if
``failure_threshold`` were 1. Rounds not yet believed are :attr:`Judgement.unsettled` (see
:mod:`~trayapp.core.monitor.runs`): the loop confirms them after ``retry_after``.

Maintenance windows excuse failures, not successes. A failed round inside a window is not
counted (its judgement's ``round_status`` is ``maintenance``, which the history keeps) and it
breaks every run of rounds, so nothing before the window adds up with anything after it; a
good round inside a window counts as ever, so a service that comes back during the work is
up, and its incident recovers. Leaving the window forgets the failures it excused: a failure
that outlasts the window is counted from the first round after its end and goes down after
``failure_threshold`` of them, as any new failure does (the loop runs that round at once). A
service already down when a window begins shows ``maintenance`` and keeps its judged status
underneath: still failing when the window ends, it shows down again, the same outage. Paused
outranks maintenance (the user's own word), and maintenance outranks nothing the network
says: offline, the service is unknown.

Laptop life: after a sleep (see :class:`~trayapp.core.monitor.schedule.SleepDetector`) or a
network change the loop calls :meth:`StatusBoard.distrust`; the next failed round of each
service is then not counted, and its :class:`Judgement` says ``recheck``: the loop runs that
round again before believing it.

Nothing here reads a clock: every call takes the moment it is about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from trayapp.core.config.running import Config, ServiceSettings
from trayapp.core.models import Cause, CheckResult, Status, TrayStatus, Verdict, worst
from trayapp.core.monitor.events import NetworkChanged
from trayapp.core.monitor.judgement import Failure, Judgement, Transition, failures_of
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.core.monitor.runs import Runs
from trayapp.core.network import NetworkStatus, NetworkWords
from trayapp.core.phrases.notes import NETWORK_OFFLINE
from trayapp.core.phrases.readings import JUST_YOU

__all__ = [
    "Failure",
    "Judgement",
    "ServiceState",
    "StatusBoard",
    "Transition",
    "failures_of",
    "settings_by_name",
]

_JUDGED = (Status.UP, Status.DEGRADED, Status.DOWN)
_FAILING = (Status.DOWN, Status.DEGRADED)


class ServiceState:
    """The state machine of one service, keyed by its name across config reloads.

    Args:
        name: The service's name.
        failure_threshold: Failed rounds in a row before the status gets worse.
        success_threshold: Good rounds in a row before it gets better again.
        offline: Start with the network offline (nothing is judged until :meth:`go_online`).
    """

    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int = 2,
        success_threshold: int = 2,
        offline: bool = False,
    ):
        self.name = name
        self._thresholds = (1, 1)
        self.retune(failure_threshold=failure_threshold, success_threshold=success_threshold)
        self._judged = Status.UNKNOWN
        self._judged_since: datetime | None = None
        self._runs = Runs()
        self._offline = offline
        self._distrust = False
        self._paused = False
        self._paused_until: datetime | None = None
        self._last_failure: Failure | None = None
        self._maintenance: MaintenanceSpan | None = None
        self._excused = False
        """Whether the last round failed inside the maintenance window."""

    @property
    def status(self) -> Status:
        """What the tray shows: ``paused`` while snoozed; ``maintenance`` inside a maintenance
        window while the service fails; else the judged status."""
        if self._paused:
            return Status.PAUSED
        if self._maintenance is not None and (self._excused or self._judged in _FAILING):
            return Status.MAINTENANCE
        return self._judged

    @property
    def maintenance(self) -> MaintenanceSpan | None:
        """The maintenance window the service is in, failing or not; None outside any."""
        return self._maintenance

    @property
    def judged(self) -> Status:
        """What the rounds say, paused or not: up, degraded, down or unknown."""
        return self._judged

    @property
    def paused_until(self) -> datetime | None:
        """When a snooze ends; None when not paused or paused until resumed."""
        return self._paused_until

    def retune(self, *, failure_threshold: int, success_threshold: int) -> None:
        """Take new thresholds (a config reload); the rounds seen so far still count."""
        if failure_threshold < 1 or success_threshold < 1:
            raise ValueError("thresholds are at least 1")
        self._thresholds = (failure_threshold, success_threshold)

    def observe(
        self,
        round_status: Status,
        results: Sequence[CheckResult],
        at: datetime,
        verdict: Verdict | None = None,
        *,
        corroborated: bool = False,
    ) -> Judgement:
        """Judge one round: ``round_status`` from ``judge_round``, ``results`` its checks,
        ``verdict`` who is affected, as the round was judged (kept in the judgement);
        ``corroborated`` when others already say the service is down, which makes one
        failed round enough.

        Raises:
            ValueError: ``round_status`` is paused or maintenance, which no round is by itself.
        """
        if round_status in (Status.PAUSED, Status.MAINTENANCE):
            raise ValueError(f"a round is up, degraded, down or unknown, not {round_status}")
        changes = [] if (ended := self.expire(at)) is None else [ended]
        failures = failures_of(results)
        # Nothing can be said, and why is known (a source that cannot be read): the service
        # is unknown now, whatever it was; an "all clear" of before is not kept.
        unknowable = round_status is Status.UNKNOWN and not self._offline and failures
        if unknowable and (lost := self._lose_sight(failures[0], at)) is not None:
            changes.append(lost)
        evidence = not self._offline and round_status in _JUDGED
        excused = evidence and self._maintenance is not None and round_status is not Status.UP
        recheck = evidence and not excused and self._distrust and round_status is not Status.UP
        counted = evidence and not excused and not recheck
        if evidence and not excused:
            self._distrust = False
        if excused and (moved := self._excuse(failures, at)) is not None:
            changes.append(moved)
        if counted:
            changes.extend(self._count(round_status, failures, at, corroborated))
        return Judgement(
            service=self.name,
            at=at,
            round_status=Status.MAINTENANCE if excused else round_status,
            status=self._judged,
            results=tuple(results),
            counted=counted,
            recheck=recheck,
            changes=tuple(changes),
            verdict=verdict,
            unsettled=self._runs.unsettled if counted else 0,
            corroborated=corroborated and counted and round_status is not Status.UP,
        )

    def _count(
        self, round_status: Status, failures: tuple[Failure, ...], at: datetime, corroborated: bool
    ) -> list[Transition]:
        before, self._excused = self.status, False
        if failures:
            self._last_failure = failures[0]
        failure_threshold, success_threshold = self._thresholds
        thresholds = (1 if corroborated else failure_threshold, success_threshold)
        verdict = self._runs.count(round_status, at, self._judged, thresholds)
        since = at
        if verdict is not None:
            (self._judged, since) = verdict
            self._judged_since = since
        after = self.status
        if self._paused or after is before:
            return []
        failure = failures[0] if failures and after is not Status.UP else None
        return [_transition(self.name, before, after, at, since, failure)]

    def _excuse(self, failures: tuple[Failure, ...], at: datetime) -> Transition | None:
        """A failed round inside a maintenance window: not counted, and no run goes on
        through it."""
        before, self._runs, self._excused = self.status, Runs(), True
        if failures:
            self._last_failure = failures[0]
        if self._paused or before is Status.MAINTENANCE:
            return None
        failure = failures[0] if failures else None
        return _transition(self.name, before, Status.MAINTENANCE, at, at, failure)

    def maintain(self, span: MaintenanceSpan | None, at: datetime) -> Transition | None:
        """Enter the maintenance window ``span``, or move to another, or leave it (None).

        Leaving forgets the failures the window excused: from the next round on, failures
        count as if none had come before.
        """
        before = self.status
        self._maintenance = span
        if span is None:
            self._excused = False
        after = self.status
        if self._paused or after is before:
            return None
        failing = after in (*_FAILING, Status.MAINTENANCE)
        since = at if after is Status.MAINTENANCE else (self._judged_since or at)
        return _transition(
            self.name, before, after, at, since, self._last_failure if failing else None
        )

    def _lose_sight(self, failure: Failure, at: datetime) -> Transition | None:
        self._runs, self._excused = Runs(), False
        self._last_failure = failure
        before = self.status
        if self._judged is not Status.UNKNOWN:
            self._judged, self._judged_since = Status.UNKNOWN, at
        if self._paused or before is Status.UNKNOWN:
            return None
        return Transition(self.name, before, Status.UNKNOWN, at, at, failure.cause, failure.detail)

    def go_offline(self, at: datetime, detail: str = NETWORK_OFFLINE()) -> Transition | None:
        """The network is not online: nothing can be said about the service until it is."""
        self._offline = True
        self._runs, self._excused = Runs(), False
        before, self._judged, self._judged_since = self.status, Status.UNKNOWN, at
        if self._paused or before is Status.UNKNOWN:
            return None
        return Transition(self.name, before, Status.UNKNOWN, at, at, Cause.OFFLINE, detail)

    def go_online(self) -> None:
        """The network is back: judge afresh, and re-check the first failure before counting it."""
        if self._offline:
            self._offline = False
            self._distrust = True

    def distrust(self) -> None:
        """After a sleep or a network change: hold the next failed round for a re-check."""
        self._distrust = True

    def pause(self, at: datetime, until: datetime | None = None) -> Transition | None:
        """Snooze until ``until``, or pause until :meth:`resume`; extends a snooze already on."""
        self._paused_until = until
        if self._paused:
            return None
        before, self._paused = self._judged, True
        return Transition(self.name, before, Status.PAUSED, at, at)

    def resume(self, at: datetime) -> Transition | None:
        """End a snooze or pause: show what the rounds found meanwhile."""
        if not self._paused:
            return None
        self._paused, self._paused_until = False, None
        shown = self.status
        failing = shown in (*_FAILING, Status.MAINTENANCE)
        failure = self._last_failure if failing else None
        # `since` is when the rounds found what is now shown, which may be long before `at`.
        since = self._judged_since or at
        return _transition(self.name, Status.PAUSED, shown, at, since, failure)

    def expire(self, now: datetime) -> Transition | None:
        """Resume when a snooze has run out by ``now``."""
        if self._paused_until is not None and now >= self._paused_until:
            return self.resume(now)
        return None


def _transition(
    service: str,
    before: Status,
    after: Status,
    at: datetime,
    since: datetime,
    failure: Failure | None,
) -> Transition:
    if failure is None:
        return Transition(service, before, after, at, since)
    return Transition(service, before, after, at, since, failure.cause, str(failure))


def settings_by_name(config: Config) -> dict[str, ServiceSettings]:
    """Every service's settings with the defaults filled in, by name."""
    return {service.name: config.settings_for(service) for service in config.services}


class StatusBoard:
    """The state machines of all services, by name, and the network's status.

    A board starts online (until the canaries say otherwise) with no services; call
    :meth:`configure` with :func:`settings_by_name` at start and on every config reload.
    """

    def __init__(self) -> None:
        self._services: dict[str, ServiceState] = {}
        self._network = NetworkStatus.ONLINE
        # The services whose snooze has an end, so that ticking costs nothing per service
        # (the loop ticks after every round of every service).
        self._snoozed: dict[str, datetime] = {}

    def configure(self, settings: Mapping[str, ServiceSettings]) -> None:
        """Add, retune and drop services so that the board holds exactly ``settings``'s names,
        in their order; a service keeps its state under the same name."""
        offline = not self._network.online
        services = {}
        for name, chosen in settings.items():
            state = self._services.get(name) or ServiceState(name, offline=offline)
            state.retune(
                failure_threshold=chosen.failure_threshold,
                success_threshold=chosen.success_threshold,
            )
            services[name] = state
        self._services = services
        self._snoozed = {
            name: state.paused_until
            for name, state in services.items()
            if state.paused_until is not None
        }

    @property
    def network(self) -> NetworkStatus:
        """Whether the user's own network works, as last judged."""
        return self._network

    @property
    def names(self) -> list[str]:
        """The services on the board, in the order configured."""
        return list(self._services)

    def __getitem__(self, service: str) -> ServiceState:
        return self._services[service]

    def statuses(self) -> dict[str, Status]:
        """Every service's status as the tray shows it."""
        return {name: state.status for name, state in self._services.items()}

    @property
    def tray_status(self) -> TrayStatus:
        """``offline`` when the network is not online, else the worst service status."""
        if not self._network.online:
            return TrayStatus.OFFLINE
        return TrayStatus(worst(list(self.statuses().values())).value)

    def observe(
        self,
        service: str,
        round_status: Status,
        results: Sequence[CheckResult],
        at: datetime,
        verdict: Verdict | None = None,
        *,
        corroborated: bool = False,
    ) -> Judgement:
        """Judge one round of ``service`` (see :meth:`ServiceState.observe`). Get the network's
        verdict first for a failed round: while offline, rounds are not counted.

        Raises:
            KeyError: ``service`` is not on the board.
        """
        judgement = self._services[service].observe(
            round_status, results, at, verdict, corroborated=corroborated
        )
        if service in self._snoozed and self._services[service].paused_until is None:
            del self._snoozed[service]
        return judgement

    def network_verdict(
        self, words: NetworkWords, at: datetime
    ) -> tuple[NetworkChanged | None, list[Transition]]:
        """Take the canaries' verdict (its status and words): leaving ``online`` makes every
        service unknown, coming back has every service judged afresh, its first failure
        re-checked. From one failing status to another, the services stay unknown."""
        now = words.status
        if now is self._network:
            return None, []
        change = NetworkChanged(at=at, from_=self._network, to=now, words=words)
        was_online, self._network = self._network.online, now
        transitions = []
        # The detail is kept and sent in English (the JSON's); people read it retold.
        title = words.english_title
        detail = JUST_YOU(problem=f"{title[0].lower()}{title[1:]}")
        for state in self._services.values():
            if now.online:
                state.go_online()
            elif was_online and (moved := state.go_offline(at, detail)) is not None:
                transitions.append(moved)
        return change, transitions

    def distrust(self) -> None:
        """After a sleep or a network change: every service's next failure is re-checked."""
        for state in self._services.values():
            state.distrust()

    def pause(self, service: str, at: datetime, until: datetime | None = None) -> Transition | None:
        """Snooze ``service`` until ``until`` (or pause it until resumed)."""
        moved = self._services[service].pause(at, until)
        self._snoozed.pop(service, None)
        if until is not None:
            self._snoozed[service] = until
        return moved

    def maintain(
        self, service: str, span: MaintenanceSpan | None, at: datetime
    ) -> Transition | None:
        """Put ``service`` in the maintenance window ``span``, or out of any (None); see
        :meth:`ServiceState.maintain`."""
        return self._services[service].maintain(span, at)

    def resume(self, service: str, at: datetime) -> Transition | None:
        """End ``service``'s snooze or pause."""
        self._snoozed.pop(service, None)
        return self._services[service].resume(at)

    def tick(self, now: datetime) -> list[Transition]:
        """Resume the services whose snooze ran out by ``now``."""
        ended = [name for name, until in self._snoozed.items() if until <= now]
        moved = []
        for name in ended:
            del self._snoozed[name]
            if (change := self._services[name].expire(now)) is not None:
                moved.append(change)
        return moved

    def next_deadline(self) -> datetime | None:
        """When the earliest snooze ends, for the loop to wake up."""
        return min(self._snoozed.values(), default=None)
