"""The ``ping`` check: ICMP echoes to a host, through :func:`~trayapp.core.probes.icmp.ping`.

A name is resolved by the prober's resolver, and its first address (the system's preferred,
of the check's ``ip_version`` when it has one) is pinged, as ping(8) does. What came back::

    a reply to any echo                  up         "3 of 3 replies from 10.0.0.1,
                                                     min/avg/max 0.41/0.57/0.90 ms"
      some lost                          up         "2 of 3 replies (33% lost) from ..."
    the name does not resolve            dns        "no such name: nas.invalid"
      no address of the check's family   dns        "no IPv6 address for nas.lan"
    an ICMP error (unreachable, ...)     refused    "10.9.0.77 unreachable: host unreachable
                                                     (reported by 10.9.0.1)"
    the system lets no echo be sent      refused    "this system does not allow unprivileged
                                                     ping (...); allow it with: sudo sysctl ..."
    no reply within the timeout          timeout    "no reply from 10.0.0.1 within 2s (3 echoes)"

Partial loss leaves the check up: a host that answers is reachable, and none of the causes
(``slow`` is about time) says "some packets were lost". Its ``elapsed_ms`` is the mean round
trip, so that ``slow_after`` judges the round trip, not the 0.2 s between echoes.

:func:`ping_warning` says, before any check runs, when a config's ping checks cannot work
here and how to allow them: what ``trayapp config validate`` and the settings dialog show.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from typing import TYPE_CHECKING

from trayapp.core.clock import Clock
from trayapp.core.config.durations import format_duration
from trayapp.core.config.running import Config, PingCheck
from trayapp.core.i18n import _
from trayapp.core.models import Cause, Timings
from trayapp.core.phrases import checks as words
from trayapp.core.phrases import retell
from trayapp.core.probes.backend import of_family
from trayapp.core.probes.finding import DEADLINE_GRACE, Finding
from trayapp.core.probes.resolver import ResolveError, Resolver, ResolveTimeout, is_ip_address
from trayapp.core.text import printable

if TYPE_CHECKING:
    # Imported at the first ping: most configs have none, and every start would pay for it.
    from trayapp.core.probes.icmp import Echo

__all__ = ["ECHO_INTERVAL", "PingProbe", "ping_warning"]

log = logging.getLogger(__name__)

ECHO_INTERVAL = 0.2
"""Seconds between two echoes of one check: ping(8)'s shortest for unprivileged users."""


class PingProbe:
    """Resolves through ``resolver``, then sends the check's echoes."""

    def __init__(self, resolver: Resolver, clock: Clock) -> None:
        self._resolver = resolver
        self._clock = clock
        self._said_blocked = False

    async def run(self, check: PingCheck, timeout: float) -> Finding:
        """Ping ``check.host``; each echo waits ``timeout`` seconds for its reply.

        The lookup has ``timeout`` too; the whole takes at most the lookup, then
        ``timeout`` and 0.2 s for each echo after the first.
        """
        dns_seconds = None
        address = check.host
        if not is_ip_address(address):
            started = self._clock.monotonic()
            try:
                async with asyncio.timeout(timeout + DEADLINE_GRACE):
                    found = await self._resolver.addresses(check.host, timeout)
                address = of_family(check.host, found, check.ip_version)[0]
            except TimeoutError:
                return Finding(Cause.DNS, str(ResolveTimeout(check.host, timeout)))
            except ResolveError as error:
                return Finding(Cause.DNS, printable(str(error)))
            dns_seconds = self._clock.monotonic() - started
        from trayapp.core.probes.icmp import ping

        echo = await ping(address, timeout, count=check.count, interval=ECHO_INTERVAL)
        timings = Timings(dns_ms=None if dns_seconds is None else round(dns_seconds * 1000, 1))
        cause, detail = self._judge(echo, timeout)
        elapsed = None if echo.rtt_avg_ms is None else echo.rtt_avg_ms / 1000
        return Finding(cause, detail, timings=timings, elapsed=elapsed)

    def _judge(self, echo: Echo, timeout: float) -> tuple[Cause | None, str]:
        """The cause (None: up) and the detail of what ``echo`` found."""
        shown = echo.address
        if echo.received:
            lost = echo.sent - echo.received
            spread = _spread(echo.rtt_min_ms, echo.rtt_avg_ms, echo.rtt_max_ms)
            counted = {"received": echo.received, "sent": echo.sent, "address": shown}
            if lost:
                percent = f"{lost * 100 // echo.sent}%"
                return None, words.REPLIES_LOST(percent=percent, spread=spread, **counted)
            return None, words.REPLIES(spread=spread, **counted)
        if not echo.asked:
            from trayapp.core.probes.icmp import ping_blocked

            version = ipaddress.ip_address(shown.split("%", 1)[0]).version
            why = ping_blocked(version) or echo.detail
            if not self._said_blocked:
                self._said_blocked = True
                log.warning("ping checks cannot run: %s", why)
            return Cause.REFUSED, why
        if echo.errors or not echo.sent:
            return Cause.REFUSED, words.ADDRESS_FAILED(address=shown, detail=echo.detail)
        waited = format_duration(timeout)
        if echo.sent > 1:
            return Cause.TIMEOUT, words.NO_REPLY_ECHOES(
                address=shown, timeout=waited, count=echo.sent
            )
        return Cause.TIMEOUT, words.NO_REPLY(address=shown, timeout=waited)


def _spread(*values: float | None) -> str:
    """``0.41/0.57/0.90 ms``: the values with as many decimals as the largest needs."""
    numbers = [value or 0.0 for value in values]
    largest = max(numbers)
    decimals = 3 if largest < 1 else 2 if largest < 10 else 1 if largest < 100 else 0
    return "/".join(f"{value:.{decimals}f}" for value in numbers) + " ms"


def ping_warning(config: Config) -> str | None:
    """Why ``config``'s ping checks cannot run here and how to allow them, in one line; None
    when it has none, or this process may send their echoes.

    Opens an ICMP socket for each IP family the checks need and closes it: nothing is sent.
    """
    checks = [
        (service.name, check)
        for service in config.services
        for check in service.checks  # the url shorthand is an http check
        if check.type == "ping"
    ]
    if not checks:
        return None
    from trayapp.core.probes.icmp import ping_blocked

    reasons: dict[str, list[str]] = {}
    for name, check in checks:
        literal = is_ip_address(check.host)
        version = ipaddress.ip_address(check.host).version if literal else check.ip_version
        reason = ping_blocked(version or 4)
        if reason is not None and name not in reasons.setdefault(reason, []):
            reasons[reason].append(name)
    if not reasons:
        return None
    return "; ".join(
        # Translators: {services} are the names of services; {reason} says why.
        _("the ping checks of {services} cannot run: {reason}").format(
            services=", ".join(names), reason=retell(reason)
        )
        for reason, names in reasons.items()
    )
