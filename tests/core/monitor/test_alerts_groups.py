"""Notifications of groups: several services of one group failing together are told as the
group's; services of different groups, each by its own name."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.support.builders import DOWN_AT, at, config, result
from tests.support.pureloop import PureLoop
from trayapp.core.config.model import Notifications
from trayapp.core.models import Cause, Status
from trayapp.core.monitor import IncidentOpened, StatusChanged
from trayapp.core.monitor.alerts import AlertPolicy
from trayapp.core.monitor.state import Transition

UP, DEGRADED, DOWN = Status.UP, Status.DEGRADED, Status.DOWN
GROUPS = {"Mail": "Work", "Chat": "Work", "Wiki": "Work", "NAS": "Home", "Router": "Home"}
LATER = DOWN_AT + timedelta(seconds=15)


def policy(**settings: object) -> AlertPolicy:
    return AlertPolicy(
        Notifications.model_validate(settings),
        local_time=lambda moment: moment.time(),
        groups=lambda name: GROUPS.get(name, ""),
    )


def fails(
    service: str, after: Status = DOWN, before: Status = UP, when: datetime = DOWN_AT
) -> Transition:
    cause = Cause.REFUSED if after is not UP else None
    detail = f"{service.lower()}.test:443: refused" if cause else ""
    return Transition(service, before, after, when, when, cause, detail)


def test_several_services_of_one_group_down_together_are_told_as_the_group_s() -> None:
    alerts = policy()
    for name in ("Mail", "Chat", "Wiki"):
        alerts.observe(fails(name))
    (notice,) = alerts.flush(LATER)
    assert notice.title == "3 Work services down: Mail, Chat, Wiki"
    assert notice.body.splitlines() == [
        "Mail: mail.test:443: refused",
        "Chat: chat.test:443: refused",
        "Wiki: wiki.test:443: refused",
    ]
    assert notice.failing == ("Mail", "Chat", "Wiki")


def test_services_of_different_groups_are_named_each_by_its_own_name() -> None:
    alerts = policy()
    for name in ("Mail", "NAS", "Blog"):
        alerts.observe(fails(name))
    (notice,) = alerts.flush(LATER)
    assert notice.title == "3 services down: Mail, NAS, Blog"


def test_among_others_a_group_stands_for_its_services_in_the_title() -> None:
    alerts = policy()
    for name in ("Mail", "NAS", "Chat", "Blog", "Router", "Wiki"):
        alerts.observe(fails(name))
    (notice,) = alerts.flush(LATER)
    assert notice.title == "6 services down: Work (3), Home (2), Blog"
    # The body still names every service, with what was seen.
    assert [line.split(":")[0] for line in notice.body.splitlines()] == [
        "Mail",
        "NAS",
        "Chat",
        "Blog",
        "Router",
        "Wiki",
    ]


def test_a_group_s_changes_of_different_kinds_say_the_group() -> None:
    alerts = policy(on_degraded=True)
    alerts.observe(fails("Wiki"))
    alerts.flush(LATER)
    back = DOWN_AT + timedelta(minutes=41)
    alerts.observe(fails("Mail", when=back))
    alerts.observe(fails("Chat", DEGRADED, when=back))
    alerts.observe(fails("Wiki", UP, before=DOWN, when=back))
    (notice,) = alerts.flush(back + timedelta(seconds=15))
    assert notice.title == "Work: 1 down, 1 degraded, 1 back up"
    assert notice.body.splitlines() == [
        "Down: Mail",
        "Degraded: Chat",
        "Back up: Wiki (after 41 min)",
    ]


def test_one_service_of_a_group_is_told_as_before() -> None:
    alerts = policy()
    alerts.observe(fails("Mail"))
    (notice,) = alerts.flush(LATER)
    assert (notice.title, notice.body) == ("Mail is down", "mail.test:443: refused")


# --- from the config, through the ledger --------------------------------------------------------


def test_the_ledger_gives_the_config_s_groups_to_views_events_and_notifications() -> None:
    loop = PureLoop(
        config(
            {"name": "Mail", "url": "https://mail.test/", "group": "Work"},
            {"name": "Chat", "url": "https://chat.test/", "group": "work"},
            {"name": "Blog", "url": "https://blog.test/"},
            notifications={"coalesce": "1s"},
            network={"canaries": []},
        )
    )
    for minute in (23, 24):
        for name in ("Mail", "Chat", "Blog"):
            refused = result(Cause.REFUSED, target=f"https://{name}.test/")
            loop.round(name, [refused], at(11, minute))
    loop.tick(at(11, 25))
    assert [(v.name, v.group) for v in loop.views()] == [
        ("Mail", "Work"),
        ("Chat", "Work"),  # one group, as its first service spells it
        ("Blog", ""),
    ]
    (notice,) = loop.notifications()
    assert notice.title == "3 services down: Work (2), Blog"
    changed = {e.service: e for e in loop.events if isinstance(e, StatusChanged)}
    assert changed["Chat"].to_dict()["group"] == "Work"
    assert "group" not in changed["Blog"].to_dict()  # as it always was
    opened = {e.service: e.to_dict() for e in loop.events if isinstance(e, IncidentOpened)}
    assert opened["Mail"]["group"] == "Work"

    # Moved to another group on reload: its next events say so.
    loop.reconfigure(
        config(
            {"name": "Mail", "url": "https://mail.test/", "group": "Home"},
            {"name": "Chat", "url": "https://chat.test/", "group": "work"},
            {"name": "Blog", "url": "https://blog.test/", "group": "Home"},
            notifications={"coalesce": "1s"},
            network={"canaries": []},
        ),
        at(11, 26),
    )
    assert [v.group for v in loop.views()] == ["Home", "work", "Home"]  # its first now
    for minute in (27, 28):
        for name in ("Mail", "Blog"):
            loop.round(name, [result(target=f"https://{name}.test/")], at(11, minute))
    loop.tick(at(11, 29))
    assert loop.notifications()[-1].title == "2 Home services back up: Mail, Blog"
