"""What people read of a report is in their language: the check table, ``trayapp watch``'s
lines, the incidents, the history and the catalogue, under the pseudo-locale (every word
marked or data) and in German. JSON keeps its English words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.builders import (
    DOWN_AT,
    MOBILE,
    OFFLINE,
    T0,
    incident,
    outside_reading,
    result,
    vendor_reading,
)
from tests.support.pseudo import assert_marked, output_texts, pseudo_locale
from trayapp.core import i18n
from trayapp.core.catalog import parse_catalog
from trayapp.core.catalog.adding import Addition
from trayapp.core.models import Cause, Status, Verdict
from trayapp.core.monitor.events import (
    Event,
    IncidentOpened,
    IncidentResolved,
    IncidentUpdated,
    NetworkChanged,
    Notification,
    StatusChanged,
)
from trayapp.core.monitor.maintenance import MaintenanceSpan
from trayapp.core.network import NetworkReport, NetworkStatus
from trayapp.core.report import HistoryReport, ServiceHistory, Tally, VendorRecord
from trayapp.core.report.catalog import added_line, catalog_text
from trayapp.core.report.check import CheckReport, ServiceReport
from trayapp.core.report.history import Response
from trayapp.core.report.history_text import history_table
from trayapp.core.report.texts import event_line, incidents_table
from trayapp.core.sources.model import Vantage
from trayapp.core.vendors.model import VendorLevel

SERVICES = ["Twitter", "Google Talk", "Shop", "NAS", "Gmail"]
CATALOG = """
[[service]]
name = "GitHub"
url = "https://github.com"
status_page = "https://www.githubstatus.com"
platform = "statuspage"
aliases = ["gh"]
category = "Developer tools"
component = [
  { name = "Actions", status_component = "Actions" },
  { name = "Pages", status_component = "Pages" },
  { name = "API Requests", status_component = "API Requests" },
  { name = "Issues", status_component = "Issues" },
  { name = "Packages", status_component = "Packages" },
  { name = "Webhooks", status_component = "Webhooks" },
  { name = "Codespaces", status_component = "Codespaces" },
]

[[service]]
name = "Slack"
url = "https://slack.com"
status_page = "https://slack-status.com"
platform = "slack"
"""


def report() -> CheckReport:
    """A round with something of everything a table shows: a service down with two checks,
    its status page and the verdict; one degraded; one seen from a source's vantage points;
    one asked about from outside; one in a maintenance window; the canaries."""
    twitter = ServiceReport(
        "Twitter",
        Status.DOWN,
        Verdict.DOWN_FOR_EVERYONE,
        (
            result(Cause.TIMEOUT, detail="no answer within 10s"),
            result(target=MOBILE, detail=f"{MOBILE}: HTTP 200 OK"),
        ),
        vendor_reading(VendorLevel.MAJOR_OUTAGE, stale=True),
    )
    talk = ServiceReport(
        "Google Talk",
        Status.DEGRADED,
        None,
        (result(Cause.SLOW, target="https://talk.google.com/", detail="HTTP 200 OK in 4.2 s"),),
    )
    shop = ServiceReport(
        "Shop",
        Status.DOWN,
        Verdict.DOWN_FOR_YOU,
        (result(Cause.REFUSED, target="https://shop.example/", detail="connection refused"),),
        remote=(
            Vantage("prometheus", "eu-west", Status.UP, "probe_success = 1"),
            Vantage("prometheus", "us-east", Status.UNKNOWN, "no answer", cause=Cause.TIMEOUT),
        ),
        outside=outside_reading(("DE", "EU", True), ("US", "NA", True)),
    )
    nas = ServiceReport(
        "NAS",
        Status.MAINTENANCE,
        None,
        (result(Cause.DNS, target="https://nas.home/", detail="no such host"),),
        maintenance=MaintenanceSpan(T0 + timedelta(hours=2), "Router firmware", "ask Sam"),
    )
    gmail = ServiceReport(
        "Gmail",
        Status.UP,
        None,
        (result(target="https://mail.google.com/"),),
        maintenance=MaintenanceSpan(None, "", "", vendor=True),
    )
    canaries = (
        result(target="https://www.google.com/generate_204", detail="HTTP 204"),
        result(Cause.TIMEOUT, type_="dns", target="1.1.1.1", detail="no answer"),
    )
    network = NetworkReport(NetworkStatus.ONLINE, canaries)
    return CheckReport(T0, network, (twitter, talk, shop, nas, gmail))


# What other parts of trayapp wrote (the probes' details, a status page's words, what a
# source said): shown as they came, and data here. The outside network's finding is
# translated ("loads from 2 of 2 places"); the network's name is data.
DETAILS = [
    "no answer within 10s",
    "HTTP 200 OK in 4.2 s",
    "HTTP 200 OK",
    "HTTP 204",
    "connection refused",
    "no answer",
    "no such host",
    "probe_success = 1",
    "Major System Outage",
    "statuspage",
    "prometheus/eu-west",
    "Router firmware",
    "ask Sam",
    "globalping",
]
TYPES = [r"http", r"dns", r"1\.1\.1\.1"]


def test_the_check_table_is_all_translated() -> None:
    with pseudo_locale():
        table = report().table()
    assert "⟦ŠŢÀŢÛŠ⟧" in table
    assert "⟦ɓéƒöŕé ⟦⟦" not in table  # no pseudo text nested in a word by mistake
    assert_marked(output_texts(table), data=[*SERVICES, *DETAILS], patterns=TYPES)


def test_the_json_keeps_its_english_words() -> None:
    with pseudo_locale():
        data = report().to_json()
    assert [s["status"] for s in data["services"]] == [
        "down",
        "degraded",
        "down",
        "maintenance",
        "up",
    ]
    assert data["services"][0]["checks"][0]["cause"] == "timeout"
    assert data["services"][0]["verdict"] == "down_for_everyone"


def test_the_check_table_in_german() -> None:
    i18n.set_language("de")
    lines = report().table().splitlines()
    assert lines[0].split() == ["STATUS", "DIENST", "URSACHE", "DETAIL", "ZEIT"]
    assert lines[1].split()[:3] == ["ausgefallen", "Twitter", "Zeitüberschreitung"]
    assert "  Anbieter  " in lines[4]
    assert lines[4].endswith("statuspage: Major System Outage (veraltet) (für alle ausgefallen)")
    assert lines[5].split()[:4] == ["beeinträchtigt", "Google", "Talk", "langsam"]
    assert any(line.startswith("Wartung") and "Router firmware bis " in line for line in lines)
    assert any("Wartung" in line and "Fenster des Anbieters" in line for line in lines)
    assert lines[-1] == (
        "insgesamt: ausgefallen; Netzwerk online (1 von 2 Referenzzielen antworteten wie erwartet)"
    )


def test_offline_in_german() -> None:
    i18n.set_language("de")
    offline = CheckReport(T0, NetworkReport(NetworkStatus.OFFLINE, words=OFFLINE), ())
    assert (
        offline.table()
        .splitlines()[-1]
        .startswith("insgesamt: offline – Netzwerk offline: You're offline. ")
    )


def events() -> list[Event]:
    later = DOWN_AT + timedelta(minutes=41)
    twitter = {"at": later, "id": 12, "service": "Twitter"}
    return [
        StatusChanged(
            at=DOWN_AT, service="Twitter", from_=Status.UP, to=Status.DOWN, cause=Cause.TIMEOUT
        ),
        StatusChanged(at=later, service="Twitter", from_=Status.DOWN, to=Status.UP),
        IncidentOpened(
            **twitter,
            severity=Status.DOWN,
            cause=Cause.TIMEOUT,
            started_at=DOWN_AT,
            verdict=Verdict.JUST_YOU,
        ),
        *(
            IncidentUpdated(
                **twitter,
                change=change,
                cause=cause,
                severity=Status.DOWN,
                flaps=2,
                verdict=Verdict.JUST_YOU if change == "verdict" else None,
            )
            for change, cause in [
                ("flap", Cause.TIMEOUT),
                ("cause", None),
                ("severity", Cause.SLOW),
                ("verdict", None),
            ]
        ),
        IncidentResolved(**twitter, started_at=DOWN_AT, ended_at=later, flaps=2),
        IncidentResolved(
            at=later,
            id=13,
            service="Twitter",
            started_at=DOWN_AT,
            ended_at=DOWN_AT + timedelta(hours=5, minutes=41),
            flaps=0,
        ),
        NetworkChanged(at=later, from_=NetworkStatus.ONLINE, to=NetworkStatus.OFFLINE),
        NetworkChanged(at=later, from_=NetworkStatus.OFFLINE, to=NetworkStatus.ONLINE),
        Notification(at=later, title="Twitter is down", body="Timeout\nfor everyone"),
        Notification(at=later, title="Twitter is up", body=""),
    ]


def test_the_watch_lines_are_all_translated() -> None:
    with pseudo_locale():
        lines = [event_line(event) for event in events()]
    data = ["Twitter", "Twitter is down", "Timeout", "for everyone", "Twitter is up"]
    assert_marked(output_texts("\n".join(lines)), data=data)
    assert "#12" in lines[2]


def test_the_watch_lines_in_german() -> None:
    i18n.set_language("de")
    said = [event_line(event).partition("  ")[2] for event in events()]
    assert said[0] == "Twitter: in Betrieb -> ausgefallen (Zeitüberschreitung)"
    assert said[7] == "Twitter: Störung #12 nach 41 Min. behoben, 2 Rückfälle"
    assert said[8] == "Twitter: Störung #13 nach 5 Std. 41 Min. behoben"


def test_the_incidents_table_is_all_translated() -> None:
    found = [
        incident(2, DOWN_AT, causes=(Cause.TIMEOUT, Cause.DNS), flaps=3),
        incident(1, DOWN_AT - timedelta(days=2), service="Gmail", lasted=timedelta(days=1)),
    ]
    with pseudo_locale():
        table = incidents_table(found, DOWN_AT + timedelta(hours=1))
        nothing = incidents_table([], DOWN_AT)
    assert_marked(output_texts(f"{table}\n{nothing}"), data=["Twitter", "Gmail"])


def test_the_history_table_is_all_translated() -> None:
    figures = ServiceHistory(
        "Twitter",
        {"24h": Tally(up=95, down=5), "7d": Tally(up=1000), "30d": Tally()},
        Response(120, 1450, 90, exact=False),
        incidents=2,
    )
    history = HistoryReport(T0, T0 - timedelta(days=30), (figures,))
    with pseudo_locale():
        table = history_table(history)
        nothing = history_table(HistoryReport(T0, T0 - timedelta(days=30), ()))
    assert_marked(output_texts(f"{table}\n{nothing}"), data=["Twitter"])


def test_the_history_table_in_german() -> None:
    i18n.set_language("de")
    figures = ServiceHistory(
        "Twitter",
        {"24h": Tally(up=9995, down=5), "7d": Tally(up=1000), "30d": Tally()},
        Response(120, 1450, 90, exact=True),
        incidents=2,
    )
    lines = history_table(HistoryReport(T0, T0 - timedelta(days=30), (figures,))).splitlines()
    assert lines[0].split() == [
        "DIENST",
        "24",
        "STD",
        "7",
        "T",
        "30",
        "T",
        "P50",
        "P95",
        "STÖRUNGEN",
    ]
    assert lines[1].split() == [
        "Twitter",
        "99,95",
        "%",
        "100",
        "%",
        "-",
        "120",
        "ms",
        "1.450",
        "ms",
        "2",
    ]
    assert lines[2] == "Antwortzeiten (beantwortete Runden) und Störungen: die letzten 30 Tg."


def test_the_catalogue_is_all_translated() -> None:
    catalog = parse_catalog(CATALOG)
    with pseudo_locale():
        texts = [
            catalog_text(catalog),
            catalog_text(catalog, "github"),
            catalog_text(catalog, "slak"),
            catalog_text(catalog, "zzzzqqq"),
            added_line(
                Addition(
                    "GitHub Actions",
                    {
                        "name": "GitHub Actions",
                        "url": "https://github.com",
                        "status_page": "https://www.githubstatus.com",
                        "status_component": "Actions",
                    },
                )
            ),
        ]
    names = ["GitHub Actions", "GitHub", "Slack", "Actions", "Pages", "API Requests", "Issues"]
    data = [*names, "Packages", "statuspage", "slak", "zzzzqqq", "NAME"]
    assert_marked(output_texts("\n".join(texts)), data=data, patterns=["slack"])


@pytest.mark.parametrize(
    ("record", "said"),
    [
        (VendorRecord("Twitter", None, 0, 0), "Kein bestätigter Ausfall von Twitter"),
        (
            VendorRecord("Twitter", None, 3, 1, (720.0,)),
            "Die Statusseite von Twitter hat 1 von 3 bestätigten Ausfällen gemeldet, 12 Min. "
            "nachdem trayapp ihn bemerkte",
        ),
        (
            VendorRecord("Twitter", None, 1, 1, (0.0,)),
            "Die Statusseite von Twitter hat 1 von 1 bestätigten Ausfall gemeldet, schon als "
            "trayapp ihn bemerkte",
        ),
    ],
)
def test_a_status_pages_record_in_german(record: VendorRecord, said: str) -> None:
    i18n.set_language("de")
    assert record.sentence.startswith(said)
    assert record.to_json()["words"] == record.words  # the JSON stays English
    assert record.words.startswith(("No confirmed", "Twitter's status page"))


def test_a_status_pages_record_is_translated() -> None:
    records = [
        VendorRecord("Twitter", None, 0, 0),
        VendorRecord("Twitter", "statuspage", 9, 7, (60.0, 720.0, 900.0)),
        VendorRecord("Twitter", None, 2, 2, (0.0, 0.0)),
    ]
    with pseudo_locale():
        said = [record.sentence for record in records]
    assert_marked(output_texts("\n".join(said)), data=["Twitter"])
    assert [record.sentence for record in records] == [record.words for record in records]


def test_the_stale_vendor_line_is_english_in_english() -> None:
    lines = report().table().splitlines()
    assert lines[0].split() == ["STATUS", "SERVICE", "CAUSE", "DETAIL", "TIME"]
    assert "  vendor  " in lines[4]
    assert lines[4].endswith("statuspage: Major System Outage (stale) (down for everyone)")
    assert any("the vendor's window" in line for line in lines)
