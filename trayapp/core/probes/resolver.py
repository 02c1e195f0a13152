"""Name resolution for probes: the system's resolver, or a DNS server the user chose.

Every lookup has a timeout and every failure is a :class:`ResolveError`, so a probe tells
"the name does not resolve" from "nobody answered" by type, never by message::

    ResolveError            the name has no usable answer: no such name, no address,
     │                      the server failed
     └── ResolveTimeout     no answer within the timeout

Both are cause ``dns`` for a check: the name could not be resolved, and the detail says
whether nobody answered or the answer was no.

The system resolver is ``getaddrinfo`` on a thread pool of its own, so slow lookups never
starve the event loop's default executor. Record lookups (``MX``, ``TXT``, ...) and lookups
against a chosen server use dnspython, imported only when needed: it costs startup time
that most runs do not need.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

from trayapp.core.config.basics import split_host_port
from trayapp.core.config.durations import format_duration
from trayapp.core.phrases import checks as said

if TYPE_CHECKING:
    import dns.asyncresolver

__all__ = [
    "ResolveError",
    "ResolveTimeout",
    "Resolver",
    "ServerResolver",
    "SystemResolver",
    "is_ip_address",
]


class ResolveError(Exception):
    """``name`` could not be resolved; ``str()`` says why, in one line for people."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name


class ResolveTimeout(ResolveError):
    """No answer for ``name`` within ``timeout`` seconds."""

    def __init__(self, name: str, timeout: float) -> None:
        within = format_duration(max(timeout, 0.001))
        super().__init__(name, said.NO_DNS_ANSWER(name=name, timeout=within))


class Resolver(Protocol):
    """Turns names into addresses and records, each lookup within a timeout."""

    async def addresses(self, host: str, timeout: float) -> list[str]:
        """``host``'s IP addresses, the preferred first; never empty.

        Raises:
            ResolveError: no address could be found.
        """
        ...

    async def records(self, name: str, record: str, timeout: float) -> list[str]:
        """``name``'s records of type ``record`` (``"MX"``, ...) as text; never empty.

        Raises:
            ResolveError: no record could be found.
        """
        ...

    async def aclose(self) -> None:
        """Release what the resolver holds."""
        ...


@functools.lru_cache(maxsize=4096)
def is_ip_address(host: str) -> bool:
    """Whether ``host`` is an IP address literal, which needs no lookup (remembered: every
    check asks it of the same few hosts)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class SystemResolver:
    """The operating system's resolver (``getaddrinfo``), as every other program uses it.

    ``getaddrinfo`` cannot be cancelled: a lookup that times out keeps its thread until the
    system gives up. The pool is bounded so such lookups cannot pile up without limit.
    """

    def __init__(self, *, max_threads: int = 20) -> None:
        self._executor = ThreadPoolExecutor(max_threads, thread_name_prefix="trayapp-dns")
        self._records: dns.asyncresolver.Resolver | None = None

    async def addresses(self, host: str, timeout: float) -> list[str]:
        """Resolve ``host`` with ``getaddrinfo``, in the system's preferred order."""
        if is_ip_address(host):
            return [host]
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                infos = await loop.run_in_executor(
                    self._executor, _getaddrinfo, host.rstrip(".") or host
                )
        except TimeoutError:
            raise ResolveTimeout(host, timeout) from None
        except socket.gaierror as error:
            why = said.CANNOT_RESOLVE(name=host, reason=error.strerror)
            raise ResolveError(host, why) from error
        except UnicodeError:  # a label too long for IDNA: no server could answer it
            why = said.CANNOT_RESOLVE(name=host, reason=said.NOT_A_NAME())
            raise ResolveError(host, why) from None
        found = list(dict.fromkeys(_address(info) for info in infos))
        if not found:
            raise ResolveError(host, said.CANNOT_RESOLVE(name=host, reason=said.NO_ADDRESS()))
        return found

    async def records(self, name: str, record: str, timeout: float) -> list[str]:
        """Ask the servers of the system's resolver configuration for ``record``."""
        if self._records is None:
            import dns.asyncresolver

            self._records = dns.asyncresolver.Resolver()
        return await _query(self._records, name, record, timeout)

    async def aclose(self) -> None:
        """Stop the lookup threads; one stuck in the system resolver is left to finish."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def _getaddrinfo(host: str) -> list[tuple[object, ...]]:
    return [tuple(info) for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)]


def _address(info: tuple[object, ...]) -> str:
    family, sockaddr = info[0], info[4]
    assert isinstance(sockaddr, tuple)
    address = str(sockaddr[0])
    if family == socket.AF_INET6 and len(sockaddr) >= 4 and sockaddr[3] and "%" not in address:
        address = f"{address}%{sockaddr[3]}"  # link-local addresses need their interface
    return address


class ServerResolver:
    """Asks one DNS server (``"host"`` or ``"host:port"``) directly, over UDP (TCP if asked).

    A server given by name is found through ``bootstrap`` (usually the system resolver)
    once, on first use.
    """

    def __init__(self, server: str, *, bootstrap: Resolver | None = None) -> None:
        self.server = server
        self._host, self._port = split_host_port(server, 53)
        self._bootstrap = bootstrap
        self._resolver: dns.asyncresolver.Resolver | None = None

    async def _ready(self, timeout: float) -> dns.asyncresolver.Resolver:
        if self._resolver is None:
            import dns.asyncresolver

            address = self._host
            if not is_ip_address(address):
                if self._bootstrap is None:
                    raise ResolveError(address, said.NO_DNS_SERVER(server=self.server))
                address = (await self._bootstrap.addresses(address, timeout))[0]
            resolver = dns.asyncresolver.Resolver(configure=False)
            resolver.nameservers = [address]
            resolver.port = self._port
            self._resolver = resolver
        return self._resolver

    async def addresses(self, host: str, timeout: float) -> list[str]:
        """``host``'s AAAA and A records, the IPv6 ones first (RFC 8305)."""
        if is_ip_address(host):
            return [host]
        import dns.exception
        import dns.resolver

        resolver = await self._ready(timeout)
        try:
            # dnspython's lifetime overshoots by a retry's worth: hold it to the timeout.
            async with asyncio.timeout(timeout):
                answer = await resolver.resolve_name(host, lifetime=timeout)
        except TimeoutError:
            raise ResolveTimeout(host, timeout) from None
        except dns.exception.DNSException as error:
            raise _resolve_error(host, None, error, timeout) from error
        found = list(answer.addresses())
        if not found:
            raise ResolveError(host, said.HAS_NO_ADDRESS(name=host))
        return found

    async def records(self, name: str, record: str, timeout: float) -> list[str]:
        """``name``'s ``record`` records from this server."""
        return await _query(await self._ready(timeout), name, record, timeout)

    async def aclose(self) -> None:
        """Nothing to release: every query opens and closes its own socket."""


async def _query(
    resolver: dns.asyncresolver.Resolver, name: str, record: str, timeout: float
) -> list[str]:
    import dns.exception

    try:
        async with asyncio.timeout(timeout):
            answer = await resolver.resolve(name, record, lifetime=timeout)
    except TimeoutError:
        raise ResolveTimeout(name, timeout) from None
    except dns.exception.DNSException as error:
        raise _resolve_error(name, record, error, timeout) from error
    found = [rdata.to_text() for rdata in answer]
    if not found:
        raise ResolveError(name, said.HAS_NO_RECORD(name=name, record=record))
    return found


def _resolve_error(name: str, record: str | None, error: Exception, timeout: float) -> ResolveError:
    """The :class:`ResolveError` for one of dnspython's exceptions, by its type; ``record``
    is the type of record asked for, None for addresses."""
    import dns.exception
    import dns.resolver

    if isinstance(error, dns.exception.Timeout):
        return ResolveTimeout(name, timeout)
    if isinstance(error, dns.resolver.NXDOMAIN):
        return ResolveError(name, said.NO_SUCH_NAME(name=name))
    if isinstance(error, dns.resolver.NoAnswer):
        if record is None:
            return ResolveError(name, said.HAS_NO_ADDRESS(name=name))
        return ResolveError(name, said.HAS_NO_RECORD(name=name, record=record))
    if isinstance(error, dns.resolver.NoNameservers):
        return ResolveError(name, said.NO_SERVER_ANSWERED(name=name))
    return ResolveError(name, said.CANNOT_RESOLVE(name=name, reason=type(error).__name__))
