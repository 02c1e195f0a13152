"""Probes: look at a service the way its user would, and say what went wrong.

The monitor needs only :class:`Prober`::

    async with Prober.from_config(config.network, os.environ) as prober:
        result = await prober.run(check, config.settings_for(service))   # a CheckResult

``await prober.route(url)`` says which way requests to ``url`` go (a :class:`Route`: the
proxy or direct, where that choice comes from, what keeps it from working).

``ping_warning(config)`` says when the config's ping checks cannot run on this system, and
how to allow them (``ping_blocked()`` for one IP family).

``run`` never raises for anything the network or a server does: every failure comes back
as a :class:`~trayapp.core.models.CheckResult` with exactly one cause (see
:mod:`trayapp.core.probes.causes` for the mapping) and a one-line detail.

Modules:

    prober      Prober: the entry point, the concurrency cap, the slow judgement
    http        the http check: request, redirects, status, body, certificate
    tcp, dns    the tcp and dns checks
    pingcheck   the ping check: a name resolved, its echoes judged
    outcome     what a check found, before the prober stamps it as a result
    causes      exception -> cause, the mapping as a tree
    body        reading a body under a 1 MiB cap (gzip bombs included)
    transport   the shared httpx client: fresh connections, a route per request, TLS per check
    proxies     ProxyPolicy and Route: config, environment, desktop settings, PAC, WPAD
    proxysettings  the environment's, GNOME's, KDE's and the system's proxy settings
    pac         PAC files run in a worker process, within a deadline, their lookups ours
    pacworker   that worker: pacparser behind JSON lines on stdin and stdout
    pacprocess  that worker seen from trayapp: started, asked, killed, reaped
    backend     httpcore network backend: our resolver, happy eyeballs, connection records
    resolver    the system resolver, or a chosen DNS server (dnspython)
    icmp        ping: ICMP echo, IPv4 and IPv6, with or without privileges
    icmpwindows ICMP echo on Windows, through iphlpapi.dll
    localnet    the way out: default gateways, the system's DNS servers, one DNS question
    text        a detail's text: one printable line, passwords redacted
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trayapp.core.faces import lazy

if TYPE_CHECKING:
    from trayapp.core.clock import Clock, SystemClock
    from trayapp.core.probes.body import MAX_BODY_BYTES
    from trayapp.core.probes.icmp import Echo, ping, ping_blocked
    from trayapp.core.probes.localnet import (
        Gateway,
        ResolverAnswer,
        ResolverOutcome,
        SystemDns,
        ask_resolver,
        default_gateways,
        system_dns,
        system_dns_servers,
    )
    from trayapp.core.probes.pingcheck import ping_warning
    from trayapp.core.probes.prober import Prober
    from trayapp.core.probes.proxies import ProxyPolicy, Route
    from trayapp.core.probes.resolver import (
        ResolveError,
        Resolver,
        ResolveTimeout,
        ServerResolver,
        SystemResolver,
    )
    from trayapp.core.probes.transport import MAX_REDIRECTS, SslContextFactory, system_ssl_context
    from trayapp.core.text import redact_url

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_REDIRECTS",
    "Clock",
    "Echo",
    "Gateway",
    "Prober",
    "ProxyPolicy",
    "ResolveError",
    "ResolveTimeout",
    "Resolver",
    "ResolverAnswer",
    "ResolverOutcome",
    "Route",
    "ServerResolver",
    "SslContextFactory",
    "SystemClock",
    "SystemDns",
    "SystemResolver",
    "ask_resolver",
    "default_gateways",
    "ping",
    "ping_blocked",
    "ping_warning",
    "redact_url",
    "system_dns",
    "system_dns_servers",
    "system_ssl_context",
]

# Every room is imported at first use: the PAC worker (a room of this package) starts with
# none of them, and ping and the way out serve the network diagnosis, not every check.
__getattr__ = lazy(
    __name__,
    {
        "MAX_BODY_BYTES": "body",
        "MAX_REDIRECTS": "transport",
        "Clock": ".clock",
        "Echo": "icmp",
        "Gateway": "localnet",
        "Prober": "prober",
        "ProxyPolicy": "proxies",
        "ResolveError": "resolver",
        "ResolveTimeout": "resolver",
        "Resolver": "resolver",
        "ResolverAnswer": "localnet",
        "ResolverOutcome": "localnet",
        "Route": "proxies",
        "ServerResolver": "resolver",
        "SslContextFactory": "transport",
        "SystemClock": ".clock",
        "SystemDns": "localnet",
        "SystemResolver": "resolver",
        "ask_resolver": "localnet",
        "default_gateways": "localnet",
        "ping": "icmp",
        "ping_blocked": "icmp",
        "ping_warning": "pingcheck",
        "redact_url": ".text",
        "system_dns": "localnet",
        "system_dns_servers": "localnet",
        "system_ssl_context": "transport",
    },
)
