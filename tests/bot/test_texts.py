"""The tenant texts catalogue: every text in Danish and English, both asking for the same values."""

from __future__ import annotations

import string

import pytest

from bot import texts
from bot.sms import segments
from bot.tickets.models import STATUSES


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(texts.catalogue()))
def test_each_text_is_written_in_both_languages_with_the_same_values(key):
    entry = texts.variants(key)
    assert set(entry) == set(texts.LANGUAGES)
    assert all(entry[lang].strip() for lang in texts.LANGUAGES)
    assert _placeholders(entry["da"]) == _placeholders(entry["en"])


def test_values_are_filled_in_and_an_unknown_language_gets_danish():
    assert texts.text("code_wrong", "en", left=2) == "That code is not right. You have 2 tries left."
    assert texts.text("code_wrong", "de", left=2) == "Koden passer ikke. Du har 2 forsøg tilbage."
    with pytest.raises(KeyError):
        texts.text("no_such_text", "da")


# Texts that go out by SMS: one character outside GSM-7 makes the whole SMS UCS-2, a third of the length per segment.
SMS_TEXTS = ("keyword_", "repair_", "workorder_", "ticket_status_", "code_sms", "sms_rate_limited", "dialogue_down")


@pytest.mark.parametrize("key", sorted(k for k in texts.catalogue() if k.startswith(SMS_TEXTS)))
def test_texts_sent_by_sms_are_gsm7(key):
    for lang, template in texts.variants(key).items():
        assert segments.is_gsm7(template), (key, lang)


def test_every_ticket_status_has_wording_for_the_tenants_status_check():
    for status in STATUSES:
        assert texts.text(f"ticket_status_{status}", "da") and texts.text(f"ticket_status_{status}", "en")
    assert texts.text("ticket_status_assigned", "da") == "sendt til håndværker"
