"""The ui's packages as their callers see them: each face names what it offers, and offers it."""

from __future__ import annotations

import importlib

import pytest

FACES = {
    "trayapp.ui.forms": {
        "UNSET",
        "FieldEditor",
        "HeadersEdit",
        "KeyPath",
        "ModelForm",
        "Problems",
        "RowsEdit",
        "SecretEdit",
        "SecretNamer",
        "field_label",
        "free_name",
        "has_editor",
        "mnemonic_letter",
        "name_widgets",
        "place_problems",
        "with_mnemonic",
        "without_mnemonic",
    },
    "trayapp.ui.incidents": {"ExportFormat", "IncidentsWindow"},
    "trayapp.ui.settings": {
        "RuntimeSettingsBackend",
        "SettingsBackend",
        "SettingsDialog",
        "TestNotifier",
        "open_settings",
    },
}


@pytest.mark.parametrize("name", sorted(FACES))
def test_each_face_pins_its_public_api(name: str) -> None:
    face = importlib.import_module(name)
    assert set(face.__all__) == FACES[name]
    for public in face.__all__:
        assert getattr(face, public) is not None, public
