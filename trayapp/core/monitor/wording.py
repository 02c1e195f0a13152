"""A notification's words: the title and body of what the alert policy tells.

One service's change is told by itself ("Twitter is down", with what was seen and what others
said); several, by what they have in common ("3 services down: A, B, C", "3 Work services down:
A, B, C", "Work: 1 down, 1 back up"), a line each. Every text is composed twice
(:mod:`trayapp.core.speech`): in the user's language for the desktop, and in English for
``watch --json``. What a check saw (its detail, written in English) is said in the user's
language when trayapp wrote it (:func:`trayapp.core.phrases.retell`); what others said in their
own words is quoted as they said it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.incident import format_length
from trayapp.core.models import Status
from trayapp.core.monitor.events import Notification
from trayapp.core.monitor.state import Transition
from trayapp.core.outside.reading import OutsideReading
from trayapp.core.phrases import retell
from trayapp.core.sources.model import Vantage, vantage_words
from trayapp.core.speech import Said, Speech, both
from trayapp.core.vendors.model import VendorReading

__all__ = [
    "MAX_BODY",
    "MAX_BODY_LINES",
    "MAX_TITLE",
    "News",
    "compose",
    "english_of",
    "others_say",
]

_NAMES_IN_TITLE = 3


@dataclass(frozen=True, slots=True)
class News:
    """One service's change in what the user knows."""

    service: str
    told: Status | None
    now: Status
    change: Transition
    vendor: Said
    """What others said of the service when it changed (see
    :meth:`~trayapp.core.monitor.alerts.AlertPolicy.observe`)."""
    outage_s: float | None
    group: str = ""
    """The group the service is in; "" for none."""


def english_of(title: Said, body: Said) -> tuple[str, str] | None:
    """A notification's English title and body, when they differ from what the user reads
    (:attr:`~trayapp.core.monitor.events.Notification.english`); None when they do not."""
    if (title.english, body.english) == (title.shown, body.shown):
        return None
    return title.english, body.english


def compose(news: list[News], now: datetime) -> Notification:
    """The notification of ``news``, at ``now``: its title and body, in both languages."""
    services = tuple(n.service for n in news)
    if len(news) == 1:
        title = both(lambda say: _cut(_single(news[0], say)[0], MAX_TITLE))
        body = both(lambda say: _body(_single(news[0], say)[1].splitlines(), say))
    else:
        title = both(lambda say: _cut(_title(news, say), MAX_TITLE))
        body = both(lambda say: _body(_lines(news, say), say))
    return Notification(
        at=now,
        title=title.shown,
        body=body.shown,
        services=services,
        english=english_of(title, body),
    )


def _grouped(news: list[News]) -> dict[str, list[News]]:
    """``news`` by heading (``down``, ``degraded``, ``back up``, ``back to normal``)."""
    headings: dict[str, list[News]] = {}
    for item in news:
        headings.setdefault(_heading(item), []).append(item)
    return headings


def _title(news: list[News], say: Speech) -> str:
    """The title of a notification of several services."""
    headings = _grouped(news)
    group = _shared_group(news)
    if len(headings) == 1:
        heading, items = next(iter(headings.items()))
        if group:
            names = _names([item.service for item in items], say)
        else:
            names = _names(_by_group(items), say)
        return _headline(say, heading, len(items), group).format(
            count=say.count(len(items)), group=group, names=names
        )
    counts = ", ".join(
        _counted(say, heading, len(items)).format(count=say.count(len(items)))
        for heading, items in headings.items()
    )
    # Translators: {group} is a group's name; {counts} says how many of its services
    # changed how ("1 down, 1 back up").
    return say._("{group}: {counts}").format(group=group, counts=counts) if group else counts


def _lines(news: list[News], say: Speech) -> list[str]:
    """The body's lines of a notification of several services."""
    headings = _grouped(news)
    if len(headings) == 1:
        return [_line(item, say) for item in next(iter(headings.values()))]
    return [
        _listed(say, heading).format(names=_names([_short(item, say) for item in items], say))
        for heading, items in headings.items()
    ]


def _headline(say: Speech, heading: str, count: int, group: str) -> str:
    """The title of several services of one heading, to format with ``count``, ``group``
    and ``names``."""
    if heading == "down":
        if group:
            # Translators: {group} is a group's name ("3 Work services down: A, B, C").
            return say.ngettext(
                "{count} {group} service down: {names}",
                "{count} {group} services down: {names}",
                count,
            )
        return say.ngettext(
            "{count} service down: {names}", "{count} services down: {names}", count
        )
    if heading == "degraded":
        if group:
            return say.ngettext(
                "{count} {group} service degraded: {names}",
                "{count} {group} services degraded: {names}",
                count,
            )
        return say.ngettext(
            "{count} service degraded: {names}", "{count} services degraded: {names}", count
        )
    if heading == "back up":
        if group:
            return say.ngettext(
                "{count} {group} service back up: {names}",
                "{count} {group} services back up: {names}",
                count,
            )
        return say.ngettext(
            "{count} service back up: {names}", "{count} services back up: {names}", count
        )
    if group:
        return say.ngettext(
            "{count} {group} service back to normal: {names}",
            "{count} {group} services back to normal: {names}",
            count,
        )
    return say.ngettext(
        "{count} service back to normal: {names}",
        "{count} services back to normal: {names}",
        count,
    )


def _counted(say: Speech, heading: str, count: int) -> str:
    """How many services of a heading, to format with ``count``: ``2 down``."""
    if heading == "down":
        # Translators: how many services are down, in a list ("2 down, 1 back up").
        return say.ngettext("{count} down", "{count} down", count)
    if heading == "degraded":
        return say.ngettext("{count} degraded", "{count} degraded", count)
    if heading == "back up":
        return say.ngettext("{count} back up", "{count} back up", count)
    return say.ngettext("{count} back to normal", "{count} back to normal", count)


def _listed(say: Speech, heading: str) -> str:
    """A body's line naming the services of a heading, to format with ``names``."""
    if heading == "down":
        return say._("Down: {names}")
    if heading == "degraded":
        return say._("Degraded: {names}")
    if heading == "back up":
        return say._("Back up: {names}")
    return say._("Back to normal: {names}")


MAX_TITLE = 120
"""Characters of a notification's title, at most."""
MAX_BODY_LINES = 10
"""Lines of a notification's body, at most; the rest is counted ("and 18,810 more")."""
MAX_BODY = 1000
"""Characters of a notification's body, at most: a source may bring thousands of services."""


def _body(lines: list[str], say: Speech) -> str:
    shown = lines[:MAX_BODY_LINES]
    more = len(lines) - MAX_BODY_LINES
    if more > 0:
        # Translators: the last line of a long notification: how many lines are left out.
        shown.append(
            say.ngettext("and {count} more", "and {count} more", more).format(
                count=say.number(more)
            )
        )
    return _cut("\n".join(shown), MAX_BODY)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _heading(item: News) -> str:
    if item.now is Status.UP:
        return "back up" if item.told is Status.DOWN else "back to normal"
    return item.now.value


def _single(item: News, say: Speech) -> tuple[str, str]:
    name = item.service
    if item.now is Status.UP:
        was_down = item.told is Status.DOWN
        if was_down:
            title = say._("{name} is back up").format(name=name)
        else:
            title = say._("{name} is back to normal").format(name=name)
        if item.outage_s is None:
            return title, say._("It was down.") if was_down else say._("It was degraded.")
        length = format_length(item.outage_s, say)
        if was_down:
            return title, say._("It was down for {length}.").format(length=length)
        return title, say._("It was degraded for {length}.").format(length=length)
    seen, vendor = _said(item, say)
    if item.now is Status.DOWN:
        title = say._("{name} is down").format(name=name)
    else:
        title = say._("{name} is degraded").format(name=name)
    return title, "\n".join(filter(None, [vendor, seen]))


def _line(item: News, say: Speech) -> str:
    if item.now is Status.UP:
        return _short(item, say)
    seen, vendor = _said(item, say)
    return f"{item.service}: " + " — ".join(filter(None, [seen, *vendor.splitlines()]))


def _said(item: News, say: Speech) -> tuple[str, str]:
    """What we saw, and the vendor's words ("" when its page said none, or the same)."""
    seen = retell(item.change.detail, say) or _cause(item, say)
    vendor = item.vendor.english if say.english else item.vendor.shown
    return seen, "" if vendor == seen else vendor


def _short(item: News, say: Speech) -> str:
    if item.now is Status.UP and item.outage_s is not None:
        # Translators: a service back up, and how long it was down ("Gmail (after 5 min)").
        return say._("{name} (after {length})").format(
            name=item.service, length=format_length(item.outage_s, say)
        )
    return item.service


def _cause(item: News, say: Speech) -> str:
    """The cause's word (the English is the JSON's own: ``timeout``), else "no answer"."""
    cause = item.change.cause
    if cause is not None:
        return cause.value if say.english else cause.shown
    return say._("no answer")


def _shared_group(news: list[News]) -> str:
    """The group every one of ``news`` is in; "" when they are not all in one."""
    groups = {item.group for item in news}
    return groups.pop() if len(groups) == 1 else ""


def _by_group(news: list[News]) -> list[str]:
    """The names of ``news``'s services, where several are in one group the group's in their
    place, with how many: ``["Work (3)", "Blog"]``."""
    counts = Counter(item.group for item in news if item.group)
    names: list[str] = []
    named: set[str] = set()
    for item in news:
        if counts[item.group] < 2:
            names.append(item.service)
        elif item.group not in named:
            named.add(item.group)
            names.append(f"{item.group} ({counts[item.group]})")
    return names


def _names(names: list[str], say: Speech) -> str:
    if len(names) <= _NAMES_IN_TITLE:
        return ", ".join(names)
    shown = ", ".join(names[:_NAMES_IN_TITLE])
    more = len(names) - _NAMES_IN_TITLE
    # Translators: a list of names cut short: "A, B, C and 4 more".
    return say.ngettext("{names} and {count} more", "{names} and {count} more", more).format(
        names=shown, count=say.count(more)
    )


def others_say(
    say: Speech,
    service: str,
    vendor: VendorReading | None,
    vantages: Sequence[Vantage],
    outside: OutsideReading | None,
) -> str:
    """What others say of a failing ``service``, for its notification, a line each: the
    ``vendor``'s words (``Twitter status: 'Investigating: ...'``), else what its remote
    ``vantages`` see (``Seen elsewhere: up from prometheus/us-east``); then what the
    ``outside`` network found (``Seen from outside: fails from 5 of 5 places, ...``). ""
    when none says anything."""
    said = ""
    if vendor is not None:
        said = vendor.quote(service, say)
    elif vantages:
        # Translators: what the user's own vantage points see ("up from prometheus/us-east").
        said = say._("Seen elsewhere: {vantages}").format(vantages=vantage_words(vantages, say=say))
    seen = ""
    if outside is not None:
        summary = outside.summary if say.english else outside.shown_summary
        # Translators: what the outside network found ("loads from 4 of 5 places: ...").
        seen = say._("Seen from outside: {summary}").format(summary=summary)
    return "\n".join(filter(None, [said, seen]))
