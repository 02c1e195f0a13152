"""What a form reads of a model, without a widget: which fields can be edited, and how
they are named."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, ValidationError

from trayapp.core.config import (
    Config,
    HttpCheck,
    Maintenance,
    Outside,
    Remote,
    SecretRef,
    Service,
    Source,
    TcpCheck,
)
from trayapp.ui.forms.spec import field_label, field_spec, free_name, has_editor, place_problems

LISTS = {"services": Service, "sources": Source, "maintenance": Maintenance}
"""The lists of tables of the config, by the model of each entry."""


def test_every_table_of_the_config_can_be_edited() -> None:
    for name, info in Config.model_fields.items():
        model = LISTS.get(name, info.annotation)
        assert isinstance(model, type)
        for field_name, field in model.model_fields.items():
            assert has_editor(field, field_name) or field_name == "checks", (name, field_name)


def test_labels_read_as_words() -> None:
    assert field_label("verify_tls") == "Verify TLS"
    assert field_label("dns_server") == "DNS server"
    assert field_label("failure_threshold") == "Failure threshold"


def test_a_field_s_editor_is_read_from_its_type_and_bounds() -> None:
    port = field_spec("port", TcpCheck.model_fields["port"])
    assert (port.kind, port.minimum, port.maximum, port.optional) == ("int", 1, 65535, False)
    timeout = field_spec("timeout", HttpCheck.model_fields["timeout"])
    assert (timeout.kind, timeout.short, timeout.to_text(90.0)) == ("duration", True, "1m30s")
    assert field_spec("method", HttpCheck.model_fields["method"]).choices[:2] == ("GET", "HEAD")
    assert field_spec("type", HttpCheck.model_fields["type"]).choices == ("http",)
    remote = field_spec("remote", Service.model_fields["remote"])
    # An empty list is the default: a list of tables left empty leaves the key out.
    assert (remote.kind, remote.item, remote.optional) == ("rows", Remote, True)
    with pytest.raises(TypeError, match="no editor for the field 'checks'"):
        field_spec("checks", Service.model_fields["checks"])


class Vault(BaseModel):
    key: SecretRef = Field(description="A secret of its own, with no example.")


def test_a_lone_secret_is_named_in_the_keyring_after_its_example_else_its_field() -> None:
    token = field_spec("token", Outside.model_fields["token"])
    assert (token.kind, token.optional, token.secret_name) == ("secret", True, "globalping")
    key = field_spec("key", Vault.model_fields["key"])
    assert (key.kind, key.optional, key.secret_name) == ("secret", False, "key")


def test_a_rule_of_the_model_about_one_field_is_placed_by_that_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Source.model_validate(
            {"name": "am", "url": "http://am.example:9093", "kind": "alertmanager", "query": "up"}
        )
    assert place_problems(caught.value, Source) == [
        (("query",), "source 'am': query is read by kind prometheus only, not alertmanager")
    ]


def test_a_free_name_ignores_case_and_spaces() -> None:
    assert free_name("Twitter", ["GitHub"]) == "Twitter"
    assert free_name("Twitter", ["twitter ", "Twitter (2)"]) == "Twitter (3)"
