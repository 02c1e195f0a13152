"""When to tell the user, and in what words: the notification policy.

The policy hears every change of a service's shown status and of the network, and decides
what the user should be told. It remembers, per service, what the user was last told (or
would have been, but for quiet hours or their settings), and tells only what differs::

    a change           waits ``settle`` seconds, then goes out with the changes since as one
                       notification ("3 services down: A, B, C"), net of changes
                       undone inside it
    a group's          several services of one group changing together are told as the
                       group's: "3 Work services down: A, B, C"; among others, the group
                       stands for them in the title ("5 services down: Work (3), D, E")
    down               always told
    degraded           told only with ``on_degraded``; else the user keeps what they were told
                       (a down service that is now degraded still reads as down)
    back up            told with ``on_recovery``, with the outage's length, when the user was
                       told the service was down (or degraded)
    unknown, paused    never told: the network notice speaks for offline services, and a
                       snoozed service raises nothing; on resume, only news is told
    network not online one notice, in the network's own words ("Names don't resolve" — "Your
                       DNS server 10.0.0.1 isn't answering, ..."), instead of the services'
                       own; another when it fails another way; "Back online" when it is
    the vendor's word  a service that goes down or degraded while its status page says
                       something carries the vendor's words: "Twitter is down" — "Twitter
                       status: 'Investigating: users may be experiencing issues'"; so does
                       what the outside network found, when it answers while the change
                       waits: "Seen from outside: fails from 5 of 5 places, e.g. Frankfurt:
                       HTTP 503"
    quiet hours        nothing is shown, but what the user would have been told is remembered,
                       so a recovery in the morning still says how long the outage was
    muted until back   (:meth:`AlertPolicy.mute_until_back`, a notification's button) nothing
                       more of the service's outage is shown but its recovery, which tells of
                       the worst of it ("back up" once it was down, "back to normal" after
                       degraded alone); the mute ends when the service is back up, so a
                       failure after that (a flap the user would otherwise miss, or a new
                       incident) is told again. It lives as long as the process: after a
                       restart the outage is not announced again anyway
                       (:meth:`AlertPolicy.recall`), only a change of it (degraded to down)

Changes later in the ``coalesce`` window update that notification (:mod:`~.bursts`): the
update tells what it told, as it now stands, and what is new, without the services snoozed
or muted since; what others say of a failure told, heard in the window, updates it too.

Each notification says what it tells (``kind``, for its icon), which of its services are failing
(what its snooze and mute buttons act on) and the page its "open" button opens: the status page,
else the site, that its services share (the ``links`` the policy is given), or a captive portal's
sign-in page.

The loop calls :meth:`AlertPolicy.flush` when :meth:`AlertPolicy.due` says; both take the
moment as an argument, and quiet hours read local time through the ``local_time`` it is given.

Its words (:mod:`~.wording`) are composed twice: in the user's language, its ``title`` and
``body``, and in English for ``watch --json`` (its ``english``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, time
from urllib.parse import urlsplit

from trayapp.core.config.running import Notifications
from trayapp.core.i18n import N_, _
from trayapp.core.incident import Incident
from trayapp.core.models import Status, worst
from trayapp.core.monitor.bursts import Burst, Bursts, Waiting
from trayapp.core.monitor.events import NetworkChanged, NoticeKind, NoticeLink, Notification
from trayapp.core.monitor.state import Transition
from trayapp.core.monitor.wording import News, compose, english_of
from trayapp.core.network import NetworkStatus
from trayapp.core.speech import Said, both, plain

__all__ = ["AlertPolicy", "system_local_time", "web_link"]

_KNOWN = (Status.UP, Status.DEGRADED, Status.DOWN)
_SIGN_IN = N_("Open the sign-in page")
"""The words of a captive portal's link."""


def system_local_time(moment: datetime) -> time:
    """``moment`` on this machine's wall clock, daylight saving included (for the loop to pass)."""
    return moment.astimezone().time()


class AlertPolicy:
    """Decides which changes become notifications, merged and worded.

    Args:
        settings: The ``[notifications]`` section.
        local_time: The local wall-clock time of a moment, for quiet hours; the loop passes
            :func:`system_local_time`, tests a fixed zone.
        links: The page a notification of a service offers to open (see :func:`web_link`);
            None for a service without one. Without it, no notification offers a page.
        groups: The group a service is in, "" for none. Without it, no group is named.
    """

    def __init__(
        self,
        settings: Notifications,
        *,
        local_time: Callable[[datetime], time],
        links: Callable[[str], NoticeLink | None] | None = None,
        groups: Callable[[str], str] | None = None,
    ):
        self.settings = settings
        self._local_time = local_time
        self._links = links or (lambda _service: None)
        self._groups = groups or (lambda _service: "")
        self._muted: set[str] = set()
        self._told: dict[str, Status] = {}
        self._told_network = NetworkStatus.ONLINE
        self._outage_since: dict[str, datetime] = {}
        self._outage_s: dict[str, float] = {}
        self._bursts: Bursts[News] = Bursts()

    def configure(self, settings: Notifications) -> None:
        """Take new settings (a config reload); changes already waiting keep their window."""
        self.settings = settings

    def recall(self, incidents: Iterable[Incident]) -> None:
        """After a restart: what the user was told about services with open incidents.

        A service still down is then not announced again, and its recovery says how long the
        whole outage was.
        """
        for incident in incidents:
            if not incident.is_open or incident.recovered_at is not None:
                continue
            level = self._level(incident.severity)
            if level is not None:
                self._told[incident.service] = level
            self._outage_since[incident.service] = incident.outage_started_at

    def observe(self, change: Transition, vendor: Said | str = "") -> None:
        """Hear a change of a service's shown status.

        Args:
            change: The change.
            vendor: What others say of the service at the time, for the notification of a
                failure: the vendor's words (``Twitter status: 'Investigating: ...'``) or what
                remote vantage points see (``Seen elsewhere: up from prometheus/us-east``),
                in English and in the user's language (a str: the same in both); "" when
                none says anything.
        """
        vendor = plain(vendor) if isinstance(vendor, str) else vendor
        name = change.service
        if change.after in (Status.DOWN, Status.DEGRADED):
            self._outage_since.setdefault(name, change.since)
        elif change.after is Status.UP:
            self._muted.discard(name)  # it is back: what comes next is news again
            if name in self._outage_since:
                began = self._outage_since.pop(name)
                self._outage_s[name] = (change.since - began).total_seconds()
        self._open_window(change.at).services[name] = (change, vendor)

    def mute_until_back(self, service: str) -> bool:
        """Tell nothing more of ``service``'s outage but its recovery.

        Returns:
            False when ``service`` is not down or degraded (back up before the user asked,
            say): nothing is muted, and its next outage is told.
        """
        if service not in self._outage_since:
            return False
        self._muted.add(service)
        return True

    def muted(self, service: str) -> bool:
        """Whether ``service``'s outage is muted until it is back."""
        return service in self._muted

    def amend(self, service: str, vendor: Said | str) -> None:
        """What others say of ``service`` has news (the outside network answered): a failure
        of it still waiting goes out with ``vendor`` instead, and one told in the ``coalesce``
        window is updated with it."""
        vendor = plain(vendor) if isinstance(vendor, str) else vendor
        window, burst = self._bursts.waiting, self._bursts.burst
        if window is not None and service in window.services:
            change, _vendor = window.services[service]
            if change.after in (Status.DOWN, Status.DEGRADED):
                window.services[service] = (change, vendor)
            return
        told = burst.told.get(service) if burst is not None else None
        if burst and told and told.now is not Status.UP and told.vendor != vendor:
            burst.told[service] = replace(told, vendor=vendor)
            burst.amended = burst.amended or service not in self._muted

    def observe_network(self, change: NetworkChanged) -> None:
        """Hear the network change: down, back, or failing another way."""
        self._open_window(change.at).network = change

    def due(self) -> datetime | None:
        """When :meth:`flush` next has something to do; None when nothing waits."""
        return self._bursts.due(self.settings)

    def flush(self, now: datetime) -> list[Notification]:
        """The notifications to show at ``now``: none before :meth:`due`, none in quiet hours.
        One that updates a notification shown before in the window ``replaces`` it."""
        taken = self._bursts.take(now, self.settings)
        if taken is None:
            return []
        window, burst, amended = taken
        network = self._network_news(window)
        offline = not self._told_network.online
        # While not online, the network notice stands instead of every service's own.
        news = [] if offline else self._service_news(window)
        if self._silenced(now):
            return []
        notices = []
        if network is not None and not network.to.online:
            words = network.words
            portal = web_link(_SIGN_IN, words.portal) if words.portal else None
            notices.append(
                Notification(
                    at=now,
                    title=words.title,
                    body=words.body,
                    kind="network",
                    link=portal,
                    english=words.english,
                )
            )
        elif network is not None and self.settings.on_recovery:
            title = both(lambda say: say._("Back online"))
            body = both(lambda say: say._("Checking your services again."))
            notices.append(
                Notification(
                    at=now,
                    title=title.shown,
                    body=body.shown,
                    kind="online",
                    english=english_of(title, body),
                )
            )
        # Muted: what the user would have been told is remembered, but only a recovery shown.
        news = [n for n in news if n.now is Status.UP or n.service not in self._muted]
        if not self.settings.on_recovery:
            news = [n for n in news if n.now is not Status.UP]
        told = self._told_in(burst, window, news)
        if told and (news or amended):
            notices.append(_dressed(compose(told, now), told, self._links))
        return [burst.shown(notice) for notice in notices]

    # --- the steps -----------------------------------------------------------------------

    def _open_window(self, at: datetime) -> Waiting:
        return self._bursts.wait(at, self.settings)

    def _told_in(self, burst: Burst[News], window: Waiting, news: list[News]) -> list[News]:
        """What the services' notification of ``burst`` tells, with ``news``: each service's
        latest news, while it holds (the user was told nothing since) and is not muted."""
        for name, (change, _vendor) in window.services.items():
            if change.after not in _KNOWN:  # snoozed, or the network's: not told again
                burst.told.pop(name, None)
        burst.told.update((n.service, n) for n in news)
        return [
            n
            for n in burst.told.values()
            if self._told.get(n.service) is n.now
            and (n.now is Status.UP or n.service not in self._muted)
        ]

    def _silenced(self, now: datetime) -> bool:
        quiet = self.settings.quiet_hours
        return not self.settings.enabled or (quiet is not None and self._local_time(now) in quiet)

    def _level(self, status: Status) -> Status | None:
        """What the user is told ``status`` is; None for a degraded they don't hear about."""
        if status is Status.DEGRADED and not self.settings.on_degraded:
            return None
        return status

    def _network_news(self, window: Waiting) -> NetworkChanged | None:
        """The network's change to tell: the last of the window, if it is news."""
        change = window.network
        if change is None or change.to is self._told_network:
            return None
        self._told_network = change.to
        return change

    def _service_news(self, window: Waiting) -> list[News]:
        news = []
        for name, (change, vendor) in window.services.items():
            outage_s = self._outage_s.pop(name, None)
            if change.after not in _KNOWN:
                continue  # unknown or paused: nothing to tell, and nothing the user learned
            level = self._level(change.after)
            told = self._told.get(name)
            if name in self._muted and level in (Status.DOWN, Status.DEGRADED) and told:
                # Nothing of it is shown: its recovery tells of the worst the user missed.
                level = worst([level, told])
            if level is None or level is told:
                continue
            self._told[name] = level
            if told is None and level is Status.UP:
                continue  # first seen up: not news
            news.append(News(name, told, level, change, vendor, outage_s, self._groups(name)))
        return news


def web_link(label: str, url: str | None) -> NoticeLink | None:
    """A link to ``url`` with ``label``, when it is a web page (``http`` or ``https``, with a
    host); None otherwise: nothing else is offered to open.

    ``label`` is English, marked for translation (``N_("Open site")``): the link's label is
    its translation, and the English stays for the JSON."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    shown = _(label)
    return NoticeLink(shown, url, None if shown == label else label)


def _dressed(
    notice: Notification, news: list[News], links: Callable[[str], NoticeLink | None]
) -> Notification:
    """``notice`` of ``news`` with what it says beside its words: its kind, its failing
    services and its link (see :class:`~trayapp.core.monitor.events.Notification`)."""
    failing = tuple(n.service for n in news if n.now is not Status.UP)
    told = {n.now for n in news}
    kind: NoticeKind = (
        "down" if Status.DOWN in told else "degraded" if Status.DEGRADED in told else "up"
    )
    # One page for all it asks to act on (its failing services, else those back), or none.
    pages = {links(name) for name in failing or [n.service for n in news]}
    link = pages.pop() if len(pages) == 1 else None
    return replace(notice, kind=kind, failing=failing, link=link)
