"""Notifications in the user's language, and their JSON in English whatever the language."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from tests.support.builders import DOWN_AT, ONLINE, outside_reading, result, vendor_incident
from tests.support.builders import vendor_reading as page_reading
from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from trayapp.core import i18n
from trayapp.core.config.canaries import parse_canary
from trayapp.core.config.model import Notifications
from trayapp.core.models import Cause, Status
from trayapp.core.monitor.alerts import AlertPolicy
from trayapp.core.monitor.events import NetworkChanged, Notification
from trayapp.core.monitor.state import Transition
from trayapp.core.network import GatewayClue, NetworkStatus, NetworkWords, Seen, Sighting, diagnose
from trayapp.core.speech import Said, both

UP, DEGRADED, DOWN = Status.UP, Status.DEGRADED, Status.DOWN
NAMES = ["Twitter", "Gmail", "Google Talk", "iPhone app", "Mobile site", "Work", "Home"]
DETAIL = r"(https?://\S+|HTTP|\d+|Frankfurt|Ashburn|Tokyo|DE|US|JP|Service|Unavailable)"
"""What a check or a probe saw, quoted as it is (the JSON's own detail)."""


def policy(**settings: object) -> AlertPolicy:
    return AlertPolicy(
        Notifications.model_validate({"on_degraded": True, **settings}),
        local_time=lambda moment: moment.time(),
        groups=lambda name: "Work" if name in ("Gmail", "Google Talk") else "",
    )


def change(
    service: str, before: Status, after: Status, at: datetime, since: datetime
) -> Transition:
    cause = Cause.HTTP_STATUS if after in (DOWN, DEGRADED) else None
    host = service.lower().replace(" ", "-")
    detail = f"https://{host}.com/: HTTP 503 Service Unavailable" if cause else ""
    return Transition(service, before, after, at, since, cause, detail)


def vendor_words() -> Said:
    """What the ledger passes for a failure the vendor and the outside network speak of."""
    reading = page_reading(incidents=(vendor_incident(latest_update="We are investigating"),))
    outside = outside_reading(("DE", "EU", False), ("US", "NA", False), ("JP", "AS", False))
    return both(
        lambda say: "\n".join(
            [
                reading.quote("Twitter", say),
                say._("Seen from outside: {summary}").format(
                    summary=outside.summary if say.english else outside.shown_summary
                ),
            ]
        )
    )


def offline() -> NetworkWords:
    """The network's words when the router answers and nothing beyond it does."""
    line = "http://connectivitycheck.gstatic.com/generate_204"
    failed = result(Cause.TIMEOUT, detail="no answer within 5 s")
    return diagnose(
        [Sighting(parse_canary(line), Seen.NOTHING, failed)],
        gateway=GatewayClue("192.168.1.1", answered=True),
    )


def notices() -> list[Notification]:
    """A morning's notifications: the network down and back, one failure with the vendor's
    words, a group's services down, several kinds of change at once, and recoveries."""
    alerts = policy(coalesce="10s", settle="1s")
    told: list[Notification] = []
    moment = DOWN_AT
    words = offline()

    def flush() -> None:
        nonlocal moment
        moment += timedelta(minutes=1)
        told.extend(alerts.flush(moment))

    alerts.observe_network(
        NetworkChanged(at=moment, from_=NetworkStatus.ONLINE, to=words.status, words=words)
    )
    flush()
    alerts.observe_network(
        NetworkChanged(at=moment, from_=words.status, to=ONLINE.status, words=ONLINE)
    )
    flush()
    alerts.observe(change("Twitter", UP, DOWN, moment, moment), vendor_words())
    flush()
    alerts.observe(change("Gmail", UP, DOWN, moment, moment))
    alerts.observe(change("Google Talk", UP, DOWN, moment, moment))
    flush()
    alerts.observe(change("Twitter", DOWN, UP, moment, moment + timedelta(minutes=39)))
    alerts.observe(change("iPhone app", UP, DEGRADED, moment, moment))
    alerts.observe(change("Mobile site", UP, DOWN, moment, moment))
    flush()
    for name in ("Gmail", "Google Talk", "Mobile site"):
        alerts.observe(change(name, DOWN, UP, moment, moment + timedelta(hours=2, minutes=3)))
    alerts.observe(change("iPhone app", DEGRADED, UP, moment, moment + timedelta(days=2)))
    flush()
    for index in range(12):
        alerts.observe(change(f"Mobile site {index}", UP, DOWN, moment, moment))
    flush()
    return told


def test_every_notification_is_translated_but_what_others_said() -> None:
    with pseudo_locale():
        told = notices()
    assert len(told) == 7
    for notice in told:
        texts = output_texts(f"{notice.title}\n{notice.body}", notice.kind)
        assert_marked(
            texts, data=NAMES, patterns=[DETAIL, r"Investigating", r"We", r"are", r"investigating"]
        )
        if notice.link is not None:
            assert_marked([("link", notice.link.label)])


def test_the_json_of_a_notification_stays_english_in_any_language() -> None:
    english = [notice.to_dict() for notice in notices()]
    with pseudo_locale():
        pseudo = [notice.to_dict() for notice in notices()]
    i18n.set_language("de")
    german = [notice.to_dict() for notice in notices()]
    for said in (pseudo, german):
        assert [{**d, "id": 0} for d in said] == [{**d, "id": 0} for d in english]
    assert i18n.MARK_OPEN not in json.dumps(pseudo)
    assert english[2]["title"] == "Twitter is down"
    assert english[2]["body"].startswith("Twitter status: 'Investigating: We are investigating'\n")


def test_a_failure_and_its_recovery_in_german() -> None:
    i18n.set_language("de")
    told = notices()
    assert (told[2].title, told[2].body.splitlines()) == (
        "Twitter ist ausgefallen",
        [
            "Status von Twitter: 'Investigating: We are investigating'",
            "Von außen gesehen: scheitert an 3 von 3 Orten, z. B. Frankfurt: HTTP 503",
            "https://twitter.com/: HTTP 503 Service Unavailable",
        ],
    )
    assert told[3].title == "2 Dienste in Work ausgefallen: Gmail, Google Talk"
    assert told[4].title == "1 wieder in Betrieb, 1 beeinträchtigt, 1 ausgefallen"
    assert told[4].body.splitlines()[0] == "Wieder in Betrieb: Twitter (nach 41 Min.)"
    assert told[5].title == "3 wieder in Betrieb, 1 wieder normal"
    assert told[5].body.splitlines()[-1] == "Wieder normal: iPhone app (nach 2 Tg.)"
    assert told[6].body.splitlines()[-1] == "und 2 weitere"
    assert (told[0].title, told[1].title) == ("Sie sind offline", "Wieder online")
    assert told[1].to_dict()["title"] == "Back online"


@pytest.mark.parametrize(
    ("told", "now", "outage", "title", "body"),
    [
        (
            DOWN,
            UP,
            41 * 60,
            "Twitter ist wieder in Betrieb",
            "Der Dienst war 41 Min. lang ausgefallen.",
        ),
        (
            DEGRADED,
            UP,
            3900,
            "Twitter läuft wieder normal",
            "Der Dienst war 1 Std. 5 Min. lang beeinträchtigt.",
        ),
    ],
)
def test_one_recovery_in_german(
    told: Status, now: Status, outage: int, title: str, body: str
) -> None:
    i18n.set_language("de")
    alerts = policy()
    alerts.observe(change("Twitter", UP, told, DOWN_AT, DOWN_AT))
    alerts.flush(DOWN_AT + timedelta(minutes=1))
    back = DOWN_AT + timedelta(seconds=outage)
    alerts.observe(change("Twitter", told, now, back, back))
    (notice,) = alerts.flush(back + timedelta(minutes=1))
    assert (notice.title, notice.body) == (title, body)
    assert (
        notice.to_dict()["title"] == f"Twitter is {'back up' if told is DOWN else 'back to normal'}"
    )
