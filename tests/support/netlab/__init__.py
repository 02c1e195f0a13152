"""A fake internet in network namespaces, broken on purpose by the test that owns it.

A *client* namespace (the user's machine, with its own resolver files) reaches, through a
veth link, an *internet* namespace that is its router and every public host at once: DNS
at the router and at a public resolver, a canary, web services with HTTP and HTTPS, a
captive portal on demand, an HTTP proxy and its PAC file. Each way a network fails is a
switch on :class:`NetLab`; programs run in the client with :meth:`NetLab.run` and
:meth:`NetLab.popen`, and :meth:`NetLab.probe` looks at the network from there.

``with start_lab(folder) as lab:`` makes one (in about half a second, as root); the
``netlab`` fixture of ``tests/conftest.py`` shares one between tests, reset for each.

- :mod:`~tests.support.netlab.topology`: addresses, names, modes.
- :mod:`~tests.support.netlab.lab`: :class:`NetLab`, what a test holds.
- :mod:`~tests.support.netlab.namespaces`: the namespaces and their wiring.
- :mod:`~tests.support.netlab.serve`: the internet's servers, as one process:
  :mod:`~tests.support.netlab.resolvers`, :mod:`~tests.support.netlab.web`,
  :mod:`~tests.support.netlab.proxy`.
- :mod:`~tests.support.netlab.probe`: checks run in the client.
"""

from __future__ import annotations

from tests.support.netlab.lab import NetLab, Traffic, start_lab
from tests.support.netlab.namespaces import TOOLS, unavailable
from tests.support.netlab.topology import (
    API,
    CANARY,
    CLIENT,
    DEFAULT_PAC,
    PAC_URL,
    PORTAL_PAGE,
    PORTAL_URL,
    PROXY_URL,
    PUBLIC_NET,
    RESOLVER,
    ROUTER,
    WWW,
    ZONE,
    Network,
    Portal,
    ProxyMode,
    PublicDns,
    RouterDns,
)

__all__ = [
    "API",
    "CANARY",
    "CLIENT",
    "DEFAULT_PAC",
    "PAC_URL",
    "PORTAL_PAGE",
    "PORTAL_URL",
    "PROXY_URL",
    "PUBLIC_NET",
    "RESOLVER",
    "ROUTER",
    "TOOLS",
    "WWW",
    "ZONE",
    "NetLab",
    "Network",
    "Portal",
    "ProxyMode",
    "PublicDns",
    "RouterDns",
    "Traffic",
    "start_lab",
    "unavailable",
]
