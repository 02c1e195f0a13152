"""Forms generated from the config model: every field an editor, every message the loader's."""

from __future__ import annotations

import pytest
from pydantic import Field
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from trayapp.core.config.model import (
    Config,
    Defaults,
    DnsCheck,
    Duration,
    HttpCheck,
    Network,
    Notifications,
    Remote,
    SecretRef,
    Service,
    Source,
    TcpCheck,
)
from trayapp.ui.forms.editors import HeadersEdit, ModelForm, RowsEdit, field_label, has_editor

MODELS = [Defaults, Notifications, Network, Source, Service, Remote, HttpCheck, TcpCheck, DnsCheck]
LISTS = {"services": Service, "sources": Source}
"""The lists of tables of the config, by the model of each entry."""


def form_for(qtbot: QtBot, model: type, **options: object) -> ModelForm:
    form = ModelForm(model, **options)  # type: ignore[arg-type]
    qtbot.addWidget(form)
    return form


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_of_the_model_has_an_editor(qtbot: QtBot, model: type) -> None:
    # A service's checks are a list of tables, edited by the service editor (one form each).
    edited_elsewhere = {"checks"} if model is Service else set()
    form = form_for(qtbot, model, exclude=edited_elsewhere)
    fixed = set(form.fixed)  # a check's type: one possible value, chosen with the check
    assert set(form.names) | fixed | edited_elsewhere == set(model.model_fields)
    for name in form.names:
        assert form.editor(name).toolTip() == model.model_fields[name].description


def test_every_table_of_the_config_can_be_edited() -> None:
    for name, info in Config.model_fields.items():
        model = LISTS.get(name, info.annotation)
        assert isinstance(model, type)
        for field_name, field in model.model_fields.items():
            assert has_editor(field, field_name) or field_name == "checks", (name, field_name)


class WithJitter(Defaults):
    jitter: Duration = Field(5.0, description="Spread the checks by up to this much.")


def test_a_field_added_to_the_model_appears_in_the_form(qtbot: QtBot) -> None:
    form = form_for(qtbot, WithJitter)
    assert form.names[-1] == "jitter"
    editor = form.editor("jitter")
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "5s"
    assert editor.toolTip() == "Spread the checks by up to this much."
    editor.setText("1m")
    validated = form.validate()
    assert isinstance(validated, WithJitter)
    assert validated.jitter == 60.0


def test_editors_follow_the_field_types(qtbot: QtBot) -> None:
    form = form_for(qtbot, HttpCheck)
    assert isinstance(form.editor("follow_redirects"), QCheckBox)
    method = form.editor("method")
    assert isinstance(method, QComboBox)
    assert [method.itemText(i) for i in range(method.count())][:3] == ["GET", "HEAD", "POST"]
    assert isinstance(form.editor("headers"), HeadersEdit)
    assert form.editor("expect_status").text() == "200-399"
    assert form.fixed == {"type": "http"}
    tcp = form_for(qtbot, TcpCheck)
    port = tcp.editor("port")
    assert isinstance(port, QSpinBox)
    assert (port.minimum(), port.maximum()) == (0, 65535)  # 0: "required", not a port
    defaults = form_for(qtbot, Defaults)
    threshold = defaults.editor("failure_threshold")
    assert (threshold.minimum(), threshold.maximum()) == (1, 1000)
    network = form_for(qtbot, Network)
    assert isinstance(network.editor("canaries"), QPlainTextEdit)
    dns = form_for(qtbot, DnsCheck)
    assert dns.editor("record").itemText(0) == "default"


def test_labels_read_as_words() -> None:
    assert field_label("verify_tls") == "Verify TLS"
    assert field_label("dns_server") == "DNS server"
    assert field_label("failure_threshold") == "Failure threshold"


def test_a_check_round_trips_through_its_form(qtbot: QtBot) -> None:
    check = HttpCheck.model_validate(
        {
            "url": "https://example.com/",
            "method": "HEAD",
            "headers": {"Accept": "text/plain", "Authorization": {"secret": "Ex/Authorization"}},
            "expect_status": "200,204",
            "body_absent": "down",
            "verify_tls": False,
            "timeout": "2s",
        }
    )
    form = form_for(qtbot, HttpCheck)
    form.load(check)
    again = form.validate()
    assert again == check
    assert again is not None
    # The check's type is always written: it says which kind of check the table is.
    assert again.model_fields_set - {"type"} == check.model_fields_set


def test_only_what_the_user_set_is_written(qtbot: QtBot) -> None:
    form = form_for(qtbot, Defaults)
    assert form.data() == {}  # all defaults: nothing for the file
    form.editor("timeout").setText("20s")
    form.editor("failure_threshold").setValue(3)
    assert form.data() == {"timeout": "20s", "failure_threshold": 3}
    form.editor("timeout").setText("10s")  # back to the default
    assert form.data() == {"failure_threshold": 3}


def test_an_optional_field_left_empty_is_unset(qtbot: QtBot) -> None:
    form = form_for(qtbot, Service, exclude={"checks"})
    form.load(Service.model_validate({"name": "A", "url": "https://a.example/", "interval": "5m"}))
    form.editor("interval").setText("")
    form.editor("failure_threshold").setValue(form.editor("failure_threshold").minimum())
    assert form.data() == {"name": "A", "url": "https://a.example/"}


def test_a_bad_value_gets_the_loader_s_message_under_its_field(qtbot: QtBot) -> None:
    form = form_for(qtbot, Notifications)
    qtbot.keyClicks(form.editor("quiet_hours"), "22-7")
    form.editor("coalesce").setText("soon")
    assert form.validate() is None
    assert form.problem_text("quiet_hours") == (
        'not a time range: \'22-7\' (use "HH:MM-HH:MM", e.g. "22:00-07:00")'
    )
    assert form.problem_text("coalesce").startswith("not a duration: 'soon'")
    assert form.problem_text("enabled") == ""
    form.editor("quiet_hours").setText("22:00-07:00")
    form.editor("coalesce").setText("30s")
    assert form.validate() is not None
    assert form.problem_text("quiet_hours") == ""


def test_while_typing_only_touched_fields_show_problems(qtbot: QtBot) -> None:
    form = form_for(qtbot, TcpCheck)
    assert form.validate(show_all=False) is None  # host and port are required
    assert form.problem_text("host") == ""
    qtbot.keyClicks(form.editor("host"), "bad host!")
    form.validate(show_all=False)
    assert form.problem_text("host") == "not a host name or IP address: 'bad host!'"
    assert form.problem_text("port") == ""
    form.validate()
    assert form.problem_text("port") == "required key is missing"


def test_a_secret_header_is_a_reference_and_its_value_is_pending(qtbot: QtBot) -> None:
    headers = HeadersEdit()
    qtbot.addWidget(headers)
    headers.set_value({"Authorization": SecretRef(secret="Old/Authorization"), "A": "b"})
    assert headers.value() == {"Authorization": SecretRef(secret="Old/Authorization"), "A": "b"}
    assert headers.pending_secrets() == {}
    _, value, _ = headers.row_widgets(0)
    assert value.text() == ""  # never read back from the keyring
    assert value.echoMode() is QLineEdit.EchoMode.Password
    value.setText("Bearer new")
    assert headers.pending_secrets() == {"Old/Authorization": "Bearer new"}
    index = headers.add_row("X-Key", "k3y", secret=True)
    assert headers.row_widgets(index)[1].echoMode() is QLineEdit.EchoMode.Password
    assert headers.value()["X-Key"] == SecretRef(secret="X-Key")
    assert headers.pending_secrets() == {"Old/Authorization": "Bearer new", "X-Key": "k3y"}
    # A name used by another service is never overwritten: the value gets a name of its own.
    headers.reserved = {"Old/Authorization"}
    assert headers.value()["Authorization"] == SecretRef(secret="Authorization")


def test_a_secret_without_a_value_is_a_problem(qtbot: QtBot) -> None:
    form = form_for(qtbot, HttpCheck)
    form.editor("url").setText("https://example.com/")
    form.editor("headers").add_row("Authorization", "", secret=True)
    assert form.validate() is None
    assert form.problem_text("headers") == "type the value of the secret header 'Authorization'"


def test_a_list_of_tables_is_a_table_with_a_row_each(qtbot: QtBot) -> None:
    form = form_for(qtbot, Service, fields=["remote"])
    remote = form.editor("remote")
    assert isinstance(remote, RowsEdit)
    assert remote.table.horizontalHeaderItem(0).text() == "Source"
    assert (
        remote.table.horizontalHeaderItem(1).toolTip() == Remote.model_fields["target"].description
    )
    assert form.data() == {}  # no row: the key is left out, as the default is an empty list
    remote.add_button.click()
    cells = remote.row_widgets(0)
    cells["source"].setText("prometheus")
    assert form.data() == {"remote": [{"source": "prometheus"}]}  # the target left out
    cells["target"].setText("https://shop.example/")
    assert form.data() == {"remote": [{"source": "prometheus", "target": "https://shop.example/"}]}
    remote.remove_button.click()
    assert form.data() == {}


def test_a_column_may_offer_the_values_its_owner_knows(qtbot: QtBot) -> None:
    form = form_for(qtbot, Service, fields=["remote"])
    remote = form.editor("remote")
    remote.set_choices("source", ["prometheus", "gatus"])
    form.load(Service.model_validate({"name": "A", "remote": [{"source": "gone", "target": "a"}]}))
    source = remote.row_widgets(0)["source"]
    assert isinstance(source, QComboBox)
    # A value that is not offered is kept, to be shown as it is and said to be wrong.
    assert [source.itemText(i) for i in range(source.count())] == ["prometheus", "gatus", "gone"]
    assert source.currentText() == "gone"
    source.setCurrentIndex(1)
    assert form.data() == {"remote": [{"source": "gatus", "target": "a"}]}
    remote.add_button.click()
    assert remote.row_widgets(1)["source"].currentText() == "prometheus"


def test_a_problem_of_one_row_is_said_by_its_row(qtbot: QtBot) -> None:
    form = form_for(qtbot, Service, fields=["name", "url", "remote"])
    form.editor("name").setText("A")
    form.editor("remote").add_row({"source": "", "target": "https://a.example/"})
    assert form.validate() is None
    assert form.problem_text("remote") == "row 1, source: must not be empty"


def test_a_rule_about_one_field_is_said_under_that_field(qtbot: QtBot) -> None:
    form = form_for(qtbot, Source)
    form.editor("name").setText("am")
    form.editor("url").setText("http://alertmanager.example:9093")
    form.editor("kind").setCurrentText("alertmanager")
    qtbot.keyClicks(form.editor("query"), "up")
    assert form.validate() is None
    assert form.problem_text("query") == (
        "source 'am': query is read by kind prometheus only, not alertmanager"
    )
    assert form.problem_text() == ""
