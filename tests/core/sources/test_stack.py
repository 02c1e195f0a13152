"""The monitoring stack the source tests read: real programs on 127.0.0.1, doing what those
tests rely on (see :mod:`tests.support.monitoring`)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.support.monitoring import Alert, Alertmanager, PrometheusStack, labelled
from tests.support.switchable import SwitchableSite

SHOP = "https://shop.example/"


def _state(alerts: list[Alert], **labels: str) -> str | None:
    """The state of the one alert carrying ``labels``; None while there is none."""
    found = labelled(alerts, **labels)
    assert len(found) <= 1, found
    return found[0]["status"]["state"] if found else None


def test_a_stopped_site_refuses_connections_and_starts_again_on_its_port(
    make_site: Callable[[], SwitchableSite],
) -> None:
    site = make_site()
    assert httpx.get(site.url).text == "ok"
    port = site.port
    site.stop()
    assert not site.up
    with pytest.raises(httpx.ConnectError):
        httpx.get(site.url)
    site.start()
    assert site.port == port
    assert httpx.get(site.url).text == "ok"
    assert site.requests == 2


def test_each_vantage_point_probes_its_own_site_for_one_logical_target(
    make_site: Callable[[], SwitchableSite], prometheus_stack: Callable[..., PrometheusStack]
) -> None:
    eu_west, us_east = make_site(), make_site()
    stack = prometheus_stack({SHOP: {"eu-west": eu_west.url, "us-east": us_east.url}})
    eu, us = 'probe_success{vantage="eu-west"}', 'probe_success{vantage="us-east"}'

    samples = stack.wait_for_value("probe_success", 1)
    assert sorted(
        (s.labels["instance"], s.labels["vantage"], s.labels["job"]) for s in samples
    ) == [
        (SHOP, "eu-west", "blackbox-eu-west"),
        (SHOP, "us-east", "blackbox-us-east"),
    ]
    assert eu_west.requests > 0
    assert us_east.requests > 0

    eu_west.stop()
    stack.wait_for_value(eu, 0)
    assert [s.value for s in stack.query(us)] == [1]

    eu_west.start()
    stack.wait_for_value(eu, 1)
    assert [s.value for s in stack.query(us)] == [1]


def test_only_urls_on_127_0_0_1_are_probed(
    prometheus_stack: Callable[..., PrometheusStack],
) -> None:
    with pytest.raises(ValueError, match=r"only probe 127\.0\.0\.1, not https://shop\.example/"):
        prometheus_stack({SHOP: {"eu-west": SHOP}})


def test_prometheus_sends_site_down_for_the_failing_vantage_point_only(
    make_site: Callable[[], SwitchableSite],
    prometheus_stack: Callable[..., PrometheusStack],
    alertmanager: Alertmanager,
) -> None:
    eu_west, us_east = make_site(), make_site()
    prometheus_stack({SHOP: {"eu-west": eu_west.url, "us-east": us_east.url}}, alertmanager)

    eu_west.stop()
    alerts = alertmanager.wait_for(lambda alerts: labelled(alerts, alertname="SiteDown"))
    (alert,) = alerts
    assert alert["labels"] == {
        "alertname": "SiteDown",
        "instance": SHOP,
        "vantage": "eu-west",
        "job": "blackbox-eu-west",
    }
    assert alert["annotations"] == {"summary": f"{SHOP} is down from eu-west"}
    assert alert["status"]["state"] == "active"


def test_alerts_pushed_are_active_until_silenced(alertmanager: Alertmanager) -> None:
    labels = {"alertname": "CheckoutSlow", "severity": "warning", "region": "eu"}
    alertmanager.push(labels, {"summary": "checkout takes 9 s"})
    alerts = alertmanager.wait_for(lambda alerts: _state(alerts, alertname="CheckoutSlow"))
    (alert,) = alerts
    assert alert["labels"] == labels
    assert alert["annotations"] == {"summary": "checkout takes 9 s"}
    assert alert["status"] == {"state": "active", "silencedBy": [], "inhibitedBy": []}

    silence = alertmanager.silence({"alertname": "CheckoutSlow"}, "deploying")
    (alert,) = alertmanager.wait_for(
        lambda alerts: _state(alerts, alertname="CheckoutSlow") == "suppressed"
    )
    assert alert["status"]["silencedBy"] == [silence]

    alertmanager.expire_silence(silence)
    alertmanager.wait_for(lambda alerts: _state(alerts, alertname="CheckoutSlow") == "active")


def test_region_down_inhibits_the_warnings_of_its_region_only(alertmanager: Alertmanager) -> None:
    alertmanager.push({"alertname": "RegionDown", "severity": "critical", "region": "eu"})
    alertmanager.push({"alertname": "CheckoutSlow", "severity": "warning", "region": "eu"})
    alertmanager.push({"alertname": "CheckoutSlow", "severity": "warning", "region": "us"})

    alerts = alertmanager.wait_for(lambda alerts: len(alerts) == 3)
    (region_down,) = labelled(alerts, alertname="RegionDown")
    (eu,) = labelled(alerts, alertname="CheckoutSlow", region="eu")
    (us,) = labelled(alerts, alertname="CheckoutSlow", region="us")
    assert region_down["status"]["state"] == "active"
    assert eu["status"]["state"] == "suppressed"
    assert eu["status"]["inhibitedBy"] == [region_down["fingerprint"]]
    assert us["status"]["state"] == "active"
