"""A Prometheus of 1000 targets seen from 3 vantage points, read every second by ``watch``.

A server on 127.0.0.1 answers ``/api/v1/query`` with 3000 ``probe_success`` series (about
300 KB), a few of them failing. ``trayapp watch --for 30s`` reads it as a source every
second: each reading is fetched through the prober, parsed, made into 1000 services, judged
and kept in the history. Its CPU time per reading is compared with a plain script that, in
the same run, fetches the same answer with httpx and parses it with ``json.loads`` as often.
The goals:

- CPU per reading at most 8 times the plain fetch-and-parse (the reading also judges 1000
  services and writes their rounds: the figure says what that costs);
- the watcher's peak RSS under 150 MiB.

Run::

    .venv/bin/python -m bench sources
    .venv/bin/python -m bench.sources --seconds 10    # a quicker look
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.probes import Handler, _direct_env, _server
from bench.watch import _measured, watched

__all__ = ["main", "run"]

TARGETS = 1000
VANTAGES = ("eu-west", "us-east", "ap-south")
SECONDS = 30
RATIO_GOAL = 8.0
RSS_GOAL_MIB = 150.0

BASELINE = """
import json, sys, time, httpx
url, seconds = sys.argv[1], float(sys.argv[2])
readings = 0
with httpx.Client() as client:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        data = json.loads(client.get(url).content)
        assert data["status"] == "success"
        readings += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(readings, file=sys.stderr)
"""


def _answer_body() -> bytes:
    result = [
        {
            "metric": {
                "__name__": "probe_success",
                "instance": f"https://service-{n:04}.example/",
                "job": "blackbox",
                "vantage": where,
            },
            "value": [1763715600.0, "0" if n % 97 == 0 else "1"],
        }
        for n in range(TARGETS)
        for where in VANTAGES
    ]
    return json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": result}}
    ).encode()


def _answering(body: bytes) -> Handler:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                head = (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                )
                writer.write(head.encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return answer


def run(seconds: int = SECONDS) -> bool:
    """Run the benchmark, print its figures; True when both goals are met."""
    env = _direct_env()
    body = _answer_body()
    with tempfile.TemporaryDirectory() as folder, _server(_answering(body)) as port:
        url = f"http://127.0.0.1:{port}"
        config = Path(folder, "config.toml")
        config.write_text(
            "[network]\ncanaries = []\n\n"
            f'[[sources]]\nname = "prometheus"\nkind = "prometheus"\nurl = "{url}"\n'
            'interval = "1s"\nmax_services = 1000\n'
        )
        ours_cpu, ours_rss, data = watched(config, seconds, env)
        with sqlite3.connect(data / "history.sqlite3") as db:
            rounds = int(db.execute("SELECT count(DISTINCT at) FROM results").fetchone()[0])
        query = f"{url}/api/v1/query?query=probe_success"
        base_cpu, _, said = _measured([sys.executable, "-c", BASELINE, query, str(seconds)], env)
        base_readings = int(said.split()[-1])
    readings = max(rounds, 1)
    ours_ms = ours_cpu / readings * 1000
    base_ms = base_cpu / max(base_readings, 1) * 1000
    ratio = ours_ms / base_ms
    print(f"sources: {TARGETS} targets x {len(VANTAGES)} vantage points, {len(body) // 1024} KB")
    print(
        f"  trayapp watch: {readings} readings, {ours_ms:.1f} ms CPU each, RSS {ours_rss:.0f} MiB"
    )
    print(f"  httpx + json.loads: {base_readings} readings, {base_ms:.1f} ms CPU each")
    ratio_ok, rss_ok = ratio <= RATIO_GOAL, ours_rss < RSS_GOAL_MIB
    print(f"  ratio {ratio:.1f}x (goal <= {RATIO_GOAL:g}x) {'ok' if ratio_ok else 'MISSED'}")
    print(f"  RSS {ours_rss:.0f} MiB (goal < {RSS_GOAL_MIB:g}) {'ok' if rss_ok else 'MISSED'}")
    return ratio_ok and rss_ok


def main() -> bool:
    """``python -m bench sources``."""
    return run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=SECONDS)
    sys.exit(0 if run(parser.parse_args().seconds) else 1)
