"""Which way a request goes: through which proxies, in order, or direct, and why.

:class:`ProxyPolicy` answers for every request, in this order::

    [network] pac = "http://…/proxy.pac"   the PAC file, whatever else is set
    [network] proxy = "none"               direct, always
    [network] proxy = "http://host:port"   that proxy, always
    [network] proxy = "system" (default):
      the environment's *_PROXY/NO_PROXY   when http_proxy, https_proxy or all_proxy is set
      the desktop's settings               GNOME's, KDE's, or Windows' and macOS' own
                                           (:mod:`~trayapp.core.probes.proxysettings`):
                                           none, manual, a PAC file, or WPAD
      nothing set                          direct

A PAC file (:mod:`~trayapp.core.probes.pac`) is fetched directly, never through a proxy,
within :data:`PAC_TIMEOUT` and :data:`MAX_PAC_BYTES`; fetched again every
:data:`PAC_REFRESH`, and after a failure at most every :data:`PAC_RETRY`. It is run in a
worker process the policy starts at first need (a :class:`~trayapp.core.probes.pac.PacEngine`)
and ends in :meth:`ProxyPolicy.aclose`, each answer within
:data:`~trayapp.core.probes.pac.DEADLINE`. A PAC file that cannot be read or run, or runs past
the deadline, sends requests direct, as browsers do, and the route says why. What it answers
is kept per scheme, host and port for :data:`ROUTE_TTL`; while PAC files are paused after a
script ran too long, requests go direct and nothing is kept. WPAD looks for
``http://wpad.<domain>/wpad.dat`` for each search domain of ``/etc/resolv.conf``, then
``http://wpad/wpad.dat``; nothing further up the domains, which could reach a stranger's
server. The desktop's settings are read again when a request needs them and they are older
than :data:`DESKTOP_REFRESH`, in a worker thread.

SOCKS proxies need ``socksio``, which trayapp does not ship: they are left out with a warning
(a PAC file's next entry is taken; elsewhere the request goes direct).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from trayapp.core.phrases import readings as sources
from trayapp.core.probes.causes import PROBE_ERRORS, Phase, Where, classify
from trayapp.core.probes.pac import PacEngine, PacError, PacPaused, PacScript, parse_answer
from trayapp.core.probes.proxysettings import ProxySettings, environment_settings
from trayapp.core.probes.transport import DIRECT
from trayapp.core.text import printable, redact_url

__all__ = [
    "BAD_PROXY_FOR",
    "DESKTOP_REFRESH",
    "MAX_PAC_BYTES",
    "PAC_REFRESH",
    "PAC_RETRY",
    "PAC_TIMEOUT",
    "ROUTE_TTL",
    "ProxyPolicy",
    "Route",
    "Way",
    "search_domains",
    "shown_proxy",
    "wpad_urls",
]

log = logging.getLogger(__name__)

PAC_TIMEOUT = 10.0
MAX_PAC_BYTES = 1024 * 1024
PAC_REFRESH = 1800.0
PAC_RETRY = 60.0
ROUTE_TTL = 300.0
DESKTOP_REFRESH = 60.0
BAD_PROXY_FOR = 300.0
"""Seconds a proxy that could not be reached is tried after the others of a PAC answer."""


@dataclass(frozen=True, slots=True)
class Route:
    """The way requests to a URL go, as it may be shown."""

    proxy: str | None
    """The proxy's URL, credentials masked; None for direct."""
    source: str
    """Where that choice comes from, in words: "the config", "GNOME's proxy settings",
    "the PAC file http://wpad/wpad.dat"."""
    problem: str | None = None
    """What keeps the settings from working as meant, in words; None when nothing does."""


def shown_proxy(proxy: httpx.Proxy) -> str:
    """``proxy``'s URL as it may be shown: ``http://***@host:3128`` when it has credentials."""
    url = proxy.url
    port = f":{url.port}" if url.port is not None else ""
    user = "***@" if proxy.auth is not None else ""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return redact_url(f"{url.scheme}://{user}{host}{port}")


@dataclass(frozen=True, slots=True)
class Way:
    """A route with every proxy to try, in order (None for direct)."""

    proxies: tuple[httpx.Proxy | None, ...]
    source: str
    problem: str | None = None

    def route(self) -> Route:
        """The route as it may be shown: the first proxy to try."""
        first = self.proxies[0] if self.proxies else None
        return Route(None if first is None else shown_proxy(first), self.source, self.problem)


def search_domains(resolv_conf: Path = Path("/etc/resolv.conf")) -> list[str]:
    """The search domains of ``resolv_conf`` (its last ``search`` or ``domain`` line)."""
    try:
        text = resolv_conf.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    domains: list[str] = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words and words[0] in ("search", "domain"):
            domains = [w.strip(".").lower() for w in words[1:] if w.strip(".")]
    return domains


def wpad_urls(domains: list[str]) -> list[str]:
    """Where WPAD looks for a PAC file, in order."""
    return [f"http://wpad.{domain}/wpad.dat" for domain in domains] + ["http://wpad/wpad.dat"]


@dataclass(slots=True)
class _Pac:
    """One PAC file's URL and what was last fetched from it."""

    url: str
    script: PacScript | None = None
    fetched_at: float = float("-inf")
    failed_at: float = float("-inf")
    problem: str = ""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class ProxyPolicy:
    """Chooses each request's way (see the module's docstring).

    ``proxy`` and ``pac`` are ``[network]``'s settings; ``environ`` the environment's
    variables; ``desktop`` reads the desktop's settings (it may block: it is called in a
    worker thread), None for none; ``domains`` gives WPAD's search domains (it may block).
    :meth:`attach` gives it the client PAC files are fetched with and the resolver their
    names are looked up with; until then a PAC file cannot be read. Use it on one event loop,
    and close it with :meth:`aclose` (the prober it is given to does).
    """

    def __init__(
        self,
        *,
        proxy: str = "system",
        pac: str = "",
        environ: Mapping[str, str] | None = None,
        desktop: Callable[[], ProxySettings | None] | None = None,
        domains: Callable[[], list[str]] = search_domains,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pac_url = pac.strip()
        self._proxies: dict[str, httpx.Proxy | None] = {}
        self._fixed: Way | None = None
        if proxy.strip().lower() == "none":
            self._fixed = Way((None,), sources.THE_CONFIG())
        elif proxy.strip().lower() != "system":
            config = sources.THE_CONFIG()
            self._fixed = Way((self._usable(proxy.strip(), config),), config)
        self._environment = environment_settings(environ or {})
        self._desktop_reader = desktop
        self._domains = domains
        self._monotonic = monotonic
        self._desktop: ProxySettings | None = None
        self._desktop_read_at = float("-inf")
        self._desktop_lock = asyncio.Lock()
        self._pacs: dict[str, _Pac] = {}
        self._answers: dict[tuple[int, str, str, int], tuple[float, Way]] = {}
        self._names: dict[int, dict[str, list[str]]] = {}
        self._bad: dict[tuple[str, str, int | None], float] = {}
        self._client: httpx.AsyncClient | None = None
        self._resolve: Callable[[str], Awaitable[list[str]]] | None = None
        self._engine = PacEngine(monotonic=monotonic)

    def attach(
        self, client: httpx.AsyncClient, resolve: Callable[[str], Awaitable[list[str]]]
    ) -> None:
        """Fetch PAC files with ``client`` (each request marked :data:`DIRECT`), and look up
        the names they ask about with ``resolve`` (an empty list for a name that has none)."""
        self._client, self._resolve = client, resolve

    async def aclose(self) -> None:
        """End the worker that runs PAC files, if one was started."""
        await self._engine.aclose()

    async def route(self, url: str) -> Route:
        """The way requests to ``url`` take now, as it may be shown."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return Route(None, sources.THE_URL(), f"not a URL: {redact_url(printable(str(url)))}")
        return (await self.way(parsed)).route()

    async def way(self, url: httpx.URL) -> Way:
        """The way a request to ``url`` takes: every proxy to try, in order."""
        way = await self._choose(url)
        if len(way.proxies) < 2 or not self._bad:
            return way
        now = self._monotonic()
        for key, until in list(self._bad.items()):
            if until <= now:
                del self._bad[key]
        bad = [p for p in way.proxies if p is not None and _key(p) in self._bad]
        if not bad:
            return way
        good = tuple(p for p in way.proxies if p is None or _key(p) not in self._bad)
        return Way(good + tuple(bad), way.source, way.problem)

    def failed(self, proxy: httpx.Proxy) -> None:
        """``proxy`` could not be reached: try it after the others for a while."""
        self._bad[_key(proxy)] = self._monotonic() + BAD_PROXY_FOR

    async def _choose(self, url: httpx.URL) -> Way:
        if self._pac_url:
            return await self._pac_way(self._pac_url, "", url)
        if self._fixed is not None:
            return self._fixed
        if self._environment is not None:
            return self._manual(self._environment, url)
        settings = await self._desktop_settings()
        if settings is None:
            return Way((None,), sources.NO_PROXY_SETTINGS())
        if settings.mode == "pac":
            return await self._pac_way(settings.pac_url, settings.source, url)
        if settings.mode == "wpad":
            return await self._wpad_way(settings.source, url)
        return self._manual(settings, url)

    def _manual(self, settings: ProxySettings, url: httpx.URL) -> Way:
        chosen = settings.proxy_for(url.scheme, url.host)
        proxy = None if chosen is None else self._usable(chosen, settings.source)
        return Way((proxy,), settings.source)

    def _usable(self, url: str, source: str) -> httpx.Proxy | None:
        """``url`` as an httpx proxy; None (direct) for one trayapp cannot use, said once."""
        if url in self._proxies:
            return self._proxies[url]
        proxy: httpx.Proxy | None = None
        try:
            proxy = httpx.Proxy(url)
        except (ValueError, httpx.InvalidURL):
            log.warning("ignoring the proxy of %s: not a proxy URL", source)
        else:
            if proxy.url.scheme not in ("http", "https"):
                log.warning("ignoring the %s proxy of %s: not supported", proxy.url.scheme, source)
                proxy = None
        self._proxies[url] = proxy
        return proxy

    async def _desktop_settings(self) -> ProxySettings | None:
        if self._desktop_reader is None:
            return None
        if self._monotonic() - self._desktop_read_at < DESKTOP_REFRESH:
            return self._desktop  # read lately: no need to queue behind the others
        async with self._desktop_lock:
            if self._monotonic() - self._desktop_read_at >= DESKTOP_REFRESH:
                try:
                    self._desktop = await asyncio.to_thread(self._desktop_reader)
                except OSError as error:
                    log.warning("cannot read the desktop's proxy settings: %s", error)
                    self._desktop = None
                self._desktop_read_at = self._monotonic()
            return self._desktop

    async def _wpad_way(self, origin: str, url: httpx.URL) -> Way:
        domains = await asyncio.to_thread(self._domains)
        tried = wpad_urls(domains)
        for candidate in tried:
            pac = await self._pac(candidate)
            if pac.script is not None:
                return await self._pac_way(candidate, sources.FOUND_BY_WPAD(), url)
        where = ", ".join(tried)
        return Way((None,), origin, f"no PAC file was found by WPAD (tried {where})")

    async def _pac_way(self, pac_url: str, origin: str, url: httpx.URL) -> Way:
        shown = redact_url(pac_url)
        if origin:
            source = sources.THE_PAC_FILE_OF(url=shown, origin=origin)
        else:
            source = sources.THE_PAC_FILE(url=shown)
        pac = await self._pac(pac_url)
        if pac.script is None:
            return Way((None,), source, f"the PAC file {shown} could not be read: {pac.problem}")
        script = pac.script
        port = url.port or (443 if url.scheme == "https" else 80)
        key = (script.id, url.scheme, url.host, port)
        now = self._monotonic()
        cached = self._answers.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            way = await self._evaluate(script, source, shown, url, port)
        except PacPaused as error:
            return Way((None,), source, f"the PAC file {shown} {error}")  # over soon: not kept
        self._answers[key] = (now + ROUTE_TTL, way)
        return way

    async def _evaluate(
        self, script: PacScript, source: str, shown: str, url: httpx.URL, port: int
    ) -> Way:
        """The way the script chooses; PacPaused passes through.

        Raises:
            PacPaused: PAC files are paused: nothing was run.
        """
        # Only scheme, host and port go to the script: a path or query may hold secrets, and
        # a PAC file can send what it is given anywhere in a name it looks up.
        default = (url.scheme, port) in (("http", 80), ("https", 443))
        target = f"{url.scheme}://{url.host}{'' if default else f':{port}'}/"
        names = self._names.setdefault(script.id, {})
        try:
            answer = await self._engine.find_proxy(script, target, url.host, self._lookup, names)
        except PacPaused:
            raise
        except PacError as error:
            return Way((None,), source, f"the PAC file {shown} {error}")
        proxies: list[httpx.Proxy | None] = []
        for entry in parse_answer(answer):
            if entry.kind == "DIRECT":
                proxies.append(None)
                continue
            scheme = "https" if entry.kind == "HTTPS" else entry.kind.lower()
            if entry.kind in ("PROXY", "HTTP"):
                scheme = "http"
            proxy = self._usable(f"{scheme}://{entry.address}", source)
            if proxy is not None:
                proxies.append(proxy)
        if not proxies:
            said = printable(answer, 80)
            problem = f"the PAC file {shown} gave no way trayapp can use for {url.host} ('{said}')"
            return Way((None,), source, problem)
        return Way(tuple(proxies), source)

    async def _lookup(self, name: str) -> list[str]:
        if self._resolve is None:
            return []
        return await self._resolve(name)

    async def _pac(self, url: str) -> _Pac:
        """The PAC file at ``url``, fetched when it is due."""
        pac = self._pacs.get(url)
        if pac is None:
            pac = self._pacs[url] = _Pac(url)
        async with pac.lock:
            now = self._monotonic()
            due = now - pac.fetched_at >= PAC_REFRESH and now - pac.failed_at >= PAC_RETRY
            if not due:
                return pac
            try:
                text = await self._fetch(url)
            except _Unread as error:
                pac.failed_at, pac.problem = self._monotonic(), str(error)
                if pac.script is not None:
                    shown = redact_url(url)
                    log.warning("the PAC file %s could not be read again: %s", shown, error)
                return pac
            pac.fetched_at, pac.problem = self._monotonic(), ""
            if pac.script is None or pac.script.text != text:
                pac.script = PacScript(text)
                self._answers.clear()
            return pac

    async def _fetch(self, url: str) -> str:
        """The text at ``url``, fetched directly.

        Raises:
            _Unread: it could not be read; the message says why, in words.
        """
        if url.lower().startswith("file://"):
            path = Path(httpx.URL(url).path)
            try:
                data = await asyncio.to_thread(_read_file, path)
            except OSError as error:
                raise _Unread(error.strerror or type(error).__name__) from None
            return _text(data)
        if self._client is None:
            raise _Unread("there is nothing to fetch it with")
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            raise _Unread("not a URL") from None
        if parsed.scheme not in ("http", "https"):
            raise _Unread("not an http(s) or file URL")
        endpoint = f"{parsed.host}:{parsed.port or (443 if parsed.scheme == 'https' else 80)}"
        try:
            async with asyncio.timeout(PAC_TIMEOUT):
                data = await self._download(parsed)
        except PROBE_ERRORS as error:
            diagnosis = classify(error, Where(endpoint, Phase.CONNECT, PAC_TIMEOUT))
            raise _Unread(diagnosis.detail if diagnosis else type(error).__name__) from None
        return _text(data)

    async def _download(self, url: httpx.URL) -> bytes:
        assert self._client is not None
        async with self._client.stream(
            "GET",
            url,
            timeout=httpx.Timeout(PAC_TIMEOUT),
            follow_redirects=True,
            extensions={DIRECT: True},
        ) as response:
            if response.status_code != 200:
                phrase = httpx.codes.get_reason_phrase(response.status_code)
                raise _Unread(f"HTTP {response.status_code} {phrase}".rstrip())
            data = bytearray()
            async for chunk in response.aiter_bytes():
                data += chunk
                if len(data) > MAX_PAC_BYTES:
                    raise _Unread(f"it is larger than {MAX_PAC_BYTES // 1024} KiB")
            return bytes(data)


class _Unread(Exception):
    """A PAC file could not be read; the message says why."""


def _read_file(path: Path) -> bytes:
    with path.open("rb") as file:
        data = file.read(MAX_PAC_BYTES + 1)
    if len(data) > MAX_PAC_BYTES:
        raise OSError(0, f"it is larger than {MAX_PAC_BYTES // 1024} KiB")
    return data


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _key(proxy: httpx.Proxy) -> tuple[str, str, int | None]:
    return proxy.url.scheme, proxy.url.host, proxy.url.port
