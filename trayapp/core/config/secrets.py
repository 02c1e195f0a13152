"""Secrets: values kept in the OS keyring, referred to from the config file by name.

A request header marked secret is written ``Authorization = { secret = "Twitter/Authorization" }``
(a :class:`~trayapp.core.config.model.SecretRef`), and so is ``[outside] token``; the value is
stored with the ``keyring`` package under the service name ``trayapp`` and the reference as the
user name. It is read when a check runs (or the outside network is asked), on the runtime
thread, and goes nowhere but into that request: never into the file, a log line or a check's
detail.

When no keyring backend works (keyring's ``fail`` backend, a locked or absent Secret Service),
:class:`SecretsUnavailable` says so in words for a person; the settings dialog then refuses to
save the secret rather than write it in clear.

The keyring calls may block (D-Bus, an unlock prompt): call them off the GUI thread and, on an
event loop, through ``asyncio.to_thread``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from trayapp.core.i18n import _

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from trayapp.core.config.model import Config as ConfigModel
    from trayapp.core.config.running import Config

__all__ = [
    "KEYRING_SERVICE",
    "KeyringSecrets",
    "SecretLookup",
    "SecretsUnavailable",
    "config_secret_refs",
    "lookup_with",
    "secret_refs",
]

KEYRING_SERVICE = "trayapp"
"""The service name of every trayapp entry in the keyring."""

SecretLookup = Callable[[str], "str | None"]
"""The value stored under a reference, or None when there is none. It may block, and raises
:class:`SecretsUnavailable` when the keyring cannot be read."""


class SecretsUnavailable(Exception):
    """No keyring can be used for secrets; ``str()`` says why, for a person."""


class KeyringSecrets:
    """Secrets in the OS keyring, through the ``keyring`` package.

    Args:
        backend: A keyring backend to use; by default keyring's own choice for this system
            (``keyring.get_keyring()``, asked at each call, so ``keyring.set_keyring`` holds).
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    def _keyring(self) -> KeyringBackend:
        import keyring

        chosen = self._backend or keyring.get_keyring()
        problem = _problem_with(chosen)
        if problem is not None:
            raise SecretsUnavailable(problem)
        return chosen

    def problem(self) -> str | None:
        """Why secrets cannot be kept here, or None when a working keyring is at hand."""
        try:
            self._keyring()
        except SecretsUnavailable as error:
            return str(error)
        return None

    def get(self, ref: str) -> str | None:
        """The value stored under ``ref``; None when there is none.

        Raises:
            SecretsUnavailable: no keyring works, or it refused to answer (locked).
        """
        with _plainly("read"):
            return self._keyring().get_password(KEYRING_SERVICE, ref)

    def set(self, ref: str, value: str) -> None:
        """Store ``value`` under ``ref``, replacing what was there.

        Raises:
            SecretsUnavailable: no keyring works, or it refused to store the value.
        """
        with _plainly("store"):
            self._keyring().set_password(KEYRING_SERVICE, ref, value)

    def delete(self, ref: str) -> None:
        """Remove the value stored under ``ref``, if there is one.

        Raises:
            SecretsUnavailable: no keyring works, or it refused.
        """
        from keyring.errors import PasswordDeleteError

        # Nothing stored under ``ref``: what was asked for holds already.
        with _plainly("delete"), contextlib.suppress(PasswordDeleteError):
            self._keyring().delete_password(KEYRING_SERVICE, ref)


def _problem_with(backend: KeyringBackend) -> str | None:
    from keyring.backends import fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return _(
            "no keyring is available on this system (such as GNOME Keyring, KWallet, the "
            "macOS Keychain or the Windows Credential Manager)"
        )
    return None


@contextlib.contextmanager
def _plainly(action: Literal["read", "store", "delete"]) -> Iterator[None]:
    """Turn keyring's errors into :class:`SecretsUnavailable`, in words, without values."""
    from keyring.errors import KeyringLocked, NoKeyringError

    try:
        yield
    except SecretsUnavailable:
        raise
    except NoKeyringError:
        raise SecretsUnavailable(_said(action, "none")) from None
    except KeyringLocked:
        raise SecretsUnavailable(_said(action, "locked")) from None
    except Exception as error:  # noqa: BLE001 - D-Bus and platform errors come unwrapped
        # Only the error's type: a backend's message might quote what it was given.
        kind = type(error).__name__
        raise SecretsUnavailable(_said(action, "failed").format(kind=kind)) from None


def _said(
    action: Literal["read", "store", "delete"], problem: Literal["none", "locked", "failed"]
) -> str:
    """Why the keyring could not do ``action``, a whole sentence for each (``failed``'s has a
    ``{kind}`` to fill: the error's type)."""
    match action, problem:
        case "read", "none":
            return _("no keyring is available on this system to read secrets")
        case "store", "none":
            return _("no keyring is available on this system to store secrets")
        case "delete", "none":
            return _("no keyring is available on this system to delete secrets")
        case "read", "locked":
            return _("the keyring is locked; unlock it to read secrets")
        case "store", "locked":
            return _("the keyring is locked; unlock it to store secrets")
        case "delete", "locked":
            return _("the keyring is locked; unlock it to delete secrets")
        case "read", _problem:
            # Translators: {kind} is the name of the error, as KeyringError.
            return _("the keyring could not read the secret ({kind})")
        case "store", _problem:
            return _("the keyring could not store the secret ({kind})")
    return _("the keyring could not delete the secret ({kind})")


def lookup_with(pending: Mapping[str, str], fallback: SecretLookup) -> SecretLookup:
    """A lookup that answers from ``pending`` (values typed but not yet stored) first."""

    def lookup(ref: str) -> str | None:
        return pending[ref] if ref in pending else fallback(ref)

    return lookup


def secret_refs(holders: Iterable[Any]) -> set[str]:
    """Every reference to a secret that ``holders`` make: services' checks, sources (models
    or records)."""
    return {
        ref
        for holder in holders
        for requester in getattr(holder, "checks", (holder,))  # a service's checks; a source
        for ref in requester.secrets.values()
    }


def config_secret_refs(config: Config | ConfigModel) -> set[str]:
    """Every reference to a secret that ``config`` makes: its services', its sources' and
    ``[outside] token``."""
    refs = secret_refs([*config.sources, *config.services])
    if config.outside.token is not None:
        refs.add(config.outside.token.secret)
    return refs
