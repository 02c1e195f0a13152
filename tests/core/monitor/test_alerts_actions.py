"""What a notification offers besides its words: its kind (for its icon), the services its
buttons act on, the page it opens, and "Mute until it's back"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core.monitor.test_alerts import change, policy, told
from tests.support.builders import DOWN_AT, OFFLINE, STATUS_PAGE, config, result
from tests.support.pureloop import PureLoop
from trayapp.core.config.model import Notifications
from trayapp.core.models import Cause, Status
from trayapp.core.monitor.alerts import AlertPolicy, web_link
from trayapp.core.monitor.events import NetworkChanged, NoticeLink, Notification
from trayapp.core.network import NetworkStatus, NetworkWords

UP, DEGRADED, DOWN, UNKNOWN = Status.UP, Status.DEGRADED, Status.DOWN, Status.UNKNOWN
LATER = timedelta(seconds=15)

PAGES = {
    "Twitter": NoticeLink("Open status page", STATUS_PAGE),
    "Twitter mobile": NoticeLink("Open status page", STATUS_PAGE),
    "Gmail": NoticeLink("Open site", "https://mail.google.com/"),
}


def with_pages(**settings: object) -> AlertPolicy:
    """A policy that knows the :data:`PAGES` of the services (as the ledger knows theirs)."""
    return AlertPolicy(
        Notifications.model_validate(settings),
        local_time=lambda moment: moment.time(),
        links=PAGES.get,
    )


# --- kind, failing services and link ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "kind", "failing"),
    [
        ([("Twitter", UP, DOWN)], "down", ("Twitter",)),
        ([("Twitter", UP, DEGRADED)], "degraded", ("Twitter",)),
        ([("Twitter", DOWN, UP)], "up", ()),
        ([("Twitter", UP, DEGRADED), ("Gmail", UP, DOWN)], "down", ("Twitter", "Gmail")),
        ([("Twitter", UP, DEGRADED), ("Gmail", DOWN, UP)], "degraded", ("Twitter",)),
        ([("Gmail", DOWN, UP), ("Twitter", UP, DOWN)], "down", ("Twitter",)),
    ],
)
def test_a_notification_tells_its_worst_news_and_which_services_are_failing(
    changes: list[tuple[str, Status, Status]], kind: str, failing: tuple[str, ...]
) -> None:
    alerts = policy(on_degraded=True)
    for name, before, _after in changes:
        if before is not UP:  # the user was told of it first
            alerts.observe(change(name, UP, before, DOWN_AT - timedelta(hours=1)))
    alerts.flush(DOWN_AT)
    for name, before, after in changes:
        alerts.observe(change(name, before, after, DOWN_AT))
    (notice,) = alerts.flush(DOWN_AT + LATER)
    assert (notice.kind, notice.failing) == (kind, failing)
    assert notice.actions == (("snooze", "mute") if failing else ())


def test_a_failure_offers_its_status_page_and_a_recovery_too() -> None:
    alerts = with_pages()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    (down,) = alerts.flush(DOWN_AT + LATER)
    assert down.link == NoticeLink("Open status page", STATUS_PAGE)
    assert down.actions == ("snooze", "open", "mute")
    alerts.observe(change("Twitter", DOWN, UP, DOWN_AT + timedelta(minutes=5)))
    (back,) = alerts.flush(DOWN_AT + timedelta(minutes=6))
    assert (back.kind, back.link, back.actions) == ("up", down.link, ("open",))


@pytest.mark.parametrize(
    ("names", "link"),
    [
        (["Twitter", "Twitter mobile"], PAGES["Twitter"]),  # one page for both
        (["Twitter", "Gmail"], None),  # which one? neither
        (["Twitter", "Yahoo"], None),  # Yahoo has none
        (["Gmail"], PAGES["Gmail"]),  # no status page: its site
    ],
)
def test_several_services_offer_a_page_only_when_they_share_it(
    names: list[str], link: NoticeLink | None
) -> None:
    alerts = with_pages()
    for name in names:
        alerts.observe(change(name, UP, DOWN, DOWN_AT))
    (notice,) = alerts.flush(DOWN_AT + LATER)
    assert notice.link == link
    assert ("open" in notice.actions) is (link is not None)


def test_a_notification_with_failures_and_recoveries_offers_the_failing_ones_page() -> None:
    alerts = with_pages()
    alerts.observe(change("Gmail", UP, DOWN, DOWN_AT - timedelta(hours=1)))
    alerts.flush(DOWN_AT)
    alerts.observe(change("Gmail", DOWN, UP, DOWN_AT))
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    (notice,) = alerts.flush(DOWN_AT + LATER)
    assert (notice.failing, notice.link) == (("Twitter",), PAGES["Twitter"])


def network_change(to: NetworkStatus, words: NetworkWords | None = None) -> NetworkChanged:
    words = words or NetworkWords()
    return NetworkChanged(at=DOWN_AT, from_=NetworkStatus.ONLINE, to=to, words=words)


def test_the_network_s_notices_have_no_service_buttons_and_a_portal_offers_its_page() -> None:
    alerts = policy()
    portal = NetworkWords(
        NetworkStatus.CAPTIVE_PORTAL,
        "A captive portal is in the way",
        "Open http://portal.example/login to sign in.",
        portal="http://portal.example/login",
    )
    alerts.observe_network(network_change(NetworkStatus.CAPTIVE_PORTAL, portal))
    (notice,) = alerts.flush(DOWN_AT + LATER)
    assert (notice.kind, notice.failing) == ("network", ())
    assert notice.link == NoticeLink("Open the sign-in page", "http://portal.example/login")
    assert notice.actions == ("open",)
    back = DOWN_AT + timedelta(minutes=5)
    alerts.observe_network(
        NetworkChanged(at=back, from_=NetworkStatus.CAPTIVE_PORTAL, to=NetworkStatus.ONLINE)
    )
    (online,) = alerts.flush(back + LATER)
    assert (online.title, online.kind, online.actions) == ("Back online", "online", ())


def test_offline_offers_nothing_to_open() -> None:
    alerts = policy()
    alerts.observe_network(network_change(NetworkStatus.OFFLINE, OFFLINE))
    (notice,) = alerts.flush(DOWN_AT + LATER)
    assert (notice.kind, notice.link, notice.actions) == ("network", None, ())


@pytest.mark.parametrize(
    "url",
    ["", "javascript:alert(1)", "file:///etc/passwd", "ftp://portal.example/", "http://", "x"],
)
def test_only_a_web_page_is_offered_to_open(url: str) -> None:
    assert web_link("Open the sign-in page", url) is None


def test_a_web_page_is_offered_as_it_is_credentials_and_all() -> None:
    real = "https://alice:pw@status.shop.test/?api_key=k"
    assert web_link("Open status page", real) == NoticeLink("Open status page", real)


def test_the_ledger_offers_the_status_page_else_the_site_else_nothing() -> None:
    loop = PureLoop(
        config(
            {"name": "Twitter", "url": "https://twitter.com/", "status_page": STATUS_PAGE},
            {"name": "Gmail", "url": "https://mail.google.com/"},
            {"name": "Mail server", "checks": [{"type": "tcp", "host": "mx.test", "port": 25}]},
            defaults={"failure_threshold": 1},
            notifications={"coalesce": "1s"},
        )
    )
    links = {}
    for name in ("Twitter", "Gmail", "Mail server"):
        loop.round(name, [result()], DOWN_AT)
        loop.round(name, [result(Cause.REFUSED)], DOWN_AT + timedelta(minutes=1))
        loop.tick(DOWN_AT + timedelta(minutes=2))
        (notice,) = [n for n in loop.notifications() if n.services == (name,)]
        links[name] = notice.link
    assert links == {
        "Twitter": NoticeLink("Open status page", STATUS_PAGE),
        "Gmail": NoticeLink("Open site", "https://mail.google.com/"),
        "Mail server": None,
    }


# --- mute until it's back -----------------------------------------------------------------------


def titles(notices: list[Notification]) -> list[str]:
    return [n.title for n in notices]


def test_a_muted_incident_is_told_only_its_recovery_and_the_next_one_is_told_again() -> None:
    alerts = policy(on_degraded=True)
    alerts.observe(change("Twitter", UP, DEGRADED, DOWN_AT))
    assert titles(alerts.flush(DOWN_AT + LATER)) == ["Twitter is degraded"]
    assert alerts.mute_until_back("Twitter")
    moment = DOWN_AT + timedelta(minutes=5)
    for before, after in [(DEGRADED, DOWN), (DOWN, DEGRADED), (DEGRADED, DOWN)]:
        alerts.observe(change("Twitter", before, after, moment))
        assert alerts.flush(moment + LATER) == []
        moment += timedelta(minutes=5)
    # Its recovery is told, and what it was (down, unseen) and how long are remembered.
    alerts.observe(change("Twitter", DOWN, UP, moment))
    assert told(alerts, moment + LATER) == [("Twitter is back up", "It was down for 20 min.")]
    assert not alerts.muted("Twitter")
    # A later incident is news again.
    again = moment + timedelta(hours=2)
    alerts.observe(change("Twitter", UP, DOWN, again))
    assert titles(alerts.flush(again + LATER)) == ["Twitter is down"]


@pytest.mark.parametrize(
    ("first", "then", "recovery"),
    [
        (DOWN, DEGRADED, ("Twitter is back up", "It was down for 10 min.")),
        (DEGRADED, DOWN, ("Twitter is back up", "It was down for 10 min.")),
        (DEGRADED, DEGRADED, ("Twitter is back to normal", "It was degraded for 10 min.")),
    ],
)
def test_a_muted_incident_s_recovery_tells_of_the_worst_of_it(
    first: Status, then: Status, recovery: tuple[str, str]
) -> None:
    alerts = policy(on_degraded=True)
    alerts.observe(change("Twitter", UP, first, DOWN_AT))
    alerts.flush(DOWN_AT + LATER)
    alerts.mute_until_back("Twitter")
    if then is not first:
        alerts.observe(change("Twitter", first, then, DOWN_AT + timedelta(minutes=5)))
        assert alerts.flush(DOWN_AT + timedelta(minutes=6)) == []
    alerts.observe(change("Twitter", then, UP, DOWN_AT + timedelta(minutes=10)))
    assert told(alerts, DOWN_AT + timedelta(minutes=11)) == [recovery]


def test_a_relapse_after_the_recovery_was_told_is_told() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.flush(DOWN_AT + LATER)
    alerts.mute_until_back("Twitter")
    back = DOWN_AT + timedelta(minutes=41)
    alerts.observe(change("Twitter", DOWN, UP, back))
    assert titles(alerts.flush(back + LATER)) == ["Twitter is back up"]
    # Down again inside the flap window: the same incident, but the user believes it is up.
    alerts.observe(change("Twitter", UP, DOWN, back + timedelta(minutes=11)))
    assert titles(alerts.flush(back + timedelta(minutes=12))) == ["Twitter is down"]


def test_a_muted_service_s_failure_waiting_in_the_window_is_left_out_and_others_are_told() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.flush(DOWN_AT + LATER)
    alerts.mute_until_back("Twitter")
    moment = DOWN_AT + timedelta(minutes=5)
    alerts.observe(change("Twitter", DOWN, UNKNOWN, moment, cause=Cause.OFFLINE))
    alerts.observe(change("Twitter", UNKNOWN, DOWN, moment + timedelta(seconds=1)))
    alerts.observe(change("Gmail", UP, DOWN, moment))
    (notice,) = alerts.flush(moment + LATER)
    assert (notice.title, notice.failing) == ("Gmail is down", ("Gmail",))


def test_a_service_back_before_the_mute_arrived_is_not_muted() -> None:
    alerts = policy()
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.flush(DOWN_AT + LATER)
    alerts.observe(change("Twitter", DOWN, UP, DOWN_AT + timedelta(minutes=1)))
    assert not alerts.mute_until_back("Twitter")  # pressed on the old notification
    assert not alerts.mute_until_back("Nobody")
    assert titles(alerts.flush(DOWN_AT + timedelta(minutes=2))) == ["Twitter is back up"]
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT + timedelta(hours=1)))
    assert titles(alerts.flush(DOWN_AT + timedelta(hours=1, minutes=1))) == ["Twitter is down"]


def test_without_on_recovery_a_muted_incident_ends_in_silence_and_the_next_is_told() -> None:
    alerts = policy(on_recovery=False)
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT))
    alerts.flush(DOWN_AT + LATER)
    alerts.mute_until_back("Twitter")
    alerts.observe(change("Twitter", DOWN, UP, DOWN_AT + timedelta(minutes=5)))
    assert alerts.flush(DOWN_AT + timedelta(minutes=6)) == []
    alerts.observe(change("Twitter", UP, DOWN, DOWN_AT + timedelta(hours=1)))
    assert titles(alerts.flush(DOWN_AT + timedelta(hours=1, minutes=1))) == ["Twitter is down"]


def test_the_ledger_mutes_an_open_incident_until_the_service_is_back() -> None:
    loop = PureLoop(
        config(
            {"name": "Twitter", "url": "https://twitter.com/"},
            defaults={"failure_threshold": 1, "success_threshold": 1},
            notifications={"coalesce": "1s", "on_degraded": True},
        )
    )
    loop.round("Twitter", [result()], DOWN_AT)
    assert not loop.mute_until_back("Twitter")  # up: nothing to mute
    loop.round("Twitter", [result(Cause.REFUSED)], DOWN_AT + timedelta(minutes=1))
    loop.tick(DOWN_AT + timedelta(minutes=1, seconds=30))
    assert titles(loop.notifications()) == ["Twitter is down"]
    assert loop.mute_until_back("Twitter")
    for minute, cause in [(2, Cause.SLOW), (3, Cause.TIMEOUT), (4, None)]:
        loop.round("Twitter", [result(cause)], DOWN_AT + timedelta(minutes=minute))
        loop.tick(DOWN_AT + timedelta(minutes=minute, seconds=30))
    assert loop.status_changes("Twitter")[1:] == [
        ("up", "down"),
        ("down", "degraded"),
        ("degraded", "down"),
        ("down", "up"),
    ]
    assert titles(loop.notifications()) == ["Twitter is down", "Twitter is back up"]
