"""The forms of a service's checks: one a check, of its type's model, with its words.

The types come from the config's union of checks (:data:`CHECK_MODELS`): a kind added to the
model shows up in the service editor's "Add check" choices with nothing to change here.
"""

from __future__ import annotations

import typing
from collections.abc import Collection, Mapping

from pydantic import BaseModel, ValidationError

from trayapp.core.config import Check, DnsCheck, HttpCheck, PingCheck, TcpCheck
from trayapp.core.i18n import N_, _
from trayapp.core.probes import ping_blocked
from trayapp.ui.forms import ModelForm

__all__ = ["CHECK_MODELS", "IP_VERSION_WORDS", "check_form", "check_title", "ping_note", "worded"]

_TARGET_FIELDS = ("url", "host", "name")
"""The fields that say what a check looks at, while it is not valid yet."""


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
    "4": (N_("IPv4 only"), N_("Resolve and connect over IPv4 only.")),
    "6": (N_("IPv6 only"), N_("Resolve and connect over IPv6 only.")),
}
"""A check's ``ip_version`` choices in words: (text, tooltip), by the value as written, in
English (translated where shown)."""


def check_form(
    check: HttpCheck | TcpCheck | DnsCheck | PingCheck | str, shortcuts: Collection[str] = ()
) -> ModelForm:
    """The form of ``check``, or of a new check of the type named, loaded and worded; its
    labels' shortcuts are letters other than ``shortcuts`` (those of the window's own)."""
    kind = check if isinstance(check, str) else str(check.type)
    form = ModelForm(CHECK_MODELS[kind], shortcuts=set(shortcuts))
    form.load(None if isinstance(check, str) else check)
    if "ip_version" in form.names:
        form.editor("ip_version").set_choice_texts(worded(IP_VERSION_WORDS))
    return form


def check_title(form: ModelForm) -> str:
    """How the check of ``form`` is listed: its type and what it looks at (``http  https://a/``)."""
    data = form.data()
    kind = next(iter(form.fixed.values()), "check")
    try:
        target = str(form.model.model_validate(data).target)  # type: ignore[attr-defined]
    except ValidationError:
        # Translators: in the list of a service's checks, a check with no target yet.
        target = next((str(data[f]) for f in _TARGET_FIELDS if data.get(f)), _("(new)"))
    return f"{kind}  {target}"


def worded(words: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Choices in words (``IP_VERSION_WORDS``), in the user's language."""
    return {choice: (_(text), _(tip)) for choice, (text, tip) in words.items()}


def ping_note() -> str:
    """What to say above a service's ping checks: why this system lets none run and how to
    allow it; ``""`` when it lets them. Opens an ICMP socket and closes it at once: nothing
    is sent, nothing waits."""
    blocked = ping_blocked()
    return _("Ping checks cannot run here: {reason}.").format(reason=blocked) if blocked else ""
