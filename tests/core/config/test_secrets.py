"""Secrets: referred to from the file, kept in the keyring, sent only in their own request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.probes.fixtures import SETTINGS
from tests.support.keyrings import FileKeyring, no_keyring, using_keyring
from tests.support.servers import LocalSites
from trayapp.core.config.model import Config, HttpCheck, SecretRef
from trayapp.core.config.reading import ConfigError, load_config, parse_config
from trayapp.core.config.secrets import (
    KEYRING_SERVICE,
    KeyringSecrets,
    SecretsUnavailable,
    config_secret_refs,
    lookup_with,
    secret_refs,
)
from trayapp.core.config.writing import save_config
from trayapp.core.models import Cause
from trayapp.core.probes import Prober, ServerResolver

SECRET_FILE = """\
# the API, with its token in the keyring
[[services]]
name = "Twitter API"  # the one with the token
[[services.checks]]
type = "http"
url = "https://api.twitter.com/"
headers = { Authorization = { secret = "Twitter API/Authorization" }, Accept = "text/plain" }
"""


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    with using_keyring(FileKeyring(tmp_path / "keyring.json")) as backend:
        assert isinstance(backend, FileKeyring)
        yield backend


# --- in the file ---------------------------------------------------------------------------


def test_a_secret_reference_loads_as_one() -> None:
    (check,) = parse_config(SECRET_FILE).services[0].checks
    assert isinstance(check, HttpCheck)
    assert check.headers == {
        "Authorization": SecretRef(secret="Twitter API/Authorization"),
        "Accept": "text/plain",
    }
    assert check.secrets == {"Authorization": "Twitter API/Authorization"}


def test_a_secret_reference_saves_back_as_it_was_with_the_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SECRET_FILE, encoding="utf-8")
    loaded = load_config(path)
    service = loaded.config.services[0]
    token = HttpCheck(url="https://api.twitter.com/2/", headers={"X-Token": SecretRef(secret="t")})
    changed = service.model_copy(update={"checks": [*service.checks, token]})
    saved = save_config(loaded, Config.model_validate({"services": [changed]}))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SECRET_FILE)  # the first check, and every comment, untouched
    assert 'headers = {X-Token = {secret = "t"}}' in text
    assert load_config(path).config == saved.config
    assert secret_refs(saved.config.services) == {"Twitter API/Authorization", "t"}


def test_the_outside_token_is_a_reference_written_inline_beside_its_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SECRET_FILE + "\n[outside]\nprobes = 3  # a few\n", encoding="utf-8")
    loaded = load_config(path)
    assert config_secret_refs(loaded.config) == {"Twitter API/Authorization"}
    outside = loaded.config.outside.model_copy(update={"token": SecretRef(secret="globalping")})
    saved = save_config(loaded, loaded.config.model_copy(update={"outside": outside}))
    text = path.read_text(encoding="utf-8")
    assert text.endswith('[outside]\nprobes = 3  # a few\ntoken = {secret = "globalping"}\n')
    assert load_config(path).config.outside.token == SecretRef(secret="globalping")
    assert config_secret_refs(saved.config) == {"Twitter API/Authorization", "globalping"}


def test_the_outside_token_is_a_reference_only_and_never_quoted_when_written_in_clear() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config('[outside]\ntoken = "gp-s3cret"\n')
    assert str(raised.value) == (
        'config.toml:2: outside.token: a token is kept in the keyring and written { secret = "its '
        'name there" }, never in the file'
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{ secret = "" }', "a secret is written { secret ="),
        ("{ secret = 5 }", "a secret is written { secret ="),
        ('{ secret = "a", other = 1 }', "a secret is written { secret ="),
        ("5", "expected text in quotes or { secret ="),
    ],
)
def test_a_wrong_secret_reference_gets_one_clear_message(value: str, message: str) -> None:
    text = SECRET_FILE.replace('{ secret = "Twitter API/Authorization" }', value)
    with pytest.raises(ConfigError) as caught:
        parse_config(text, filename="config.toml")
    (problem,) = caught.value.problems
    assert problem.line == 7
    assert message in problem.message
    assert "header 'Authorization'" in problem.message


# --- in the keyring ------------------------------------------------------------------------


def test_secrets_are_kept_under_trayapp_in_the_keyring(file_keyring: FileKeyring) -> None:
    secrets = KeyringSecrets()
    assert secrets.problem() is None
    secrets.set("Twitter API/Authorization", "Bearer s3cret")
    assert file_keyring.entries() == {
        KEYRING_SERVICE: {"Twitter API/Authorization": "Bearer s3cret"}
    }
    assert secrets.get("Twitter API/Authorization") == "Bearer s3cret"
    assert secrets.get("nothing here") is None
    secrets.delete("Twitter API/Authorization")
    secrets.delete("Twitter API/Authorization")  # twice: no error
    assert secrets.get("Twitter API/Authorization") is None


def test_without_a_keyring_secrets_are_refused_in_plain_words() -> None:
    with using_keyring(no_keyring()):
        secrets = KeyringSecrets()
        problem = secrets.problem()
        assert problem is not None
        assert problem.startswith("no keyring is available on this system")
        with pytest.raises(SecretsUnavailable, match="no keyring is available"):
            secrets.set("a", "s3cret")
        with pytest.raises(SecretsUnavailable):
            secrets.get("a")


def test_values_typed_but_not_stored_come_first() -> None:
    lookup = lookup_with({"a": "typed"}, {"a": "stored", "b": "stored"}.get)
    assert (lookup("a"), lookup("b"), lookup("c")) == ("typed", "stored", None)


# --- sent with the request -----------------------------------------------------------------


def prober(sites: LocalSites, secrets: dict[str, str]) -> Prober:
    return Prober(resolver=ServerResolver(sites.dns_server), secrets=secrets.get)


def echo_check(url: str, **headers: str | SecretRef) -> HttpCheck:
    return HttpCheck.model_validate({"url": url, "headers": headers})


@pytest.mark.anyio
async def test_the_secret_s_value_is_sent(sites: LocalSites) -> None:
    check = echo_check(sites.http("/echo"), Authorization=SecretRef(secret="api"), Accept="x/y")
    check = check.model_copy(update={"body_contains": "authorization: Bearer s3cret"})
    async with prober(sites, {"api": "Bearer s3cret"}) as running:
        result = await running.run(check, SETTINGS)
    assert result.ok, result.detail
    assert "s3cret" not in result.detail


@pytest.mark.anyio
async def test_the_keyring_is_the_default_source(
    sites: LocalSites, file_keyring: FileKeyring
) -> None:
    KeyringSecrets().set("api", "Bearer from-the-keyring")
    check = echo_check(sites.http("/echo"), Authorization=SecretRef(secret="api"))
    check = check.model_copy(update={"body_contains": "authorization: Bearer from-the-keyring"})
    async with Prober(resolver=ServerResolver(sites.dns_server)) as running:
        result = await running.run(check, SETTINGS)
    assert result.ok, result.detail


@pytest.mark.anyio
async def test_a_missing_secret_is_named_and_the_request_goes_without_it(sites: LocalSites) -> None:
    check = echo_check(sites.http("/echo"), Authorization=SecretRef(secret="Twitter/Authorization"))
    check = check.model_copy(update={"body_absent": "authorization"})
    async with prober(sites, {}) as running:
        result = await running.run(check, SETTINGS)
    # The server saw no Authorization header (body_absent holds), and the detail says why.
    assert result.cause is None
    assert result.detail == (
        "HTTP 200 OK; sent without Authorization: secret 'Twitter/Authorization' not found "
        "in the keyring"
    )


@pytest.mark.anyio
async def test_a_missing_secret_shows_in_a_refused_request(sites: LocalSites) -> None:
    check = echo_check(sites.http("/status/401"), Authorization=SecretRef(secret="tok"))
    async with prober(sites, {}) as running:
        result = await running.run(check, SETTINGS)
    assert result.cause is Cause.HTTP_STATUS
    assert "secret 'tok' not found in the keyring" in result.detail


@pytest.mark.anyio
async def test_an_unreadable_keyring_is_said_without_a_value(sites: LocalSites) -> None:
    def locked(ref: str) -> str | None:
        raise SecretsUnavailable("the keyring is locked; unlock it to read secrets")

    check = echo_check(sites.http("/up"), Authorization=SecretRef(secret="tok"))
    async with Prober(resolver=ServerResolver(sites.dns_server), secrets=locked) as running:
        result = await running.run(check, SETTINGS)
    assert result.ok
    assert result.detail.endswith(
        "secret 'tok' could not be read: the keyring is locked; unlock it to read secrets"
    )


@pytest.mark.anyio
async def test_a_secret_header_never_follows_a_redirect_to_another_host(sites: LocalSites) -> None:
    other = sites.http("/echo", host="other.test")
    check = echo_check(
        sites.http(f"/redirect-to/{other}", host="site.test"),
        **{"X-Api-Key": SecretRef(secret="key"), "X-Plain": "visible"},
    )
    check = check.model_copy(
        update={"body_absent": "x-api-key", "body_contains": "x-plain: visible"}
    )
    async with prober(sites, {"key": "s3cret"}) as running:
        result = await running.run(check, SETTINGS)
    assert result.ok, result.detail
