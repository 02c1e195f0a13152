"""The editor each kind of field gets: a check box, a spin box within bounds, a choice…"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QSpinBox

from trayapp.core.config import Defaults, DnsCheck, HttpCheck, Network, Service, TcpCheck
from trayapp.ui.forms import HeadersEdit, ModelForm

FormFor = Callable[..., ModelForm]


def test_editors_follow_the_field_types(form_for: FormFor) -> None:
    form = form_for(HttpCheck)
    assert isinstance(form.editor("follow_redirects"), QCheckBox)
    method = form.editor("method")
    assert isinstance(method, QComboBox)
    assert [method.itemText(i) for i in range(method.count())][:3] == ["GET", "HEAD", "POST"]
    assert isinstance(form.editor("headers"), HeadersEdit)
    assert form.editor("expect_status").text() == "200-399"
    assert form.fixed == {"type": "http"}
    tcp = form_for(TcpCheck)
    port = tcp.editor("port")
    assert isinstance(port, QSpinBox)
    assert (port.minimum(), port.maximum()) == (0, 65535)  # 0: "required", not a port
    defaults = form_for(Defaults)
    threshold = defaults.editor("failure_threshold")
    assert (threshold.minimum(), threshold.maximum()) == (1, 1000)
    network = form_for(Network)
    assert isinstance(network.editor("canaries"), QPlainTextEdit)
    dns = form_for(DnsCheck)
    assert dns.editor("record").itemText(0) == "default"


def test_a_choice_of_true_false_or_auto_loads_as_it_was_and_may_be_worded(
    form_for: FormFor,
) -> None:
    form = form_for(Service, fields=["outside"])
    choice = form.editor("outside")
    for value in (False, True, "auto"):
        form.load(Service(name="Shop", url="https://shop.example.org/", outside=value))
        assert form.data() == {"outside": str(value)}
        service = Service.model_validate({"name": "S", "url": "https://s.org/", **form.data()})
        assert service.outside == value
    choice.set_choice_texts({"False": ("never", "Never sent."), "auto": ("automatic", "")})
    texts = [choice.itemText(i) for i in range(choice.count())]
    assert texts == ["automatic", "True", "never"]
    assert choice.itemData(2, Qt.ItemDataRole.ToolTipRole) == "Never sent."
