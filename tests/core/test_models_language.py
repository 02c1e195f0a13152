"""The domain's words for people: statuses, causes and verdicts in the user's language, while
their values (the JSON's, the history's) stay as they are."""

from __future__ import annotations

import pytest

from tests.support.pseudo import assert_marked, pseudo_locale
from trayapp.core import i18n
from trayapp.core.models import Cause, Status, TrayStatus, Verdict


def test_every_status_cause_and_verdict_is_translated() -> None:
    with pseudo_locale():
        texts = [
            *((f"status {s.value}", s.shown) for s in Status),
            *((f"status cell {s.value}", s.word) for s in TrayStatus),
            *((f"cause {c.value}", c.shown) for c in Cause),
            *((f"verdict {v.value}", v.shown) for v in Verdict),
        ]
        words = [v.words for v in Verdict]
    assert_marked(texts, data=["TLS", "HTTP"])
    assert words == ["just you", "down for you", "down for everyone", "vendor reported"]


@pytest.mark.parametrize(
    ("word", "in_english", "in_german"),
    [
        (Verdict.JUST_YOU, "just you", "liegt an Ihrem Netzwerk"),
        (Verdict.DOWN_FOR_EVERYONE, "down for everyone", "für alle ausgefallen"),
        (Status.DOWN, "down", "ausgefallen"),
        (Status.MAINTENANCE, "in maintenance", "in Wartung"),
        # In English a cause is its own name, as the JSON and every English screen say it.
        (Cause.TIMEOUT, "timeout", "Zeitüberschreitung"),
        (Cause.REFUSED, "refused", "abgewiesen"),
    ],
)
def test_words_in_english_and_german(
    word: Verdict | Status | Cause, in_english: str, in_german: str
) -> None:
    assert word.shown == in_english
    i18n.set_language("de")
    assert word.shown == in_german
    assert word.value == word.__class__(word.value)  # the value itself never changes


def test_a_table_s_cell_says_a_status_in_one_word() -> None:
    """A row says "NAS: in maintenance"; a table's cell says "maintenance"; the tray's own
    status has a word for being offline."""
    cells = [Status.MAINTENANCE.word, Status.DOWN.word, TrayStatus.OFFLINE.word]
    assert cells == ["maintenance", "down", "offline"]
    i18n.set_language("de")
    cells = [Status.MAINTENANCE.word, Status.DOWN.word, TrayStatus.OFFLINE.word]
    assert cells == ["Wartung", "ausgefallen", "offline"]
    assert Status.MAINTENANCE.shown == "in Wartung"


def test_the_words_follow_a_change_of_language() -> None:
    """The words are kept per language, not from the first one asked."""
    assert Cause.DNS.shown == "dns"
    i18n.set_language("de")
    assert Cause.DNS.shown == "DNS-Fehler"
    i18n.set_language("en")
    assert Cause.DNS.shown == "dns"
