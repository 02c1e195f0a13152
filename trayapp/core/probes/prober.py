"""The :class:`Prober`: runs any check, and is the only thing the monitor needs for it."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, Self

import httpx

from trayapp.core.clock import Clock, SystemClock
from trayapp.core.config.running import (
    DnsCheck,
    HttpCheck,
    Network,
    PingCheck,
    ServiceSettings,
    TcpCheck,
)
from trayapp.core.config.secrets import KeyringSecrets, SecretLookup, SecretsUnavailable
from trayapp.core.models import Cause, CheckResult
from trayapp.core.phrases import checks as words
from trayapp.core.probes.backend import ResolvingBackend
from trayapp.core.probes.dns import DnsProbe
from trayapp.core.probes.http import HttpProbe
from trayapp.core.probes.pingcheck import PingProbe
from trayapp.core.probes.proxies import ProxyPolicy, Route
from trayapp.core.probes.proxysettings import desktop_settings
from trayapp.core.probes.resolver import ResolveError, Resolver, ServerResolver, SystemResolver
from trayapp.core.probes.tcp import TcpProbe
from trayapp.core.probes.transport import SslContextFactory, build_client, system_ssl_context
from trayapp.core.text import duration_text, printable, quoted, redact_url

if TYPE_CHECKING:
    from trayapp.core.probes.localnet import LocalNet

__all__ = ["Fetched", "Prober"]

_PAC_LOOKUP_TIMEOUT = 2.0
"""Seconds a name a PAC file asks about may take to resolve."""


class Prober:
    """Runs checks: at most ``concurrency`` at once, each within its timeout, never raising.

    Everything it talks through is passed in: the ``resolver`` for every name, the
    ``ssl_context`` factory, the ``proxies`` (a
    :class:`~trayapp.core.probes.proxies.ProxyPolicy`; None: always direct), the ``clock``. A
    ``transport`` replaces the network for http checks (tests pass
    ``httpx.MockTransport``); tcp, dns and ping checks still use the resolver. ``secrets`` looks up
    the values of headers kept as secrets (by default in the OS keyring); it may block, and is
    called in a worker thread just before the check's request.

    A secret that cannot be found is not invented: the request goes without that header, the
    answer is judged as usual (typically ``http_status``, "HTTP 401 Unauthorized"), and the
    detail says which secret was missing and why. None of the closed set of causes means "your
    configuration lacks a value", and the server's own answer to the request that could be
    made is the honest result; a made-up cause would be mistaken for a network or server fault.

    The prober owns the resolver and the proxy policy once given them: :meth:`aclose` closes
    them with its client (the policy's PAC worker included). Make it, use it and close it on
    one event loop (the runtime's): its client and its slots belong to it.
    """

    def __init__(
        self,
        *,
        resolver: Resolver,
        ssl_context: SslContextFactory = system_ssl_context,
        proxies: ProxyPolicy | None = None,
        clock: Clock | None = None,
        concurrency: int = 20,
        transport: httpx.AsyncBaseTransport | None = None,
        secrets: SecretLookup | None = None,
        local: LocalNet | None = None,
    ) -> None:
        self._clock = clock or SystemClock()
        if local is None:
            from trayapp.core.probes.localnet import LocalNet  # only when asked: start-up time

            local = LocalNet()
        self.local = local
        """Where the machine's own network is read (the network's clues come from it)."""
        self._secrets = secrets or KeyringSecrets().get
        self._resolver = resolver
        self._backend = ResolvingBackend(resolver, monotonic=self._clock.monotonic)
        client = build_client(
            backend=self._backend,
            ssl_context=ssl_context,
            routes=proxies,
            transport=transport,
        )
        self._client = client
        self._proxies = proxies or ProxyPolicy()  # always direct: "no proxy settings"
        self._proxies.attach(client, self._pac_addresses)
        self._http = HttpProbe(client, self._clock)
        self._tcp = TcpProbe(self._backend, self._clock)
        self._dns = DnsProbe(resolver, self._clock)
        self._ping = PingProbe(resolver, self._clock)
        self._slots = asyncio.Semaphore(concurrency)

    @classmethod
    def from_config(
        cls,
        network: Network,
        environ: Mapping[str, str],
        *,
        clock: Clock | None = None,
        secrets: SecretLookup | None = None,
    ) -> Prober:
        """The prober the app uses: ``network``'s DNS server, concurrency and proxy settings,
        the OS trust store, the proxies of ``environ`` (usually ``os.environ``) and of the
        desktop's settings, and the OS keyring (unless ``secrets`` says otherwise)."""
        system = SystemResolver(max_threads=network.concurrency)
        resolver: Resolver = system
        if network.dns_server:
            resolver = _Owning(ServerResolver(network.dns_server, bootstrap=system), system)
        clock = clock or SystemClock()
        environment = dict(environ)
        policy = ProxyPolicy(
            proxy=network.proxy,
            pac=network.pac,
            environ=environment,
            desktop=lambda: desktop_settings(environment),
            monotonic=clock.monotonic,
        )
        return cls(
            resolver=resolver,
            proxies=policy,
            clock=clock,
            concurrency=network.concurrency,
            secrets=secrets,
        )

    @property
    def proxies(self) -> ProxyPolicy:
        """The way its requests go: the policy to give any other client that should go the
        same way (the status pages' one), on the same event loop, closed with the prober."""
        return self._proxies

    @property
    def resolver(self) -> Resolver:
        """The resolver every name is asked of (the outside privacy rules ask it too)."""
        return self._resolver

    @property
    def clock(self) -> Clock:
        """The clock the prober stamps results with."""
        return self._clock

    async def route(self, url: str) -> Route:
        """The way requests to ``url`` go now: through which proxy (or direct), why, and what
        keeps the proxy settings from working, if anything. Reads the desktop's settings or
        a PAC file when they are due, and may look names up for a PAC file and run it: it
        can take as long as fetching the PAC file does (at most ten seconds or so), and two
        seconds more for the script."""
        return await self._proxies.route(url)

    async def _pac_addresses(self, name: str) -> list[str]:
        """``name``'s addresses for a PAC file's ``dnsResolve``; none when it has none."""
        try:
            return await self._resolver.addresses(name, _PAC_LOOKUP_TIMEOUT)
        except ResolveError:
            return []

    async def run(
        self, check: HttpCheck | TcpCheck | DnsCheck | PingCheck, settings: ServiceSettings
    ) -> CheckResult:
        """Run ``check`` once and say what it found. Waits for a free slot first; the
        check's timeout starts when it does."""
        return (await self._run(check, settings, keep_body=False)).result

    async def fetch(self, check: HttpCheck, settings: ServiceSettings) -> Fetched:
        """Run ``check`` as :meth:`run` does, and keep the decoded body of an accepted answer:
        how a source's documents are read, through the same resolver, proxies, trust store
        and secrets as the checks."""
        return await self._run(check, settings, keep_body=True)

    async def _run(
        self,
        check: HttpCheck | TcpCheck | DnsCheck | PingCheck,
        settings: ServiceSettings,
        *,
        keep_body: bool,
    ) -> Fetched:
        timeout = check.timeout or settings.timeout
        async with self._slots:
            headers, unsent = None, ""
            if check.type == "http" and check.secrets:
                headers, unsent = await self._headers(check, timeout)
            checked_at = self._clock.now()
            started = self._clock.monotonic()
            if check.type == "http":
                outcome = await self._http.run(
                    check, settings, timeout, headers, keep_body=keep_body
                )
            elif check.type == "tcp":
                outcome = await self._tcp.run(check, timeout)
            elif check.type == "ping":
                outcome = await self._ping.run(check, timeout)
            else:
                outcome = await self._dns.run(check, timeout)
            elapsed = self._clock.monotonic() - started
            if outcome.elapsed is not None:
                elapsed = outcome.elapsed
        slow_after = settings.slow_after
        if check.type == "http" and check.slow_after is not None:
            slow_after = check.slow_after
        if outcome.cause is None and elapsed > slow_after:
            took, limit = duration_text(elapsed), duration_text(slow_after)
            detail = words.SLOW(took=took, limit=limit)
            outcome = replace(outcome, cause=Cause.SLOW, detail=detail)
        if unsent:
            detail = f"{outcome.detail}; {unsent}" if outcome.detail else unsent
            outcome = replace(outcome, detail=detail)
        result = CheckResult(
            type=check.type,
            target=redact_url(check.target),
            checked_at=checked_at,
            elapsed_ms=round(elapsed * 1000, 1),
            cause=outcome.cause,
            detail=outcome.detail,
            http_status=outcome.http_status,
            timings=outcome.timings,
        )
        return Fetched(result, outcome.body, outcome.content_type, outcome.location)

    async def _headers(self, check: HttpCheck, timeout: float) -> tuple[dict[str, str], str]:
        """``check``'s headers with each secret's value, and what could not be sent, in words.

        The words name the header and the secret, never a value.
        """
        headers: dict[str, str] = {}
        unsent = []
        for name, value in check.headers.items():
            if isinstance(value, str):
                headers[name] = value
                continue
            ref = quoted(value.secret)
            try:
                async with asyncio.timeout(timeout):
                    found = await asyncio.to_thread(self._secrets, value.secret)
            except TimeoutError:
                reason = words.KEYRING_LOCKED(secret=ref)
            except SecretsUnavailable as error:
                reason = words.SECRET_UNREADABLE(secret=ref, reason=error)
            else:
                if found is not None and found.isascii() and found.isprintable():
                    headers[name] = found
                    continue
                reason = (
                    words.SECRET_MISSING(secret=ref)
                    if found is None
                    else words.SECRET_UNSENDABLE(secret=ref)
                )
            unsent.append(words.SENT_WITHOUT(header=printable(name, 60), reason=reason))
        return headers, "; ".join(unsent)

    async def secret(self, name: str, timeout: float = 5.0) -> str | None:
        """The value of the secret ``name`` (in the OS keyring by default); None when it is
        not there, cannot be read, or does not come within ``timeout`` (a locked keyring)."""
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.to_thread(self._secrets, name)
        except (TimeoutError, SecretsUnavailable):
            return None

    def internal_error(
        self, check: HttpCheck | TcpCheck | DnsCheck | PingCheck, error: BaseException
    ) -> CheckResult:
        """The result for a check that failed through a bug in trayapp, not the network.

        :meth:`run` never raises for what a network or a server does; this is for the
        caller's safety net, so that a bug shows as such instead of ending a round.
        """
        return CheckResult(
            type=check.type,
            target=redact_url(check.target),
            checked_at=self._clock.now(),
            elapsed_ms=0.0,
            cause=Cause.PROTOCOL,
            detail=words.INTERNAL_ERROR(error=type(error).__name__),
        )

    async def aclose(self) -> None:
        """Close the client, its connections, the proxy policy's PAC worker and the resolver."""
        try:
            await self._client.aclose()
        finally:
            try:
                await self._proxies.aclose()
            finally:
                await self._resolver.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A check's result with the answer it judged (:meth:`Prober.fetch`)."""

    result: CheckResult
    body: bytes | None
    """The decoded body of an accepted answer; None for any other, and for a body that
    cannot be decoded."""
    content_type: str = ""
    location: str | None = None
    """Where a redirect the check did not follow leads (absolute)."""


class _Owning:
    """A resolver that also closes the resolver it was bootstrapped from."""

    def __init__(self, resolver: Resolver, bootstrap: Resolver) -> None:
        self._resolver = resolver
        self._bootstrap = bootstrap

    async def addresses(self, host: str, timeout: float) -> list[str]:
        return await self._resolver.addresses(host, timeout)

    async def records(self, name: str, record: str, timeout: float) -> list[str]:
        return await self._resolver.records(name, record, timeout)

    async def aclose(self) -> None:
        try:
            await self._resolver.aclose()
        finally:
            await self._bootstrap.aclose()
