"""A round's status from its checks' results (pure), and running a round."""

from __future__ import annotations

import pytest

from tests.core.probes.fixtures import SETTINGS, local_prober
from tests.support.builders import result
from tests.support.servers import LocalSites, closed_port
from trayapp.core.config.model import Service
from trayapp.core.models import Cause, CheckResult, Status
from trayapp.core.rounds import has_failure, judge_round, run_round

OK, SLOW, DOWN = result(None), result(Cause.SLOW), result(Cause.HTTP_STATUS)


@pytest.mark.parametrize(
    ("results", "status"),
    [
        ([OK], Status.UP),
        ([OK, OK], Status.UP),
        ([SLOW], Status.DEGRADED),
        ([OK, result(Cause.CERT_EXPIRING)], Status.DEGRADED),
        ([OK, DOWN], Status.DEGRADED),  # the web site up, the mobile site down
        ([SLOW, DOWN], Status.DEGRADED),
        ([DOWN], Status.DOWN),
        ([DOWN, result(Cause.TIMEOUT)], Status.DOWN),
        ([result(Cause.OFFLINE), OK], Status.UNKNOWN),
        ([], Status.UNKNOWN),
    ],
)
def test_judge_round(results: list[CheckResult], status: Status) -> None:
    assert judge_round(results) is status


def test_only_outright_failures_count_as_failures() -> None:
    assert not has_failure([OK, SLOW, result(Cause.CERT_EXPIRING)])
    assert has_failure([OK, DOWN])


@pytest.mark.anyio
async def test_a_round_runs_every_check_in_order(sites: LocalSites) -> None:
    service = Service.model_validate(
        {
            "name": "Twitter mobile",
            "url": sites.http("/up"),
            "checks": [
                {"type": "tcp", "host": "127.0.0.1", "port": closed_port()},
                {"type": "dns", "name": "site.test"},
            ],
        }
    )
    async with local_prober(sites) as prober:
        results = await run_round(service, SETTINGS, prober)
    assert [(r.type, r.cause) for r in results] == [
        ("http", None),
        ("tcp", Cause.REFUSED),
        ("dns", None),
    ]
    assert judge_round(results) is Status.DEGRADED


@pytest.mark.anyio
async def test_a_bug_in_a_probe_is_logged_and_shown_not_raised(
    sites: LocalSites, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object) -> CheckResult:
        raise ZeroDivisionError

    service = Service.model_validate({"name": "A", "url": "https://bob:hunter2@a.test/"})
    async with local_prober(sites) as prober:
        monkeypatch.setattr(prober, "run", broken)
        (result,) = await run_round(service, SETTINGS, prober)
    assert result.cause is Cause.PROTOCOL
    assert result.detail == "internal error in trayapp (ZeroDivisionError); see the log"
    assert result.target == "https://***@a.test/"  # user info is masked whole
    assert "ZeroDivisionError" in caplog.text
    assert "hunter2" not in caplog.text
