"""The PAC worker: a process of its own that runs PAC scripts in pacparser.

:class:`~trayapp.core.probes.pac.PacEngine` starts it with :func:`command` (``trayapp
--pac-worker``, or ``python -m trayapp --pac-worker`` from source; ``trayapp/__main__.py``
answers to that flag before it imports anything else), and kills it when a script runs past
its deadline: pacparser holds the GIL while a script runs and cannot be stopped, so only
another process can run a script that may never return without stopping trayapp with it.

It reads one JSON object a line on its standard input and answers each with one line on its
standard output, in order; it says ``{"ready": true}`` first, once pacparser is imported::

    {"load": SCRIPT, "myip": ADDRESS, "limit": SECONDS}
        {"loaded": true} | {"error": "javascript"} | {"error": "engine"}
    {"find": [URL, HOST], "answers": {NAME: [ADDRESS, ...]}, "limit": SECONDS}
        {"answer": TEXT} | {"missing": [NAME, ...]} | {"error": "failed"} | {"error": "unloaded"}

``load`` makes SCRIPT the one script run from then on (``myIpAddress`` gives ADDRESS).
``find`` runs ``FindProxyForURL(URL, HOST)`` with the names the caller resolved: the script
never looks a name up itself. A name it asks about that is not in ``answers`` is answered
"unresolvable" and noted; when any was, the answer is ``missing``, the names to resolve
before asking again (at most :data:`MAX_NAMES` a run). ``limit`` is the most a request may
take: the worker ends itself past it (where ``setitimer`` exists), so that a worker whose
trayapp is gone cannot spin for ever. It ends at the end of its input.

It imports nothing but the standard library's basics and pacparser: it starts in tens of
milliseconds. The scripts run in pacparser's QuickJS with nothing but the PAC functions: no
file, process or network access. Whatever the engine prints (its complaints about a script)
goes to the standard error, never between the answers.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import IO, Any

__all__ = ["FLAG", "MAX_ANSWER", "MAX_NAMES", "command", "serve"]

FLAG = "--pac-worker"
"""The argument that makes ``trayapp`` (or ``python -m trayapp``) this worker."""

MAX_NAMES = 32
"""Names one run of ``FindProxyForURL`` may ask to have resolved; the rest are unresolvable."""

MAX_ANSWER = 4096
"""Characters of an answer passed on: more is no proxy list but a script gone wrong."""

_MISSING = "@trayapp-missing "

_PRELUDE = f"""
var __trayapp = {{answers: {{}}, missing: [], myip: "127.0.0.1", myips: "127.0.0.1"}};
function __trayapp_lookup(host, all) {{
    var name = String(host).toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(__trayapp.answers, name)) {{
        if (name.length <= 253 && __trayapp.missing.length < {MAX_NAMES}
                && __trayapp.missing.indexOf(name) < 0) __trayapp.missing.push(name);
        return all ? "" : null;
    }}
    var found = __trayapp.answers[name];
    if (all) return found.join(";");
    for (var i = 0; i < found.length; i++) if (found[i].indexOf(":") < 0) return found[i];
    return null;
}}
dnsResolve = function (host) {{ return __trayapp_lookup(host, false); }};
dnsResolveEx = function (host) {{ return __trayapp_lookup(host, true); }};
myIpAddress = function () {{ return __trayapp.myip; }};
myIpAddressEx = function () {{ return __trayapp.myips; }};
"""

_POSTLUDE = f"""
var __trayapp_find = findProxyForURL;
findProxyForURL = function (url, host) {{
    __trayapp.missing = [];
    var answer = __trayapp_find(url, host);
    if (__trayapp.missing.length) return "{_MISSING}" + JSON.stringify(__trayapp.missing);
    return String(answer);
}};
"""


def command() -> list[str]:
    """The worker's command line: this program again, with :data:`FLAG`.

    In a bundle (PyInstaller's, where ``sys.frozen`` is set) ``sys.executable`` is trayapp
    itself; elsewhere it is the Python that runs trayapp, which runs it as a module.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, FLAG]
    return [sys.executable, "-m", "trayapp", FLAG]


class _Engine:
    """pacparser, with at most one script loaded."""

    def __init__(self) -> None:
        import pacparser  # here, not at the top: the parent imports this module for command()
        from pacparser import _pacparser

        self._pacparser = pacparser
        self._error: type[Exception] = _pacparser.error
        self._loaded = False

    def load(self, script: str, myip: str) -> dict[str, Any]:
        pacparser = self._pacparser
        if self._loaded:
            pacparser.cleanup()
            self._loaded = False
        try:
            pacparser.init()
        except self._error:
            return {"error": "engine"}
        try:
            pacparser.parse_pac_string(_PRELUDE)
            pacparser.parse_pac_string(script)
            pacparser.parse_pac_string(_POSTLUDE)
        except (self._error, ValueError):  # ValueError: a NUL in the script
            pacparser.cleanup()
            return {"error": "javascript"}
        pacparser.parse_pac_string(f"__trayapp.myip = __trayapp.myips = {json.dumps(myip)};")
        self._loaded = True
        return {"loaded": True}

    def find(self, url: str, host: str, answers: dict[str, list[str]]) -> dict[str, Any]:
        if not self._loaded:
            return {"error": "unloaded"}
        try:
            self._pacparser.parse_pac_string(f"__trayapp.answers = {json.dumps(answers)};")
            answer = str(self._pacparser.find_proxy(url, host))
        except (self._error, ValueError):
            return {"error": "failed"}
        if answer.startswith(_MISSING):
            try:
                names = json.loads(answer[len(_MISSING) :])
            except ValueError:
                return {"error": "failed"}
            return {"missing": [str(name) for name in names][:MAX_NAMES]}
        return {"answer": answer[:MAX_ANSWER]}


def _limit(seconds: float) -> None:
    """End this process (SIGALRM's default action) ``seconds`` from now; 0 disarms."""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.0))


def _answer(engine: _Engine, request: dict[str, Any]) -> dict[str, Any]:
    if "load" in request:
        return engine.load(str(request["load"]), str(request.get("myip", "127.0.0.1")))
    if "find" in request:
        url, host = (str(part) for part in request["find"])
        answers = {
            str(name): [str(address) for address in addresses]
            for name, addresses in dict(request.get("answers", {})).items()
        }
        return engine.find(url, host, answers)
    return {"error": "request"}


def serve() -> int:
    """Answer the requests of the standard input until it ends (see the module's docstring).

    Returns:
        The exit status: 0, also when trayapp is gone before an answer could be written.
    """
    # Ctrl-C in a terminal is meant for trayapp, which ends the worker by closing its input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    # The answers get a descriptor of their own; descriptor 1 becomes the standard error, so
    # that nothing the engine prints can land between them.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    engine = _Engine()
    try:
        _write(replies, {"ready": True})
        # Descriptor 0, not sys.stdin, which a windowed program (trayappw.exe) may lack.
        with open(0, "rb", closefd=False) as requests:
            for line in requests:
                _write(replies, _reply(engine, line))
    except BrokenPipeError:
        pass
    return 0


def _reply(engine: _Engine, line: bytes) -> dict[str, Any]:
    try:
        request = json.loads(line)
        limit = float(request.get("limit", 0.0))
    except (ValueError, TypeError, AttributeError):
        return {"error": "request"}
    _limit(limit)
    try:
        return _answer(engine, request)
    except (KeyError, TypeError, ValueError, AttributeError):
        return {"error": "request"}
    finally:
        _limit(0.0)


def _write(replies: IO[str], reply: dict[str, Any]) -> None:
    replies.write(json.dumps(reply) + "\n")
    replies.flush()
