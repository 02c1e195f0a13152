"""A service's group: a name on one line, and one group whatever the case it is written in."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trayapp.core.config.model import Config, Service, group_names
from trayapp.core.config.reading import ConfigError, parse_config


def test_a_service_may_name_its_group_and_need_not() -> None:
    assert Service(name="Mail", url="https://mail.test/", group="Work").group == "Work"
    assert Service(name="Mail", url="https://mail.test/").group is None
    assert Service(name="Mail", url="https://mail.test/", group="  Work ").group == "Work"


@pytest.mark.parametrize("group", ["", "   ", "Work\nHome", "Work\tHome", "x" * 101])
def test_a_group_is_a_name_on_one_line(group: str) -> None:
    with pytest.raises(ValidationError, match="group"):
        Service(name="Mail", url="https://mail.test/", group=group)


def test_a_bad_group_is_a_problem_of_its_line() -> None:
    text = '[[services]]\nname = "Mail"\nurl = "https://mail.test/"\ngroup = ""\n'
    with pytest.raises(ConfigError) as raised:
        parse_config(text)
    (problem,) = raised.value.problems
    assert (problem.line, problem.key) == (4, "services[0].group")
    assert "a group is a name on one line" in problem.message


def test_one_group_whatever_the_case_spelled_as_its_first_service_spells_it() -> None:
    config = Config.model_validate(
        {
            "services": [
                {"name": "Mail", "url": "https://mail.test/", "group": "Work"},
                {"name": "Blog", "url": "https://blog.test/"},
                {"name": "Chat", "url": "https://chat.test/", "group": "work"},
                {"name": "NAS", "url": "https://nas.test/", "group": "Home"},
            ]
        }
    )
    assert group_names(config.services) == {"Mail": "Work", "Chat": "Work", "NAS": "Home"}
    assert config.services[2].group == "work"  # the file keeps what the user wrote
