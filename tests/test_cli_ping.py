"""``trayapp config validate`` and ``trayapp check --json`` with ping checks, in namespaces
where every user may ping (over a datagram socket, without ``CAP_NET_RAW``) and where nobody
may: the one message that says so and how to allow it, never a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.core.probes.test_pingcheck import shown_as
from tests.support.namespaces import isolated, run_isolated
from trayapp.core.probes.icmp import ALLOW_PING

CONFIG = """\
[network]
canaries = []

[[services]]
name = "Router"
[[services.checks]]
type = "ping"
host = "127.0.0.1"
count = 2
[[services.checks]]
type = "ping"
host = "::1"
count = 1
ip_version = 6
"""

PROGRAM = """
import contextlib, io
from trayapp.cli import main as cli

ARGS = {args!r}

async def main():
    said = []
    for args in ARGS:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = await asyncio.to_thread(cli, args)
        said.append([code, out.getvalue(), err.getvalue()])
    return said
"""

BLOCKED = (
    'this system does not allow unprivileged ping (net.ipv4.ping_group_range is "1 0", which '
    f"leaves out every group of this user); allow it with: {ALLOW_PING}"
)


def run_cli(tmp_path: Path, **isolation: Any) -> list[list[Any]]:
    """``config validate`` and ``check --json`` of :data:`CONFIG`: [exit code, stdout, stderr]
    of each."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    common = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    args = [[*common, "config", "validate"], [*common, "check", "--json"]]
    found: list[list[Any]] = run_isolated(PROGRAM.format(args=args), **isolation)
    return found


@isolated
def test_where_every_user_may_ping_the_checks_answer(tmp_path: Path) -> None:
    validated, checked = run_cli(tmp_path, ping_group="0 2147483647", net_raw=False)
    assert validated == [0, f"{tmp_path / 'config.toml'}: valid, 1 service\n", ""]
    code, out, _ = checked
    assert code == 0
    (service,) = json.loads(out)["services"]
    four, six = service["checks"]
    assert (four["type"], four["target"], four["ok"], four["cause"]) == (
        "ping",
        "127.0.0.1",
        True,
        None,
    )
    shown = re.fullmatch(
        r"2 of 2 replies from 127\.0\.0\.1, min/avg/max [\d.]+/([\d.]+)/[\d.]+ ms", four["detail"]
    )
    assert shown is not None, four["detail"]
    assert shown_as(four["elapsed_ms"], shown.group(1))  # the mean round trip
    assert four["timings"] == {"dns_ms": None, "connect_ms": None, "tls_ms": None, "ttfb_ms": None}
    assert (six["target"], six["ok"]) == ("::1", True)
    assert six["detail"].startswith("1 of 1 replies from ::1, min/avg/max ")


@isolated
def test_where_nobody_may_ping_one_message_says_how_to_allow_it(tmp_path: Path) -> None:
    validated, checked = run_cli(tmp_path, ping_group="1 0", net_raw=False)
    config = tmp_path / "config.toml"
    assert validated == [
        0,
        f"{config}: valid, 1 service\n",
        f"{config}: warning: the ping checks of Router cannot run: {BLOCKED}\n",
    ]
    code, out, err = checked
    assert code == 2
    assert "Traceback" not in err
    (service,) = json.loads(out)["services"]
    assert service["status"] == "down"
    assert [(c["cause"], c["detail"]) for c in service["checks"]] == [("refused", BLOCKED)] * 2
