"""The check table says what real probes found in the user's language, and ``check --json``
says it in English, byte for byte, whatever the language (docs/contract.md).

The failures are found by real probes on 127.0.0.1 (:mod:`tests.support.failures`): a
refused port, an HTTP 503, a timeout, bad certificates, a name that does not exist, a failed
condition, a slow answer, a source that cannot be read, a status page without the component.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.support.failures import Failures, failures
from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import VendorPages
from trayapp.core import i18n
from trayapp.core.models import Status, Verdict
from trayapp.core.network import NetworkReport, NetworkStatus
from trayapp.core.report.check import CheckReport, ServiceReport
from trayapp.core.sources.model import Vantage

NAMES = ["Shop", "Wiki", "Secure", "Nothing", "Gauge", "Mail", "prom", "Billing", "statuspage"]
DATA = [*NAMES, "Service Unavailable", "Not Found", "nothing.invalid", "http", "tcp", "dns"]
HOSTS = [r"127\.0\.0\.1(:\d+)?", r"site\.test(:\d+)?", r"ping"]


@pytest.fixture(scope="module")
def found(sites: LocalSites, _vendor_server: VendorPages) -> Failures:
    _vendor_server.reset()
    return failures(sites, _vendor_server)


def report(found: Failures) -> CheckReport:
    """A round of the failures: a service for each kind of trouble, one with several checks."""
    results = found.results
    unread = found.sources["unreachable"].itself()
    services = (
        ServiceReport("Shop", Status.DOWN, Verdict.DOWN_FOR_YOU, (results["refused"],)),
        ServiceReport("Wiki", Status.DOWN, None, (results["http_503"], results["condition"])),
        ServiceReport(
            "Secure",
            Status.DOWN,
            None,
            (results["expired"], results["untrusted"], results["expiring"], results["timeout"]),
        ),
        ServiceReport("Nothing", Status.DOWN, None, (results["nxdomain"],)),
        ServiceReport(
            "Gauge",
            Status.DEGRADED,
            None,
            (results["slow"], results["tcp_refused"], results["ping"]),
            remote=(unread, Vantage("prom", "eu", Status.DOWN, "probe_success = 0")),
        ),
        ServiceReport("Mail", Status.UNKNOWN, None, (), vendor=found.vendor),
    )
    return CheckReport(
        datetime(2026, 8, 3, 12, tzinfo=UTC), NetworkReport(NetworkStatus.ONLINE), services
    )


def test_the_check_table_of_real_failures_is_all_translated(found: Failures) -> None:
    with pseudo_locale():
        table = report(found).table()
    assert_marked(output_texts(table), data=[*DATA, "probe_success = 0"], patterns=HOSTS)


def test_the_check_table_of_real_failures_in_german(found: Failures) -> None:
    i18n.set_language("de")
    table = report(found).table()
    port = found.results["refused"].detail.rsplit(":", 1)[1]
    assert f"Verbindung von 127.0.0.1:{port} abgelehnt (nur für Sie ausgefallen)" in table
    assert "[STATUS] == 200: erhalten: 503" in table
    assert "TLS: Zertifikat ist abgelaufen (site.test:" in table
    assert "Name existiert nicht: nothing.invalid" in table
    assert f"Quelle prom kann nicht gelesen werden: Verbindung von 127.0.0.1:{port}" in table
    assert "keine Komponente namens 'Billing' auf der Seite" in table
    assert "connection refused" not in table


def test_the_json_is_the_same_in_any_language(found: Failures) -> None:
    english = json.dumps(report(found).to_json())
    i18n.set_language("de")
    assert json.dumps(report(found).to_json()) == english
    with pseudo_locale():
        assert json.dumps(report(found).to_json()) == english


def _config(path: Path, sites: LocalSites) -> Path:
    closed = closed_port()
    path.write_text(
        f'[network]\ncanaries = []\ndns_server = "{sites.dns_server}"\n\n'
        f'[[services]]\nname = "Shop"\nurl = "http://127.0.0.1:{closed}/"\n\n'
        f'[[services]]\nname = "Wiki"\nurl = "{sites.http("/status/503")}"\n\n'
        f'[[services]]\nname = "Secure"\nurl = "{sites.https(cert="expired")}"\n\n'
        '[[services]]\nname = "Nothing"\n[[services.checks]]\ntype = "dns"\n'
        'name = "nothing.invalid"\n\n'
        '[[services]]\nname = "Gauge"\n[[services.checks]]\ntype = "http"\n'
        f'url = "{sites.http("/status/503")}"\nconditions = ["[STATUS] == 200"]\n'
    )
    return path


def _checks(output: str) -> list[dict[str, Any]]:
    """The JSON's checks, without what differs from one round to the next (times)."""
    data = json.loads(output)
    return [
        {k: v for k, v in check.items() if k not in ("checked_at", "elapsed_ms", "timings")}
        for service in data["services"]
        for check in service["checks"]
    ]


def test_check_json_keeps_its_english_under_a_german_desktop(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    config = _config(tmp_path / "c.toml", sites)
    env = {k: v for k, v in child_env.items() if not k.lower().endswith("_proxy")}
    env["SSL_CERT_FILE"] = str(sites.ca_file)
    runs = {}
    for language in ("en", "de"):
        done = subprocess.run(
            [python, "-m", "trayapp", "--config", str(config), "check", "--json"],
            env={**env, "TRAYAPP_LANGUAGE": language},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        runs[language] = _checks(done.stdout)
    assert runs["de"] == runs["en"]
    details = [check["detail"] for check in runs["de"]]
    assert details[0].startswith("connection refused by 127.0.0.1:")
    assert details[1:] == [
        "HTTP 503 Service Unavailable",
        f"TLS: certificate has expired (site.test:{sites.tls_ports['expired']})",
        "no such name: nothing.invalid",
        "[STATUS] == 200: got 503",
    ]
    table = subprocess.run(
        [python, "-m", "trayapp", "--config", str(config), "check"],
        env={**env, "TRAYAPP_LANGUAGE": "de"},
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Name existiert nicht: nothing.invalid" in table
