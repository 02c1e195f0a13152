"""The commands that report, under the pseudo-locale (every word marked or data) and in
German: ``check``, ``history``, ``incidents``, ``catalog``, ``add`` and ``config validate`` of
broken files."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.builders import incident, result
from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from tests.support.servers import LocalSites
from trayapp.cli import main
from trayapp.core.catalog import load_catalog
from trayapp.core.models import Cause, Status
from trayapp.core.store import RoundRecord, Store

NOW = datetime.now(UTC).replace(microsecond=0)
CONFIG = '[[services]]\nname = "Twitter"\nurl = "https://twitter.com/"\n'


def said(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | str | None, str]:
    """The exit status and everything printed of ``trayapp args``, under the pseudo-locale."""
    with pseudo_locale():
        try:
            status: int | str | None = main(list(args))
        except SystemExit as exited:
            status = exited.code
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_check(sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[defaults]\ntimeout = "5s"\n\n[network]\ncanaries = ["{sites.http("/up")}"]\n'
        f'dns_server = "{sites.dns_server}"\n\n'
        f'[[services]]\nname = "Twitter"\nurl = "{sites.http("/status/503")}"\n\n'
        f'[[services]]\nname = "Gmail"\nurl = "{sites.http("/up")}"\n'
        f'[[services.checks]]\ntype = "tcp"\nhost = "127.0.0.1"\nport = {sites.http_port}\n'
    )
    status, output = said(capsys, "--config", str(config), "check")
    assert status == 2, output
    assert "⟦ŠŢÀŢÛŠ⟧" in output
    # What the probes saw ("HTTP 503 Service Unavailable", "connected") is theirs to say.
    details = [r"HTTP", r"\d+", r"Service", r"Unavailable", r"OK", r"connected", r"http|tcp"]
    data = ["Twitter", "Gmail", "connected to"]
    assert_marked(output_texts(output), data=data, patterns=details)


def test_history_and_incidents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    hour = timedelta(hours=1)
    with Store.open(data) as store:
        store.record_rounds(
            [
                RoundRecord(
                    "Twitter", NOW - n * hour, status, [result(cause, checked_at=NOW - n * hour)]
                )
                for n, status, cause in [(3, Status.UP, None), (2, Status.DOWN, Cause.TIMEOUT)]
            ]
        )
        store.save_incidents(
            [
                incident(1, NOW - 2 * hour, lasted=timedelta(minutes=30), flaps=1),
                incident(2, NOW - hour, causes=(Cause.TIMEOUT, Cause.DNS)),
            ]
        )
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    base = ["--config", str(config), "--data-dir", str(data)]
    outputs = []
    for args in (
        ["history"],
        ["history", "Nothing"],
        ["incidents"],
        ["incidents", "--vendor-record"],
    ):
        status, output = said(capsys, *base, *args)
        outputs.append(output)
    assert status == 0
    status, output = said(capsys, "--data-dir", str(tmp_path / "empty"), "incidents")
    outputs.append(output)
    assert_marked(
        output_texts("".join(outputs)), data=["Twitter", "'Twitter'", "'Nothing'", "#1", "#2"]
    )


def test_catalog_and_add(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = load_catalog()
    names = [entry.name for entry in catalog]
    names += [entry.component_name(c) for entry in catalog for c in entry.components]
    platforms = sorted({entry.platform.value for entry in catalog})
    # Longest first, the addresses are taken out before the names that are part of them.
    addresses = [address for entry in catalog for address in (entry.url, entry.status_page)]
    outputs = []
    for query in ("", "github", "githbu", "zzzzqqq"):
        status, output = said(capsys, "catalog", *query.split())
        assert status == 0
        outputs.append(output)
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    for asked in (["githbu"], ["example.com"], ["ftp://x.test/"], ["https://twitter.com/"]):
        status, output = said(capsys, "--config", str(config), "add", *asked)
        assert status == 3, output
        outputs.append(output)
    status, output = said(capsys, "--config", str(tmp_path / "new.toml"), "add", "https://a.test/")
    assert status == 0, output
    outputs.append(output)
    data = [
        *addresses,
        *names,
        *platforms,
        "NAME",
        "githbu",
        "zzzzqqq",
        "ftp://x.test/",
        "example.com",
        "a.test",
    ]
    assert_marked(output_texts("".join(outputs)), data=[f'"{name}"' for name in data] + data)


BROKEN = {
    "bad TOML": '[[services]\nname = "A"\n',
    "bad TOML character": '[[services]]\nname = "A"\nurl = "https://a.test/"\ntimeout = @\n',
    "key twice": '[defaults]\ninterval = "1m"\ninterval = "2m"\n',
    "bad value": '[[services]]\nname = "A"\nurl = "ftp://a.test/"\nretries = "3"\n',
    "unknown key": '[[services]]\nname = "A"\nurl = "https://a.test/"\ntimout = "5s"\n',
    "bad duration": '[[services]]\nname = "A"\nurl = "https://a.test/"\ninterval = "5 minutes"\n',
    "bad condition": (
        '[[services]]\nname = "A"\n[[services.checks]]\ntype = "http"\n'
        'url = "https://a.test/"\nconditions = ["[STATUS] === 200", "[STAUTS] == 200", '
        '"[BODY].x == pat(a[)"]\n'
    ),
    "bad maintenance window": (
        '[[services]]\nname = "A"\nurl = "https://a.test/"\n\n'
        '[[maintenance]]\nevery = "sunday"\nwindow = "25:00-26:00"\ntimezone = "Mars/Base"\n\n'
        "[[maintenance]]\nstart = 2026-12-24T04:00:00Z\nend = 2026-12-24T02:00:00Z\n\n"
        '[[maintenance]]\nname = "no when"\n'
    ),
    "duplicate and missing": '[[services]]\nname = "A"\n\n[[services]]\nname = "A"\nurl = 1\n',
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_config_validate_of_a_broken_file(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    status, output = said(capsys, "--config", str(config), "config", "validate")
    assert status == 3, output
    # Where a problem is (file, line, key) is data; what is said of it is translated.
    keys = [r"[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*:"]
    conditions = ['"[STATUS] === 200"', '"[STAUTS] == 200"', '"[BODY].x == pat(a[)"']
    assert_marked(output_texts(output), data=[str(config), *conditions], patterns=keys)
    assert "⟦" in output


def run(python: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "trayapp", *args], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_config_error_in_german(python: str, child_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(BROKEN["unknown key"] + 'interval = "5 minutes"\n')
    child_env["TRAYAPP_LANGUAGE"] = "de"
    result = run(python, child_env, "--config", str(config), "config", "validate")
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"{config}:4: services[0].timout: unbekannter Schlüssel (war 'timeout' gemeint?)",
        f"{config}:5: services[0].interval: keine Dauer: '5 minutes' "
        '(z. B. "250ms", "30s", "5m", "1h30m" verwenden)',
    ]
    config.write_text('[[services]\nname = "A"\n')
    result = run(python, child_env, "--config", str(config), "config", "validate")
    assert result.stderr.startswith(f"{config}:1: ungültiges TOML: ")


def test_the_check_json_stays_english(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[network]\ncanaries = ["{sites.http("/up")}"]\n\n'
        f'[[services]]\nname = "Twitter"\nurl = "{sites.http("/status/503")}"\n'
    )
    status, output = said(capsys, "--config", str(config), "check", "--json")
    assert status == 2
    checked = json.loads(output)
    assert (checked["overall"], checked["services"][0]["checks"][0]["cause"]) == (
        "down",
        "http_status",
    )
