"""A text said twice: English for the JSON, the user's language for people."""

from __future__ import annotations

from trayapp.core import i18n
from trayapp.core.incident import format_length
from trayapp.core.speech import IN_ENGLISH, SHOWN, Said, both, plain


def test_both_says_english_and_the_users_language() -> None:
    def compose(say: object) -> str:
        return format_length(3900, say)  # type: ignore[arg-type]

    assert both(compose) == Said("1 h 5 min", "1 h 5 min")
    i18n.set_language("de")
    assert both(compose) == Said("1 h 5 min", "1 Std. 5 Min.")
    assert format_length(3900) == "1 h 5 min"  # English unless asked otherwise


def test_in_english_numbers_are_python_s() -> None:
    i18n.set_language("de")
    assert (IN_ENGLISH.number(18810), SHOWN.number(18810)) == ("18,810", "18.810")
    assert (IN_ENGLISH.count(18810), SHOWN.count(18810)) == ("18810", "18.810")
    assert IN_ENGLISH.ngettext("{count} day", "{count} days", 1) == "{count} day"


def test_plain_text_is_the_same_in_both_and_empty_is_false() -> None:
    assert plain("GitHub") == Said("GitHub", "GitHub")
    assert not plain("")
