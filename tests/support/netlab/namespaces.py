"""The lab's two network namespaces, the link between them, and the commands that break it.

A *client* namespace (network and mount: the user's machine, with its own
``/etc/resolv.conf``, ``/etc/hosts`` and ``/etc/nsswitch.conf`` bind-mounted there) and an
*internet* namespace (network only: the router and every public host at once), joined by a
veth pair. Both are made with ``unshare`` and live as long as their holder processes;
nothing is written to ``/run/netns`` or ``/etc/netns``. The internet's holder becomes the
servers' process (:mod:`tests.support.netlab.serve`), so the namespace ends with it. The
internet namespace has no link but the client's: no packet can leave the lab.

What happens to packets the router cannot deliver, measured on Linux 6.18: without
forwarding, every one is dropped without a word (the kernel answers ICMP only for a router).
So the internet namespace forwards: a packet for an address of 203.0.113.0/24 that no host
holds meets the ``blackhole`` route and is dropped silently (a connection times out); with an
``unreachable`` route instead (network ``router_unreachable``) the router answers ICMP host
unreachable ("No route to host" at once); a packet for any other address, with no route at
all, gets ICMP net unreachable ("Network is unreachable" at once). ICMP is not rate-limited
there: with the kernel's default (one error a second for each peer) a third connection in a
row timed out where the first two failed at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.support.netlab.topology import CLIENT, HOSTS, PUBLIC_NET, ROUTER, Network

__all__ = ["REPO", "TOOLS", "Namespaces", "client_env", "kill", "unavailable"]

REPO = Path(__file__).resolve().parents[3]
TOOLS = ("unshare", "nsenter", "ip", "mount")
"""The programs the lab runs: util-linux's and iproute2's."""
_LOOPBACK_GUARD = REPO / "tests" / "support" / "site"

_RESOLVER_FILES = {
    "resolv.conf": f"nameserver {ROUTER}\noptions timeout:1 attempts:1\n",
    "hosts": "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
    "nsswitch.conf": "hosts: files dns\n",
}

# Its own view of the resolver's files, no IPv6 on the link to come (a v4-only home
# network), then it waits for its standard input to close. nscd, where one runs, would
# answer with the host's resolver: its socket is hidden.
_CLIENT_HOLDER = """set -e
ip link set lo up
mount --bind "$1/resolv.conf" /etc/resolv.conf
mount --bind "$1/hosts" /etc/hosts
mount --bind "$1/nsswitch.conf" /etc/nsswitch.conf
if [ -d /run/nscd ]; then mount -t tmpfs lab-nscd /run/nscd; fi
echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
echo ready
exec cat > /dev/null
"""

_INTERNET_HOLDER = f"""set -e
ip link set lo up
echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
echo 1 > /proc/sys/net/ipv4/ip_forward
echo 0 > /proc/sys/net/ipv4/icmp_ratelimit
ip link add gw0 type veth peer name eth0 netns "$1"
ip addr add {ROUTER}/24 dev gw0
ip link set gw0 up
{"".join(f"ip addr add {address}/32 dev lo{chr(10)}" for address in HOSTS)}\
ip route add blackhole {PUBLIC_NET}
echo linked
exec "$2" -m tests.support.netlab.serve "$3"
"""


def unavailable() -> str | None:
    """Why the lab cannot start here, or None when it can."""
    if sys.platform != "linux":
        return f"the network lab needs Linux's network namespaces; this is {sys.platform}"
    if os.geteuid() != 0:
        return "the network lab needs root: it makes network namespaces, a veth pair, mounts"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"the network lab needs {', '.join(missing)} (util-linux, iproute2)"
    return None


def client_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) as the lab's processes get it.

    The loopback guard (``tests/support/site``) leaves ``PYTHONPATH``: in the lab the
    namespaces keep traffic in, and the guard would refuse the lab's addresses. The
    repository comes first on it, so that ``python -m tests.…`` works from any folder.
    """
    result = dict(os.environ if env is None else env)
    paths = [
        path
        for path in result.get("PYTHONPATH", "").split(os.pathsep)
        if path and Path(path) not in (_LOOPBACK_GUARD, REPO)
    ]
    result["PYTHONPATH"] = os.pathsep.join([str(REPO), *paths])
    return result


def kill(process: subprocess.Popen[Any]) -> None:
    """Kill ``process`` and its process group (it leads one) if it runs; reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # still unreaped: the group is its own
        process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None and not stream.closed:
            with contextlib.suppress(OSError):
                stream.close()


class Namespaces:
    """The two namespaces of one lab, its files and logs in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._client: subprocess.Popen[str] | None = None
        self._servers: subprocess.Popen[str] | None = None

    @property
    def client(self) -> subprocess.Popen[str]:
        """The process holding the client's namespaces."""
        assert self._client is not None, "the lab has not started"
        return self._client

    @property
    def servers(self) -> subprocess.Popen[str]:
        """The servers' process, which holds the internet's namespace; its pipes control it."""
        assert self._servers is not None, "the lab has not started"
        return self._servers

    def start(self) -> None:
        """Make both namespaces, link them, start the servers, and wait until they listen.

        Raises:
            RuntimeError: a step failed; the logs in :attr:`folder` say why.
        """
        etc = self.folder / "etc"
        etc.mkdir(parents=True, exist_ok=True)
        for name, text in _RESOLVER_FILES.items():
            (etc / name).write_text(text)
        self._client = self._hold(
            "client",
            ["unshare", "--net", "--mount", "--propagation", "private"],
            [_CLIENT_HOLDER, str(etc)],
        )
        self._expect(self._client, "ready")
        self._servers = self._hold(
            "internet",
            ["unshare", "--net"],
            [_INTERNET_HOLDER, str(self._client.pid), sys.executable, str(self.folder)],
        )
        self._expect(self._servers, "linked")
        address = f"ip addr add {CLIENT}/24 dev eth0\n"
        self.configure("online", proxy_required=False, ping=True, first=address)
        self._expect(self._servers, '{"ready": true}')

    def configure(
        self, network: Network, proxy_required: bool, ping: bool, first: str = ""
    ) -> None:
        """Set the client's link, routes and ping permission, and the public hosts' presence.

        Args:
            network: see :data:`~tests.support.netlab.topology.Network`.
            proxy_required: the client has no default route, only its link's.
            ping: every group of the client may open ICMP datagram sockets; else none.
            first: commands for the client before the rest.
        """
        if network in ("router_only", "router_unreachable"):
            internet = f"ip -4 addr flush dev lo to {PUBLIC_NET}\n"
        else:
            internet = "".join(f"ip addr replace {address}/32 dev lo\n" for address in HOSTS)
        kind = "unreachable" if network == "router_unreachable" else "blackhole"
        self._script(self.servers.pid, f"{internet}ip route replace {kind} {PUBLIC_NET}\n")
        if network == "offline":
            client = "ip link set eth0 down\n"
        elif proxy_required:
            client = "ip link set eth0 up\nip route del default 2>/dev/null || true\n"
        else:
            client = f"ip link set eth0 up\nip route replace default via {ROUTER}\n"
        groups = "0 2147483647" if ping else "1 0"
        client += f"echo {groups} > /proc/sys/net/ipv4/ping_group_range\n"
        self._script(self.client.pid, first + client)

    def enter(self, argv: Sequence[str], cwd: Path | str | None = None) -> list[str]:
        """``argv`` as a command that runs it in the client's namespaces, in ``cwd``."""
        where = Path.cwd() if cwd is None else cwd
        pid = self.client.pid
        return ["nsenter", f"--target={pid}", "--net", "--mount", f"--wd={where}", "--", *argv]

    def close(self) -> None:
        """Kill both holders: the namespaces, the link and every server go with them."""
        for holder in (self._servers, self._client):
            if holder is not None:
                kill(holder)
        self._servers = self._client = None

    def _hold(self, name: str, unshare: list[str], script: list[str]) -> subprocess.Popen[str]:
        with (self.folder / f"{name}.log").open("w") as log:
            return subprocess.Popen(
                [*unshare, "--", "sh", "-c", script[0], name, *script[1:]],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                start_new_session=True,
                env=client_env(),
                cwd=REPO,
            )

    def _expect(self, holder: subprocess.Popen[str], line: str) -> None:
        assert holder.stdout is not None
        said = holder.stdout.readline().strip()
        if said != line:
            raise RuntimeError(
                f"network lab: expected {line!r} from a namespace, got {said!r} "
                f"(logs in {self.folder})"
            )

    @staticmethod
    def _script(pid: int, script: str) -> None:
        result = subprocess.run(
            ["nsenter", f"--target={pid}", "--net", "--", "sh", "-ec", script],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        if result.returncode != 0:
            raise RuntimeError(f"network lab: {script!r} failed: {result.stderr}")
