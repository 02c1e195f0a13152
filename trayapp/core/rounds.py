"""A round: every check of one service, run together, and the service's status from them.

::

    every check ok                                         up
    only degrading causes (slow, cert_expiring, ...)       degraded
    some checks answer while others fail                   degraded   (web up, mobile down)
    every check fails                                      down
    a failed check could not be judged (cause offline)     unknown
    no checks                                              unknown
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trayapp.core.config.running import Check, Service, ServiceSettings
from trayapp.core.models import Cause, CheckResult, Status

if TYPE_CHECKING:
    from trayapp.core.probes import Prober  # importing it costs httpx: only for typing

__all__ = ["has_failure", "judge_round", "run_checks", "run_round"]

log = logging.getLogger(__name__)


async def run_round(
    service: Service, settings: ServiceSettings, prober: Prober
) -> list[CheckResult]:
    """Run all of ``service``'s checks concurrently; results in the order of its checks."""
    return await run_checks(service.all_checks, settings, prober)


async def run_checks(
    checks: Sequence[Check], settings: ServiceSettings, prober: Prober
) -> list[CheckResult]:
    """Run ``checks`` (a service's, with its ``settings``) concurrently; results in their
    order. For a caller that keeps a service's checks between rounds (the monitor), rather
    than making them from its ``url`` at every round as :meth:`Service.all_checks` does."""
    if len(checks) == 1:  # most services: no tasks to spawn
        return [await _run(checks[0], settings, prober)]
    return list(await asyncio.gather(*(_run(check, settings, prober) for check in checks)))


async def _run(check: Check, settings: ServiceSettings, prober: Prober) -> CheckResult:
    try:
        return await prober.run(check, settings)
    except Exception as error:  # one check's bug must not end every round
        # The prober turns everything a network or a server can do into a result; getting
        # here is a bug in trayapp. It is logged in full and shown as such, not hidden.
        log.exception("a %s check failed unexpectedly", check.type)
        return prober.internal_error(check, error)


def has_failure(results: Sequence[CheckResult]) -> bool:
    """Whether any check failed outright (a cause that is not merely degrading)."""
    return any(r.status is Status.DOWN for r in results)


def judge_round(results: Sequence[CheckResult]) -> Status:
    """The status a round's ``results`` give the service (see the module's table)."""
    if not results or any(r.cause is Cause.OFFLINE for r in results):
        return Status.UNKNOWN
    statuses = {r.status for r in results}
    # Every check alike: up, degraded or down. Mixed: some answer well while others do not.
    return statuses.pop() if len(statuses) == 1 else Status.DEGRADED
