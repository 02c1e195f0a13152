"""argparse's own words ("usage:", "options", its error messages) in the user's language.

argparse asks gettext's global domain for them, with no way to hand it a catalogue; they are
listed here so that they are extracted into trayapp's, and :func:`argparse_translated`
points argparse at trayapp's translations while a command line is parsed, and back after.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from trayapp.core.i18n import N_, _, ngettext

__all__ = ["ARGPARSE_WORDS", "argparse_translated"]

ARGPARSE_WORDS = (
    # Translators: argparse's words. Keep each %(name)s and %s as it is; the command line's
    # help is printed with % formatting, so a % of your own is written %%.
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
)
"""The messages of argparse (Python 3.11 to 3.13) that trayapp's command line can show."""


@contextlib.contextmanager
def argparse_translated() -> Iterator[None]:
    """While inside, argparse speaks the user's language through trayapp's catalogue."""
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = _, ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
