"""Proxy settings as the user's session sets them: the environment, GNOME, KDE, the system.

Each reader gives :class:`ProxySettings`, or None when it finds nothing to go by:

    environment_settings   ``http_proxy``/``https_proxy``/``all_proxy``/``no_proxy`` (lower
                           case wins over upper case, as in curl and urllib)
    gnome_settings         ``org.gnome.system.proxy``, through the ``gsettings`` command (a
                           subprocess: list arguments, no shell, a short timeout); no
                           ``gsettings`` means no GNOME settings
    kde_settings           ``[Proxy Settings]`` of ``$XDG_CONFIG_HOME/kioslaverc``
    system_settings        Windows' registry and macOS' SystemConfiguration, as the standard
                           library reads them (``urllib.request.getproxies``/``proxy_bypass``)

:func:`desktop_settings` picks the one that applies to this session. The readers may block
(a subprocess, a file): call them in a worker thread.
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import ipaddress
import logging
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from trayapp.core.phrases import readings as sources

__all__ = [
    "GSETTINGS_TIMEOUT",
    "Mode",
    "ProxySettings",
    "bypassed",
    "desktop_settings",
    "environment_settings",
    "gnome_settings",
    "kde_settings",
    "system_settings",
]

log = logging.getLogger(__name__)

GSETTINGS_TIMEOUT = 2.0
"""Seconds ``gsettings`` may take before its settings are taken as absent."""

Mode = Literal["none", "manual", "pac", "wpad"]
"""``none``: direct; ``manual``: a proxy per scheme; ``pac``: the PAC file at ``pac_url``;
``wpad``: a PAC file found by WPAD."""


@dataclass(frozen=True, slots=True)
class ProxySettings:
    """What one place says about proxies."""

    source: str
    """Where the settings come from, in words: "GNOME's proxy settings"."""
    mode: Mode
    proxies: Mapping[str, str] = field(default_factory=dict)
    """Scheme (``http``, ``https``, or ``all`` for any) → proxy URL, for ``manual``."""
    ignore: tuple[str, ...] = ()
    """Hosts, domains and networks that go direct (see :func:`bypassed`)."""
    pac_url: str = ""
    bypass: Callable[[str], bool] | None = None
    """The system's own test of a host that goes direct, when it has one instead of a list."""

    def proxy_for(self, scheme: str, host: str) -> str | None:
        """The proxy URL a ``manual`` setting gives a request to ``host``; None for direct."""
        if self.mode != "manual" or bypassed(host, self.ignore):
            return None
        if self.bypass is not None and self.bypass(host):
            return None
        return self.proxies.get(scheme) or self.proxies.get("all") or None


def bypassed(host: str, ignore: tuple[str, ...]) -> bool:
    """Whether ``host`` matches one of ``ignore``, as curl's ``NO_PROXY`` and GNOME's
    ``ignore-hosts`` read them.

    An entry is ``*`` (every host), a name (that host and its subdomains; a leading ``.`` or
    ``*.`` changes nothing), a shell pattern (``*.corp.test``), an IP address or a network
    (``10.0.0.0/8``, matched against hosts written as addresses only: no name is looked up),
    or ``<local>`` (names without a dot). A ``:port`` after an entry is not compared.
    """
    host = host.strip("[]").rstrip(".").lower()
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for raw in ignore:
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        if entry == "<local>":
            if address is None and "." not in host:
                return True
            continue
        entry = _without_port(entry)
        if address is not None:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        if any(char in entry for char in "*?["):
            if fnmatch.fnmatchcase(host, entry) or fnmatch.fnmatchcase(host, f"*.{entry}"):
                return True
            continue
        domain = entry.removeprefix("*").lstrip(".").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def _without_port(entry: str) -> str:
    if entry.startswith("["):
        return entry[1:].partition("]")[0]
    if entry.count(":") == 1:
        name, _, port = entry.partition(":")
        if port.isdigit():
            return name
    return entry


def _with_scheme(url: str) -> str:
    return url if "://" in url else f"http://{url}"


def environment_settings(environ: Mapping[str, str]) -> ProxySettings | None:
    """The ``*_proxy`` variables; None when none of ``http``, ``https`` or ``all`` is set.

    ``no_proxy`` alone is no proxy setting: the desktop's settings then apply.
    """
    found: dict[str, str] = {}
    for lower_case in (False, True):
        for name, value in environ.items():
            if name.lower().endswith("_proxy") and (name == name.lower()) == lower_case:
                found[name[: -len("_proxy")].lower()] = value.strip()
    proxies = {s: _with_scheme(found[s]) for s in ("http", "https", "all") if found.get(s)}
    if not proxies:
        return None
    ignore = tuple(h.strip() for h in found.get("no", "").split(",") if h.strip())
    return ProxySettings(sources.THE_ENVIRONMENT(), "manual", proxies, ignore)


def _gvariant(text: str) -> object:
    """One value as ``gsettings`` prints it: a string, a number, a boolean, a list of strings."""
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if text.startswith("@"):  # a typed empty value: "@as []"
        text = text.partition(" ")[2]
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def gnome_settings(environ: Mapping[str, str]) -> ProxySettings | None:
    """``org.gnome.system.proxy``, read with ``gsettings list-recursively`` in ``environ``.

    ``manual`` gives http:// requests the HTTP proxy and https:// ones the HTTPS proxy, or the
    HTTP proxy when none is set (as GNOME's own resolver does), with the HTTP proxy's
    credentials when ``use-authentication`` is on; ``auto`` with an empty
    ``autoconfig-url`` means WPAD. None when ``gsettings`` or the schema is missing.
    """
    program = shutil.which("gsettings", path=environ.get("PATH", os.defpath))
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "list-recursively", "org.gnome.system.proxy"],
            env=dict(environ),
            capture_output=True,
            text=True,
            timeout=GSETTINGS_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("cannot read GNOME's proxy settings: %s", error)
        return None
    if done.returncode != 0:
        return None  # no such schema: not a GNOME system
    keys: dict[str, object] = {}
    for line in done.stdout.splitlines():
        schema, _, rest = line.partition(" ")
        key, _, value = rest.partition(" ")
        keys[f"{schema.removeprefix('org.gnome.system.proxy').lstrip('.')}/{key}"] = _gvariant(
            value
        )
    source = sources.GNOME_SETTINGS()
    mode = keys.get("/mode")
    if mode == "auto":
        url = keys.get("/autoconfig-url")
        url = url.strip() if isinstance(url, str) else ""
        return ProxySettings(source, "pac", pac_url=url) if url else ProxySettings(source, "wpad")
    if mode != "manual":
        return ProxySettings(source, "none")
    proxies: dict[str, str] = {}
    for scheme in ("http", "https", "socks"):
        host, port = keys.get(f"{scheme}/host"), keys.get(f"{scheme}/port")
        if not isinstance(host, str) or not host.strip() or not isinstance(port, int) or port <= 0:
            continue
        user = ""
        if scheme == "http" and keys.get("http/use-authentication") is True:
            name, password = (
                keys.get("http/authentication-user"),
                keys.get("http/authentication-password"),
            )
            if isinstance(name, str) and name:
                secret = f":{quote(password, safe='')}" if isinstance(password, str) else ""
                user = f"{quote(name, safe='')}{secret}@"
        kind = "socks5" if scheme == "socks" else "http"
        proxies[scheme] = f"{kind}://{user}{_host_in_url(host.strip())}:{port}"
    if "https" not in proxies and "http" in proxies:
        proxies["https"] = proxies["http"]
    if "socks" in proxies:
        proxies["all"] = proxies.pop("socks")
    ignore = keys.get("/ignore-hosts")
    hosts = tuple(h for h in ignore if isinstance(h, str)) if isinstance(ignore, list) else ()
    return ProxySettings(source, "manual", proxies, hosts)


def _host_in_url(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


_KDE_MODES: dict[str, Mode] = {"0": "none", "1": "manual", "2": "pac", "3": "wpad", "4": "none"}


def kde_settings(environ: Mapping[str, str]) -> ProxySettings | None:
    """``[Proxy Settings]`` of ``kioslaverc`` in ``$XDG_CONFIG_HOME`` (``~/.config``).

    ``ProxyType`` 0 is none, 1 manual (``httpProxy``, ``httpsProxy``, written
    ``http://host port`` or ``http://host:port``; ``NoProxyFor``), 2 the PAC file
    ``Proxy Config Script``, 3 WPAD, 4 "the environment's variables", which were looked at
    before the desktop and were empty: direct. None when the file or the group is missing.
    """
    config_home = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME", "~")) / ".config")
    path = Path(config_home).expanduser() / "kioslaverc"
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    try:
        parser.read_string(path.read_text(encoding="utf-8", errors="replace"))
    except FileNotFoundError:
        return None
    except (OSError, configparser.Error) as error:
        log.warning("cannot read KDE's proxy settings in %s: %s", path, error)
        return None
    if not parser.has_section("Proxy Settings"):
        return None
    group = parser["Proxy Settings"]
    source = sources.KDE_SETTINGS()
    mode = _KDE_MODES.get(group.get("ProxyType", "0").strip(), "none")
    if mode == "pac":
        url = group.get("Proxy Config Script", "").strip()
        return ProxySettings(source, "pac", pac_url=url) if url else ProxySettings(source, "none")
    if mode != "manual":
        return ProxySettings(source, mode)
    proxies: dict[str, str] = {}
    for scheme, key in (("http", "httpProxy"), ("https", "httpsProxy"), ("all", "socksProxy")):
        value = group.get(key, "").strip()
        if value:
            address, _, port = value.partition(" ")  # KDE writes "http://host 8080"
            proxies[scheme] = _with_scheme(f"{address}:{port.strip()}" if port else address)
    ignore = tuple(h.strip() for h in group.get("NoProxyFor", "").split(",") if h.strip())
    return ProxySettings(source, "manual", proxies, ignore)


def system_settings() -> ProxySettings:
    """Windows' or macOS' proxy settings, as ``urllib.request`` reads them from the registry
    or SystemConfiguration: a proxy per scheme, and the system's own bypass test."""
    found = urllib.request.getproxies()
    proxies = {s: _with_scheme(found[s]) for s in ("http", "https", "all") if found.get(s)}
    if not proxies:
        return ProxySettings(sources.SYSTEM_SETTINGS(), "none")

    def bypass(host: str) -> bool:
        return bool(urllib.request.proxy_bypass(host))

    return ProxySettings(sources.SYSTEM_SETTINGS(), "manual", proxies, bypass=bypass)


def desktop_settings(
    environ: Mapping[str, str], platform: str = sys.platform
) -> ProxySettings | None:
    """The desktop's proxy settings for this session: the system's on Windows and macOS;
    elsewhere KDE's in a KDE session (``XDG_CURRENT_DESKTOP``), else GNOME's, else KDE's
    file if there is one. None when there are none to go by."""
    if platform in ("win32", "darwin"):
        return system_settings()
    desktops = environ.get("XDG_CURRENT_DESKTOP", "").upper().split(":")
    if "KDE" in desktops:
        return kde_settings(environ)
    return gnome_settings(environ) or kde_settings(environ)
