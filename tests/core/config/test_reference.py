"""The config reference in the README: made from the model, and never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.core.config.model import (
    Defaults,
    DnsCheck,
    HttpCheck,
    Network,
    Notifications,
    Service,
    TcpCheck,
)
from trayapp.core.config.reference import (
    COMMAND,
    END,
    START,
    NoPlaceForReference,
    config_reference,
    main,
    with_reference,
)

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_reference_is_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_reference(text) == text, (
        f"the config reference in README.md is stale: run '{COMMAND}' (or 'make docs')"
    )


@pytest.mark.parametrize(
    "model", [Defaults, Notifications, Network, Service, HttpCheck, TcpCheck, DnsCheck]
)
def test_every_key_of_every_table_is_listed(model: type) -> None:
    reference = config_reference()
    for key in model.model_fields:  # type: ignore[attr-defined]
        if key != "type":
            assert f"| `{key}` |" in reference, f"{model.__name__}.{key}"


def test_a_row_gives_type_default_and_description() -> None:
    reference = config_reference()
    assert '| `interval` | duration | `"1m"` | How often each service is checked. |' in reference
    assert "| `port` | integer, 1–65535 | required |" in reference
    assert '#### `[[services.checks]]` with `type = "dns"`' in reference


def test_the_text_between_the_markers_is_replaced_and_the_rest_kept() -> None:
    readme = f"# title\n\nbefore\n{START}\nold text\n{END}\nafter\n"
    renewed = with_reference(readme)
    assert renewed.startswith(f"# title\n\nbefore\n{START}\n")
    assert renewed.endswith(f"{END}\nafter\n")
    assert "old text" not in renewed
    assert with_reference(renewed) == renewed


@pytest.mark.parametrize("readme", ["no markers\n", f"{END}\n{START}\n", f"{START}\n"])
def test_a_readme_without_its_markers_is_refused(readme: str) -> None:
    with pytest.raises(NoPlaceForReference):
        with_reference(readme)


def test_main_renews_a_stale_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{START}\nstale\n{END}\n", encoding="utf-8")
    assert main(["--write", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == f"intro\n{START}\n{config_reference()}{END}\n"
    readme.write_text("no markers\n", encoding="utf-8")
    assert main(["--write", str(readme)]) == 1
