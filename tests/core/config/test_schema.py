"""The JSON Schema editors get: shipped up to date, and agreeing with the loader."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from tests.support.examples import CONTRACT_EXAMPLE
from tests.support.examples import SOURCES_EXAMPLE as SOURCES
from trayapp.core.config.example import example_config
from trayapp.core.config.reading import ConfigError, parse_config
from trayapp.core.config.schema import config_schema, main, schema_text

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "resources" / "config.schema.json"


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(config_schema())


def problems(validator: jsonschema.Draft7Validator, text: str) -> list[str]:
    return [error.message for error in validator.iter_errors(tomllib.loads(text))]


def test_the_shipped_schema_is_up_to_date() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "resources/config.schema.json is stale: run "
        "'.venv/bin/python -m trayapp.core.config.schema --write resources/config.schema.json' "
        "(or 'make docs')"
    )


def test_it_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(config_schema())


def test_it_means_the_same_to_a_draft_4_validator_such_as_taplo() -> None:
    jsonschema.Draft4Validator.check_schema(config_schema())
    draft_4 = jsonschema.Draft4Validator(config_schema())
    assert [e.message for e in draft_4.iter_errors(tomllib.loads(CONTRACT_EXAMPLE))] == []
    bad = tomllib.loads('[defaults]\ninterval = 0\n[[services]]\nname = "A"\n')
    assert len(list(draft_4.iter_errors(bad))) == 2


def test_every_key_of_the_model_is_described() -> None:
    definitions = config_schema()["$defs"]
    for name in ("Defaults", "Notifications", "Network", "Service", "HttpCheck", "TcpCheck"):
        for key, node in definitions[name]["properties"].items():
            assert key == "type" or node.get("description"), f"{name}.{key}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(CONTRACT_EXAMPLE, id="design"),
        pytest.param(example_config(), id="config-init"),
        *(pytest.param(text, id=f"readme-{i}") for i, text in enumerate(readme_examples())),
        pytest.param(SOURCES, id="sources"),
    ],
)
def test_the_examples_are_valid(validator: jsonschema.Draft7Validator, text: str) -> None:
    parse_config(text, filename="config.toml")  # the loader takes it...
    assert problems(validator, text) == []  # ...and so does the schema


def test_the_readme_has_examples_to_check() -> None:
    assert readme_examples()


@pytest.mark.parametrize(
    "text",
    [
        '[defaults]\nintervall = "1m"\n',
        '[defaults]\ninterval = "soon"\n',
        "[defaults]\ninterval = 0\n",
        "[defaults]\nfailure_threshold = 0\n",
        '[notifications]\nquiet_hours = "late"\n',
        '[network]\ncanaries = ["ftp://example.com/"]\n',
        '[[services]]\nname = "A"\nurl = "ftp://a.test/"\n',
        '[[services]]\nname = "A"\n',
        '[[services]]\nname = "A"\n[[services.checks]]\nurl = "https://a.test/"\n',
        '[[services]]\nname = "A"\n[[services.checks]]\ntype = "tcp"\nhost = "a.test"\n'
        "port = 70000\n",
        '[[services]]\nname = "A"\n[[services.checks]]\ntype = "http"\nurl = "https://a.test/"\n'
        'expect_status = "2xx"\n',
        '[[services]]\nname = "A"\n[[services.checks]]\ntype = "http"\nurl = "https://a.test/"\n'
        'headers = { Authorization = { secrett = "x" } }\n',
    ],
)
def test_what_the_loader_refuses_the_schema_refuses_too(
    validator: jsonschema.Draft7Validator, text: str
) -> None:
    with pytest.raises(ConfigError):
        parse_config(text, filename="config.toml")
    assert problems(validator, text)


def test_durations_may_be_numbers_or_text(validator: jsonschema.Draft7Validator) -> None:
    for value in ('"250ms"', '"1h30m"', '"14d"', "90", "1.5", '"90"'):
        text = f"[defaults]\ninterval = {value}\n"
        parse_config(text, filename="config.toml")
        assert problems(validator, text) == [], value


def test_main_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    assert main(["--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
