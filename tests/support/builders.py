"""Builders of the domain's values for tests, one version of each.

Tests build what they feed the code under test with these, so that a check's result, a
config or an incident is made the same way everywhere and each test states only what
matters to it.

- :func:`problems_of`: the problems the loader names in a config's text, one line each.
"""

from __future__ import annotations

import pytest

from trayapp.core.config import ConfigError, parse_config

__all__ = ["problems_of"]


def problems_of(text: str) -> list[str]:
    """The problems :func:`~trayapp.core.config.parse_config` names in ``text``, as printed.

    Each reads ``config.toml:LINE: KEY: MESSAGE``, in the order of the file.

    Raises:
        pytest.fail.Exception: ``text`` is a valid config.
    """
    with pytest.raises(ConfigError) as caught:
        parse_config(text, filename="config.toml")
    return [str(problem) for problem in caught.value.problems]
