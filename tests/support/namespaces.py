"""A private network for one test: a Python program run in a new network namespace.

:func:`run_isolated` runs a program under ``unshare --net --mount``: a network namespace
with nothing but ``lo`` (up), so nothing it does can leave the machine, and a private mount
namespace, so files such as /etc/resolv.conf can be swapped for that program alone. A shell
``setup`` builds the network first, as root: veth pairs, routes, settings under
/proc/sys/net (each namespace has its own). The program defines ``async def main()``; what
it returns comes back through JSON (dataclasses as dicts, tuples as lists).

:data:`PEER` is the setup of one neighbour: a second namespace joined by a veth pair,

    here  v0  10.9.0.1/24    fd00:9::1/64                 the namespace of the program
    peer  v1  10.9.0.254/24  fd00:9::fe/64  fe80::fe/64   a router (it forwards)

with ``in_peer CMD...`` to run a command in the peer. Neighbour discovery gives up after
0.1 s on v0, so a missing neighbour is reported quickly.

Mark a test that uses these with :func:`isolated`: Linux only, and root with util-linux
and iproute2 (as CI runs), or skipped with the reason; in CI (``CI`` set) it fails instead,
as the network lab's tests do.

The loopback guard of the other tests (:mod:`tests.support.loopback`) is not installed in
the program: its traffic stays in the namespaces the test made.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest

__all__ = ["PEER", "isolated", "run_isolated"]

_F = TypeVar("_F", bound=Callable[..., Any])

_TOOLS = ("unshare", "nsenter", "setpriv", "mount", "ip")  # util-linux, iproute2

PEER = r"""
unshare --net sleep 300 & PEER=$!
trap 'kill $PEER' EXIT
while [ "$(readlink /proc/$PEER/ns/net)" = "$(readlink /proc/$$/ns/net)" ]; do sleep 0.01; done
in_peer() { nsenter --target "$PEER" --net "$@"; }
ip link add v0 type veth peer name v1 netns "$PEER"
echo 0 > /proc/sys/net/ipv6/conf/v0/accept_dad
for family in ipv4 ipv6; do
    echo 1 > /proc/sys/net/$family/neigh/v0/mcast_solicit
    echo 100 > /proc/sys/net/$family/neigh/v0/retrans_time_ms
done
ip addr add 10.9.0.1/24 dev v0
ip -6 addr add fd00:9::1/64 dev v0 nodad
ip link set v0 up
in_peer ip link set lo up
in_peer sh -c 'echo 0 > /proc/sys/net/ipv6/conf/v1/accept_dad
    echo 1 > /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'
in_peer ip addr add 10.9.0.254/24 dev v1
in_peer ip -6 addr add fd00:9::fe/64 dev v1 nodad
in_peer ip -6 addr add fe80::fe/64 dev v1 nodad
in_peer ip link set v1 up
until ip link show v0 | grep -q "state UP" && in_peer ip link show v1 | grep -q "state UP"
do sleep 0.01; done
"""
"""Shell lines that make the neighbour; see the module."""

# A file missing from the machine is made only in the private /run, never on the real disk.
_MADE_IF_UNDER_RUN = """[ -e "$target" ] || case "$target" in
    /run/*) mkdir -p "$(dirname "$target")"; : > "$target" ;;
    *) echo "$target does not exist on this machine" >&2; exit 1 ;;
esac"""

_PROGRAM = """
import asyncio, dataclasses, json

{program}

def _plain(value):
    return dataclasses.asdict(value)

print(json.dumps(asyncio.run(main()), default=_plain))
"""


def _missing() -> str | None:
    if sys.platform != "linux":
        return f"network namespaces are Linux's; this is {sys.platform}"
    if os.geteuid() != 0:
        return "making network namespaces needs root (CI runs these tests as root)"
    absent = [tool for tool in _TOOLS if shutil.which(tool) is None]
    return f"not installed: {', '.join(absent)}" if absent else None


def isolated(test: _F) -> _F:
    """Mark ``test`` linux_only, and skip it where namespaces cannot be made (but in CI)."""
    reason = _missing()
    skip = reason is not None and (sys.platform != "linux" or not os.environ.get("CI"))
    marked = pytest.mark.linux_only(test)
    return pytest.mark.skipif(skip, reason=f"linux_only: {reason}")(marked)


def run_isolated(
    program: str,
    *,
    setup: str = "",
    ping_group: str = "1 0",
    net_raw: bool = True,
    files: Mapping[str, str] | None = None,
    folder: Path | None = None,
    timeout: float = 60.0,
) -> Any:
    """Run ``program``'s ``main()`` in a new network and mount namespace; its result.

    Args:
        program: Python source defining ``async def main()``, which returns what JSON can
            hold, or dataclasses.
        setup: Shell lines run first, as root, in the new namespaces (``set -eu``).
        ping_group: The namespace's ``net.ipv4.ping_group_range``: ``"1 0"`` (a new
            namespace's own, no group may) or ``"0 2147483647"`` (every group may).
        net_raw: Whether the program keeps ``CAP_NET_RAW`` (root's raw sockets).
        files: Contents of files to put in place for the program alone (path -> text),
            bind-mounted over the real ones; /run is then a private tmpfs, so that files
            under it (and /etc/resolv.conf when it links there) need not exist.
        folder: Where the files' contents are written; required with ``files``.
        timeout: Seconds the whole may take.

    Raises:
        AssertionError: the setup or the program failed; its stderr is the message.
    """
    reason = _missing()
    assert reason is None, f"cannot make namespaces here: {reason}"
    lines = ["set -eu", "ip link set lo up", setup]
    if files:
        assert folder is not None, "files need a folder to be written to"
        lines.append("mount -t tmpfs tmpfs /run")
        for index, (path, text) in enumerate(files.items()):
            source = folder / f"file-{index}"
            source.write_text(text)
            lines.append(f"target=$(readlink -m {shlex.quote(path)})")
            lines.append(_MADE_IF_UNDER_RUN)
            lines.append(f'mount --bind {shlex.quote(str(source))} "$target"')
    lines.append(f"echo {shlex.quote(ping_group)} > /proc/sys/net/ipv4/ping_group_range")
    drop = "" if net_raw else "setpriv --bounding-set -net_raw --inh-caps -net_raw "
    lines.append(f'{drop}"$PYTHON" -c "$PROGRAM"')
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONSTARTUP"}
    }
    env.update(
        PYTHON=sys.executable,
        PROGRAM=_PROGRAM.format(program=program),
        PYTHONDONTWRITEBYTECODE="1",
    )
    done = subprocess.run(
        ["unshare", "--net", "--mount", "--", "sh", "-c", "\n".join(lines)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"the isolated program failed:\n{done.stderr}"
    return json.loads(done.stdout.splitlines()[-1])
