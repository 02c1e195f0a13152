"""What the tests of the forms share: a form of a model, made and looked after."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from trayapp.ui.forms import ModelForm


@pytest.fixture
def form_for(qtbot: QtBot) -> Callable[..., ModelForm]:
    """Make the form of a model (``form_for(Defaults, exclude=...)``), closed after the test."""

    def make(model: type, **options: object) -> ModelForm:
        form = ModelForm(model, **options)  # type: ignore[arg-type]
        qtbot.addWidget(form)
        return form

    return make
