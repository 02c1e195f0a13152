"""A form of a model: every field an editor, every message the loader's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import Field
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from trayapp.core.config import (
    Defaults,
    DnsCheck,
    Duration,
    HttpCheck,
    Network,
    Notifications,
    Remote,
    Service,
    Source,
    TcpCheck,
)
from trayapp.ui.forms import ModelForm

FormFor = Callable[..., ModelForm]

MODELS = [Defaults, Notifications, Network, Source, Service, Remote, HttpCheck, TcpCheck, DnsCheck]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_of_the_model_has_an_editor(form_for: FormFor, model: type) -> None:
    # A service's checks are a list of tables, edited by the service editor (one form each).
    edited_elsewhere = {"checks"} if model is Service else set()
    form = form_for(model, exclude=edited_elsewhere)
    fixed = set(form.fixed)  # a check's type: one possible value, chosen with the check
    assert set(form.names) | fixed | edited_elsewhere == set(model.model_fields)
    for name in form.names:
        assert form.editor(name).toolTip() == model.model_fields[name].description


class WithJitter(Defaults):
    jitter: Duration = Field(5.0, description="Spread the checks by up to this much.")


def test_a_field_added_to_the_model_appears_in_the_form(form_for: FormFor) -> None:
    form = form_for(WithJitter)
    assert form.names[-1] == "jitter"
    editor = form.editor("jitter")
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "5s"
    assert editor.toolTip() == "Spread the checks by up to this much."
    editor.setText("1m")
    validated = form.validate()
    assert isinstance(validated, WithJitter)
    assert validated.jitter == 60.0


def test_a_check_round_trips_through_its_form(form_for: FormFor) -> None:
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
    form = form_for(HttpCheck)
    form.load(check)
    again = form.validate()
    assert again == check
    assert again is not None
    # The check's type is always written: it says which kind of check the table is.
    assert again.model_fields_set - {"type"} == check.model_fields_set


def test_only_what_the_user_set_is_written(form_for: FormFor) -> None:
    form = form_for(Defaults)
    assert form.data() == {}  # all defaults: nothing for the file
    form.editor("timeout").setText("20s")
    form.editor("failure_threshold").setValue(3)
    assert form.data() == {"timeout": "20s", "failure_threshold": 3}
    form.editor("timeout").setText("10s")  # back to the default
    assert form.data() == {"failure_threshold": 3}


def test_an_optional_field_left_empty_is_unset(form_for: FormFor) -> None:
    form = form_for(Service, exclude={"checks"})
    form.load(Service.model_validate({"name": "A", "url": "https://a.example/", "interval": "5m"}))
    form.editor("interval").setText("")
    form.editor("failure_threshold").setValue(form.editor("failure_threshold").minimum())
    assert form.data() == {"name": "A", "url": "https://a.example/"}


def test_a_bad_value_gets_the_loader_s_message_under_its_field(
    qtbot: QtBot, form_for: FormFor
) -> None:
    form = form_for(Notifications)
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


def test_while_typing_only_touched_fields_show_problems(qtbot: QtBot, form_for: FormFor) -> None:
    form = form_for(TcpCheck)
    assert form.validate(show_all=False) is None  # host and port are required
    assert form.problem_text("host") == ""
    qtbot.keyClicks(form.editor("host"), "bad host!")
    form.validate(show_all=False)
    assert form.problem_text("host") == "not a host name or IP address: 'bad host!'"
    assert form.problem_text("port") == ""
    form.validate()
    assert form.problem_text("port") == "required key is missing"


def test_a_secret_without_a_value_is_a_problem(form_for: FormFor) -> None:
    form = form_for(HttpCheck)
    form.editor("url").setText("https://example.com/")
    form.editor("headers").add_row("Authorization", "", secret=True)
    assert form.validate() is None
    assert form.problem_text("headers") == "type the value of the secret header 'Authorization'"


def test_a_rule_about_one_field_is_said_under_that_field(qtbot: QtBot, form_for: FormFor) -> None:
    form = form_for(Source)
    form.editor("name").setText("am")
    form.editor("url").setText("http://alertmanager.example:9093")
    form.editor("kind").setCurrentText("alertmanager")
    qtbot.keyClicks(form.editor("query"), "up")
    assert form.validate() is None
    assert form.problem_text("query") == (
        "source 'am': query is read by kind prometheus only, not alertmanager"
    )
    assert form.problem_text() == ""
