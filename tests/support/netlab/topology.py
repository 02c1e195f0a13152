"""What the lab and its servers agree on: addresses, names, modes and the pages they serve.

The lab's addresses come from ranges set aside for documentation (RFC 5737 and a private
/24 of RFC 1918), never routed on the real internet::

    client namespace                       internet namespace
    ┌──────────────────────┐   veth    ┌─────────────────────────────────────────────┐
    │ eth0 10.77.0.2/24    │───────────│ gw0 10.77.0.1/24: gateway, DNS forwarder    │
    │ default via 10.77.0.1│           │   (:53), web (:80, PAC), proxy (:3128)      │
    │ /etc/resolv.conf:    │           │ lo 203.0.113.53   public DNS resolver       │
    │   nameserver         │           │    203.0.113.204  canary web server         │
    │   10.77.0.1          │           │    203.0.113.10   www.example.test :80 :443 │
    └──────────────────────┘           │    203.0.113.11   api.example.test :80 :443 │
                                       │ blackhole 203.0.113.0/24 (all other hosts)  │
                                       └─────────────────────────────────────────────┘

IPv4 only: IPv6 is off on the link (each ``lo`` keeps ``::1``), and the name servers answer
AAAA queries with no record. Each switch is independent of the others: when the network is
``router_only``, the router's name server still answers from the zone unless the test also
switches ``router_dns``, as a home router that answers from its cache would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

__all__ = [
    "API",
    "CANARY",
    "CLIENT",
    "DEFAULT_PAC",
    "HOSTS",
    "PAC_URL",
    "PORTAL_PAGE",
    "PORTAL_URL",
    "PROXY_PORT",
    "PROXY_URL",
    "PUBLIC_NET",
    "RESOLVER",
    "ROUTER",
    "TLS_HOSTS",
    "WEB_HOSTS",
    "WWW",
    "ZONE",
    "Network",
    "Portal",
    "ProxyMode",
    "PublicDns",
    "RouterDns",
]

CLIENT = "10.77.0.2"
"""The user's machine: ``eth0`` in the client namespace."""
ROUTER = "10.77.0.1"
"""The gateway: the client's default route, its name server, a web server and the proxy."""
PUBLIC_NET = "203.0.113.0/24"
"""The public internet of the lab; addresses in it that no host holds never answer."""
RESOLVER = "203.0.113.53"
"""A public DNS resolver on port 53, UDP and TCP: the lab's 1.1.1.1."""
CANARY = "203.0.113.204"
"""The canary web server: ``/generate_204`` and ``/success.txt``."""
WWW = "203.0.113.10"
"""``www.example.test``: ``/`` says ``Example home``; HTTPS too."""
API = "203.0.113.11"
"""``api.example.test``: ``/`` answers ``{"status": "ok"}``; HTTPS too."""
HOSTS = (RESOLVER, CANARY, WWW, API)
"""The public hosts: addresses the internet namespace holds on its ``lo``."""
WEB_HOSTS = (ROUTER, CANARY, WWW, API)
"""The addresses with a web server on port 80 (the captive portal takes them all)."""
TLS_HOSTS = (WWW, API)
"""The addresses with a web server on port 443, its certificate signed by the lab's CA."""

PROXY_PORT = 3128
PROXY_URL = f"http://{ROUTER}:{PROXY_PORT}"
"""The HTTP proxy (absolute-form requests and ``CONNECT``), in the router."""
PAC_URL = f"http://{ROUTER}/proxy.pac"
"""The proxy auto-config file the router serves."""
PORTAL_URL = f"http://{ROUTER}/login"
"""Where the captive portal redirects every request, and where it shows its page."""

ZONE: Mapping[str, str] = {
    "connectivity.test": CANARY,
    "detectportal.test": CANARY,
    "www.example.test": WWW,
    "api.example.test": API,
    "resolver.example.test": RESOLVER,
}
"""Every name the lab's DNS knows at the start, and its only (A) address. Others: NXDOMAIN."""

DEFAULT_PAC = f"""function FindProxyForURL(url, host) {{
    return "PROXY {ROUTER}:{PROXY_PORT}";
}}
"""

PORTAL_PAGE = """<!DOCTYPE html>
<html><head><title>Sign in to Lab Wi-Fi</title></head>
<body><h1>Sign in</h1><p>Accept the terms to use the internet.</p>
<form method="post" action="/login"><button>Sign in</button></form></body></html>
"""
"""What the captive portal answers, with status 200, for every path of every web host."""

RouterDns = Literal["answer", "servfail", "nxdomain", "silent", "portal"]
"""The router's DNS forwarder: answers from the zone; SERVFAIL or NXDOMAIN to every query;
says nothing at all; or answers every A query with the router's own address (a portal)."""
PublicDns = Literal["answer", "silent", "hijack"]
"""The public resolver: answers from the zone; says nothing; or answers every A query with
the router's address, as a network that intercepts DNS does."""
Portal = Literal["off", "page", "redirect"]
"""The captive portal: off; every web host answers every path with 200 and the sign-in page;
or with ``302 Location:`` :data:`PORTAL_URL`."""
ProxyMode = Literal["up", "down", "failing"]
"""The proxy: forwards; nothing listens (refused); answers 502 to every request."""
Network = Literal["online", "offline", "router_only", "router_unreachable"]
"""The client's way out: everything works; its link is down (no route at all: "Network is
unreachable" at once); the router answers but nothing beyond does, packets to the public
hosts dropped without a word (connections time out); or the router answers them with ICMP
host unreachable ("No route to host" at once)."""
