"""When the outside network is asked about a failing service, and what is done with its answer.

A service's round that failed outright while the network is online is handed to
:meth:`OutsideWatch.consider`. The outside network (``[outside]``, see
:mod:`trayapp.core.outside`) is asked to load the target of the check that failed::

    not asked                              while [outside] is off (the default), its provider
                                           "none", or the service says outside = false;
                                           while the network is not online; while the
                                           service has no open incident, or is back up
                                           (recovering); while a question about it is under
                                           way; for a target the privacy rules keep back
                                           (said once in the log, with the reason)
    asked once                             when its incident is open and it fails here
    asked again                            at most every [outside] interval while the same
                                           incident stays open and it still fails here
    rate limit                             nothing is asked until the provider's window
                                           resets (the client reads X-RateLimit-* and backs
                                           off on 429); said once in the log

The answer goes to the ledger (:meth:`~trayapp.core.monitor.ledger.Ledger.outside`): the
service's verdict, its incident, its view and its waiting notification follow it, and when
the verdict can change, ``on_rejudge`` has the service judged at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

import httpx

from trayapp.core.clock import Clock
from trayapp.core.config.running import (
    Config,
    DnsCheck,
    HttpCheck,
    Outside,
    PingCheck,
    Service,
    TcpCheck,
)
from trayapp.core.models import CheckResult
from trayapp.core.monitor.ledger import Ledger, Rejudge
from trayapp.core.outside import OutsideUnavailable
from trayapp.core.probes.resolver import Resolver

if TYPE_CHECKING:
    from trayapp.core.outside import Globalping

__all__ = ["OutsideWatch"]

log = logging.getLogger(__name__)

Check = HttpCheck | TcpCheck | DnsCheck | PingCheck


class OutsideWatch:
    """Asks the outside network about failing services, when it matters.

    Args:
        config: The config whose ``[outside]`` and services apply; :attr:`config` takes a new
            one.
        client: The HTTP client the network is asked with (its proxies, its lifetime: the
            engine's); None asks nothing.
        ledger: Where the answers go, and whose incidents and network status decide.
        resolver: The checks' resolver, for the privacy rules.
        clock: Every wait, and the interval between two questions.
        on_rejudge: Called with a service's name when an answer can change its verdict.
        secret: Looks up a secret's value by its name (the prober's
            :meth:`~trayapp.core.probes.Prober.secret`), for ``[outside] token``; None asks
            without a token.
    """

    def __init__(
        self,
        config: Config,
        *,
        client: httpx.AsyncClient | None,
        ledger: Ledger,
        resolver: Resolver,
        clock: Clock,
        on_rejudge: Callable[[str], None],
        secret: Callable[[str], Awaitable[str | None]] | None = None,
    ) -> None:
        self._client = client
        self._ledger = ledger
        self._resolver = resolver
        self._clock = clock
        self._on_rejudge = on_rejudge
        self._secret = secret
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._asked: dict[str, tuple[int, float]] = {}
        """Each service's last question: its incident's id, and when (monotonic seconds)."""
        self._said: set[tuple[str, str]] = set()
        self._limited = False
        self._network: Globalping | None = None
        self._settings = Outside()
        self.config = config

    @property
    def config(self) -> Config:
        """The config in force."""
        return self._config

    @config.setter
    def config(self, config: Config) -> None:
        self._config = config
        if config.outside != self._settings:
            # Another provider, place or URL: its rate limit is another's too.
            self._settings = config.outside
            self._network = None

    def consider(self, service: Service, results: Sequence[CheckResult]) -> None:
        """A round of ``service`` that failed outright while the network is online: ask the
        outside network about it now, if it is time (see the module's table)."""
        settings = self._config.outside
        if self._client is None or not settings.enabled or settings.provider == "none":
            return
        if service.outside is False or not self._ledger.network_status.online:
            return
        name = service.name
        incident = self._ledger.incidents.open_incident(name)
        if incident is None or incident.recovered_at is not None or name in self._tasks:
            return
        last = self._asked.get(name)
        now = self._clock.monotonic()
        if last is not None and last[0] == incident.id and now - last[1] < settings.interval:
            return
        from trayapp.core.outside import failed_check  # the client: while a service fails

        check = failed_check(service, results)
        if check is None:
            return
        self._asked[name] = (incident.id, now)
        task = asyncio.create_task(self._ask(name, check, service.outside))
        task.set_name(f"outside {name}")
        self._tasks[name] = task
        task.add_done_callback(lambda _: self._tasks.pop(name, None))

    async def stop(self) -> None:
        """Cancel every question under way."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _provider(self) -> Globalping:
        assert self._client is not None
        if self._network is None:
            settings = self._settings
            token = None
            if settings.token is not None and self._secret is not None:
                token = await self._secret(settings.token.secret)
                if token is None:
                    self._say_once(
                        "",
                        "the outside network's token is not in the keyring: "
                        "asking without it, at the lower rate limit",
                    )
            from trayapp.core.outside import Globalping

            self._network = Globalping.for_settings(settings, self._client, self._clock, token)
        return self._network

    async def _ask(self, name: str, check: Check, outside: bool | str) -> None:
        from trayapp.core.outside import decide

        try:
            decision = await decide(check, outside, self._resolver)
            if not decision.allowed:
                self._say_once(name, f"{name}: {decision.reason}")
                return
            network = await self._provider()
            if check.type == "http":
                answer = await network.measure(decision.target, accepts=check.expect_status)
            else:
                answer = await network.measure(decision.target)
        except Exception:
            # The client turns all the network does into an answer; getting here is a bug in
            # trayapp, logged in full. The service is asked about again at the interval.
            log.exception("asking the outside network about %s failed unexpectedly", name)
            return
        if isinstance(answer, OutsideUnavailable):
            self._unavailable(name, answer)
            return
        self._limited = False
        if self._ledger.outside(name, answer, self._clock.now()) is Rejudge.NOW:
            self._on_rejudge(name)

    def _unavailable(self, name: str, answer: OutsideUnavailable) -> None:
        if answer.rate_limited:
            if not self._limited:
                self._limited = True
                log.warning("not asking outside until the rate limit allows: %s", answer.reason)
            return
        log.info("asking outside about %s: %s", name, answer.reason)

    def _say_once(self, name: str, reason: str) -> None:
        if (name, reason) not in self._said:
            self._said.add((name, reason))
            log.info("%s", reason)
