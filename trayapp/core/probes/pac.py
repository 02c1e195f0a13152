"""PAC files: ``FindProxyForURL`` run by pacparser, the names it looks up answered by us.

pacparser embeds QuickJS with nothing but the PAC functions: no file, process or network
access from the script. Its engine is one per process and must always be used from the same
thread, and it holds the GIL while it runs, so:

- every script runs on one thread of its own (:data:`_ENGINE`), one script loaded at a time;
- the script never resolves a name itself (pacparser would call ``getaddrinfo`` with the
  GIL held, stopping every other thread, the event loop included, for as long as DNS takes).
  ``dnsResolve``, ``dnsResolveEx``, ``isResolvable``, ``isInNet`` and ``myIpAddress`` are
  answered from a table: a name not in it is noted and answered "unresolvable", and
  :func:`find_proxy` resolves the noted names with the caller's resolver, off the engine,
  and runs ``FindProxyForURL`` again with their answers, for up to :data:`MAX_PASSES`
  rounds of lookups; names asked for after that are unresolvable.
  ``FindProxyForURL`` is a function of its arguments, the time and DNS, so the last pass
  gives the answer the script means.

What the engine cannot do is stop a script that never returns: such a script holds the GIL,
and trayapp with it, as it would a browser without a separate PAC process. PAC files come
from the config, the desktop's settings or the local network's WPAD server.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pacparser
from pacparser import _pacparser

__all__ = ["MAX_PASSES", "PacEntry", "PacError", "PacScript", "find_proxy", "parse_answer"]

MAX_PASSES = 4
"""Rounds of lookups for one answer: each run of ``FindProxyForURL`` may ask for names."""

_MISSING = "@trayapp-missing"

_PRELUDE = """
var __trayapp = {answers: {}, missing: [], myip: "127.0.0.1", myips: "127.0.0.1"};
function __trayapp_lookup(host, all) {
    var name = String(host).toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(__trayapp.answers, name)) {
        if (__trayapp.missing.indexOf(name) < 0) __trayapp.missing.push(name);
        return all ? "" : null;
    }
    var found = __trayapp.answers[name];
    if (all) return found.join(";");
    for (var i = 0; i < found.length; i++) if (found[i].indexOf(":") < 0) return found[i];
    return null;
}
dnsResolve = function (host) { return __trayapp_lookup(host, false); };
dnsResolveEx = function (host) { return __trayapp_lookup(host, true); };
myIpAddress = function () { return __trayapp.myip; };
myIpAddressEx = function () { return __trayapp.myips; };
"""

_POSTLUDE = f"""
var __trayapp_find = findProxyForURL;
findProxyForURL = function (url, host) {{
    __trayapp.missing = [];
    var answer = __trayapp_find(url, host);
    if (__trayapp.missing.length) return "{_MISSING} " + __trayapp.missing.join(" ");
    return String(answer);
}};
"""


class PacError(Exception):
    """The script cannot be run, or ``FindProxyForURL`` failed; the message says which, in
    words that follow "the PAC file …"."""


_ids = itertools.count()


class PacScript:
    """A PAC file's text, run on the engine's thread (see the module's docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._id = next(_ids)
        self._broken = ""

    @property
    def id(self) -> int:
        """Tells scripts apart for the engine, whatever their text."""
        return self._id


@dataclass(frozen=True, slots=True)
class PacEntry:
    """One entry of what ``FindProxyForURL`` returned."""

    kind: str
    """``DIRECT``, ``PROXY``, ``HTTP``, ``HTTPS``, ``SOCKS``, ``SOCKS4`` or ``SOCKS5``."""
    address: str = ""
    """``host:port``; empty for ``DIRECT``."""


def parse_answer(answer: str) -> list[PacEntry]:
    """``"PROXY a:3128; DIRECT"`` as entries, in order; what cannot be read is left out."""
    entries = []
    for part in answer.split(";"):
        words = part.split()
        if len(words) == 1 and words[0].upper() == "DIRECT":
            entries.append(PacEntry("DIRECT"))
        elif len(words) == 2 and words[0].upper() in {
            "PROXY",
            "HTTP",
            "HTTPS",
            "SOCKS",
            "SOCKS4",
            "SOCKS5",
        }:
            entries.append(PacEntry(words[0].upper(), words[1]))
    return entries


_ENGINE_ERROR: type[Exception] = _pacparser.error
"""What pacparser raises (its module does not name it)."""

_ENGINE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trayapp-pac")
"""The one thread pacparser is used from."""

_loaded: int | None = None
"""The id of the script in the engine, on the engine's thread only."""


def _my_addresses() -> str:
    """The address this machine reaches the world from; 127.0.0.1 when there is none.

    Connecting a UDP socket sends nothing: it only asks the kernel for a route.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def _load(script: PacScript) -> None:
    global _loaded
    if _loaded == script.id:
        return
    if script._broken:  # once is enough: each try prints the engine's complaint on stderr
        raise PacError(script._broken)
    if _loaded is not None:
        pacparser.cleanup()
        _loaded = None
    try:
        pacparser.init()
    except _ENGINE_ERROR:
        raise PacError("could not be run: the PAC engine did not start") from None
    try:
        pacparser.parse_pac_string(_PRELUDE)
        pacparser.parse_pac_string(script.text)
        pacparser.parse_pac_string(_POSTLUDE)
    except (_ENGINE_ERROR, ValueError):
        pacparser.cleanup()
        script._broken = "is not a script that can be run (a JavaScript error)"
        raise PacError(script._broken) from None
    me = _my_addresses()
    pacparser.parse_pac_string(f"__trayapp.myip = __trayapp.myips = {json.dumps(me)};")
    _loaded = script.id


def _find(script: PacScript, url: str, host: str, answers: Mapping[str, list[str]]) -> str:
    """One run of ``FindProxyForURL`` on the engine's thread."""
    _load(script)
    try:
        pacparser.parse_pac_string(f"__trayapp.answers = {json.dumps(dict(answers))};")
        return str(pacparser.find_proxy(url, host))
    except (_ENGINE_ERROR, ValueError):
        raise PacError(f"failed in FindProxyForURL for {host}") from None


async def _lookup(resolve: Callable[[str], Awaitable[list[str]]], name: str) -> list[str]:
    # isInNet(dnsResolve(host)) asks for "null" when the host does not resolve: no name.
    return [] if name in ("null", "undefined", "") else await resolve(name)


async def find_proxy(
    script: PacScript,
    url: str,
    host: str,
    resolve: Callable[[str], Awaitable[list[str]]],
    answers: dict[str, list[str]] | None = None,
) -> str:
    """What ``FindProxyForURL(url, host)`` returns, the names it asks about resolved by
    ``resolve`` (an empty list for a name that does not resolve).

    ``answers`` keeps what was resolved for the next call (the caller decides for how long).

    Raises:
        PacError: the script cannot be run, or ``FindProxyForURL`` failed.
    """
    known = answers if answers is not None else {}
    loop = asyncio.get_running_loop()
    for rounds in itertools.count():
        answer = await loop.run_in_executor(_ENGINE, _find, script, url, host, dict(known))
        if not answer.startswith(_MISSING):
            return answer
        names = answer.split()[1:]
        if rounds < MAX_PASSES:
            found = await asyncio.gather(*(_lookup(resolve, name) for name in names))
            known.update(zip(names, found, strict=True))
        elif rounds == MAX_PASSES:
            # Still asking: what it asks about now stays unresolvable, for one last run.
            known.update((name, []) for name in names)
        else:
            break
    raise PacError(f"asks for too many names to find a proxy for {host}")
