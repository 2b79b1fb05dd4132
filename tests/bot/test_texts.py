"""The tenant texts catalogue: every text in Danish and English, both asking for the same values."""

from __future__ import annotations

import string

import pytest

from bot import texts


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
