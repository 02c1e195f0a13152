"""The catalogue in words, for ``trayapp catalog`` and ``trayapp add``.

One line per service, as a person reads it in a terminal: its name, its status page's
platform and address, and how many components it has; under it, the components a search is
about, each by the full name ``trayapp add`` takes::

    AWS               aws         https://health.aws.amazon.com/health/status  + 320 components
    GitHub            statuspage  https://www.githubstatus.com                 + 2 components
      GitHub Actions
    2 of 312 services; 'trayapp add NAME' adds one to the config

The JSON form is :meth:`trayapp.core.catalog.CatalogEntry.as_json`.
"""

from __future__ import annotations

from collections.abc import Sequence

from trayapp.core.catalog.adding import Addition
from trayapp.core.catalog.model import Catalog, CatalogEntry, Component
from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext
from trayapp.core.text import printable, redact_url

__all__ = ["added_line", "catalog_text"]

_SHOWN_COMPONENTS = 5
"""Components listed under a service at most; the rest are counted."""
_NAME_WIDTH = 28
"""The name column is as wide as the longest name shown, up to this."""


def catalog_text(catalog: Catalog, query: str = "") -> str:
    """The entries of ``catalog`` that ``query`` matches, best first, or why there are none.

    Args:
        catalog: The catalogue.
        query: Words of a name, an alias, a host, a category or a component's name; empty
            for every entry.

    Returns:
        The lines, without a newline at the end.
    """
    found = catalog.search(query)
    if not found:
        return "\n".join(_nothing(catalog, query))
    name_width = min(max(len(printable(entry.name)) for entry in found), _NAME_WIDTH)
    platform_width = max(len(entry.platform.value) for entry in found)
    page_width = max(len(printable(entry.status_page)) for entry in found)
    lines = []
    for entry in found:
        listed = entry.components_matching(query)
        count = "" if listed or not entry.components else _count(len(entry.components))
        line = (
            f"{printable(entry.name):<{name_width}}  {entry.platform.value:<{platform_width}}  "
            f"{printable(entry.status_page):<{page_width}}  {count}"
        )
        lines.append(line.rstrip())
        lines += _components(entry, listed)
    lines.append(_total(len(found), len(catalog)))
    return "\n".join(lines)


def _total(found: int, services: int) -> str:
    if found == services:
        return ngettext(
            "{count} service; 'trayapp add NAME' adds one to the config",
            "{count} services; 'trayapp add NAME' adds one to the config",
            services,
        ).format(count=format_number(services))
    # Translators: the last line of "trayapp catalog": how many of the catalogue's services
    # matched; NAME is the command's argument, as its help writes it.
    return ngettext(
        "{found} of {count} service; 'trayapp add NAME' adds one to the config",
        "{found} of {count} services; 'trayapp add NAME' adds one to the config",
        services,
    ).format(found=format_number(found), count=format_number(services))


def _count(components: int) -> str:
    # Translators: how many components a service of the catalogue has.
    return ngettext("+ {count} component", "+ {count} components", components).format(
        count=format_number(components)
    )


def _components(entry: CatalogEntry, listed: Sequence[Component]) -> list[str]:
    shown = [f"  {printable(entry.component_name(component))}" for component in listed]
    more = len(shown) - _SHOWN_COMPONENTS
    if more > 0:
        # Translators: under the components listed, how many more there are.
        more_line = ngettext("… and {count} more", "… and {count} more", more)
        return [*shown[:_SHOWN_COMPONENTS], "  " + more_line.format(count=format_number(more))]
    return shown


def _nothing(catalog: Catalog, query: str) -> list[str]:
    lines = [_('Nothing in the catalogue matches "{query}".').format(query=printable(query, 80))]
    nearest = [f'"{printable(name)}"' for name in catalog.closest(query)]
    if nearest:
        lines.append(_did_you_mean(nearest))
    lines.append(_("Any address can be added too: trayapp add https://…"))
    return lines


def _did_you_mean(nearest: Sequence[str]) -> str:
    if len(nearest) == 1:
        return _("Did you mean {name}?").format(name=nearest[0])
    # Translators: {names} are names in quotes, separated by commas; {last} is the last one.
    return _("Did you mean {names} or {last}?").format(
        names=", ".join(nearest[:-1]), last=nearest[-1]
    )


def added_line(addition: Addition) -> str:
    """The line saying what was added: ``added "GitHub Actions": https://github.com, status
    page https://www.githubstatus.com, component "Actions"``."""
    table = addition.table
    said = [redact_url(table["url"])] if "url" in table else []
    if "status_page" in table:
        said.append(_("status page {url}").format(url=redact_url(table["status_page"])))
    if "status_component" in table:
        said.append(_('component "{name}"').format(name=printable(table["status_component"])))
    # Translators: {name} is the service added; {what} lists its address, status page...
    return _('added "{name}": {what}').format(name=printable(addition.name), what=", ".join(said))
