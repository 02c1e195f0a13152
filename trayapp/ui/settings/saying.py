"""What the settings dialog says when it cannot save, and when it follows a rename: in words,
in the user's language.

The problems themselves are the loader's (:func:`~trayapp.core.config.describe_errors`), each
after the key it is about.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from trayapp.core.config import ConfigError, describe_errors
from trayapp.core.formats import format_number
from trayapp.core.i18n import _, ngettext

__all__ = ["not_saved", "problem_lines", "renamed_in_remote", "save_failed", "secrets_refused"]


def not_saved(problems: list[str]) -> str:
    """What the dialog says when the config has ``problems``, one a line."""
    return _("Not saved:\n{problems}").format(problems="\n".join(problems))


def secrets_refused(problem: str) -> str:
    """What the dialog says when secrets were typed that cannot be stored, and why."""
    return _(
        "Not saved: secrets cannot be stored: {problem}.\nA secret is never written to the "
        "config file in clear: set up a keyring, or leave the secret out (untick Secret for a "
        "header, remove a token)."
    ).format(problem=problem)


def save_failed(error: BaseException, path: Path) -> str:
    """Why the config could not be saved to ``path``: the config is wrong, the file could
    not be written, or something else went wrong (said with its kind)."""
    if isinstance(error, ConfigError):
        return not_saved([str(problem) for problem in error.problems])
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return _("Not saved: {path} could not be written ({reason}).").format(
            path=path, reason=reason
        )
    return _("Not saved: {error} ({kind}).").format(error=error, kind=type(error).__name__)


def renamed_in_remote(old: str, new: str, count: int) -> str:
    """What the dialog says when it followed a source renamed from ``old`` to ``new`` in the
    remote of ``count`` services."""
    return ngettext(
        "Renamed source '{old}' to '{new}' in the remote of {count} service.",
        "Renamed source '{old}' to '{new}' in the remote of {count} services.",
        count,
    ).format(old=old, new=new, count=format_number(count))


def problem_lines(error: ValidationError) -> list[str]:
    """The config's problems in the loader's words, each after its key
    (``services[1].remote[0].source: service 'Shop': no source named…``)."""
    lines = []
    for loc, message in describe_errors(error):
        key = ""
        for part in loc:
            key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else part)
        lines.append(f"{key}: {message}" if key else message)
    return lines
