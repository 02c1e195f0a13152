"""``trayapp check``: one round, a table or the JSON of the contract, exit 0/1/2/3.

Most cases call :func:`trayapp.cli.main` in this process; the ones about the process as a
whole (the OS trust store, Qt never imported) start ``python -m trayapp``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.core.vendors.pages import body
from tests.support.servers import LocalSites, closed_port
from tests.support.vendor_server import Page, VendorPages
from trayapp.cli import main


def write_config(
    path: Path,
    sites: LocalSites,
    services: str,
    canaries: list[str] | None = None,
    network: str = "",
) -> Path:
    path.write_text(
        f'[defaults]\ntimeout = "5s"\n\n'
        f"[network]\ncanaries = {json.dumps(canaries or [])}\n"
        f'dns_server = "{sites.dns_server}"\n{network}\n{services}'
    )
    return path


def service(name: str, url: str, extra: str = "") -> str:
    return f'[[services]]\nname = "{name}"\nurl = "{url}"\n{extra}\n'


def check(config: Path, *args: str) -> int:
    return main(["--config", str(config), "check", *args])


def test_all_up_exits_0_with_a_table(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path / "c.toml",
        sites,
        service("Twitter", sites.http("/up")) + service("Google Talk", sites.http("/up")),
    )
    assert check(config) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["STATUS", "SERVICE", "CAUSE", "DETAIL", "TIME"]
    assert out[1].split()[:5] == ["up", "Twitter", "-", "HTTP", "200"]
    assert out[2].split()[:3] == ["up", "Google", "Talk"]
    assert out[-1] == "overall: up"


@pytest.mark.parametrize(
    ("path", "extra", "code"),
    [
        ("/up", "", 0),
        ("/slow-first-byte/300", 'slow_after = "100ms"', 1),
        ("/status/503", "", 2),
    ],
    ids=["up", "degraded", "down"],
)
def test_the_exit_status_is_the_worst_services(
    sites: LocalSites, tmp_path: Path, path: str, extra: str, code: int
) -> None:
    services = service("A", sites.http("/up")) + service("B", sites.http(path), extra)
    assert check(write_config(tmp_path / "c.toml", sites, services)) == code


def test_offline_exits_3_and_says_it_is_just_you(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = [f"http://127.0.0.1:{closed_port()}/", "tcp://nowhere.invalid:53"]
    services = service("Twitter", f"http://127.0.0.1:{closed_port()}/")
    assert check(write_config(tmp_path / "c.toml", sites, services, dead), "--json") == 3
    data = json.loads(capsys.readouterr().out)
    assert data["overall"] == "offline"
    assert data["network"]["status"] == "offline"
    assert len(data["network"]["canaries"]) == 2
    (twitter,) = data["services"]
    assert (twitter["status"], twitter["verdict"]) == ("unknown", "just_you")
    assert twitter["checks"][0]["cause"] == "offline"


def test_named_services_only_and_case_does_not_matter(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = service("Twitter", sites.http("/status/503")) + service("Google", sites.http("/up"))
    assert check(write_config(tmp_path / "c.toml", sites, services), "--json", "google") == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in data["services"]] == ["Google"]


def test_an_unknown_name_exits_3_naming_it(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "c.toml", sites, service("Twitter", sites.http("/up")))
    assert check(config, "Twitter", "Friendster") == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"trayapp: no service named 'Friendster' in {config} (services: 'Twitter')\n"
    )


def test_no_services_exits_3(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(write_config(tmp_path / "c.toml", sites, "")) == 3
    assert "no services to check" in capsys.readouterr().err


def test_a_bad_config_exits_3_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[network]\ndns_server = "not a server"\n')
    assert check(config) == 3
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{config}:2: network.dns_server: not a DNS server address")
    assert "Traceback" not in captured.err


# --- with the vendor's status page ---------------------------------------------------------------

SUMMARY = "/api/v2/summary.json"


def test_the_vendor_s_outage_with_the_site_up_is_degraded_in_the_vendor_s_words(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_twitter.json")))
    page = f'status_page = "{pages.url()}"\nstatus_component = "userstream"'
    config = write_config(tmp_path / "c.toml", sites, service("Twitter", sites.http("/up"), page))
    assert check(config, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"checked_at", "overall", "network", "services"}
    (twitter,) = data["services"]
    assert set(twitter) == {"name", "group", "status", "verdict", "checks", "vendor"}
    assert (twitter["status"], twitter["verdict"]) == ("degraded", "vendor_reported")
    assert [c["type"] for c in twitter["checks"]] == ["http"]  # the vendor is not a check here
    vendor = twitter["vendor"]
    assert set(vendor) == {"platform", "level", "description", "incidents"}
    assert (vendor["platform"], vendor["level"]) == ("statuspage", "major_outage")
    assert vendor["description"] == "userstream: major outage"
    assert vendor["incidents"][0] == {
        "name": "Users may be experiencing issues",
        "status": "investigating",
        "impact": "major_outage",
        "started_at": "2012-07-26T15:23:00Z",
        "updated_at": "2012-07-26T16:40:12Z",
        "latest_update": "Users may be experiencing issues accessing Twitter & its apps. "
        "We're on it.",
        "url": "https://stspg.io/tw2012",
    }


def test_down_while_the_vendor_says_all_is_well_is_down_for_you_and_the_table_says_so(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_all_well.json")))
    page = f'status_page = "{pages.url()}"'
    config = write_config(
        tmp_path / "c.toml", sites, service("Twitter", sites.http("/status/503"), page)
    )
    assert check(config) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[1].split()[:3] == ["down", "Twitter", "http_status"]
    assert out[2].split() == [
        "operational", "vendor", "-", "statuspage:", "All", "Systems", "Operational",
        "(down", "for", "you)",
    ]  # fmt: skip
    assert check(config, "--json") == 2
    (twitter,) = json.loads(capsys.readouterr().out)["services"]
    assert (twitter["status"], twitter["verdict"]) == ("down", "down_for_you")


def test_a_status_page_that_cannot_be_read_is_unknown_not_operational(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve("/maintenance", Page(b"<html>Back soon</html>", "text/html"))
    services = f'[[services]]\nname = "Vendor only"\nstatus_page = "{pages.url("/maintenance")}"\n'
    assert check(write_config(tmp_path / "c.toml", sites, services), "--json") == 3
    (only,) = json.loads(capsys.readouterr().out)["services"]
    assert (only["status"], only["verdict"], only["checks"]) == ("unknown", None, [])
    assert (only["vendor"]["platform"], only["vendor"]["level"]) == (None, "unknown")
    assert only["vendor"]["description"] == "no status page this app can read was found there"


def test_a_status_page_only_the_pac_files_proxy_reaches_is_read_through_it(
    sites: LocalSites, pages: VendorPages, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages.serve(SUMMARY, Page(body("statuspage_twitter.json")))
    pac = tmp_path / "proxy.pac"
    proxy = sites.proxy_url.removeprefix("http://")
    pac.write_text(f'function FindProxyForURL(url, host) {{ return "PROXY {proxy}"; }}\n')
    page = f"http://status.test:{pages.port}"  # the proxy connects to 127.0.0.1, whatever the name
    services = f'[[services]]\nname = "Vendor only"\nstatus_page = "{page}"\n'
    network = f'pac = "{pac.as_uri()}"\n'
    before = len(sites.proxy_requests)
    check(write_config(tmp_path / "c.toml", sites, services, network=network), "--json")
    (only,) = json.loads(capsys.readouterr().out)["services"]
    assert (only["vendor"]["platform"], only["vendor"]["level"]) == ("statuspage", "major_outage")
    assert f"GET {page}{SUMMARY}" in sites.proxy_requests[before:]


# --- as a process -------------------------------------------------------------------------------


def run(python: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "trayapp", *args], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def env(child_env: dict[str, str]) -> dict[str, str]:
    """The child's environment, without any proxy the machine may have set."""
    return {k: v for k, v in child_env.items() if not k.lower().endswith("_proxy")}


def test_https_trusts_the_os_store_which_ssl_cert_file_extends(
    sites: LocalSites, tmp_path: Path, python: str, env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "c.toml", sites, service("Secure", sites.https("/up")))
    untrusted = run(python, env, "--config", str(config), "check", "--json")
    assert untrusted.returncode == 2, untrusted.stderr
    assert json.loads(untrusted.stdout)["services"][0]["checks"][0]["cause"] == "tls"
    trusted = run(
        python, {**env, "SSL_CERT_FILE": str(sites.ca_file)}, "--config", str(config), "check"
    )
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr


def test_check_never_imports_qt(
    sites: LocalSites, tmp_path: Path, python: str, env: dict[str, str]
) -> None:
    config = write_config(tmp_path / "c.toml", sites, service("A", sites.http("/up")))
    code = (
        "import sys\n"
        "from trayapp.cli import main\n"
        f"status = main(['--config', {str(config)!r}, 'check'])\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_json_goes_to_stdout_as_one_object(
    sites: LocalSites, tmp_path: Path, python: str, env: dict[str, str]
) -> None:
    services = (
        '[[services]]\nname = "Twitter"\n[[services.checks]]\ntype = "http"\n'
        f'url = "{sites.http("/down-page")}"\nbody_absent = "currently down"\n'
    )
    config = write_config(tmp_path / "c.toml", sites, services)
    done = run(python, env, "check", "--json", "--config", str(config))
    assert done.returncode == 2
    data: dict[str, Any] = json.loads(done.stdout)
    assert data["services"][0]["checks"][0]["detail"] == "body contains 'currently down'"
    assert done.stderr == ""


def test_credentials_in_a_url_reach_no_output_and_no_file(
    sites: LocalSites, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check, watch and incidents, as text and JSON, and the history file itself."""
    secrets = ("pa55word", "ghp_t0ken", "k3y-v4lue")
    failing = f"http://alice:pa55word@127.0.0.1:{sites.http_port}/status/503?api_key=k3y-v4lue"
    token = f"http://ghp_t0ken@127.0.0.1:{closed_port()}/?page=2"
    config = write_config(
        tmp_path / "c.toml",
        sites,
        service("Shop", failing, 'failure_threshold = 1\ninterval = "1s"')
        + service("Repo", token, 'failure_threshold = 1\ninterval = "1s"'),
    )
    data = tmp_path / "data"
    said = []
    for args in ([], ["--json"]):
        assert check(config, *args) == 2
        said.append(capsys.readouterr().out)
    for args in (["watch", "--for", "3s"], ["watch", "--json", "--for", "3s"]):
        main(["--config", str(config), "--data-dir", str(data), *args])
        said.append(capsys.readouterr().out)
    for args in (["incidents"], ["incidents", "--json"]):
        assert main(["--config", str(config), "--data-dir", str(data), *args]) == 0
        said.append(capsys.readouterr().out)
    everything = "\n".join(said)
    shop = next(i for i in json.loads(said[-1]) if i["service"] == "Shop")
    assert shop["first_error"].startswith("http://***@127.0.0.1:")  # stored, and masked
    assert "***@127.0.0.1" in everything
    assert "api_key=***" in everything
    stored = b"".join(p.read_bytes() for p in data.iterdir())
    for secret in secrets:
        assert secret not in everything
        assert secret.encode() not in stored
