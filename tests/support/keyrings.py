"""Keyring backends for tests: a JSON file under a temporary folder, never the user's keyring."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

__all__ = ["FileKeyring", "no_keyring", "using_keyring"]


class FileKeyring(KeyringBackend):
    """Stores every secret in one JSON file: ``{service: {username: password}}``."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def entries(self) -> dict[str, dict[str, str]]:
        """Everything stored, by service and user name."""
        if not self.path.exists():
            return {}
        data: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))
        return data

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self.entries()
        data.setdefault(service, {})[username] = password
        self.path.write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self.entries()
        if username not in data.get(service, {}):
            raise PasswordDeleteError(username)
        del data[service][username]
        self.path.write_text(json.dumps(data), encoding="utf-8")


@contextmanager
def using_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` keyring's choice for the duration; the previous one comes back after."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def no_keyring() -> KeyringBackend:
    """The backend keyring falls back to when none works."""
    return fail.Keyring()
