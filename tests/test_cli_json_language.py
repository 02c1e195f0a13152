"""``check --json`` and ``watch --json`` in English, byte for byte, whatever the language."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.support.servers import LocalSites, closed_port


def write_config(path: Path, sites: LocalSites, canaries: list[str]) -> Path:
    path.write_text(
        '[defaults]\ninterval = "100ms"\ntimeout = "2s"\nflap_window = "1s"\n\n'
        '[notifications]\ncoalesce = "200ms"\n\n'
        f"[network]\ncanaries = {json.dumps(canaries)}\n"
        f'dns_server = "{sites.dns_server}"\n\n'
        f'[[services]]\nname = "steady"\nurl = "{sites.http("/up")}"\n'
        f'status_page = "{sites.http("/up")}"\n\n'
        f'[[services]]\nname = "shop"\nurl = "{sites.http("/status/503")}"\n'
    )
    return path


def run(
    python: str, env: dict[str, str], language: str, config: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "trayapp", "--config", str(config), *args],
        env={**env, "TRAYAPP_LANGUAGE": language},
        capture_output=True,
        text=True,
        timeout=60,
    )


def steady(value: Any) -> Any:
    """``value`` without what changes from one run to the next: times and timings."""
    if isinstance(value, dict):
        return {
            key: steady(item)
            for key, item in value.items()
            if key not in ("checked_at", "elapsed_ms", "timings", "at", "fetched_at")
        }
    if isinstance(value, list):
        return [steady(item) for item in value]
    return value


def test_check_json_is_the_same_in_german(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    online = write_config(tmp_path / "online.toml", sites, [f"tcp://127.0.0.1:{sites.http_port}"])
    dead = [f"http://127.0.0.1:{closed_port()}/", f"tcp://127.0.0.1:{closed_port()}"]
    offline = write_config(tmp_path / "offline.toml", sites, dead)
    for config, code in ((online, 2), (offline, 3)):
        english = run(python, child_env, "en", config, "check", "--json")
        german = run(python, child_env, "de", config, "check", "--json")
        assert (english.returncode, german.returncode) == (code, code)
        assert steady(json.loads(german.stdout)) == steady(json.loads(english.stdout))


def test_watch_json_stays_english_in_german(
    sites: LocalSites, tmp_path: Path, python: str, child_env: dict[str, str]
) -> None:
    online = write_config(tmp_path / "online.toml", sites, [f"tcp://127.0.0.1:{sites.http_port}"])
    dead = write_config(tmp_path / "dead.toml", sites, [f"tcp://127.0.0.1:{closed_port()}"])
    said = {}
    for name, config in (("online", online), ("offline", dead)):
        data = tmp_path / f"data-{name}"
        watched = run(
            python,
            child_env,
            "de",
            config,
            "--data-dir",
            str(data),
            "watch",
            "--json",
            "--for",
            "2s",
        )
        assert "Traceback" not in watched.stderr
        said[name] = [json.loads(line) for line in watched.stdout.splitlines()]
    notes = [e for e in said["online"] if e["event"] == "notification"]
    shop = next(e for e in notes if e["services"] == ["shop"])
    assert shop["title"] == "shop is down"
    assert shop["body"] == f"{sites.http('/status/503')}: HTTP 503 Service Unavailable"
    assert shop["link"] == {"label": "Open site", "url": sites.http("/status/503")}
    (network,) = [e for e in said["offline"] if e["event"] == "network_changed"]
    assert network["title"] == "You're offline"
    assert "It's just you: services can't be checked until you're back online." in network["detail"]
    (notice,) = [e for e in said["offline"] if e["event"] == "notification"]
    assert (notice["title"], notice["body"]) == (network["title"], network["detail"])
    assert "Sie" not in json.dumps(said)
    assert "Dienst" not in json.dumps(said)
