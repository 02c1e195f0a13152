"""The forms of a service's checks: one a check, of its type's model, with its words.

The types come from the config's union of checks (:data:`CHECK_MODELS`): a kind added to the
model shows up in the service editor's "Add check" choices with nothing to change here.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

from trayapp.core.config import Check, DnsCheck, HttpCheck, PingCheck, TcpCheck
from trayapp.core.probes import ping_blocked
from trayapp.ui.forms import ModelForm

__all__ = ["CHECK_MODELS", "IP_VERSION_WORDS", "check_form", "ping_note"]


def _check_models() -> dict[str, type[BaseModel]]:
    """Check type → model, from the config's union of checks (a new kind shows up here)."""
    union = typing.get_args(Check)[0]
    models: dict[str, type[BaseModel]] = {}
    for model in typing.get_args(union):
        (kind,) = typing.get_args(model.model_fields["type"].annotation)
        models[kind] = model
    return models


CHECK_MODELS = _check_models()

IP_VERSION_WORDS = {
    "4": ("IPv4 only", "Resolve and connect over IPv4 only."),
    "6": ("IPv6 only", "Resolve and connect over IPv6 only."),
}
"""A check's ``ip_version`` choices in words: (text, tooltip), by the value as written."""


def check_form(check: HttpCheck | TcpCheck | DnsCheck | PingCheck | str) -> ModelForm:
    """The form of ``check``, or of a new check of the type named, loaded and worded."""
    kind = check if isinstance(check, str) else str(check.type)
    form = ModelForm(CHECK_MODELS[kind])
    form.load(None if isinstance(check, str) else check)
    if "ip_version" in form.names:
        form.editor("ip_version").set_choice_texts(IP_VERSION_WORDS)
    return form


def ping_note() -> str:
    """What to say above a service's ping checks: why this system lets none run and how to
    allow it; ``""`` when it lets them. Opens an ICMP socket and closes it at once: nothing
    is sent, nothing waits."""
    blocked = ping_blocked()
    return f"Ping checks cannot run here: {blocked}." if blocked else ""
