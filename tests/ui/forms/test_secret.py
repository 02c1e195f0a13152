"""A secret on its own ([outside] token): typed in a password-style line, given to the owner
apart from the model's value, which names it only; what is stored is never shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from trayapp.core.config import Outside, SecretRef
from trayapp.ui.forms import UNSET, ModelForm, SecretEdit

FormFor = Callable[..., ModelForm]


def token_of(form: ModelForm) -> SecretEdit:
    editor = form.editor("token")
    assert isinstance(editor, SecretEdit)
    return editor


def test_a_token_typed_goes_apart_and_the_model_gets_only_its_name(
    qtbot: QtBot, form_for: FormFor
) -> None:
    form = form_for(Outside)
    token = token_of(form)
    assert token.line.echoMode() == QLineEdit.EchoMode.Password
    assert token.state.text() == "Not set."
    assert not token.remove_button.isEnabled()
    assert "token" not in form.data()
    assert form.pending_secrets() == {}

    qtbot.keyClicks(token.line, "gp-t0ken")
    assert token.state.text().startswith("Goes to the keyring as 'globalping' when you save")
    assert form.pending_secrets() == {"globalping": "gp-t0ken"}
    outside = form.validate()
    assert isinstance(outside, Outside)
    assert outside.token == SecretRef(secret="globalping")
    assert "gp-t0ken" not in repr(form.data())


def test_a_stored_token_is_named_not_shown_and_typing_replaces_it_in_place(
    qtbot: QtBot, form_for: FormFor
) -> None:
    form = form_for(Outside)
    form.load(Outside(token=SecretRef(secret="my token")))
    token = token_of(form)
    assert token.line.text() == ""
    assert token.state.text() == "Stored in the keyring as 'my token'. Type to replace it."
    assert form.data()["token"] == SecretRef(secret="my token")
    assert form.pending_secrets() == {}

    qtbot.keyClicks(token.line, "new")
    assert form.pending_secrets() == {"my token": "new"}
    assert form.data()["token"] == SecretRef(secret="my token")


def test_remove_leaves_the_token_out(qtbot: QtBot, form_for: FormFor) -> None:
    form = form_for(Outside)
    form.load(Outside(token=SecretRef(secret="globalping")))
    token = token_of(form)
    with qtbot.waitSignal(form.edited):
        token.remove_button.click()
    assert token.value() is UNSET
    assert "token" not in form.data()
    assert token.state.text() == "Not set. The keyring keeps what it stored as 'globalping'."
    assert not token.remove_button.isEnabled()
    outside = form.validate()
    assert outside is not None
    assert outside.token is None


def test_a_name_used_elsewhere_is_never_overwritten(qtbot: QtBot, form_for: FormFor) -> None:
    # A hand-written file may give the token the name of a header's secret: a new token then
    # gets a name of its own rather than replace the header's value.
    form = form_for(Outside)
    form.load(Outside(token=SecretRef(secret="globalping")))
    form.reserve_secrets({"globalping", "globalping (2)"})
    qtbot.keyClicks(token_of(form).line, "gp-t0ken")
    assert form.pending_secrets() == {"globalping (3)": "gp-t0ken"}
    assert form.data()["token"] == SecretRef(secret="globalping (3)")


def test_without_a_keyring_a_typed_token_is_said_to_be_refused(
    qtbot: QtBot, form_for: FormFor
) -> None:
    form = form_for(Outside)
    form.set_secrets_problem("no keyring is available on this system")
    token = token_of(form)
    assert token.notice.isHidden()  # nothing typed: nothing to refuse
    qtbot.keyClicks(token.line, "gp-t0ken")
    assert not token.notice.isHidden()
    assert token.notice.text() == (
        "Secrets cannot be stored: no keyring is available on this system. trayapp never "
        "writes a secret in the config file."
    )
