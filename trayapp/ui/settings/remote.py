"""The Remote tab of a service's editor: the sources that also watch the service, and whether
the outside network may be asked about it.

Both are forms of the service's own fields (``remote``, ``outside``), made by the editor;
:func:`remote_page` lays them out with what each means, and offers the configured sources as
the values of a remote's ``source``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from trayapp.core.config import Source
from trayapp.core.i18n import N_, _
from trayapp.ui.forms import ModelForm, RowsEdit
from trayapp.ui.labels import plain_label

__all__ = ["OUTSIDE_WORDS", "remote_page"]

OUTSIDE_WORDS = {
    "auto": (
        N_("automatic"),
        N_(
            "Only when its address is public: never a private or local name or address, nor "
            "one that resolves here to a private address."
        ),
    ),
    "True": (
        N_("always"),
        N_("Even when its address looks private (a name that the world knows too)."),
    ),
    "False": (N_("never"), N_("Its address never leaves this machine.")),
}
"""The service's ``outside`` choices in words: (text, tooltip), by the value as written, in
English (translated where shown)."""


def remote_page(
    remote_form: ModelForm, outside_form: ModelForm, sources: Sequence[Source]
) -> QWidget:
    """The Remote tab: ``remote_form`` (the service's ``remote``, whose ``source`` is one of
    ``sources``) and ``outside_form`` (its ``outside``), each under what it means."""
    names = [source.name for source in sources]
    remote: RowsEdit = remote_form.editor("remote")
    remote.set_choices("source", names)
    remote.set_placeholder("target", _("the service's URL"))
    remote.add_button.setEnabled(bool(names))
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(
        plain_label(
            _(
                "Sources that also watch this service, from elsewhere. Down here but up "
                "from one of them is down for you; down everywhere is down for everyone."
            )
        )
    )
    if not names:
        layout.addWidget(
            plain_label(_("No sources yet: add one in the Sources tab of the settings first."))
        )
    layout.addWidget(remote_form)
    layout.addSpacing(12)
    layout.addWidget(
        plain_label(
            _(
                "When it fails here while your network works, a public measurement network "
                "may load it from a few places in the world (set up under Asking the world, "
                "on the Network tab of the settings). Only its host, port and path are sent."
            )
        )
    )
    layout.addWidget(outside_form)
    layout.addStretch()
    return page
