"""The config's records: the same fields, defaults and answers as the model, without pydantic."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from trayapp.core.config import running
from trayapp.core.config.example import example_config
from trayapp.core.config.maintenance import Maintenance as MaintenanceModel
from trayapp.core.config.model import Config as ConfigModel
from trayapp.core.config.outside import Outside as OutsideModel
from trayapp.core.config.reading import parse_config
from trayapp.core.config.values import SecretRef as SecretRefModel

MODELS: dict[str, type[Any]] = {
    "SecretRef": SecretRefModel,
    "Maintenance": MaintenanceModel,
    "Outside": OutsideModel,
    **{
        name: getattr(sys.modules[ConfigModel.__module__], name)
        for name in (
            "HttpCheck",
            "TcpCheck",
            "DnsCheck",
            "PingCheck",
            "Defaults",
            "Notifications",
            "Network",
            "Remote",
            "Source",
            "Service",
            "Config",
        )
    },
}

FULL = """
[defaults]
interval = "2m"
retry_after = "7s"

[notifications]
quiet_hours = "22:00-07:00"

[network]
canaries = []
dns_server = "127.0.0.1:5353"

[outside]
enabled = true
token = { secret = "globalping" }

[[sources]]
name = "prom"
kind = "prometheus"
url = "http://127.0.0.1:9090/"
headers = { Authorization = { secret = "prom/auth" }, X-Team = "ops" }

[[services]]
name = "Shop"
url = "https://shop.example/"
group = "Work"
interval = "30s"
remote = [{ source = "prom" }]

[[services.checks]]
type = "http"
url = "https://api.shop.example/health"
expect_status = "200,204"
headers = { Authorization = { secret = "shop/token" } }
conditions = ["[BODY].status == up"]

[[services.checks]]
type = "tcp"
host = "::1"
port = 5432

[[services.checks]]
type = "dns"
name = "shop.example"
record = "MX"

[[services.checks]]
type = "ping"
host = "shop.example"
count = 2

[[services]]
name = "Other"
url = "http://127.0.0.1:8080/"

[[maintenance]]
services = ["Shop"]
every = "sunday"
window = "23:00-01:00"
timezone = "Europe/Berlin"

[[maintenance]]
name = "Move"
start = "2026-12-24T02:00:00+01:00"
end = "2026-12-24T04:00:00+01:00"
"""


def _default(spec: dataclasses.Field[Any]) -> object:
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


@pytest.mark.parametrize("name", sorted(running.RECORDS))
def test_each_record_has_its_models_fields_in_order_with_the_same_defaults(name: str) -> None:
    model, kind = MODELS[name], running.RECORDS[name]
    specs = {spec.name: spec for spec in dataclasses.fields(kind) if spec.name != "given"}
    assert list(specs) == list(model.model_fields)
    for field_name, info in model.model_fields.items():
        spec = specs[field_name]
        if info.is_required():
            assert spec.default is dataclasses.MISSING, field_name
            assert spec.default_factory is dataclasses.MISSING, field_name
        else:
            default = info.get_default(call_default_factory=True)
            assert _default(spec) == running.record_of(default), field_name


@pytest.mark.parametrize("name", sorted(running.RECORDS))
def test_each_record_answers_what_its_model_answers(name: str) -> None:
    model, kind = MODELS[name], running.RECORDS[name]
    answers = {n for n in dir(model) if not n.startswith("_")} - set(dir(BaseModel))
    assert answers - {n for n in dir(kind) if not n.startswith("_")} == set()


def test_a_configs_record_holds_what_its_model_holds() -> None:
    model = parse_config(FULL)
    live = running.record(model)

    assert isinstance(live, running.Config)
    for field_name in ConfigModel.model_fields:
        assert _plain(getattr(live, field_name)) == _plain(getattr(model, field_name))
    assert running.record(live) is live


def test_a_record_answers_as_its_model_does() -> None:
    model = parse_config(FULL)
    live = running.record(model)
    moment = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)

    for mine, theirs in zip(live.services, model.services, strict=True):
        assert [c.target for c in mine.all_checks] == [c.target for c in theirs.all_checks]
        assert [c.secrets for c in mine.all_checks] == [c.secrets for c in theirs.all_checks]
        assert [c.gives("expect_status") for c in mine.all_checks] == [
            c.gives("expect_status") for c in theirs.all_checks
        ]
        assert mine.has_checks == theirs.has_checks
        assert mine.first_url == theirs.first_url
        assert [mine.remote_target(r) for r in mine.remote] == [
            theirs.remote_target(r) for r in theirs.remote
        ]
        assert live.settings_for(mine) == model.settings_for(theirs)
    assert live.services[0].all_checks[1].gives("expect_status")
    assert not live.services[0].all_checks[0].gives("expect_status")
    for mine_window, their_window in zip(live.maintenance, model.maintenance, strict=True):
        assert mine_window.describe() == their_window.describe()
        assert mine_window.title() == their_window.title()
        assert mine_window.covers("shop") == their_window.covers("shop")
        assert mine_window.span_at(moment) == their_window.span_at(moment)
    assert live.sources[0].promql == model.sources[0].promql
    assert live.sources[0].secrets == model.sources[0].secrets == {"Authorization": "prom/auth"}
    assert live.service("shop") is live.services[0]
    assert live.source("PROM") is live.sources[0]
    assert running.group_names(live.services) == {"Shop": "Work"}


def test_a_config_with_other_services_is_a_copy_of_the_same_kind() -> None:
    model = parse_config(FULL)
    live = running.record(model)
    only = [running.Service(name="Only", url="http://127.0.0.1/")]

    copied = live.with_services(only)
    assert isinstance(copied, running.Config)
    assert [s.name for s in copied.services] == ["Only"]
    assert copied.defaults is live.defaults
    assert [s.name for s in live.services] == ["Shop", "Other"]
    assert isinstance(model.with_services(model.services[:1]), ConfigModel)


def test_records_survive_a_pickle() -> None:
    live = running.record(parse_config(FULL))
    again = pickle.loads(pickle.dumps(live))

    assert again == live
    assert again.services[0].all_checks[1].gives("expect_status")


def test_a_record_is_frozen() -> None:
    live = running.record(parse_config(FULL))

    with pytest.raises(dataclasses.FrozenInstanceError):
        live.services[0].name = "Changed"  # type: ignore[misc]


def test_the_example_config_makes_records_equal_to_the_defaults_it_shows() -> None:
    model = parse_config(example_config())
    assert running.record(model).defaults == running.Defaults(**dict(model.defaults))


EDITING = (
    "trayapp.core.catalog.adding",
    "trayapp.core.config.checks",
    "trayapp.core.config.defaults",
    "trayapp.core.config.example",
    "trayapp.core.config.file",
    "trayapp.core.config.maintenance",
    "trayapp.core.config.model",
    "trayapp.core.config.outside",
    "trayapp.core.config.reading",
    "trayapp.core.config.reference",
    "trayapp.core.config.schema",
    "trayapp.core.config.sources",
    "trayapp.core.config.values",
    "trayapp.core.config.writing",
    "trayapp.core.report.catalog",
    "trayapp.ui.catalog",
    "trayapp.ui.forms",
    "trayapp.ui.settings",
)
"""What reads, edits and writes the file: the modules that may import pydantic. The tray
loads them only when it opens a window that edits the config."""


def test_nothing_but_what_edits_the_config_imports_pydantic() -> None:
    code = """
import pathlib, sys, trayapp
editing = tuple(sys.argv[1:])
root = pathlib.Path(trayapp.__file__).parent
files = sorted(p.relative_to(root.parent).with_suffix("") for p in root.rglob("*.py"))
names = [".".join(f.parts[:-1] if f.name == "__init__" else f.parts) for f in files]
for name in names:
    if not name.startswith(editing) and not name.endswith("__main__"):
        __import__(name)
print(len(names), sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core")
      or m.startswith(editing)))
"""
    found = subprocess.run(
        [sys.executable, "-c", code, *EDITING],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.split(" ", 1)
    assert int(found[0]) > 150  # every module was walked
    assert found[1].strip() == "[]"


def _plain(value: object) -> object:
    """``value`` with every model and record made a dict of its fields, for comparing."""
    if dataclasses.is_dataclass(value) and type(value).__name__ in running.RECORDS:
        return {
            spec.name: _plain(getattr(value, spec.name))
            for spec in dataclasses.fields(value)
            if spec.name != "given"
        }
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
