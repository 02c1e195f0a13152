"""The editors of tables: request headers with their secrets, and a list of tables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from trayapp.core.config import Remote, SecretRef, Service
from trayapp.ui.forms import HeadersEdit, ModelForm, RowsEdit

FormFor = Callable[..., ModelForm]


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


def test_a_list_of_tables_is_a_table_with_a_row_each(form_for: FormFor) -> None:
    form = form_for(Service, fields=["remote"])
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


def test_a_column_may_offer_the_values_its_owner_knows(form_for: FormFor) -> None:
    form = form_for(Service, fields=["remote"])
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


def test_a_problem_of_one_row_is_said_by_its_row(form_for: FormFor) -> None:
    form = form_for(Service, fields=["name", "url", "remote"])
    form.editor("name").setText("A")
    form.editor("remote").add_row({"source": "", "target": "https://a.example/"})
    assert form.validate() is None
    assert form.problem_text("remote") == "row 1, source: must not be empty"
