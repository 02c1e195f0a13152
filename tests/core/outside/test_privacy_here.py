"""What may be sent outside, judged on a machine whose own resolver says what a name is.

The rules of :mod:`trayapp.core.outside.privacy` run inside the client of the network lab
(tests/support/netlab), where glibc asks the lab's router for names: a name that looks public
but that the network here maps to a private address (a split-horizon intranet name, a NAS
behind a public-looking name) never leaves, whichever resolver the checks use, the system's
or a DNS server of ``[network] dns_server``. The README says the same rules.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.netlab import ROUTER, NetLab
from trayapp.core.outside import PRIVATE_SUFFIXES

INTRANET = "10.77.0.5"
"""Where the lab's router sends the intranet's names: a private address, on no host."""

PUBLIC = "93.184.215.14"
"""A public address a name of the lab may stand for; nothing is ever sent to it."""

DECIDE = """
import asyncio, json, sys
from trayapp.core.config.model import DnsCheck, HttpCheck, TcpCheck
from trayapp.core.outside import decide
from trayapp.core.probes import ServerResolver, SystemResolver

KINDS = {"http": HttpCheck, "tcp": TcpCheck, "dns": DnsCheck}

async def main(cases, server):
    resolver = ServerResolver(server) if server else SystemResolver()
    found = []
    for kind, fields, outside in cases:
        decision = await decide(KINDS[kind](type=kind, **fields), outside, resolver)
        found.append([decision.allowed, decision.reason, str(decision.target)])
    await resolver.aclose()
    print(json.dumps(found))

asyncio.run(main(json.loads(sys.argv[1]), sys.argv[2]))
"""


def decide_here(
    netlab: NetLab, cases: list[tuple[str, dict[str, Any], bool | str]], server: str = ""
) -> list[tuple[bool, str, str]]:
    """Each case's (allowed, reason, target), decided by a program in the lab's client;
    ``server``: the DNS server the checks ask ("" for the system's resolver, glibc's)."""
    done = netlab.run([sys.executable, "-c", DECIDE, json.dumps(cases), server], timeout=60)
    assert done.returncode == 0, done.stderr
    return [tuple(found) for found in json.loads(done.stdout)]  # type: ignore[misc]


@pytest.fixture
def names(netlab: NetLab) -> NetLab:
    netlab.add_names(
        {
            "files.acme-corp.com": INTRANET,
            "db.acme-corp.com": INTRANET,
            "shop.acme-shop.com": PUBLIC,
        }
    )
    return netlab


@pytest.mark.parametrize("server", ["", ROUTER], ids=["system resolver", "dns_server"])
def test_a_public_looking_name_that_resolves_here_to_a_private_address_stays_here(
    names: NetLab, server: str
) -> None:
    found = decide_here(
        names,
        [
            ("http", {"url": "https://files.acme-corp.com/share/"}, "auto"),
            ("tcp", {"host": "db.acme-corp.com", "port": 5432}, "auto"),
            ("dns", {"name": "files.acme-corp.com"}, "auto"),
            ("http", {"url": "https://shop.acme-shop.com/cart"}, "auto"),
            ("http", {"url": "https://gone.acme-shop.com/"}, "auto"),
        ],
        server,
    )
    assert found == [
        (
            False,
            f"not asked outside: files.acme-corp.com resolves here to {INTRANET}, a private "
            "address",
            "https://files.acme-corp.com:443/share/",
        ),
        (
            False,
            f"not asked outside: db.acme-corp.com resolves here to {INTRANET}, a private address",
            "db.acme-corp.com:5432",
        ),
        (
            False,
            f"not asked outside: files.acme-corp.com resolves here to {INTRANET}, a private "
            "address",
            "files.acme-corp.com A",
        ),
        (
            True,
            "asked outside: shop.acme-shop.com is a public name",
            "https://shop.acme-shop.com:443/cart",
        ),
        # Not found here is what the world is asked about: the name itself looks public.
        (
            True,
            "asked outside: gone.acme-shop.com is a public name (not found here)",
            "https://gone.acme-shop.com:443/",
        ),
    ]


def test_the_service_s_own_say_wins_and_only_host_port_and_path_would_go(names: NetLab) -> None:
    url = "https://alice:pa55word@files.acme-corp.com:8443/share/report?token=t0ken#top"
    found = decide_here(
        names,
        [
            ("http", {"url": url}, True),
            ("http", {"url": "https://shop.acme-shop.com/"}, False),
        ],
    )
    assert found == [
        (
            True,
            "asked outside: the service says outside = true",
            "https://files.acme-corp.com:8443/share/report",
        ),
        (
            False,
            "not asked outside: the service says outside = false",
            "https://shop.acme-shop.com:443/",
        ),
    ]
    for secret in ("alice", "pa55word", "token", "t0ken", "top"):
        assert secret not in found[0][2]


def test_the_readme_names_every_name_that_is_never_sent() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Asking the world: outside vantage points", 1)[1].split("\n## ")[0]
    said = section.split("**What is never sent.**", 1)[1].split("A name that does not", 1)[0]
    listed = {suffix.lstrip(".") for suffix in re.findall(r"`(\.[a-z.]+)`", said)}
    assert listed == set(PRIVATE_SUFFIXES)
